/**
 * A clinician whose laptop died restores from the welcome screen of a new computer: no
 * throwaway vault first. The backup's passphrase (or recovery key) opens it, they see what
 * it holds, confirm, and land in the restored practice.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };
const apps: LaunchedApp[] = [];
test.afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const BACKUP_PASSPHRASE = 'original orchard passphrase words';

/** A practice with two clients, backed up; returns the backup file and the vault's recovery key. */
async function backedUpPractice(): Promise<{ backupFile: string; recoveryKey: string }> {
  const app = await launchApp({ profileDir: freshProfileDir('first-run-source'), kdf: FAST_KDF });
  apps.push(app);
  const vault = new VaultPage(app.page);
  const recoveryKey = await vault.setUp(BACKUP_PASSPHRASE);
  const clients = new ClientsPage(app.page);
  await clients.create({ name: 'Ines Moreau' });
  await clients.create({ name: 'Tomasz Wrona' });
  await vault.goTo('Settings');
  await app.page.getByRole('button', { name: 'Back up now' }).click();
  await expect(app.page.getByRole('status').filter({ hasText: 'Backup saved' })).toBeVisible();
  return { backupFile: app.savedFiles.at(-1)!, recoveryKey };
}

test('a backup restores from the welcome screen of a new computer; a wrong passphrase, a damaged or a foreign file change nothing', async () => {
  const { backupFile, recoveryKey } = await backedUpPractice();
  const bytes = fs.readFileSync(backupFile);

  const profileDir = freshProfileDir('first-run-target');
  const app = await launchApp({ profileDir, kdf: FAST_KDF });
  apps.push(app);
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();

  // A file cut short: refused before any passphrase is asked.
  const damaged = path.join(profileDir, 'damaged.holdspace-backup');
  fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 200));
  app.openFiles.push(damaged);
  await page.getByRole('button', { name: 'Choose backup file…' }).click();
  await expect(page.getByRole('alert')).toContainText(
    /damaged, has been changed, or is not a Holdspace backup.*Nothing has been changed/,
  );
  await expect(page.getByLabel('Passphrase for this backup')).toHaveCount(0);

  // Not a backup at all.
  const foreign = path.join(profileDir, 'holiday.jpg');
  fs.writeFileSync(foreign, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x0a]));
  app.openFiles.push(foreign);
  await page.getByRole('button', { name: 'Choose backup file…' }).click();
  await expect(page.getByRole('alert')).toContainText(/not a Holdspace backup.*Nothing has been changed/);

  // The right file, the wrong passphrase: said plainly, nothing set up.
  app.openFiles.push(backupFile);
  await page.getByRole('button', { name: 'Choose backup file…' }).click();
  await expect(page.getByRole('note')).toContainText(path.basename(backupFile));
  await page.getByLabel('Passphrase for this backup').fill('not the passphrase at all');
  await page.getByRole('button', { name: 'Open backup' }).click();
  await expect(page.getByRole('alert')).toContainText(/does not open this backup.*Nothing has been changed/);
  expect((await app.services.vault.status()).state).toBe('uninitialised');

  // The recovery key opens it; the clinician sees what it holds before anything is replaced.
  await page.getByLabel('Use the recovery key instead').check();
  await page.getByLabel('Recovery key for this backup').fill(recoveryKey);
  await page.getByRole('button', { name: 'Open backup' }).click();
  const summary = page.getByRole('group', { name: 'What will be restored' });
  await expect(summary).toContainText('2 clients');
  await expect(summary.getByRole('alert')).toHaveCount(0);
  expect((await app.services.vault.status()).state).toBe('uninitialised');
  await summary.getByRole('button', { name: 'Restore these records' }).click();

  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const clients = new ClientsPage(page);
  await clients.open();
  const list = page.getByRole('list', { name: 'Clients' });
  await expect(list.getByRole('button', { name: /Ines Moreau/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /Tomasz Wrona/ })).toBeVisible();
  await app.close();
  apps.splice(apps.indexOf(app), 1);

  // A restart: the restored vault is this computer's vault, opened by the backup's passphrase.
  const again = await launchApp({ profileDir, kdf: FAST_KDF });
  apps.push(again);
  await new VaultPage(again.page).unlock(BACKUP_PASSPHRASE);
  await new ClientsPage(again.page).open();
  await expect(again.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Ines Moreau/ })).toBeVisible();
});
