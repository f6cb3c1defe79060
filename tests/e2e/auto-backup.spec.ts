import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 12, r: 8, p: 1 };
const DAY = 24 * 60 * 60_000;
const apps: LaunchedApp[] = [];
test.afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** The row count a backup file's tail line records (what "verified, N records" must say). */
const rowsIn = (file: string): number => {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  return (JSON.parse(lines[lines.length - 2]!) as { rows: number }).rows;
};
const ours = (folder: string): string[] =>
  fs
    .readdirSync(folder)
    .filter((f) => f.startsWith('Holdspace auto-backup '))
    .sort();
const autoBackupStatus = (app: LaunchedApp) => app.page.getByRole('status', { name: 'Automatic backup' });

test('a chosen folder gets a verified backup at once and again automatically after unlocking the next day', async () => {
  const profileDir = freshProfileDir('auto-backup');
  const folder = path.join(profileDir, 'Backup drive');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'my own notes.txt'), 'not Holdspace’s');
  let offset = 0;
  const options = { profileDir, kdf: FAST_KDF, chooseFolder: () => folder, now: () => Date.now() + offset };
  const app = await launchApp(options);
  apps.push(app);
  const vault = new VaultPage(app.page);
  await vault.setUp();
  const clients = new ClientsPage(app.page);
  await clients.create({ name: 'Autumn Backupson' });
  await clients.create({ name: 'Winter Backupson' });
  await vault.goTo('Settings');
  await expect(app.page.getByText('No backup folder chosen: automatic backups are off.')).toBeVisible();
  await app.page.getByRole('button', { name: 'Choose backup folder…' }).click();
  await expect(app.page.getByText(`Backup folder: ${folder}`)).toBeVisible();
  await expect(autoBackupStatus(app)).toContainText(/^Last backup \d{2}:\d{2} today, verified, \d+ records\.$/);
  const [first] = ours(folder);
  expect(first).toBeDefined();
  expect(fs.readFileSync(path.join(folder, first!)).includes(Buffer.from('Autumn Backupson'))).toBe(false);
  await expect(autoBackupStatus(app)).toHaveText(
    new RegExp(
      `^Last backup \\d{2}:\\d{2} today, verified, ${rowsIn(path.join(folder, first!)).toLocaleString('en-GB')} records\\.$`,
    ),
  );

  // The next day, unlocking is enough: a second backup appears, verified, with nothing asked.
  await vault.lock();
  offset = DAY;
  await vault.unlock();
  await expect.poll(() => ours(folder).length, { timeout: 20_000 }).toBe(2);
  await vault.goTo('Settings');
  await expect(autoBackupStatus(app)).toContainText(/verified, \d+ records\./);
  await expect(app.page.getByRole('alert', { name: 'Backup reminder' })).toHaveCount(0);
  // The clinician's own file in that folder is untouched.
  expect(fs.readFileSync(path.join(folder, 'my own notes.txt'), 'utf8')).toBe('not Holdspace’s');
});

