/**
 * The settings file holding the vault header can be lost or damaged; the records must not
 * be: a copy of the header kept with them lets the clinician unlock as before, and
 * records without any header never lead to Setup (which would hide them under a new key).
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };
// A restart keeps the browser profile, but the harness serves each launch from a new port,
// so IndexedDB (kept per origin) starts empty; these run once the harness origin is stable.
const apps: LaunchedApp[] = [];
test.afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function practiceWithOneClient(label: string): Promise<string> {
  const profileDir = freshProfileDir(label);
  const app = await launchApp({ profileDir, kdf: FAST_KDF });
  await new VaultPage(app.page).setUp();
  await new ClientsPage(app.page).create({ name: 'Noor Haddad' });
  await app.close();
  return profileDir;
}

const settingsFile = (profileDir: string): string => path.join(profileDir, 'app-data', 'holdspace.json');

test('with the settings file lost, the copy of the header kept with the records unlocks as before', async () => {
  const profileDir = await practiceWithOneClient('header-lost');
  fs.rmSync(settingsFile(profileDir));
  const app = await launchApp({ profileDir, kdf: FAST_KDF });
  apps.push(app);
  await expect(app.page.getByRole('heading', { name: 'Welcome to Holdspace' })).toHaveCount(0);
  await new VaultPage(app.page).unlock();
  await new ClientsPage(app.page).open();
  await expect(app.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Noor Haddad/ })).toBeVisible();
});

test('records with no header anywhere say so plainly, and never offer Setup over them', async () => {
  const profileDir = await practiceWithOneClient('header-gone');
  fs.rmSync(settingsFile(profileDir));
  const first = await launchApp({ profileDir, kdf: FAST_KDF });
  // Start-up has taken the copy back (and written a new settings file) before the copy is lost.
  await expect(first.page.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
  // Lose the copy too (as if the records came from before copies were kept), then start again.
  await first.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('holdspace');
        open.onsuccess = () => {
          const tx = open.result.transaction('meta', 'readwrite');
          tx.objectStore('meta').delete('vaultHeader');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await first.close();
  // The first launch may or may not have taken the copy back into a new settings file before it went: remove either way.
  fs.rmSync(settingsFile(profileDir), { force: true });
  const app = await launchApp({ profileDir, kdf: FAST_KDF });
  apps.push(app);
  await expect(app.page.getByRole('alert')).toContainText('Your records are on this computer');
  await expect(app.page.getByRole('heading', { name: 'Welcome to Holdspace' })).toHaveCount(0);
});

test('an unreadable settings file is set aside with a clear message; Unlock opens the records as before', async () => {
  const profileDir = await practiceWithOneClient('settings-unreadable');
  // Cut short mid-write, as a crash on a careless disk leaves it.
  const original = fs.readFileSync(settingsFile(profileDir), 'utf8');
  fs.writeFileSync(settingsFile(profileDir), original.slice(0, Math.floor(original.length / 2)));
  const app = await launchApp({ profileDir, kdf: FAST_KDF });
  apps.push(app);
  const notice = app.page.getByRole('alert', { name: 'Start-up notice' });
  await expect(notice).toContainText('could not read its settings file');
  await expect(notice).toContainText('holdspace.json.unreadable-');
  await expect(app.page.getByRole('heading', { name: 'Welcome to Holdspace' })).toHaveCount(0);
  await new VaultPage(app.page).unlock();
  await new ClientsPage(app.page).open();
  await expect(app.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: /Noor Haddad/ })).toBeVisible();
  // The damaged file is kept for whoever wants to look at it; the new one is readable.
  const kept = fs.readdirSync(path.join(profileDir, 'app-data')).filter((n) => n.startsWith('holdspace.json.unreadable-'));
  expect(kept).toHaveLength(1);
  expect(() => JSON.parse(fs.readFileSync(settingsFile(profileDir), 'utf8'))).not.toThrow();
  // Said once: a reload does not repeat it.
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await app.page.reload();
  await expect(app.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(app.page.getByRole('alert', { name: 'Start-up notice' })).toHaveCount(0);
});
