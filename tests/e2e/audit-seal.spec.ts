/**
 * The copy of the audit trail's head kept with the records: someone with the disk puts the
 * trail file and the settings file (its end marker) back to an earlier copy of both; the
 * pair verifies on its own, but the Audit trail screen says the trail is older than the
 * records, because the records' copy of the head is further on.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { VaultPage } from './pages/vault-page';

// Explicitly cheap key derivation (test-only harness option): this test unlocks several times.
const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };

let app: LaunchedApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('a trail and settings file put back together are reported as older than the records', async () => {
  const profileDir = freshProfileDir('audit-seal');
  const trail = path.join(profileDir, 'app-data', 'audit', 'trail.jsonl');
  const settings = path.join(profileDir, 'app-data', 'holdspace.json');

  app = await launchApp({ profileDir, kdf: FAST_KDF });
  const vault = new VaultPage(app.page);
  await vault.setUp();
  // The earlier copy someone keeps: trail and settings as they are now.
  await expect.poll(() => fs.existsSync(trail)).toBe(true);
  const earlier = { trail: fs.readFileSync(trail), settings: fs.readFileSync(settings) };

  // The clinician works on: locks and unlocks twice (the page keeps the head at each).
  await vault.lock();
  await vault.unlock();
  await vault.lock();
  await vault.unlock();
  await vault.goTo('Audit trail');
  await expect(app.page.getByRole('status').filter({ hasText: 'verified' })).toBeVisible();
  await vault.lock();
  await app.close();

  // Put back together: a genuine, older pair.
  fs.writeFileSync(trail, earlier.trail);
  fs.writeFileSync(settings, earlier.settings);

  app = await launchApp({ profileDir, kdf: FAST_KDF });
  const again = new VaultPage(app.page);
  await again.unlock();
  await again.goTo('Audit trail');
  await expect(app.page.getByRole('status').filter({ hasText: 'audit trail is' })).toContainText(
    'the audit trail is older than the records',
  );
});
