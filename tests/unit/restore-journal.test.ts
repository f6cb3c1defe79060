/**
 * A restore killed after any of its calls leaves a profile that opens: the page's records
 * (simulated here as the IndexedDB transaction would leave them: all old, or all the
 * backup's with the restore's id beside them) and main's vault header agree after the
 * next start, and the matching passphrase opens the records.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupRow } from '../../electron/main/services/backup';
import { PASS, testServices } from './helpers/main-services';

const BACKUP_PASS = 'backup orchard lantern words';
type Services = ReturnType<typeof testServices>;

const settingsStore = (dataDir: string) =>
  new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'holdspace', projectName: 'holdspace' });

/** Main on `dataDir` as a fresh start of the app would build it: state only from disk. */
const start = (dataDir: string): Services => testServices({ dataDir, store: settingsStore(dataDir) });

const sealRow = (s: Services, id: string, text: string): BackupRow => ({
  id,
  v: 1,
  env: s.vault.seal([{ id, table: 'clients', schemaVersion: 1, plaintext: text }])[0]!,
});

/** The page's database: the sealed client rows and the restore marker in `meta`. */
interface PageDb {
  rows: BackupRow[];
  marker?: string;
}

async function backupFile(): Promise<string> {
  const source = testServices();
  await source.handlers['vault.create']({ passphrase: BACKUP_PASS });
  const token = (() => {
    source.saveTo.push(path.join(source.dataDir, 'practice.holdspace-backup'));
    return source.handlers['backup.begin']({ dbVersion: 2, suggestedName: 'practice.holdspace-backup' });
  })();
  const { token: t } = await token;
  await source.handlers['backup.append']({ token: t!, table: 'clients', rows: [sealRow(source, 'c-backup', 'From the backup')] });
  await source.handlers['backup.finish']({ token: t! });
  return path.join(source.dataDir, 'practice.holdspace-backup');
}

const STEPS = [
  'backup.inspect',
  'backup.restore',
  'backup.chunk',
  'backup.prepare',
  'page replaces rows',
  'backup.commit',
] as const;

async function restoreUntil(s: Services, db: PageDb, file: string, stopAfter: number, firstRun: boolean): Promise<void> {
  let restoreId = '';
  let chunk: { rows: BackupRow[] } = { rows: [] };
  const run: Record<(typeof STEPS)[number], () => Promise<void>> = {
    'backup.inspect': async () => {
      s.openFrom.push(file);
      await s.handlers['backup.inspect']({});
    },
    'backup.restore': async () => {
      await s.handlers['backup.restore'](firstRun ? { passphrase: BACKUP_PASS } : { passphrase: BACKUP_PASS, current: PASS });
    },
    'backup.chunk': async () => {
      chunk = (await s.handlers['backup.chunk']({ index: 0 })) as { rows: BackupRow[] };
    },
    'backup.prepare': async () => {
      ({ restoreId } = await s.handlers['backup.prepare']({}));
    },
    // One IndexedDB transaction: the rows and the marker together.
    'page replaces rows': async () => {
      db.rows = chunk.rows;
      db.marker = restoreId;
    },
    'backup.commit': async () => {
      await s.handlers['backup.commit']({});
    },
  };
  for (const step of STEPS.slice(0, stopAfter + 1)) await run[step]();
}