test('Check a backup: a good file is verified with its date and count; a changed one is refused with the reason', async () => {
  const profileDir = freshProfileDir('check-backup');
  const folder = path.join(profileDir, 'Backups');
  fs.mkdirSync(folder);
  const app = await launchApp({ profileDir, kdf: FAST_KDF, chooseFolder: () => folder });
  apps.push(app);
  const vault = new VaultPage(app.page);
  await vault.setUp();
  const clients = new ClientsPage(app.page);
  await clients.create({ name: 'Checked Charlotte' });
  await clients.create({ name: 'Checked Chidi' });
  await vault.goTo('Settings');
  await app.page.getByRole('button', { name: 'Choose backup folder…' }).click();
  await expect(autoBackupStatus(app)).toContainText('verified');
  const good = path.join(folder, ours(folder)[0]!);
  const records = rowsIn(good);

  app.openFiles.push(good);
  await app.page.getByRole('button', { name: 'Check a backup…' }).click();
  const result = app.page.getByRole('status', { name: 'Backup check result' });
  await expect(result).toContainText('Verified.');
  await expect(result).toContainText(`holds ${records} records (`);
  await expect(result).toContainText('2 clients');
  await expect(result).toContainText(/was made .+ \d{4}.+\d{2}:\d{2}/);

  // One byte of one sealed record changed: not restorable, and the check says why.
  const text = fs.readFileSync(good, 'latin1');
  const at = text.indexOf('"ct":"') + 12;
  const tampered = path.join(profileDir, 'tampered.holdspace-backup');
  fs.writeFileSync(tampered, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1), 'latin1');
  app.openFiles.push(tampered);
  await app.page.getByRole('button', { name: 'Check a backup…' }).click();
  const refused = app.page.getByRole('alert', { name: 'Backup check result' });
  await expect(refused).toContainText('Not verified.');
  await expect(refused).toContainText('changed or damaged since Holdspace wrote it');

  // Cut short (a copy that did not finish).
  const cut = path.join(profileDir, 'cut.holdspace-backup');
  fs.writeFileSync(cut, fs.readFileSync(good).subarray(0, 300));
  app.openFiles.push(cut);
  await app.page.getByRole('button', { name: 'Check a backup…' }).click();
  await expect(refused).toContainText('incomplete');

  // Another vault's backup asks for that backup's passphrase, and is then verified.
  const other = await launchApp({ profileDir: freshProfileDir('check-backup-other'), kdf: FAST_KDF });
  apps.push(other);
  const otherVault = new VaultPage(other.page);
  await otherVault.setUp('a different laptop passphrase');
  await otherVault.goTo('Settings');
  other.openFiles.push(good);
  await other.page.getByRole('button', { name: 'Check a backup…' }).click();
  await expect(other.page.getByRole('note')).toContainText('by another Holdspace vault');
  await other.page.getByLabel('Passphrase for the backup to check').fill('a different laptop passphrase');
  await other.page.getByRole('button', { name: 'Check with this passphrase' }).click();
  await expect(other.page.getByRole('alert').filter({ hasText: 'does not open this backup' })).toBeVisible();
  await other.page.getByLabel('Passphrase for the backup to check').fill('quiet lantern orchard tidepool');
  await other.page.getByRole('button', { name: 'Check with this passphrase' }).click();
  await expect(other.page.getByRole('status', { name: 'Backup check result' })).toContainText(`Verified.`);
});

test('an unreachable backup folder is a visible reminder with what happens next; the retry later succeeds', async () => {
  const profileDir = freshProfileDir('auto-backup-unplugged');
  const drive = path.join(profileDir, 'USB');
  const folder = path.join(drive, 'Holdspace');
  fs.mkdirSync(folder, { recursive: true });
  let offset = 0;
  const app = await launchApp({ profileDir, kdf: FAST_KDF, chooseFolder: () => folder, now: () => Date.now() + offset });
  apps.push(app);
  const vault = new VaultPage(app.page);
  await vault.setUp();
  await vault.goTo('Settings');
  await app.page.getByRole('button', { name: 'Choose backup folder…' }).click();
  await expect(autoBackupStatus(app)).toContainText('verified');
  const before = ours(folder);

  // The drive is unplugged overnight; the next day's unlock tries and cannot reach it.
  await vault.lock();
  fs.renameSync(drive, path.join(profileDir, 'USB (unplugged)'));
  offset = DAY;
  await vault.unlock();
  const reminder = app.page.getByRole('alert', { name: 'Backup reminder' });
  await expect(reminder).toContainText('The automatic backup did not work.');
  await expect(reminder).toContainText(`Holdspace could not reach the backup folder (${folder})`);
  await expect(reminder).toContainText(/Holdspace will try again at \d{2}:\d{2}\. Nothing is lost/);
  await expect(reminder.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await vault.goTo('Settings');
  await expect(app.page.getByRole('alert', { name: 'Backup reminder' })).toContainText('could not reach the backup folder');

  // Plugged back in: the earlier backup is as it was, and once the wait is over the retry succeeds by itself.
  fs.renameSync(path.join(profileDir, 'USB (unplugged)'), drive);
  expect(ours(folder)).toEqual(before);
  offset = DAY + 6 * 60_000;
  // The clinician comes back to the window (Holdspace also checks every half minute).
  await app.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect.poll(() => ours(folder).length, { timeout: 20_000 }).toBe(2);
  await expect(app.page.getByRole('alert', { name: 'Backup reminder' })).toHaveCount(0);
  await expect(autoBackupStatus(app)).toContainText(/verified, \d+ records\./);
  await vault.goTo('Today');
  await expect(app.page.getByRole('alert', { name: 'Backup reminder' })).toHaveCount(0);
});
