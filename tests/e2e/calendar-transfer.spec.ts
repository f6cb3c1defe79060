import { expect, test } from '@playwright/test';
import fs from 'node:fs';
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
  await expect.poll(() => app.savedFiles.length).toBe(2);
  expect(sessionsIn(fs.readFileSync(app.savedFiles.at(-1)!, 'utf8'))[0]).toBe(
    'Session: Priya Shah 2027-03-23 18:00 Europe/London',
  );

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
