import { expect, test } from '@playwright/test';
import { freshProfileDir, launchApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

test('a session starting soon raises one reminder, in the app and as a notification, without the client’s name', async () => {
  const app = await launchApp({ profileDir: freshProfileDir('reminders') });
  try {
    // 09:52 on Tuesday 2 March 2027 in London (GMT), with time flowing from there.
    await app.page.clock.install({ time: new Date('2027-03-02T09:52:00Z') });
    await app.page.clock.resume();
    await app.page.reload();
    await new VaultPage(app.page).setUp();
    await new ClientsPage(app.page).create({ name: 'Rosa Marquez' });
    const calendar = new CalendarPage(app.page);
    await calendar.open();
    await calendar.book({ kind: 'Individual session', client: 'Rosa Marquez', date: '2027-03-02', start: '10:00', end: '10:50' });

    const reminders = app.page.getByRole('region', { name: 'Reminders' });
    await expect(reminders).toContainText('10:00');
    await expect.poll(() => app.notifications.length).toBe(1);
    expect(app.notifications[0]!.title + app.notifications[0]!.body).toContain('10:00');
    expect(JSON.stringify(app.notifications)).not.toContain('Rosa');
    expect(JSON.stringify(app.notifications)).not.toContain('Marquez');
    await expect(reminders).not.toContainText('Rosa');

    // Checked again a minute later: still only one notification for the same session.
    await app.page.clock.fastForward('01:05');
    await app.page.waitForTimeout(300);
    expect(app.notifications).toHaveLength(1);
  } finally {
    await app.close();
  }
});