describe.each([
  ['over an existing vault', false],
  ['on a new computer (first run)', true],
])('a restore %s killed after each step', (_, firstRun) => {
  it.each(STEPS.map((step, i) => [step, i] as const))('after %s, the next start opens the records', async (step, i) => {
    const file = await backupFile();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-restore-crash-'));
    const before = start(dataDir);
    const db: PageDb = { rows: [] };
    if (!firstRun) {
      await before.handlers['vault.create']({ passphrase: PASS });
      db.rows = [sealRow(before, 'c-own', 'Already here')];
    }
    await restoreUntil(before, db, file, i, firstRun);
    const replaced = db.rows.some((r) => r.id === 'c-backup');
    expect(replaced).toBe(i >= STEPS.indexOf('page replaces rows'));

    // The process dies here (nothing is locked or flushed); the app starts again on the same folder.
    const after = start(dataDir);
    const { outcome } = await after.handlers['backup.resolve'](db.marker ? { appliedRestoreId: db.marker } : {});
    expect(outcome).toBe(
      step === 'backup.commit' ? 'none' : replaced ? 'finished' : i >= STEPS.indexOf('backup.prepare') ? 'undone' : 'none',
    );
    expect(fs.existsSync(path.join(dataDir, 'restore-journal.json'))).toBe(false);

    if (!replaced && firstRun) {
      // Nothing was restored and there are no records: a new computer, as before.
      expect(after.vault.state()).toBe('uninitialised');
      return;
    }
    expect(after.vault.state()).toBe('locked');
    await after.handlers['vault.unlock']({ passphrase: replaced ? BACKUP_PASS : PASS });
    expect(after.vault.state()).toBe('unlocked');
    const opened = after.vault.open(db.rows.map((r) => ({ id: r.id, table: 'clients', schemaVersion: 1, envelope: r.env })));
    expect(opened).toEqual([{ ok: true, plaintext: replaced ? 'From the backup' : 'Already here' }]);
    const trail = after.handlers['audit.verify']({}) as { intact: boolean };
    expect(trail.intact).toBe(true);
    if (replaced) {
      const { entries } = (await after.handlers['audit.list']({})) as { entries: { action: string }[] };
      expect(entries.filter((e) => e.action === 'restore')).toHaveLength(1);
    }
  });
});

describe('the restore journal', () => {
  it('is on disk before the page may replace a row, and commit refuses without it', async () => {
    const file = await backupFile();
    const s = start(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-restore-journal-')));
    await restoreUntil(s, { rows: [] }, file, STEPS.indexOf('backup.chunk'), true);
    await expect(async () => s.handlers['backup.commit']({})).rejects.toThrow(/Choose a backup/);
    const { restoreId } = await s.handlers['backup.prepare']({});
    const journal = JSON.parse(fs.readFileSync(path.join(s.dataDir, 'restore-journal.json'), 'utf8')) as { id: string };
    expect(journal.id).toBe(restoreId);
    // Nothing secret in it: no key, no passphrase.
    expect(fs.readFileSync(path.join(s.dataDir, 'restore-journal.json'), 'utf8')).not.toContain(BACKUP_PASS);
  });

  it('a marker from another restore rolls back, never forward', async () => {
    const file = await backupFile();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-restore-journal-'));
    const s = start(dataDir);
    await restoreUntil(s, { rows: [] }, file, STEPS.indexOf('backup.prepare'), true);
    const after = start(dataDir);
    expect(await after.handlers['backup.resolve']({ appliedRestoreId: 'an-older-restore' })).toEqual({ outcome: 'undone' });
    expect(after.vault.state()).toBe('uninitialised');
  });

  it('a lock between the page replacing the rows and the commit: settling without a restart finishes the restore', async () => {
    const file = await backupFile();
    const s = start(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-restore-journal-')));
    await s.handlers['vault.create']({ passphrase: PASS });
    const db: PageDb = { rows: [sealRow(s, 'c-own', 'Already here')] };
    await restoreUntil(s, db, file, STEPS.indexOf('page replaces rows'), false);
    s.vault.lock('idle');
    await expect(async () => s.handlers['backup.commit']({})).rejects.toThrow();
    await s.handlers['vault.unlock']({ passphrase: PASS });
    // The page reloads and settles: the vault locks and takes the backup's header.
    expect(await s.handlers['backup.resolve']({ appliedRestoreId: db.marker! })).toEqual({ outcome: 'finished' });
    expect(s.vault.state()).toBe('locked');
    await s.handlers['vault.unlock']({ passphrase: BACKUP_PASS });
    const opened = s.vault.open(db.rows.map((r) => ({ id: r.id, table: 'clients', schemaVersion: 1, envelope: r.env })));
    expect(opened).toEqual([{ ok: true, plaintext: 'From the backup' }]);
  });
});
