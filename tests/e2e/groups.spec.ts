import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage, tomorrowInLondon } from './pages/groups-page';
import { VaultPage } from './pages/vault-page';

const MEMBERS = ['Amara Okafor', 'Bernard Lewis', 'Chloé Martin'] as const;
const FACILITATOR = 'Dr Ruth Adebayo';
const shots = path.join(process.cwd(), '.tmp', 'screenshots');

let app: LaunchedApp;
test.beforeEach(async () => {
  app = await launchApp({ profileDir: freshProfileDir('groups') });
  fs.mkdirSync(shots, { recursive: true });
});
test.afterEach(async () => {
  await app.close();
});

test('a group: roster, on-screen agreements, blocked attendance, roster PDF and attendance', async () => {
  const { page } = app;
  await new VaultPage(page).setUp();
  const clients = new ClientsPage(page);
  for (const name of MEMBERS) await clients.create({ name });

  const groups = new GroupsPage(page);
  const first = tomorrowInLondon();
  await groups.create({
    name: 'Evening Grief Circle',
    focus: 'Grief',
    facilitator: FACILITATOR,
    capacity: 8,
    location: 'Room 2, Harbour Centre',
    weekdays: [first.weekday],
    startTime: '18:00',
    firstDate: first.date,
    sessions: 6,
  });
  await expect(page.getByText('6 sessions were added to the calendar.', { exact: false })).toBeVisible();

  for (const name of MEMBERS) await groups.addMember(name);
  await expect(page.getByRole('table', { name: /Current members: 3 of 8 places/ })).toBeVisible();

  await groups.useDefaultAgreement();
  await groups.signOnScreen(MEMBERS[0], FACILITATOR, path.join(shots, 'groups-signature.png'));
  await groups.signOnScreen(MEMBERS[1], FACILITATOR);
  await page.screenshot({ path: path.join(shots, 'groups-agreement.png'), fullPage: true });

  // The roster shows who still has to sign.
  await groups.tab('Roster');
  await expect(groups.rosterRow(MEMBERS[0]).getByText('Signed', { exact: true })).toBeVisible();
  await expect(groups.rosterRow(MEMBERS[1]).getByText('Signed', { exact: true })).toBeVisible();
  await expect(groups.rosterRow(MEMBERS[2]).getByText('Not signed', { exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'groups-roster.png'), fullPage: true });

  // The third member can't be marked as attending until they sign; absences can still be recorded.
  await groups.tab('Sessions & attendance');
  const third = groups.attendanceFor(MEMBERS[2]);
  await expect(third.getByRole('radio', { name: 'Present', exact: true })).toBeDisabled();
  await expect(third.getByRole('radio', { name: 'Late', exact: true })).toBeDisabled();
  await expect(third.getByRole('radio', { name: 'Absent (gave notice)', exact: true })).toBeEnabled();
  await expect(page.getByText('This member hasn’t signed the group agreement yet.', { exact: false })).toBeVisible();

  // Quick entry: everyone present, then a letter key on a row.
  await page.getByRole('button', { name: 'Mark everyone present' }).click();
  await expect(groups.attendanceFor(MEMBERS[0]).getByRole('radio', { name: 'Present', exact: true })).toBeChecked();
  await expect(groups.attendanceFor(MEMBERS[1]).getByRole('radio', { name: 'Present', exact: true })).toBeChecked();
  await expect(page.getByText(`${MEMBERS[2]} can’t be marked present until they sign`, { exact: false })).toBeVisible();
  await groups.attendanceFor(MEMBERS[1]).getByRole('radio', { name: 'Present', exact: true }).focus();
  await page.keyboard.press('l');
  await expect(groups.attendanceFor(MEMBERS[1]).getByRole('radio', { name: 'Late', exact: true })).toBeChecked();
  await groups.mark(MEMBERS[2], 'Absent (gave notice)');
  await page.getByLabel('Guest’s name').fill('Visiting guest');
  await page.getByRole('button', { name: 'Add guest' }).click();
  await page.screenshot({ path: path.join(shots, 'groups-attendance.png'), fullPage: true });
  await groups.saveAttendance();
  await expect(page.getByRole('combobox', { name: 'Session' })).toContainText('3 of 4 attended');
  // Saving again corrects the register rather than adding a second copy of anyone.
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await expect(page.getByRole('combobox', { name: 'Session' })).toContainText('3 of 4 attended');
  await expect(page.getByText('Attendance recorded for 1 session', { exact: false })).toBeVisible();
  await page.getByRole('heading', { name: 'Attendance over time' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'groups-attendance-chart.png'), fullPage: true });

  // Attendance history and rate on the roster.
  await groups.tab('Roster');
  await expect(groups.rosterRow(MEMBERS[0])).toContainText('100% (1 of 1)');
  await expect(groups.rosterRow(MEMBERS[2])).toContainText('0% (0 of 1)');

  // The roster's agreements as one PDF, sent to the printer.
  await groups.tab('Agreement');
  await page.getByRole('button', { name: 'Print roster agreements' }).click();
  await expect(page.getByText('Sent to the printer.')).toBeVisible();
  expect(app.printed).toHaveLength(1);
  const pdf = path.join(app.profileDir, 'roster.pdf');
  fs.writeFileSync(pdf, app.printed[0]!);
  expect(app.printed[0]!.subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const name of MEMBERS) expect(text).toContain(name);
  expect(text).toContain('Evening Grief Circle');
  // Two signatures each for the two members who signed on screen; the third has blank lines to sign.
  const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(images).toHaveLength(4);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.join(shots, 'groups-roster-pdf')]);

  // Export and print were recorded in the audit trail, with no names in it.
  const entries = app.services.audit.list({});
  expect(entries.some((e) => e.action === 'print' && e.kind === 'agreement')).toBe(true);
  expect(entries.filter((e) => e.action === 'sign')).toHaveLength(2);
  expect(JSON.stringify(entries)).not.toContain('Amara');
});

