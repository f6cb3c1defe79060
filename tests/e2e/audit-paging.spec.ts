/**
 * A long audit trail: the screen shows its newest page at once and older pages on request, in
 * order, while the whole chain is checked in steps with a progress bar; an entry altered far
 * back is still reported once that check reaches it.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEvent } from '../../shared/audit';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };
/** More entries than one step of the check takes (1,000 lines at most), so it shows its progress. */
const SEEDED = 1_200;
const ACTIONS = ['create', 'update', 'sign'] as const;

let app: LaunchedApp;
/** While set, each continuing step of the check waits for it. */
let holdCheck: Promise<void> | undefined;
let trailFile: string;

test.beforeEach(async () => {
  holdCheck = undefined;
  const profileDir = freshProfileDir('audit-paging');
  trailFile = path.join(profileDir, 'app-data', 'audit', 'trail.jsonl');
  app = await launchApp({
    profileDir,
    kdf: FAST_KDF,
    beforeCall: async (channel, input) => {
      if (channel === 'holdspace:audit.verify' && (input as { run?: string }).run !== undefined && holdCheck) await holdCheck;
    },
  });
  await new VaultPage(app.page).setUp();
  // Years of work, written through main's own trail (sealed and chained as the app writes them).
  for (let i = 0; i < SEEDED; i += 100) {
    const events: AuditEvent[] = Array.from({ length: 100 }, (_, j) => ({
      action: ACTIONS[(i + j) % 3]!,
      kind: 'note',
      recordId: `note-${i + j}`,
    }));
    app.services.audit.append(events);
  }
});
test.afterEach(async () => {
  await app.close();
});

/** The check's status line on the Audit trail screen (other screens' notices are status lines too). */
const checkStatus = () => app.page.getByRole('region', { name: 'Audit trail' }).getByRole('status');

const numbers = async (): Promise<number[]> =>
  (
    await app.page
      .getByRole('table', { name: 'Audit entries, newest first' })
      .locator('tbody tr td:first-child')
      .allTextContents()
  ).map(Number);

test('the newest page shows at once, older pages follow in order, and the check shows its progress before "verified"', async () => {
  const { page } = app;
  const total = app.services.audit.exportTrail().lines.length;
  expect(total).toBeGreaterThan(SEEDED);
  let release!: () => void;
  holdCheck = new Promise((r) => (release = r));

  await new VaultPage(page).goTo('Audit trail');
  const rows = page.getByRole('table', { name: 'Audit entries, newest first' }).locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await expect(page.getByText(`Showing 100 of ${total.toLocaleString('en-GB')} entries, newest first.`)).toBeVisible();
  // The newest first: the last entry written heads the list.
  expect(await numbers()).toEqual(Array.from({ length: 100 }, (_, i) => total - i));

  // The check has done one step and waits on the next: its progress is on screen, no verdict yet.
  const status = checkStatus().filter({ hasText: 'Checking the trail' });
  await expect(status).toHaveText(new RegExp(`^Checking the trail… [\\d,]+ of ${total.toLocaleString('en-GB')} entries$`));
  await expect(page.getByRole('progressbar', { name: 'Audit trail check' })).toBeVisible();
  await expect(checkStatus().filter({ hasText: 'verified' })).toHaveCount(0);

  // Older entries, a page at a time, carrying on where the last page ended, down to the first.
  const older = page.getByRole('button', { name: 'Show older entries' });
  await older.click();
  await expect(rows).toHaveCount(200);
  expect(await numbers()).toEqual(Array.from({ length: 200 }, (_, i) => total - i));
  for (let shown = 200; shown < total;) {
    await older.click();
    shown = Math.min(total, shown + 100);
    await expect(rows).toHaveCount(shown);
  }
  await expect(older).toHaveCount(0);
  expect(await numbers()).toEqual(Array.from({ length: total }, (_, i) => total - i));
  await expect(
    page.getByText(`Showing ${total.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} entries`),
  ).toBeVisible();

  release();
  await expect(checkStatus().filter({ hasText: 'verified' })).toHaveText(
    `All ${total.toLocaleString('en-GB')} entries verified: the trail is complete and unaltered.`,
  );
  await expect(page.getByRole('progressbar', { name: 'Audit trail check' })).toHaveCount(0);
});

test('an entry altered far back is reported once the check in the background reaches it', async () => {
  const { page } = app;
  // Line 1,050: past the first step of the check, and not on the first page.
  const lines = fs.readFileSync(trailFile, 'utf8').split('\n');
  lines[1049] = lines[1049]!.replace(/"ct":"(.)/, (_m, c: string) => `"ct":"${c === 'A' ? 'B' : 'A'}`);
  fs.writeFileSync(trailFile, lines.join('\n'));
  let release!: () => void;
  holdCheck = new Promise((r) => (release = r));

  await new VaultPage(page).goTo('Audit trail');
  await expect(page.getByRole('table', { name: 'Audit entries, newest first' }).locator('tbody tr')).toHaveCount(100);
  await expect(page.getByRole('progressbar', { name: 'Audit trail check' })).toBeVisible();
  await expect(checkStatus().filter({ hasText: 'Warning' })).toHaveCount(0);

  release();
  await expect(checkStatus().filter({ hasText: 'Warning' })).toContainText('the audit trail has been altered');
  await expect(checkStatus().filter({ hasText: 'verified' })).toHaveCount(0);
});
