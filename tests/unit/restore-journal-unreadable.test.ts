/**
 * A restore journal that is there but cannot be read (empty, cut short, not a journal, a read
 * the disk refuses) is not "no journal": the page may already hold the backup's rows. It is
 * kept aside (never deleted), nothing is rolled forward or back, and the clinician is told to
 * restore that backup again, which then works as any restore does.
 */
import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupRow } from '../../electron/main/services/backup';
import { RestoreJournal } from '../../electron/main/services/restore-journal';
import { PASS, testServices } from './helpers/main-services';

const BACKUP_PASS = 'backup orchard lantern words';
type Services = ReturnType<typeof testServices>;

afterEach(() => {
  vi.restoreAllMocks();
});

const start = (dataDir: string): Services =>
  testServices({
    dataDir,
    store: new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'holdspace', projectName: 'holdspace' }),
  });

const sealRow = (s: Services, id: string, text: string): BackupRow => ({
  id,
  v: 1,
  env: s.vault.seal([{ id, table: 'clients', schemaVersion: 1, plaintext: text }])[0]!,
});

const openRows = (s: Services, rows: BackupRow[]) =>
  s.vault.open(rows.map((r) => ({ id: r.id, table: 'clients', schemaVersion: 1, envelope: r.env })));

async function backupFile(): Promise<string> {
  const source = testServices();
  await source.handlers['vault.create']({ passphrase: BACKUP_PASS });
  const file = path.join(source.dataDir, 'practice.holdspace-backup');
  source.saveTo.push(file);
  const { token } = await source.handlers['backup.begin']({ dbVersion: 2, suggestedName: 'practice.holdspace-backup' });
  await source.handlers['backup.append']({
    token: token!,
    table: 'clients',
    rows: [sealRow(source, 'c-backup', 'From the backup')],
  });
  await source.handlers['backup.finish']({ token: token! });
  return file;
}

/** A restore over an existing vault up to the page's transaction (rows and marker), then the process dies. */
async function restoreUntilRowsReplaced(s: Services, file: string, replace: boolean) {
  s.openFrom.push(file);
  await s.handlers['backup.inspect']({});
  await s.handlers['backup.restore']({ passphrase: BACKUP_PASS, current: PASS });
  const chunk = (await s.handlers['backup.chunk']({ index: 0 })) as { rows: BackupRow[] };
  const { restoreId } = await s.handlers['backup.prepare']({});
  return replace ? { rows: chunk.rows, marker: restoreId } : null;
}

const journalFile = (dataDir: string) => path.join(dataDir, 'restore-journal.json');
const setAsideFiles = (dataDir: string) =>
  fs.readdirSync(dataDir).filter((f) => f.startsWith('restore-journal.json.unreadable-'));

const DAMAGE = {
  'made empty': () => '',
  'cut mid-line': (text: string) => text.slice(0, Math.floor(text.length / 2)),
  'valid JSON but not a journal': () => '{"id":"x"}',
} as const;

