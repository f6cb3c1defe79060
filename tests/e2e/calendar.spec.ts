import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage } from './pages/groups-page';
import { VaultPage } from './pages/vault-page';

let app: LaunchedApp;
test.afterEach(async () => {
  await app?.close();
});

// A fixed week in the future: Monday 1 March 2027 (Europe/London, GMT).
const TUESDAY = '2027-03-02';

/** A new vault with clients Jane Smith and Omar Haddad, and the calendar on the week of TUESDAY. */
async function calendarWithTwoClients(): Promise<CalendarPage> {
  await new VaultPage(app.page).setUp();
  await new ClientsPage(app.page).create({ name: 'Jane Smith' });
  await new ClientsPage(app.page).create({ name: 'Omar Haddad' });
  const calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo(TUESDAY);
  return calendar;
}

test('double-booking is caught across kinds, can be overridden with a reason, and a session moves by keyboard', async () => {
  app = await launchApp({ profileDir: freshProfileDir('calendar') });
  const calendar = await calendarWithTwoClients();
  await expect(app.page.getByText('Week of Monday 1 March')).toBeVisible();

  await calendar.book({ kind: 'Supervision', date: TUESDAY, start: '10:00', end: '11:00', weeklyCount: 4 });
  await expect(calendar.event(/^Supervision, Tuesday 10:00 to 11:00/)).toBeVisible();

  // An individual session over the supervision hour is a hard conflict.
  const dialog = await calendar.fillBooking({
    kind: 'Individual session',
    client: 'Jane Smith',
    date: TUESDAY,
    start: '10:30',
    end: '11:20',
  });
  await expect(dialog.getByRole('alert')).toContainText('Conflict');
  await expect(dialog.getByRole('alert')).toContainText(/supervision/i);
  await expect(dialog.getByRole('button', { name: 'Save appointment' })).toBeDisabled();
  await dialog.getByLabel('Reason for overriding').fill('Supervisor agreed to start late this week');
  await dialog.getByRole('button', { name: 'Save appointment' }).click();
  await expect(dialog).toBeHidden();
  const jane = calendar.event(/^Individual session with Jane Smith, Tuesday 10:30 to 11:20, 1 conflict/);
  await expect(jane).toBeVisible();

  // Buffers are soft: a session starting 5 minutes after another is a warning, not a block.
  const second = await calendar.fillBooking({
    kind: 'Individual session',
    client: 'Omar Haddad',
    date: TUESDAY,
    start: '11:25',
    end: '12:15',
  });
  await expect(second.getByRole('status').filter({ hasText: 'buffer' })).toBeVisible();
  await second.getByRole('button', { name: 'Save appointment' }).click();
  await expect(second).toBeHidden();

  // Move Jane's session by keyboard to 09:00 (six steps of 15 minutes up), clear of supervision.
  await jane.focus();
  for (let i = 0; i < 6; i++) await app.page.keyboard.press('ArrowUp');
  await expect(app.page.getByRole('status').filter({ hasText: 'Proposed' })).toContainText('09:00 to 09:50');
  await expect(app.page.getByRole('status').filter({ hasText: 'Proposed' })).toContainText('No conflicts');
  await app.page.keyboard.press('Enter');
  await expect(calendar.event(/^Individual session with Jane Smith, Tuesday 09:00 to 09:50$/)).toBeVisible();

  // The series continues the following weeks; the month view counts both formats.
  await app.page.getByRole('button', { name: 'Next week' }).click();
  await expect(calendar.event(/^Supervision, Tuesday 10:00 to 11:00/)).toBeVisible();
  await app.page.getByRole('button', { name: 'Month', exact: true }).click();
  await expect(app.page.getByRole('button', { name: /^Tuesday 2 March: 2 individual, 0 group, 1 other$/ })).toBeVisible();

  const shots = path.join(process.cwd(), '.tmp', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await app.page.getByRole('button', { name: 'Week', exact: true }).click();
  await app.page.getByRole('button', { name: 'Previous week' }).click();
  await app.page.screenshot({ path: path.join(shots, 'calendar-week.png'), fullPage: true });
});

test('a week crossing the spring clock change keeps sessions at their local time', async () => {
  app = await launchApp({ profileDir: freshProfileDir('calendar-dst') });
  await new VaultPage(app.page).setUp();
  await new ClientsPage(app.page).create({ name: 'Priya Shah' });
  const calendar = new CalendarPage(app.page);
  await calendar.open();
  // Clocks go forward in London on Sunday 28 March 2027.
  await calendar.goTo('2027-03-23');
  await calendar.book({
    kind: 'Individual session',
    client: 'Priya Shah',
    date: '2027-03-23',
    start: '18:00',
    end: '18:50',
    weeklyCount: 3,
  });
  await expect(calendar.event(/Priya Shah, Tuesday 18:00 to 18:50/)).toBeVisible();
  await app.page.getByRole('button', { name: 'Next week' }).click();
  await expect(calendar.event(/Priya Shah, Tuesday 18:00 to 18:50/)).toBeVisible();
});

test('a session moved to another day by keyboard keeps the focus, and the weeks read ahead show later bookings', async () => {
  app = await launchApp({ profileDir: freshProfileDir('calendar-ahead') });
  const calendar = await calendarWithTwoClients();
  await calendar.book({ kind: 'Individual session', client: 'Jane Smith', date: TUESDAY, start: '10:00', end: '10:50' });
  await calendar.book({ kind: 'Individual session', client: 'Omar Haddad', date: '2027-03-03', start: '09:00', end: '09:50' });

  // Tuesday to Thursday, two days on: the session changes column and the keys keep working on it.
  const jane = calendar.event(/^Individual session with Jane Smith, Tuesday 10:00/);
  await jane.focus();
  await app.page.keyboard.press('ArrowRight');
  await app.page.keyboard.press('ArrowRight');
  await expect(app.page.getByRole('status').filter({ hasText: 'Proposed' })).toContainText('Thursday 4 March 10:00 to 10:50');
  await expect(calendar.event(/^Individual session with Jane Smith, Thursday 10:00 to 10:50$/)).toBeFocused();
  await app.page.keyboard.press('ArrowDown');
  await app.page.keyboard.press('Enter');
  // Saved, and the focus is still on it, so the next key press moves it again.
  await expect(calendar.event(/^Individual session with Jane Smith, Thursday 10:15 to 11:05$/)).toBeFocused();
  await expect(calendar.event(/^Individual session with Omar Haddad, Wednesday 09:00 to 09:50$/)).toBeVisible();

  // The next week was read ahead while this one was shown; a booking made for it now is there.
  await calendar.book({ kind: 'Individual session', client: 'Omar Haddad', date: '2027-03-10', start: '14:00', end: '14:50' });
  await app.page.getByRole('button', { name: 'Next week' }).click();
  await expect(app.page.getByText('Week of Monday 8 March')).toBeVisible();
  await expect(calendar.event(/^Individual session with Omar Haddad, Wednesday 14:00 to 14:50$/)).toBeVisible();
  await expect(calendar.event(/Jane Smith/)).toHaveCount(0);
  await app.page.getByRole('button', { name: 'Previous week' }).click();
  await expect(calendar.event(/^Individual session with Jane Smith, Thursday 10:15 to 11:05$/)).toBeVisible();

  // In the day view a move to the next day leaves the day shown: the grid keeps the focus and the
  // keys, rather than a button now showing someone else's session.
  await calendar.book({ kind: 'Individual session', client: 'Omar Haddad', date: '2027-03-04', start: '13:00', end: '13:50' });
  await app.page.getByRole('button', { name: 'Day', exact: true }).click();
  await calendar.goTo('2027-03-04');
  await calendar.event(/^Individual session with Jane Smith, Thursday 10:15/).focus();
  await app.page.keyboard.press('ArrowRight');
  await expect(app.page.getByRole('status').filter({ hasText: 'Proposed' })).toContainText('outside the days shown');
  await expect(app.page.getByRole('group', { name: 'Appointments' })).toBeFocused();
  await expect(calendar.event(/Omar Haddad/)).not.toBeFocused();
  await app.page.keyboard.press('ArrowLeft');
  await expect(calendar.event(/^Individual session with Jane Smith, Thursday 10:15 to 11:05$/)).toBeFocused();
  await app.page.keyboard.press('Escape');
  await expect(app.page.getByRole('status').filter({ hasText: 'Move cancelled' })).toBeVisible();

  // The client's page lists their coming sessions, soonest first.
  await new ClientsPage(app.page).openClient('Omar Haddad');
  const upcoming = app.page.getByRole('region', { name: 'Upcoming sessions' }).getByRole('listitem');
  await expect(upcoming).toHaveText([/3 March.*09:00–09:50/, /4 March.*13:00–13:50/, /10 March.*14:00–14:50/]);
});

test('dragging a session shows the conflict check live, moves it, and a resize into a conflict is refused', async () => {
  app = await launchApp({ profileDir: freshProfileDir('calendar-drag') });
  const calendar = await calendarWithTwoClients();
  await calendar.book({ kind: 'Individual session', client: 'Jane Smith', date: TUESDAY, start: '10:00', end: '10:50' });
  await calendar.book({ kind: 'Individual session', client: 'Omar Haddad', date: TUESDAY, start: '12:00', end: '12:50' });
  const { mouse } = app.page;
  const announced = app.page.getByRole('status').filter({ hasText: /Proposed|Moved|Not moved/ });

  // The grid shows 0.9 px a minute: 108 px down is two hours, onto Omar's session.
  const box = (await calendar.event(/^Individual session with Jane Smith, Tuesday 10:00/).boundingBox())!;
  await mouse.move(box.x + box.width / 2, box.y + 10);
  await mouse.down();
  await mouse.move(box.x + box.width / 2, box.y + 10 + 108, { steps: 6 });
  await expect(announced).toContainText('12:00 to 12:50. Conflict');
  await mouse.move(box.x + box.width / 2, box.y + 10 + 54, { steps: 4 });
  await expect(announced).toContainText('11:00 to 11:50. No conflicts');
  await mouse.up();
  await expect(announced).toContainText('Moved to Tuesday 2 March 11:00 to 11:50');
  const moved = calendar.event(/^Individual session with Jane Smith, Tuesday 11:00 to 11:50$/);
  await expect(moved).toBeVisible();

  // Stretching it by 30 minutes from its bottom edge would run into Omar's session: refused.
  const after = (await moved.boundingBox())!;
  await mouse.move(after.x + after.width / 2, after.y + after.height - 2);
  await mouse.down();
  await mouse.move(after.x + after.width / 2, after.y + after.height - 2 + 27, { steps: 4 });
  await expect(announced).toContainText('11:00 to 12:20. Conflict');
  await mouse.up();
  await expect(announced).toContainText('Not moved');
  await expect(calendar.event(/^Individual session with Jane Smith, Tuesday 11:00 to 11:50$/)).toBeVisible();
});

test('a weekly group, its members, and a member booked over it: conflict, override with a reason, keyboard move', async () => {
  app = await launchApp({ profileDir: freshProfileDir('calendar-group') });
  await new VaultPage(app.page).setUp();
  const clients = new ClientsPage(app.page);
  await clients.create({ name: 'Jane Smith' });
  await clients.create({ name: 'Omar Haddad' });
  const groups = new GroupsPage(app.page);
  await groups.create({
    name: 'Thursday Grief Circle',
    facilitator: 'Dr Ada Reyes',
    weekdays: ['Thursday'],
    startTime: '18:00',
    sessionMinutes: 90,
    firstDate: '2027-03-04',
    sessions: 6,
  });
  await groups.addMember('Jane Smith');
  await groups.addMember('Omar Haddad');

  const calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2027-03-04');
  // It runs past the default end of working hours (19:00): a warning, not a conflict.
  await expect(calendar.event(/^Group session with Thursday Grief Circle, Thursday 18:00 to 19:30, 1 warning$/)).toBeVisible();
  await app.page.getByRole('button', { name: 'Next week' }).click();
  await expect(calendar.event(/^Group session with Thursday Grief Circle, Thursday 18:00 to 19:30(?!.*conflict)/)).toBeVisible();
  await app.page.getByRole('button', { name: 'Previous week' }).click();

  // Jane is in the group: an individual session over it is a conflict for her as well as for the clinician.
  const dialog = await calendar.fillBooking({
    kind: 'Individual session',
    client: 'Jane Smith',
    date: '2027-03-04',
    start: '18:30',
    end: '19:20',
  });
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Jane Smith');
  await expect(alert).toContainText('Thursday Grief Circle');
  await expect(alert.getByRole('listitem')).toHaveCount(2);
  await expect(dialog.getByRole('button', { name: 'Save appointment' })).toBeDisabled();
  await dialog.getByLabel('Reason for overriding').fill('Crisis session agreed with the co-facilitator covering the group');
  await dialog.getByRole('button', { name: 'Save appointment' }).click();
  await expect(dialog).toBeHidden();
  const jane = calendar.event(/^Individual session with Jane Smith, Thursday 18:30 to 19:20, 2 conflicts/);
  await expect(jane).toBeVisible();
  await expect(calendar.event(/^Group session with Thursday Grief Circle, Thursday 18:00 to 19:30, \d conflict/)).toBeVisible();

  // Move her session earlier by keyboard, clear of the group.
  await jane.focus();
  for (let i = 0; i < 10; i++) await app.page.keyboard.press('ArrowUp');
  await expect(app.page.getByRole('status').filter({ hasText: 'Proposed' })).toContainText('16:00 to 16:50');
  await app.page.keyboard.press('Enter');
  await expect(calendar.event(/^Individual session with Jane Smith, Thursday 16:00 to 16:50$/)).toBeVisible();
  await expect(calendar.event(/^Group session with Thursday Grief Circle, Thursday 18:00 to 19:30(?!.*conflict)/)).toBeVisible();

  // The override reason stays with the appointment.
  await calendar.event(/^Individual session with Jane Smith/).click();
  await expect(app.page.getByRole('dialog')).toContainText('Crisis session agreed with the co-facilitator');
});

test('time kept for groups and protected self-care, set in Settings, are shaded and warn in the booking check', async () => {
  app = await launchApp({ profileDir: freshProfileDir('calendar-blocks') });
  const vault = new VaultPage(app.page);
  await vault.setUp();
  await new ClientsPage(app.page).create({ name: 'Lena Fischer' });
  await vault.goTo('Settings');
  const groups = app.page.getByRole('group', { name: 'Time kept for groups' });
  await groups.getByLabel('Day').selectOption({ label: 'Tuesday' });
  await groups.getByLabel('From').fill('18:00');
  await groups.getByLabel('To').fill('20:00');
  await groups.getByRole('button', { name: 'Add to time kept for groups' }).click();
  await expect(groups.getByText('Tuesdays 18:00 to 20:00')).toBeVisible();
  const care = app.page.getByRole('group', { name: 'Supervision and self-care' });
  await care.getByLabel('Day').selectOption({ label: 'Tuesday' });
  await care.getByLabel('From').fill('12:30');
  await care.getByLabel('To').fill('13:30');
  await care.getByRole('button', { name: 'Add to supervision and self-care' }).click();
  await expect(care.getByText('Self-care, Tuesdays 12:30 to 13:30')).toBeVisible();

  const calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo(TUESDAY);
  await expect(app.page.getByRole('group', { name: 'Tuesday 2 March' }).getByText('Protected group time')).toBeVisible();
  await expect(app.page.getByRole('group', { name: 'Tuesday 2 March' }).getByText('Protected self-care')).toBeVisible();
  const evening = await calendar.fillBooking({
    kind: 'Individual session',
    client: 'Lena Fischer',
    date: TUESDAY,
    start: '18:30',
    end: '19:20',
  });
  await expect(
    evening.getByRole('status').filter({ hasText: 'time you keep for groups on Tuesdays, from 18:00 to 20:00' }),
  ).toBeVisible();
  await evening.getByLabel('Start').fill('12:45');
  await evening.getByLabel('End').fill('13:35');
  await expect(
    evening.getByRole('status').filter({ hasText: 'self-care time you protect on Tuesdays, from 12:30 to 13:30' }),
  ).toBeVisible();
  // Warnings never block: the clinician can still book.
  await expect(evening.getByRole('button', { name: 'Save appointment' })).toBeEnabled();
});
