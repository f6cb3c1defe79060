import { expect, test } from '@playwright/test';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { PASSPHRASE, VaultPage } from './pages/vault-page';

let app: LaunchedApp;
test.afterEach(async () => {
  await app?.close();
});

const marker = (label: string): string => `${label}${crypto.randomBytes(6).toString('hex')}`;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isSymbolicLink()) return [];
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

function filesContaining(dir: string, needle: string): string[] {
  const utf8 = Buffer.from(needle, 'utf8');
  const utf16 = Buffer.from(needle, 'utf16le');
  return filesUnder(dir).filter((file) => {
    const bytes = fs.readFileSync(file);
    return bytes.includes(utf8) || bytes.includes(utf16);
  });
}

test('no client text reaches the disk, and none stays in the page after locking', async () => {
  app = await launchApp({ profileDir: freshProfileDir('canary') });
  const vault = new VaultPage(app.page);
  await vault.setUp();
  const name = marker('Canaryname');
  const concerns = marker('Canaryconcern');
  const email = `${marker('canarymail')}@example.org`;
  await new ClientsPage(app.page).create({ name, concerns, email, preferredName: marker('Canarypref') });
  await expect(app.page.getByRole('heading', { name, level: 2 })).toBeVisible();
  await expect(app.page.getByText(concerns)).toBeVisible();
  // Chromium only leaves a field out of its on-disk session state if it is marked so.
  const unmarked = await app.page.evaluate(
    () =>
      [...document.querySelectorAll('input, textarea, select')].filter((el) => el.getAttribute('autocomplete') !== 'off').length,
  );
  expect(unmarked).toBe(0);
  // Positive controls, so the scans below could fail: the heap holds the name while unlocked,
  // and the record's random id (kept in clear) is findable in the files the scan reads.
  const clientId = await app.page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('holdspace');
        open.onsuccess = () => {
          const req = open.result.transaction('clients').objectStore('clients').getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve(String(req.result[0]));
          };
        };
      }),
  );
  const heapText = async (): Promise<string> => {
    const cdp = await app.context.newCDPSession(app.page);
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await cdp.detach();
    return chunks.join('');
  };
  expect((await heapText()).includes(name)).toBe(true);

  await vault.lock();
  // The page was reloaded on lock: nothing decrypted survives in the DOM or the JS heap.
  expect(await app.page.evaluate(() => document.body.innerText)).not.toContain(name);
  const heap = await heapText();
  for (const m of [name, concerns, email]) expect(heap.includes(m), `heap holds ${m}`).toBe(false);

  await app.close();
  // Every file the app and the browser wrote: IndexedDB, electron-store, caches, logs.
  expect(filesContaining(app.profileDir, clientId).length).toBeGreaterThan(0);
  for (const m of [name, concerns, email]) expect(filesContaining(app.profileDir, m), `files holding ${m}`).toEqual([]);
  app = undefined as unknown as LaunchedApp;
});

