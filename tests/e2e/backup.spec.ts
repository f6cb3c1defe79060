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
  await expect(
    second.page.getByText(/damaged, has been changed, or is not a Holdspace backup.*Nothing has been changed/),
  ).toBeVisible();

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
  // The restore wrote a new database beside the replaced one; once it holds the records, the replaced one is deleted
  // from this computer's disk (sealed or not, a restore means the old records are gone).
  await expect
    .poll(() => second.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort()))
    .toEqual(['holdspace-directory', expect.stringMatching(/^holdspace-records-[0-9a-f-]{36}$/)]);

  // The restored vault answers to the backup's passphrase from now on.
  await vaultB.lock();
  await vaultB.unlock('original orchard passphrase words');
  await vaultB.goTo('Audit trail');
  await expect(second.page.getByRole('table').getByRole('row').filter({ hasText: 'restore' })).toHaveCount(1);
});

test('damaged records in a backup are reported before anything is replaced; the clinician can cancel, and the message stays until they continue', async () => {
  const first = await launchApp({ profileDir: freshProfileDir('backup-damaged-a') });
  apps.push(first);
  const vaultA = new VaultPage(first.page);
  await vaultA.setUp('original orchard passphrase words');
  const clientsA = new ClientsPage(first.page);
  await clientsA.create({ name: 'Damaged Dora' });
  await clientsA.create({ name: 'Whole Wilma' });
  // A record damaged on disk before the backup is made (one byte of its ciphertext flipped).
  await first.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('holdspace');
        open.onsuccess = () => {
          const tx = open.result.transaction('clients', 'readwrite');
          const store = tx.objectStore('clients');
          const all = store.getAll();
          all.onsuccess = () => {
            const row = (all.result as { env: { ct: string } }[])[0]!;
            const ct = atob(row.env.ct);
            row.env.ct = btoa(String.fromCharCode(ct.charCodeAt(0) ^ 1) + ct.slice(1));
            store.put(row);
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await vaultA.goTo('Settings');
  await first.page.getByRole('button', { name: 'Back up now' }).click();
  await expect(first.page.getByRole('status').filter({ hasText: 'Backup saved' })).toBeVisible();
  const backupFile = first.savedFiles.at(-1)!;

  const second = await launchApp({ profileDir: freshProfileDir('backup-damaged-b') });
  apps.push(second);
  const vaultB = new VaultPage(second.page);
  await vaultB.setUp('a different laptop passphrase');
  await new ClientsPage(second.page).create({ name: 'Kept Karl' });
  const restoreOnce = async (): Promise<void> => {
    await vaultB.goTo('Settings');
    second.openFiles.push(backupFile);
    await second.page.getByRole('button', { name: 'Restore from a backup…' }).click();
    await second.page.getByLabel('Passphrase for this backup').fill('original orchard passphrase words');
    await second.page.getByLabel('Your current passphrase (on this computer)').fill('a different laptop passphrase');
    await second.page.getByRole('button', { name: 'Replace my records with this backup' }).click();
  };
  await restoreOnce();
  const warning = second.page.getByRole('alert', { name: 'Damaged records in this backup' });
  await expect(warning).toContainText('1 record of 2 in this backup cannot be opened');
  await expect(warning).toContainText('Nothing has been replaced yet');
  await second.page.getByRole('button', { name: 'Cancel restore' }).click();
  const clientsB = new ClientsPage(second.page);
  await clientsB.open();
  await expect(second.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Kept Karl/ })).toBeVisible();

  await restoreOnce();
  let reloads = 0;
  second.page.on('load', () => (reloads += 1));
  await second.page.getByRole('button', { name: 'Restore anyway' }).click();
  await expect(
    second.page.getByRole('alert').filter({ hasText: '1 damaged record was kept but cannot be opened' }),
  ).toBeVisible();
  await second.page.waitForTimeout(3_000);
  expect(reloads).toBe(0);
  await expect(second.page.getByRole('alert').filter({ hasText: '1 damaged record was kept' })).toBeVisible();
  const reloaded = second.page.waitForEvent('load');
  await second.page.getByRole('button', { name: 'Continue' }).click();
  await reloaded;
  await clientsB.open();
  // The record that was whole is back; the damaged one is kept but cannot be opened.
  await expect(
    second.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Damaged Dora|Whole Wilma/ }),
  ).toHaveCount(1);
  await expect(second.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Kept Karl/ })).toHaveCount(0);
});
