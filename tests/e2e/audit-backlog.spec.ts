/**
 * The audit trail's file refuses writes (a full disk under it) while the clinician works: the
 * change is saved once, a notice says its entry waits, a lock asks first, and once the disk has
 * room the entry is written and the trail shows it.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

let app: LaunchedApp | undefined;
const realOpenSync = fs.openSync;
test.afterEach(async () => {
  fs.openSync = realOpenSync;
  await app?.close();
  app = undefined;
});

test('a change saved while the audit trail cannot be written is kept once, said, and written when the disk has room', async () => {
  const profileDir = freshProfileDir('audit-backlog');
  const trail = path.join(profileDir, 'app-data', 'audit', 'trail.jsonl');
  app = await launchApp({ profileDir });
  const { page } = app;
  const vault = new VaultPage(page);
  await vault.setUp();

  // Main's audit trail (in this process, as in the app's main process) refuses to open its file for appending.
  fs.openSync = ((...args: Parameters<typeof fs.openSync>) => {
    if (String(args[0]) === trail && args[1] === 'a+') throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    return realOpenSync(...args);
  }) as typeof fs.openSync;
  const clients = new ClientsPage(page);
  await clients.create({ name: 'Noor Haddad' });
  const waiting = page.getByRole('alert').filter({ hasText: 'could not add a change to the audit trail' });
  await expect(waiting).toBeVisible();
  await expect(page.getByRole('list', { name: 'Clients' }).getByText('Noor Haddad')).toHaveCount(1);

  // A lock asks first, and staying keeps everything as it was.
  await page.keyboard.press('Control+l');
  const ask = page.getByRole('dialog', { name: 'Some changes are not in the audit trail yet' });
  await expect(ask).toContainText('A saved change is not yet in the audit trail');
  expect(app.services.vault.state()).toBe('unlocked');
  await ask.getByRole('button', { name: 'Stay unlocked' }).click();

  // The disk has room again: the entry is written, the notice goes, and the trail lists it.
  fs.openSync = realOpenSync;
  await page.getByRole('button', { name: 'Write the audit trail again' }).click();
  await expect(waiting).toBeHidden();
  await vault.goTo('Audit trail');
  const created = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'create', exact: true }) });
  await expect(created.filter({ has: page.getByRole('cell', { name: 'client', exact: true }) })).toHaveCount(1);
  await vault.lock();
  expect(app.services.vault.state()).toBe('locked');
});
