/**
 * axe-core over every screen with a small practice loaded: no serious or critical
 * violation (keyboard and screen-reader users need the same app as everyone else).
 * The calendar's own views are checked in the calendar tests.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage } from './pages/groups-page';
import { NotesPage } from './pages/notes-page';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };

let app: LaunchedApp;
test.beforeEach(async () => {
  app = await launchApp({ profileDir: freshProfileDir('a11y'), kdf: FAST_KDF });
});
test.afterEach(async () => {
  await app.close();
});

/** Serious and critical violations on the page as it stands, described so a failure says what and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the first-run, unlock and every main screen have no serious or critical axe violation', async () => {
  const { page } = app;
  expect(await seriousViolations(page)).toEqual([]);
  const vault = new VaultPage(page);
  await vault.setUp();

  const clients = new ClientsPage(page);
  await clients.create({ name: 'Amara Okafor', pronouns: 'she/her', email: 'amara@example.org', concerns: 'Low mood' });
  await clients.create({ name: 'אורי כהן' });
  const groups = new GroupsPage(page);
  await groups.create({
    name: 'Thursday grief circle',
    weekdays: ['Thursday'],
    startTime: '18:00',
    firstDate: '2026-12-03',
    sessions: 4,
  });
  await groups.tab('Roster');
  await groups.addMember('Amara Okafor');

  const screens: { name: string; open: () => Promise<void> }[] = [
    { name: 'Today', open: () => vault.goTo('Today') },
    { name: 'Clients', open: () => clients.open() },
    { name: 'Client page', open: () => clients.openClient('Amara Okafor') },
    { name: 'Groups', open: () => groups.open() },
    {
      name: 'Group roster',
      open: async () => {
        await groups.openGroup('Thursday grief circle');
        await groups.tab('Roster');
      },
    },
    { name: 'Group agreement', open: () => groups.tab('Agreement') },
    { name: 'Group attendance', open: () => groups.tab('Sessions & attendance') },
    { name: 'Notes', open: () => new NotesPage(page).open() },
    { name: 'Balance', open: () => vault.goTo('Balance') },
    { name: 'Audit trail', open: () => vault.goTo('Audit trail') },
    { name: 'Settings', open: () => vault.goTo('Settings') },
  ];
  const found: Record<string, string[]> = {};
  for (const screen of screens) {
    await screen.open();
    await page.waitForLoadState('networkidle');
    const violations = await seriousViolations(page);
    if (violations.length > 0) found[screen.name] = violations;
  }
  expect(found).toEqual({});

  await new NotesPage(page).newNote('Amara Okafor');
  expect(await seriousViolations(page)).toEqual([]);
  await vault.lock();
  expect(await seriousViolations(page)).toEqual([]);
});
