import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

const apps: LaunchedApp[] = [];
test.afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

test('a backup restores on another laptop with its passphrase; a damaged file or a wrong passphrase changes nothing', async () => {
  const first = await launchApp({ profileDir: freshProfileDir('backup-a') });
  apps.push(first);
  const vaultA = new VaultPage(first.page);
  await vaultA.setUp('original orchard passphrase words');
  await new ClientsPage(first.page).create({ name: 'Lena Backupova', concerns: 'Grief after a move' });
  await vaultA.goTo('Settings');
  await first.page.getByRole('button', { name: 'Back up now' }).click();
  await expect(first.page.getByRole('status').filter({ hasText: 'Backup saved' })).toBeVisible();
  const backupFile = first.savedFiles.at(-1)!;
  const bytes = fs.readFileSync(backupFile);
  expect(bytes.includes(Buffer.from('Lena Backupova'))).toBe(false);
  expect(bytes.includes(Buffer.from('Grief after a move'))).toBe(false);

  const second = await launchApp({ profileDir: freshProfileDir('backup-b') });
  apps.push(second);
  const vaultB = new VaultPage(second.page);
  await vaultB.setUp('a different laptop passphrase');
  await new ClientsPage(second.page).create({ name: 'Kept Until Restore' });
  await vaultB.goTo('Settings');

  const damaged = path.join(second.profileDir, 'damaged.holdspace-backup');
  fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 500));
  second.openFiles.push(damaged);
  await second.page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await expect(second.page.getByText(/damaged or is not a Holdspace backup.*Nothing has been changed/)).toBeVisible();

  second.openFiles.push(backupFile);
  await second.page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await expect(second.page.getByRole('note')).toContainText('replaces everything');
  await second.page.getByLabel('Passphrase for this backup').fill('a different laptop passphrase');
  await second.page.getByLabel('Your current passphrase (on this computer)').fill('a different laptop passphrase');
  await second.page.getByRole('button', { name: 'Replace my records with this backup' }).click();
  await expect(second.page.getByText(/does not open this backup.*Nothing has been changed/)).toBeVisible();
  await new ClientsPage(second.page).open();
  await expect(
    second.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Kept Until Restore/ }),
  ).toBeVisible();

  await vaultB.goTo('Settings');
  second.openFiles.push(backupFile);
  await second.page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await second.page.getByLabel('Passphrase for this backup').fill('original orchard passphrase words');
  await second.page.getByLabel('Your current passphrase (on this computer)').fill('a different laptop passphrase');
  const reloaded = second.page.waitForEvent('load');
  await second.page.getByRole('button', { name: 'Replace my records with this backup' }).click();
  await reloaded;
  await expect(second.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const clients = new ClientsPage(second.page);
  await clients.open();
  await expect(second.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Lena Backupova/ })).toBeVisible();
  await expect(
    second.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Kept Until Restore/ }),
  ).toHaveCount(0);

  // The restored vault answers to the backup's passphrase from now on.
  await vaultB.lock();
  await vaultB.unlock('original orchard passphrase words');
  await vaultB.goTo('Audit trail');
  await expect(second.page.getByRole('table').getByRole('row').filter({ hasText: 'restore' })).toHaveCount(1);
});
