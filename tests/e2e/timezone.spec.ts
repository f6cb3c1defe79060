import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { VaultPage } from './pages/vault-page';

let app: LaunchedApp;
test.afterEach(async () => {
  await app?.close();
});

/** The start instants IndexedDB holds for every appointment, in order (the clear index field). */
function storedStarts(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('holdspace');
        open.onerror = () => reject(new Error('could not open the database'));
        open.onsuccess = () => {
          const req = open.result.transaction('appointments').objectStore('appointments').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as { start: number }[]).map((row) => row.start).sort((a, b) => a - b));
          };
        };
      }),
  );
}

async function startAt(page: Page, instant: number): Promise<void> {
  // The clock runs on from here, so key derivation and timers behave as usual.
  await page.clock.install({ time: instant });
  await page.reload();
}

// 07:30 on Monday 1 June 2026 and 09:00 that morning, on each computer's own clock.
const computers = [
  {
    zone: 'Australia/Sydney',
    label: 'Australia / Sydney',
    at0730: Date.UTC(2026, 4, 31, 21, 30),
    at0900: Date.UTC(2026, 4, 31, 23, 0),
  },
  {
    zone: 'Australia/Adelaide',
    label: 'Australia / Adelaide',
    at0730: Date.UTC(2026, 4, 31, 22, 0),
    at0900: Date.UTC(2026, 4, 31, 23, 30),
  },
  { zone: 'Asia/Kolkata', label: 'Asia / Kolkata', at0730: Date.UTC(2026, 5, 1, 2, 0), at0900: Date.UTC(2026, 5, 1, 3, 30) },
];