test('a full group puts new people on the waitlist and offers a freed place', async () => {
  const { page } = app;
  await new VaultPage(page).setUp();
  const clients = new ClientsPage(page);
  for (const name of ['Dev Patel', 'Eve Novak']) await clients.create({ name });
  const groups = new GroupsPage(page);
  const first = tomorrowInLondon();
  await groups.create({
    name: 'Anxiety Skills',
    capacity: 1,
    weekdays: [first.weekday],
    startTime: '10:00',
    firstDate: first.date,
    sessions: 2,
  });
  await groups.addMember('Dev Patel');
  await groups.addMember('Eve Novak');
  await expect(page.getByText('added to the waitlist at position 1', { exact: false })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Waitlist' })).toContainText('Eve Novak');
  // Each client's page says where they stand: a member since when, or their place on the waitlist.
  await clients.openClient('Eve Novak');
  await expect(page.getByRole('list', { name: 'Groups for this client' })).toContainText(
    'Anxiety Skills On the waitlist, position 1',
  );
  await clients.openClient('Dev Patel');
  await expect(page.getByRole('list', { name: 'Groups for this client' })).toContainText('Anxiety Skills Member since');
  await groups.open();
  await groups.openGroup('Anxiety Skills');
  await groups.tab('Roster');
  await page.getByRole('button', { name: 'Remove Dev Patel from the group' }).click();
  await page.getByRole('dialog', { name: 'Remove Dev Patel?' }).getByRole('button', { name: 'Remove from group' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'A place is free' })).toContainText('offer it to Eve Novak?');
  await page.getByRole('button', { name: 'Move Eve Novak into the group' }).first().click();
  await expect(groups.rosterRow('Eve Novak')).toBeVisible();
  await expect(page.getByText('No one is waiting for a place.')).toBeVisible();
  await page.getByText('Past members (1)').click();
  await expect(page.getByRole('button', { name: 'Attendance history for Dev Patel' })).toBeVisible();
});
