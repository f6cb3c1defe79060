import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { BalancePage } from './pages/balance-page';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage } from './pages/groups-page';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };
const shots = path.join(process.cwd(), '.tmp', 'screenshots');

let app: LaunchedApp;
let cspViolations: string[];
test.beforeEach(async () => {
  app = await launchApp({ profileDir: freshProfileDir('balance'), kdf: FAST_KDF, viewport: { width: 1360, height: 1000 } });
  cspViolations = [];
  app.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await new VaultPage(app.page).setUp();
});
test.afterEach(async () => {
  await app.close();
  expect(cspViolations).toEqual([]);
});

async function screenshot(name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await app.page.screenshot({ path: path.join(shots, name), fullPage: true });
}

test('a PHQ-9 with question 9 answered "Several days" raises the risk prompt, then saves and shows on the trend', async () => {
  const { page } = app;
  const clients = new ClientsPage(page);
  const balance = new BalancePage(page);
  await clients.create({ name: 'Robin Ashdown' });
  await clients.openClient('Robin Ashdown');

  const form = await balance.answer('PHQ-9', [1, 2, 1, 2, 0, 1, 1, 0, 0]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(form).toContainText('Total 8 of 27');
  await expect(form).toContainText('Mild');

  await form
    .getByRole('radiogroup', { name: /better off dead or of hurting yourself/ })
    .getByRole('radio', { name: 'Several days' })
    .check();
  const prompt = form.getByRole('alert');
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('Ask about this today and follow your risk assessment procedure');
  await expect(form).toContainText('Total 9 of 27');
  await screenshot('measures-risk-prompt.png');

  await form.getByRole('button', { name: 'Save PHQ-9' }).click();
  const panel = balance.measures();
  await expect(panel.getByRole('status')).toHaveText('PHQ-9 saved: 9 of 27, mild.');
  await expect(panel.getByRole('img', { name: 'PHQ-9 over time' })).toBeVisible();
  await expect(panel).toContainText('PHQ-9 (depression, lower is better): one score, 9 (mild)');
  await expect(panel.getByRole('row', { name: /PHQ-9 9 of 27 Mild Answered above 0/ })).toBeVisible();
});

test('the GAD-7 asks seven questions and will not save until every one is answered', async () => {
  const { page } = app;
  const clients = new ClientsPage(page);
  const balance = new BalancePage(page);
  await clients.create({ name: 'Kit Marlowe' });
  await clients.openClient('Kit Marlowe');
  const panel = balance.measures();
  await panel.getByRole('button', { name: 'New GAD-7' }).click();
  const form = panel.getByRole('form');
  await expect(form.getByRole('radiogroup')).toHaveCount(7);
  await form.getByRole('button', { name: 'Save GAD-7' }).click();
  await expect(form.getByRole('alert')).toContainText('Still to answer: questions 1, 2, 3, 4, 5, 6, 7.');
  await form.getByRole('button', { name: 'Cancel' }).click();

  await balance.answer('GAD-7', [3, 3, 2, 2, 2, 1, 1]);
  await panel.getByRole('button', { name: 'Save GAD-7' }).click();
  await expect(panel.getByRole('status')).toHaveText('GAD-7 saved: 14 of 21, moderate.');
});

/** Monday 1 March 2027: a fixed week, so the test never depends on the date it runs. */
const MONDAY = '2027-03-01';
const GROUP = 'Evening Grief Circle';
const day = (offset: number) => `2027-03-0${1 + offset}`;

test('a week of 12 individual and 3 group sessions shows the right hours and share', async () => {
  const { page } = app;
  const clients = new ClientsPage(page);
  const calendar = new CalendarPage(page);
  const balance = new BalancePage(page);
  for (const name of ['Ada Byrne', 'Bea Colm', 'Cal Doyle']) await clients.create({ name });
  // 3 group sessions of 90 minutes (4.5 hours), booked by the group's own schedule.
  await new GroupsPage(page).create({
    name: GROUP,
    weekdays: ['Monday', 'Wednesday', 'Friday'],
    startTime: '18:00',
    sessionMinutes: 90,
    firstDate: MONDAY,
    sessions: 3,
  });

  await calendar.open();
  await calendar.goTo(MONDAY);
  // 12 individual sessions of 50 minutes (10 hours): three clients, four days each at 09:00, 10:00, 11:00.
  const times: [string, string][] = [
    ['09:00', '09:50'],
    ['10:00', '10:50'],
    ['11:00', '11:50'],
  ];
  for (const offset of [0, 1, 2, 3]) {
    for (const [index, client] of ['Ada Byrne', 'Bea Colm', 'Cal Doyle'].entries()) {
      const [start, end] = times[index]!;
      await calendar.book({ kind: 'Individual session', client, date: day(offset), start, end });
    }
  }
  await balance.open();
  await balance.showWeekOf(day(2));
  await expect(balance.period('week')).toContainText('Week beginning Monday 1 March 2027');
  await expect(balance.stat('week', 'Individual')).toHaveText('10 hours');
  await expect(balance.stat('week', 'Group')).toHaveText('4.5 hours');
  await expect(balance.stat('week', 'Clinical total')).toHaveText('14.5 hours');
  // 10 ÷ 14.5 = 69%, against the default 60% target.
  await expect(balance.stat('week', 'Individual share')).toHaveText('69%target 60%');
  await expect(balance.period('week')).toContainText('above your 60% target');
  await expect(balance.stat('four weeks', 'Individual')).toHaveText('10 hours');
  await expect(page.getByText('Sessions per day: Monday 1 March 2027, 4;')).toBeVisible();
  await screenshot('balance-dashboard.png');
});

test('booking past the daily session limit shows the warning in the calendar’s conflict check', async () => {
  const { page } = app;
  const clients = new ClientsPage(page);
  const calendar = new CalendarPage(page);
  const balance = new BalancePage(page);
  await balance.setLimit('Maximum sessions per day', 3);
  await clients.create({ name: 'Ada Byrne' });

  await calendar.open();
  await calendar.goTo(MONDAY);
  for (const [start, end] of [
    ['09:00', '09:50'],
    ['10:00', '10:50'],
    ['11:00', '11:50'],
  ] as const) {
    await calendar.book({ kind: 'Individual session', client: 'Ada Byrne', date: MONDAY, start, end });
  }
  const dialog = await calendar.fillBooking({
    kind: 'Individual session',
    client: 'Ada Byrne',
    date: MONDAY,
    start: '14:00',
    end: '14:50',
  });
  await expect(dialog).toContainText('This would be your 4th session on Monday; your limit is 3 sessions a day.');
});