test('ten wrong passphrases change nothing on disk, then the right one unlocks', async () => {
  const profileDir = freshProfileDir('wrongpass');
  app = await launchApp({ profileDir });
  const vault = new VaultPage(app.page);
  await vault.setUp();
  await vault.lock();
  const appData = path.join(profileDir, 'app-data');
  const snapshot = (): Record<string, string> =>
    Object.fromEntries(filesUnder(appData).map((f) => [f, crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')]));
  const before = snapshot();
  const codes: string[] = [];
  for (let i = 0; i < 10; i++) {
    const result = await app.page.evaluate((p) => window.holdspace.vault.unlock({ passphrase: p }), `not the passphrase ${i}`);
    codes.push(result.ok ? 'ok' : result.error.code);
  }
  expect(codes.slice(0, 3)).toEqual(['WRONG_PASSPHRASE', 'WRONG_PASSPHRASE', 'WRONG_PASSPHRASE']);
  expect(codes.every((c) => c === 'WRONG_PASSPHRASE' || c === 'TOO_MANY_ATTEMPTS')).toBe(true);
  expect(snapshot()).toEqual(before);

  // The screen says so plainly and shows the wait.
  await app.page.getByLabel('Passphrase').fill('still not it');
  await app.page.getByRole('button', { name: /Unlock|Try again/ }).click();
  await expect(app.page.getByRole('alert')).toContainText(/passphrase is not right|Too many attempts/);
});

test('the unlock screen’s wait after wrong guesses counts down on time when the computer’s clock is set back', async () => {
  app = await launchApp({ profileDir: freshProfileDir('throttle-clock-back') });
  await app.page.clock.install();
  await app.page.reload();
  const { page } = app;
  const vault = new VaultPage(page);
  await vault.setUp();
  await vault.lock();
  const button = page.getByRole('button', { name: /^(Unlock|Try again in \d+ s)$/ });
  // Wrong guesses until the screen asks to wait (the fourth, unless a second went by meanwhile).
  for (let i = 0; i < 8 && !/Try again/.test((await button.textContent()) ?? ''); i++) {
    await expect(button).toHaveText('Unlock');
    await page.getByLabel('Passphrase').fill(`not the passphrase ${i}`);
    await button.click();
    await expect(button).not.toHaveText('Unlocking…');
  }
  await expect(button).toHaveText(/^Try again in [1-4] s$/);
  await expect(button).toBeDisabled();
  // The clock goes back an hour: the wait is still seconds, not an hour.
  const now = await page.evaluate(() => Date.now());
  await page.clock.setSystemTime(now - 60 * 60_000);
  await page.clock.runFor(600);
  await expect(button).toHaveText(/^(Unlock|Try again in [1-4] s)$/);
  await page.clock.runFor(5_000);
  await expect(button).toHaveText('Unlock');
  await expect(button).toBeEnabled();
});

test('a tampered record is reported on that record and the others still open', async () => {
  app = await launchApp({ profileDir: freshProfileDir('tamper') });
  const vault = new VaultPage(app.page);
  await vault.setUp();
  const clients = new ClientsPage(app.page);
  await clients.create({ name: 'Alice Tampered' });
  await clients.create({ name: 'Bob Intact' });
  await clients.create({ name: 'Chen Intact' });
  // Flip one byte of one stored envelope directly in IndexedDB.
  const flipped = await app.page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('holdspace');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('clients', 'readwrite');
          const store = tx.objectStore('clients');
          const all = store.getAll();
          all.onsuccess = () => {
            const row = all.result[0] as { id: string; env: { ct: string } };
            const bytes = Uint8Array.from(atob(row.env.ct), (c) => c.charCodeAt(0));
            bytes[5] = bytes[5]! ^ 0x20;
            row.env.ct = btoa(String.fromCharCode(...bytes));
            store.put(row);
            tx.oncomplete = () => {
              open.result.close();
              resolve(row.id);
            };
          };
        };
      }),
  );
  await vault.lock();
  await vault.unlock();
  await clients.open();
  await expect(app.page.getByRole('alert')).toContainText('1 client record could not be opened');
  await expect(app.page.getByRole('alert')).toContainText(flipped);
  await expect(app.page.getByRole('alert')).toContainText('altered or damaged');
  const list = app.page.getByRole('list', { name: 'Clients' }).getByRole('button');
  await expect(list).toHaveCount(2);
});

test('idle timeout locks the app and clears the page (fake timers)', async () => {
  app = await launchApp({ profileDir: freshProfileDir('idle') });
  await app.page.clock.install();
  await app.page.reload();
  const vault = new VaultPage(app.page);
  await vault.setUp();
  await new ClientsPage(app.page).create({ name: 'Dana Idle' });
  await app.page.clock.fastForward('09:00');
  await expect(app.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await app.page.clock.fastForward('01:30');
  await expect(app.page.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
  expect(await app.page.evaluate(() => document.body.innerText)).not.toContain('Dana Idle');
  expect(app.services.vault.state()).toBe('locked');
});

test('the idle lock still comes on time when the computer’s clock is set back', async () => {
  app = await launchApp({ profileDir: freshProfileDir('idle-clock-back') });
  await app.page.clock.install();
  await app.page.reload();
  const vault = new VaultPage(app.page);
  await vault.setUp();
  await new ClientsPage(app.page).create({ name: 'Rowan Clockwise' });
  // A time server (or the clinician) puts the clock back an hour; nothing is touched after.
  const now = await app.page.evaluate(() => Date.now());
  await app.page.clock.setSystemTime(now - 60 * 60_000);
  await app.page.clock.fastForward('09:00');
  await expect(app.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await app.page.clock.fastForward('01:30');
  await expect(app.page.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
  expect(await app.page.evaluate(() => document.body.innerText)).not.toContain('Rowan Clockwise');
  expect(app.services.vault.state()).toBe('locked');
});

test('the recovery key unlocks, and the audit trail records unlock, lock and create', async () => {
  app = await launchApp({ profileDir: freshProfileDir('recovery') });
  const vault = new VaultPage(app.page);
  const recoveryKey = await vault.setUp();
  expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
  await new ClientsPage(app.page).create({ name: 'Eve Audit' });
  await vault.lock();
  await app.page.getByRole('button', { name: 'Use recovery key instead' }).click();
  await app.page.getByLabel('Recovery key').fill(recoveryKey);
  await app.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(app.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await vault.goTo('Audit trail');
  await expect(app.page.getByRole('status').filter({ hasText: 'verified' })).toBeVisible();
  const rows = app.page.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: 'create' }).filter({ hasText: 'client' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'lock' }).filter({ hasText: 'vault' })).not.toHaveCount(0);
  await expect(app.page.getByRole('table')).not.toContainText('Eve Audit');
  await app.page.getByLabel('Action').selectOption('unlock');
  await expect(rows.filter({ hasText: 'create' })).toHaveCount(0);
  void PASSPHRASE;
});
