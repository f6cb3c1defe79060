import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

let app: LaunchedApp;
test.afterEach(async () => {
  await app?.close();
});

/** Summaries and local start times ("2027-03-23 18:00") of every occurrence in an .ics file, as ical.js reads it. */
function sessionsIn(text: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const out: string[] = [];
  for (const v of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(v);
    const starts: ICAL.Time[] = [];
    if (event.isRecurring()) {
      const it = event.iterator();
      for (let next = it.next(); next; next = it.next()) starts.push(event.getOccurrenceDetails(next).startDate);
    } else starts.push(event.startDate);
    for (const s of starts) out.push(`${event.summary} ${s.toString().slice(0, 16).replace('T', ' ')} ${s.zone?.tzid}`);
  }
  return out.sort();
}

test('the calendar exports as .ics naming no one by default, full names only when ticked, across the clock change', async () => {
  app = await launchApp({ profileDir: freshProfileDir('ics-export') });
  await new VaultPage(app.page).setUp();
  await new ClientsPage(app.page).create({ name: 'Priya Shah' });
  const calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2027-03-23');
  // Clocks go forward in London on Sunday 28 March 2027: the series spans it.
  await calendar.book({
    kind: 'Individual session',
    client: 'Priya Shah',
    date: '2027-03-23',
    start: '18:00',
    end: '18:50',
    weeklyCount: 3,
  });
  await calendar.book({ kind: 'Supervision', date: '2027-03-24', start: '09:00', end: '10:00' });

  await app.page.getByRole('button', { name: 'Export calendar…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Export calendar' });
  await dialog.getByLabel('First day').fill('2027-03-22');
  await dialog.getByLabel('Last day').fill('2027-04-30');
  await expect(dialog.getByLabel(/^No names/)).toBeChecked();
  await dialog.getByRole('button', { name: 'Export .ics file' }).click();
  await expect(dialog.getByRole('status')).toContainText('Saved holdspace-calendar-2027-03-22-to-2027-04-30.ics with 2 events');
  const privateText = fs.readFileSync(app.savedFiles.at(-1)!, 'utf8');
  expect(privateText).not.toMatch(/Priya|Shah/);
  expect(privateText).toContain('RRULE:FREQ=WEEKLY');
  expect(sessionsIn(privateText)).toEqual([
    'Session 2027-03-23 18:00 Europe/London',
    'Session 2027-03-30 18:00 Europe/London',
    'Session 2027-04-06 18:00 Europe/London',
    'Supervision 2027-03-24 09:00 Europe/London',
  ]);

  await dialog.getByLabel(/^Full names/).check();
  await dialog.getByRole('button', { name: 'Export .ics file' }).click();
  // The dialog suggests the same file name, so the second export replaces the first file and the
  // dialog answers before it is written: wait until the file read back is the whole new calendar.
  const firstSession = () => {
    if (app.savedFiles.length !== 2 || !fs.existsSync(app.savedFiles[1]!)) return '';
    try {
      return sessionsIn(fs.readFileSync(app.savedFiles[1]!, 'utf8'))[0] ?? '';
    } catch {
      return ''; // not all written yet
    }
  };
  await expect.poll(firstSession).toBe('Session: Priya Shah 2027-03-23 18:00 Europe/London');

  // A range with nothing in it says so and writes nothing; a reversed range is refused.
  await dialog.getByLabel('First day').fill('2030-01-01');
  await dialog.getByLabel('Last day').fill('2030-01-31');
  await dialog.getByRole('button', { name: 'Export .ics file' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('There are no sessions between those dates, so there is nothing to export.');
  await dialog.getByLabel('Last day').fill('2029-12-01');
  await dialog.getByRole('button', { name: 'Export .ics file' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The last day must be on or after the first day.');
  expect(app.savedFiles).toHaveLength(2);
  expect(app.services.audit.list({ actions: ['export'] }).filter((e) => e.kind === 'calendar').length).toBeGreaterThan(0);
});

test('importing a Google Calendar file previews sessions and conflicts, matches attendees, writes nothing until confirmed, and refuses a bad file by line', async () => {
  app = await launchApp({ profileDir: freshProfileDir('ics-import') });
  await new VaultPage(app.page).setUp();
  await new ClientsPage(app.page).create({ name: 'Maria García' });
  await new ClientsPage(app.page).create({ name: 'Priya Shah' });
  const calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2027-03-10');
  // Already booked when the file's peer supervision (15:00–16:00 London) would start.
  await calendar.book({ kind: 'Individual session', client: 'Priya Shah', date: '2027-03-10', start: '15:30', end: '16:20' });

  // A broken file: the line is named and nothing is written.
  const broken = path.join(app.profileDir, 'broken.ics');
  fs.writeFileSync(
    broken,
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20270301T100000Z\r\nSUMMARY Session\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  );
  app.openFiles.push(broken);
  await app.page.getByRole('button', { name: 'Import calendar…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Import calendar' });
  await dialog.getByRole('button', { name: 'Choose .ics file…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'broken.ics: Line 5 of the file could not be read (“SUMMARY Session”). Nothing has been imported.',
  );

  app.openFiles.push(path.join(process.cwd(), 'tests/fixtures/ics/google-calendar.ics'));
  await dialog.getByRole('button', { name: 'Choose .ics file…' }).click();
  await expect(dialog.getByLabel('Match “Maria García”')).toHaveValue(/^client:/);
  await expect(dialog.getByLabel('Match “Peer supervision”')).toHaveValue('other');
  const created = dialog.getByRole('table', { name: 'What will be created' });
  await expect(created.getByRole('row', { name: /Therapy – Maria/ })).toContainText('Individual session with Maria García');
  await expect(created.getByRole('row', { name: /Therapy – Maria/ })).toContainText('3 sessions');
  await expect(created.getByRole('row', { name: /Therapy – Maria/ })).toContainText('None');
  await expect(created.getByRole('row', { name: /Peer supervision/ })).toContainText('Supervision: Peer supervision');
  await expect(created.getByRole('row', { name: /Peer supervision/ })).toContainText(/1 conflict: Wednesday 10 March 15:00/);
  await expect(dialog.getByRole('list', { name: 'Not imported' })).toContainText('Conference: All-day events are not sessions');
  await expect(dialog.getByRole('list', { name: 'Not imported' })).toContainText('Intake – Sam Lee: Cancelled in the file.');

  // Nothing is written before confirming: closing now leaves the calendar as it was.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(calendar.event(/Peer supervision/)).toHaveCount(0);

  app.openFiles.push(path.join(process.cwd(), 'tests/fixtures/ics/google-calendar.ics'));
  await app.page.getByRole('button', { name: 'Import calendar…' }).click();
  await dialog.getByRole('button', { name: 'Choose .ics file…' }).click();
  await dialog.getByRole('button', { name: 'Import 4 sessions' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Imported 4 sessions from google-calendar.ics.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(calendar.event(/^Supervision: Peer supervision, Wednesday 15:00 to 16:00, 1 conflict/)).toBeVisible();
  // 17:00 in New York is 22:00 in London before the US clock change on 14 March, 21:00 after it until the UK's on 28 March.
  await calendar.goTo('2027-03-04');
  await expect(calendar.event(/^Individual session with Maria García, Thursday 22:00 to 22:50/)).toBeVisible();
  await calendar.goTo('2027-03-25');
  await expect(calendar.event(/^Individual session with Maria García, Thursday 21:00 to 21:50/)).toBeVisible();
  await calendar.goTo('2027-03-11');
  await expect(calendar.event(/Maria García/)).toHaveCount(0);
});