describe('a restore journal that cannot be read, after the page replaced its rows', () => {
  it.each(Object.keys(DAMAGE) as (keyof typeof DAMAGE)[])(
    'when %s: kept aside, the clinician told, and restoring the backup again opens the records',
    async (damage) => {
      const file = await backupFile();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-unreadable-'));
      const before = start(dataDir);
      await before.handlers['vault.create']({ passphrase: PASS });
      sealRow(before, 'c-own', 'Already here');
      const db = (await restoreUntilRowsReplaced(before, file, true))!;
      const damaged = DAMAGE[damage](fs.readFileSync(journalFile(dataDir), 'utf8'));
      fs.writeFileSync(journalFile(dataDir), damaged);

      const after = start(dataDir);
      const { outcome } = await after.handlers['backup.resolve']({ appliedRestoreId: db.marker });
      // Neither rolled forward nor (silently) back.
      expect(outcome).toBe('none');
      // Kept, not deleted: moved aside with what it held.
      expect(fs.existsSync(journalFile(dataDir))).toBe(false);
      const aside = setAsideFiles(dataDir);
      expect(aside).toHaveLength(1);
      expect(fs.readFileSync(path.join(dataDir, aside[0]!), 'utf8')).toBe(damaged);
      // Said once, in plain words, at this start.
      const { notices } = after.handlers['app.notices']({}) as { notices: string[] };
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/stopped while it was restoring a backup/);
      expect(notices[0]).toMatch(/restore that backup again/);
      expect(notices[0]).toMatch(/Nothing else was deleted/);
      expect(notices[0]).toContain(aside[0]);
      expect((after.handlers['app.notices']({}) as { notices: string[] }).notices).toEqual([]);

      // The vault is as it was: the usual passphrase unlocks, the trail is whole.
      expect(after.vault.state()).toBe('locked');
      await after.handlers['vault.unlock']({ passphrase: PASS });
      expect((after.handlers['audit.verify']({}) as { intact: boolean }).intact).toBe(true);

      // Restoring the same backup again (it was not changed) finishes the job.
      const again = (await restoreUntilRowsReplaced(after, file, true))!;
      await after.handlers['backup.commit']({});
      expect(after.vault.state()).toBe('unlocked');
      expect(openRows(after, again.rows)).toEqual([{ ok: true, plaintext: 'From the backup' }]);
      expect(fs.existsSync(journalFile(dataDir))).toBe(false);
      // The set-aside journal is still there: nothing removes it.
      expect(setAsideFiles(dataDir)).toEqual(aside);

      // And the next start has nothing more to settle or say.
      const third = start(dataDir);
      expect(await third.handlers['backup.resolve']({ appliedRestoreId: again.marker })).toEqual({ outcome: 'none' });
      expect((third.handlers['app.notices']({}) as { notices: string[] }).notices).toEqual([]);
    },
  );

  it('a journal the disk refuses to read (EIO) is not deleted either', async () => {
    const file = await backupFile();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-eio-'));
    const before = start(dataDir);
    await before.handlers['vault.create']({ passphrase: PASS });
    const db = (await restoreUntilRowsReplaced(before, file, true))!;
    const intact = fs.readFileSync(journalFile(dataDir), 'utf8');
    const after = start(dataDir);
    const readFileSync = fs.readFileSync;
    vi.spyOn(fs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) => {
      if (p === journalFile(dataDir)) throw Object.assign(new Error('i/o error'), { code: 'EIO' });
      return readFileSync(p, o as BufferEncoding);
    }) as typeof fs.readFileSync);
    expect(await after.handlers['backup.resolve']({ appliedRestoreId: db.marker })).toEqual({ outcome: 'none' });
    vi.restoreAllMocks();
    const aside = setAsideFiles(dataDir);
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, aside[0]!), 'utf8')).toBe(intact);
    expect((after.handlers['app.notices']({}) as { notices: string[] }).notices).toHaveLength(1);
  });

  it('a journal that cannot be moved aside stays where it is, and the clinician is still told', async () => {
    const file = await backupFile();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-stuck-'));
    const before = start(dataDir);
    await before.handlers['vault.create']({ passphrase: PASS });
    const db = (await restoreUntilRowsReplaced(before, file, true))!;
    fs.writeFileSync(journalFile(dataDir), '');
    const after = start(dataDir);
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    });
    expect(await after.handlers['backup.resolve']({ appliedRestoreId: db.marker })).toEqual({ outcome: 'none' });
    vi.restoreAllMocks();
    expect(fs.existsSync(journalFile(dataDir))).toBe(true);
    const { notices } = after.handlers['app.notices']({}) as { notices: string[] };
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/restore that backup again/);
  });
});

describe('a restore journal that cannot be read, when the page never took a restore', () => {
  it('with no restore marker at all nothing was replaced: undone, and the file still kept aside', async () => {
    const file = await backupFile();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-nomarker-'));
    const before = start(dataDir);
    await before.handlers['vault.create']({ passphrase: PASS });
    const own = [sealRow(before, 'c-own', 'Already here')];
    await restoreUntilRowsReplaced(before, file, false);
    fs.writeFileSync(journalFile(dataDir), '{"id":');
    const after = start(dataDir);
    expect(await after.handlers['backup.resolve']({})).toEqual({ outcome: 'undone' });
    expect(fs.existsSync(journalFile(dataDir))).toBe(false);
    expect(setAsideFiles(dataDir)).toHaveLength(1);
    // The page says "undone" itself; no second notice.
    expect((after.handlers['app.notices']({}) as { notices: string[] }).notices).toEqual([]);
    await after.handlers['vault.unlock']({ passphrase: PASS });
    expect(openRows(after, own)).toEqual([{ ok: true, plaintext: 'Already here' }]);
  });
});

describe('RestoreJournal.inspect', () => {
  it('tells no journal from one that cannot be read', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-journal-inspect-'));
    const journal = new RestoreJournal(dataDir);
    expect(journal.inspect()).toEqual({ kind: 'none' });
    fs.writeFileSync(journal.file, '');
    expect(journal.inspect()).toEqual({ kind: 'unreadable' });
    expect(journal.read()).toBeNull();
    const name = journal.setAside(Date.parse('2026-11-30T09:14:00Z'));
    expect(name).toBe('restore-journal.json.unreadable-2026-11-30T09-14-00-000Z');
    // Never over one set aside before.
    fs.writeFileSync(journal.file, 'x');
    expect(journal.setAside(Date.parse('2026-11-30T09:14:00Z'))).toBe(
      'restore-journal.json.unreadable-2026-11-30T09-14-00-000Z-2',
    );
    expect(journal.inspect()).toEqual({ kind: 'none' });
    expect(fs.readFileSync(path.join(dataDir, 'restore-journal.json.unreadable-2026-11-30T09-14-00-000Z-2'), 'utf8')).toBe('x');
  });
});