for (const computer of computers) {
  test(`first run on a computer in ${computer.zone}: Today is Monday 1 June at 07:30 and a 09:00 booking is 09:00 there`, async () => {
    app = await launchApp({ profileDir: freshProfileDir('tz-first'), timezoneId: computer.zone });
    await startAt(app.page, computer.at0730);
    await new VaultPage(app.page).setUp();

    await expect(app.page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
    await expect(app.page.getByText('Monday 1 June', { exact: true })).toBeVisible();

    const calendar = new CalendarPage(app.page);
    await calendar.open();
    await calendar.book({ kind: 'Supervision', date: '2026-06-01', start: '09:00', end: '10:00' });
    await expect(calendar.event(/^Supervision, Monday 09:00 to 10:00/)).toBeVisible();
    expect(await storedStarts(app.page)).toEqual([computer.at0900]);
    expect(app.services.settings.get().timeZone).toBe(computer.zone);

    await new VaultPage(app.page).goTo('Today');
    await expect(app.page.getByRole('region', { name: 'Your day' }).getByText('09:00–10:00')).toBeVisible();

    await new VaultPage(app.page).goTo('Settings');
    await expect(app.page.getByRole('region', { name: 'Time zone and date format' })).toContainText(
      `Times are shown in ${computer.label}`,
    );
  });
}

test('a new computer zone is announced once; keeping the practice zone or switching never moves a stored time', async () => {
  // Each relaunch on the same profile is a real restart: settings, vault and IndexedDB persist.
  const profileDir = freshProfileDir('tz-travel');
  const nineSydney = Date.UTC(2026, 4, 31, 23, 0);
  app = await launchApp({ profileDir, timezoneId: 'Australia/Sydney' });
  await new VaultPage(app.page).setUp();
  await expect.poll(() => app.services.settings.get().timeZone).toBe('Australia/Sydney');
  await app.close();

  // The clinician flies to Kolkata. Chromium reports the zone under its old name, Asia/Calcutta.
  app = await launchApp({ profileDir, timezoneId: 'Asia/Calcutta' });
  await new VaultPage(app.page).unlock();
  const prompt = app.page.getByRole('region', { name: 'This computer’s time zone has changed' });
  await expect(prompt).toContainText(
    'This computer is now set to Asia / Kolkata, but Holdspace shows times in Australia / Sydney',
  );
  await prompt.getByRole('button', { name: 'Keep Australia / Sydney' }).click();
  await expect(prompt).toBeHidden();
  // Times are still read on Sydney's clock, though the computer is in Kolkata.
  let calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2026-06-01');
  await calendar.book({ kind: 'Supervision', date: '2026-06-01', start: '09:00', end: '10:00' });
  expect(await storedStarts(app.page)).toEqual([nineSydney]);
  await app.close();

  // Same zone again: no question.
  app = await launchApp({ profileDir, timezoneId: 'Asia/Kolkata' });
  await new VaultPage(app.page).unlock();
  await expect(app.page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
  await expect(app.page.getByRole('region', { name: 'This computer’s time zone has changed' })).toHaveCount(0);
  expect(app.services.settings.get().timeZone).toBe('Australia/Sydney');

  // The session booked before the restart is still at 09:00 Sydney time. Switching in Settings shows the same
  // moment on Kolkata's clock: 09:00 in Sydney is 04:30 there.
  calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2026-06-01');
  await expect(calendar.event(/^Supervision, Monday 09:00 to 10:00/)).toBeVisible();
  await new VaultPage(app.page).goTo('Settings');
  const section = app.page.getByRole('region', { name: 'Time zone and date format' });
  await section.getByRole('button', { name: 'Use this computer’s zone (Asia / Kolkata)' }).click();
  await expect(section).toContainText('Times are shown in Asia / Kolkata');
  calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2026-06-01');
  await expect(calendar.event(/^Supervision, Monday 04:30 to 05:30/)).toBeVisible();
  expect(await storedStarts(app.page)).toEqual([nineSydney]);
});

test('an en-US computer reads dates month first and times on a 12-hour clock; a weekly series keeps 9:00 AM across the April clock change', async () => {
  app = await launchApp({ profileDir: freshProfileDir('tz-us'), timezoneId: 'Australia/Sydney', locale: 'en-US' });
  await new VaultPage(app.page).setUp();
  const calendar = new CalendarPage(app.page);
  await calendar.open();

  await app.page.getByRole('button', { name: 'New appointment' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'New appointment' });
  await dialog.getByLabel('Kind').selectOption({ label: 'Supervision' });
  // Typed the American way: month first, am/pm.
  await dialog.getByLabel('Date').fill('3/30/2026');
  await dialog.getByLabel('Date').blur();
  await expect(dialog.getByLabel('Date')).toHaveValue('03/30/2026');
  await dialog.getByLabel('Start').fill('9:00 am');
  await dialog.getByLabel('End').fill('10:00 am');
  await dialog.getByLabel('End').blur();
  await expect(dialog.getByLabel('Start')).toHaveValue(/^9:00\sAM$/);
  await dialog.getByLabel('Repeats weekly').check();
  await dialog.getByLabel('Number of sessions').fill('3');
  await dialog.getByRole('button', { name: 'Save appointment' }).click();
  await expect(dialog).toBeHidden();

  // Clocks in Sydney go back an hour on Sunday 5 April: 09:00 AEDT, then 09:00 AEST.
  expect(await storedStarts(app.page)).toEqual([
    Date.UTC(2026, 2, 29, 22, 0),
    Date.UTC(2026, 3, 5, 23, 0),
    Date.UTC(2026, 3, 12, 23, 0),
  ]);
  for (const date of ['03/30/2026', '04/06/2026', '04/13/2026']) {
    await calendar.goTo(date);
    await expect(calendar.event(/^Supervision, Monday 9:00\sAM to 10:00\sAM/)).toBeVisible();
  }

  // Moving one to another day keeps its 12-hour times, which read back to the same clock time.
  await calendar.goTo('04/13/2026');
  await calendar.event(/^Supervision, Monday 9:00\sAM to 10:00\sAM/).click();
  const opened = app.page.getByRole('dialog', { name: 'Supervision' });
  await expect(opened.getByLabel('Start')).toHaveValue(/^9:00\sAM$/);
  await opened.getByLabel('Date').fill('04/14/2026');
  await opened.getByLabel('Date').blur();
  await opened.getByRole('button', { name: 'Save new time' }).click();
  // Moved: the dialog closes. (This waited for the button to be disabled, which it is only while
  // the move is being saved, and failed when the save ended before Playwright first looked.)
  await expect(opened).toBeHidden();
  await calendar.goTo('04/14/2026');
  await expect(calendar.event(/^Supervision, Tuesday 9:00\sAM to 10:00\sAM/)).toBeVisible();

  // 2:30 AM on the night the clocks go forward in Sydney does not exist: said, and nothing saved.
  await app.page.getByRole('button', { name: 'New appointment' }).click();
  await dialog.getByLabel('Kind').selectOption({ label: 'Supervision' });
  await dialog.getByLabel('Date').fill('10/4/2026');
  await dialog.getByLabel('Start').fill('2:30 am');
  await dialog.getByLabel('End').fill('3:30 am');
  await dialog.getByLabel('End').blur();
  await expect(dialog.getByRole('status').filter({ hasText: 'does not exist' })).toHaveText(
    /^2:30\sAM does not exist on Sunday,? October 4, 2026: the clocks go forward an hour then\. Choose another time\.$/,
  );
  await expect(dialog.getByRole('button', { name: 'Save appointment' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await storedStarts(app.page)).toHaveLength(3);

  // A date that cannot be: a clear message, and nothing saved.
  await app.page.getByRole('button', { name: 'New appointment' }).click();
  await dialog.getByLabel('Date').fill('13/30/2026');
  await dialog.getByLabel('Date').blur();
  await expect(dialog.getByRole('alert').filter({ hasText: 'There is no month 13' })).toContainText(
    'Type the date as mm/dd/yyyy, for example 11/23/2026.',
  );
  await expect(dialog.getByLabel('Date')).toHaveAttribute('aria-invalid', 'true');
});
