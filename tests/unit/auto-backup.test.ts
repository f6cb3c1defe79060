import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autoBackupName, parseAutoBackupName } from '../../shared/backup/retention';
import { BackupWriter, backupMacKey } from '../../electron/main/services/backup';
import { verifyBackupFile } from '../../electron/main/services/backup-verify';
import { PASS, codeOf, testServices } from './helpers/main-services';

const dir = (label: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `hs-auto-${label}-`));
const START = Date.parse('2026-11-30T09:14:00Z');

afterEach(() => {
  vi.restoreAllMocks();
});

/** Main on a clock the test moves, unlocked, with `rows` sealed client rows standing in for the page's tables. */
async function setUp(options: { rows?: number; passphrase?: string } = {}) {
  let clock = START;
  const s = testServices({ now: () => clock });
  await s.vault.create(options.passphrase ?? PASS);
  const rows = Array.from({ length: options.rows ?? 3 }, (_, i) => {
    const id = `client-${i}`;
    const env = s.vault.seal([{ id, table: 'clients', schemaVersion: 1, plaintext: `{"name":"Client ${i}"}` }])[0]!;
    return { id, v: 1, env, status: 'active' };
  });
  /** What the page does: begin, the rows a chunk at a time, finish. */
  const backUp = async () => {
    const { token } = await s.handlers['autoBackup.begin']({ dbVersion: 2 });
    for (let i = 0; i < rows.length; i += 2)
      await s.handlers['autoBackup.append']({ token, table: 'clients', rows: rows.slice(i, i + 2) });
    return s.handlers['autoBackup.finish']({ token });
  };
  const status = () => s.handlers['autoBackup.status']({});
  return {
    s,
    rows,
    backUp,
    status,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

describe('automatic backups', () => {
  it('write into the chosen folder, verify the new file and show it as the last backup with its count', async () => {
    const { s, backUp, status } = await setUp({ rows: 5 });
    const folder = dir('ok');
    s.autoBackup.setFolder(folder);
    expect((await status()).due).toBe(true);
    const result = await backUp();
    expect(result).toMatchObject({ at: START, records: 5, malformed: 0 });
    const files = fs.readdirSync(folder);
    expect(files).toEqual([autoBackupName(START)]);
    expect(fs.readFileSync(path.join(folder, files[0]!), 'utf8')).not.toContain('Client 1');
    const after = await status();
    expect(after.lastSuccess).toEqual({ at: START, records: 5, malformed: 0 });
    expect(after.due).toBe(false);
    expect(after.reminder).toBeNull();
    // Nothing about a client in the settings file: times, counts, the folder and our own file name.
    expect(JSON.stringify(s.store.get('autoBackup'))).not.toMatch(/Client/);
  });

  it('remove older automatic backups beyond the retention set only after the new one verified, and never a file that is not theirs', async () => {
    const { s, backUp, advance, now } = await setUp();
    const folder = dir('retention');
    s.autoBackup.setFolder(folder);
    const mine = 'Holdspace backup 2026-01-01.holdspace-backup';
    const notes = 'practice notes.txt';
    const lookalike = 'Holdspace auto-backup 2024-01-01 00.00.00 UTC.holdspace-backup.old';
    for (const f of [mine, notes, lookalike]) fs.writeFileSync(path.join(folder, f), 'kept');
    const ancient = autoBackupName(Date.parse('2024-06-01T10:00:00Z'));
    fs.writeFileSync(path.join(folder, ancient), 'an old automatic backup');
    // A folder with our name is never removed either.
    fs.mkdirSync(path.join(folder, autoBackupName(Date.parse('2024-07-01T10:00:00Z'))));

    // A new backup that does not read back as written (the drive returns something else) is not kept,
    // and nothing older is removed.
    vi.spyOn(fs, 'createReadStream').mockImplementation((() => Readable.from([Buffer.from('not what was written\n')])) as never);
    expect(await codeOf(() => backUp())).toBe('NOT_ALLOWED');
    vi.restoreAllMocks();
    expect(fs.readdirSync(folder)).toContain(ancient);
    expect(fs.readdirSync(folder).filter((f) => parseAutoBackupName(f) !== null)).toHaveLength(2);
    expect((await s.handlers['autoBackup.status']({})).reminder).toMatchObject({ kind: 'failed', failure: 'verify-failed' });

    advance(10 * 60_000);
    await backUp();
    for (let i = 0; i < 4; i++) {
      advance(60 * 60_000);
      await backUp();
    }
    const left = fs.readdirSync(folder).sort();
    expect(left).toEqual(expect.arrayContaining([mine, notes, lookalike, autoBackupName(Date.parse('2024-07-01T10:00:00Z'))]));
    expect(left).not.toContain(ancient);
    const ours = left.filter((f) => parseAutoBackupName(f) !== null && fs.statSync(path.join(folder, f)).isFile());
    // Five made today: the newest three stay.
    expect(ours).toHaveLength(3);
    expect(ours).toContain(autoBackupName(now()));
  });
});

describe('the after-changes schedule', () => {
  it('is due once the first change not in a backup is N minutes old; a change made during a backup counts toward the next', async () => {
    const { s, backUp, status, advance } = await setUp();
    s.autoBackup.setFolder(dir('changes'));
    await s.handlers['autoBackup.setSchedule']({ schedule: { kind: 'after-changes', minutes: 15 } });
    await backUp();
    advance(60 * 60_000);
    expect((await status()).due).toBe(false);
    const seal = () =>
      s.handlers['vault.seal']({ items: [{ id: 'n1', table: 'notes', schemaVersion: 1, plaintext: 'a change' }] });
    await seal();
    advance(14 * 60_000);
    await seal();
    expect((await status()).due).toBe(false);
    advance(60_000);
    expect((await status()).due).toBe(true);
    // A note saved while this backup is being written is not in it: the next backup is owed for it.
    const { token } = await s.handlers['autoBackup.begin']({ dbVersion: 2 });
    advance(1_000);
    await seal();
    await s.handlers['autoBackup.finish']({ token });
    advance(15 * 60_000);
    expect((await status()).due).toBe(true);
    await backUp();
    advance(60 * 60_000);
    expect((await status()).due).toBe(false);
  });
});

describe('a backup folder that cannot take a backup', () => {
  it('unplugged: says so, keeps the earlier backups, and the retry later succeeds', async () => {
    const { s, backUp, status, advance } = await setUp();
    const parent = dir('drive');
    const folder = path.join(parent, 'USB stick');
    fs.mkdirSync(folder);
    s.autoBackup.setFolder(folder);
    await backUp();
    const earlier = fs.readdirSync(folder);
    // The drive is unplugged: the folder is gone.
    fs.renameSync(folder, path.join(parent, 'elsewhere'));
    advance(24 * 60 * 60_000);
    expect((await status()).due).toBe(true);
    expect(await codeOf(() => backUp())).toBe('NOT_ALLOWED');
    const failed = await status();
    expect(failed.reminder).toMatchObject({ kind: 'failed', failure: 'unreachable' });
    expect(failed.due).toBe(false);
    expect(failed.retryAt).toBe(failed.lastFailure!.at + 5 * 60_000);
    // Plugged back in: the earlier backup is there as it was, and after the wait the retry is due and succeeds.
    fs.renameSync(path.join(parent, 'elsewhere'), folder);
    expect(fs.readdirSync(folder)).toEqual(earlier);
    advance(5 * 60_000);
    expect((await status()).due).toBe(true);
    await backUp();
    const after = await status();
    expect(after.reminder).toBeNull();
    expect(after.lastFailure).toBeNull();
    expect(fs.readdirSync(folder)).toHaveLength(2);
  });

  it('full: the partial file is removed, the earlier backups stay, and the failure says the disk is full', async () => {
    const { s, backUp, status, advance } = await setUp({ rows: 6 });
    const folder = dir('full');
    s.autoBackup.setFolder(folder);
    await backUp();
    const before = fs.readdirSync(folder).map((f) => [f, fs.readFileSync(path.join(folder, f))] as const);
    advance(60 * 60_000);
    let writes = 0;
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
      if (++writes === 3) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return (real as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync);
    expect(await codeOf(() => backUp())).toBe('NOT_ALLOWED');
    vi.restoreAllMocks();
    expect((await status()).reminder).toMatchObject({ kind: 'failed', failure: 'full' });
    expect(fs.readdirSync(folder).map((f) => [f, fs.readFileSync(path.join(folder, f))] as const)).toEqual(before);
  });

  it('permission denied: recorded as such, with attempts counted for a longer wait', async () => {
    const { s, backUp, status } = await setUp();
    s.autoBackup.setFolder(dir('denied'));
    const real = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((...args: Parameters<typeof fs.openSync>) => {
      if (String(args[0]).endsWith('.partial')) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return (real as (...a: unknown[]) => number)(...args);
    }) as typeof fs.openSync);
    expect(await codeOf(() => backUp())).toBe('NOT_ALLOWED');
    expect(await codeOf(() => backUp())).toBe('NOT_ALLOWED');
    const failed = await status();
    expect(failed.lastFailure).toMatchObject({ kind: 'denied', attempts: 2 });
    expect(failed.retryAt).toBe(failed.lastFailure!.at + 10 * 60_000);
  });

  it('every automatic-backup channel is refused while locked', async () => {
    const { s } = await setUp();
    s.autoBackup.setFolder(dir('locked'));
    s.vault.lock('manual');
    for (const call of [
      () => s.handlers['autoBackup.status']({}),
      () => s.handlers['autoBackup.begin']({ dbVersion: 2 }),
      () => s.handlers['autoBackup.append']({ token: 'x', table: 'clients', rows: [] }),
      () => s.handlers['autoBackup.finish']({ token: 'x' }),
      () => s.handlers['autoBackup.chooseFolder']({}),
      () => s.handlers['autoBackup.turnOff']({}),
      () => s.handlers['autoBackup.setSchedule']({ schedule: { kind: 'daily' } }),
      () => s.handlers['autoBackup.cancel']({ token: 'x' }),
      () => s.handlers['backup.check']({}),
      () => s.handlers['backup.checkWithSecret']({ passphrase: PASS }),
    ]) {
      expect(await codeOf(call)).toBe('LOCKED');
    }
  });
});

describe('verifying a backup without restoring it', () => {
  async function madeBackup(rows = 4) {
    const setup = await setUp({ rows });
    const folder = dir('verify');
    setup.s.autoBackup.setFolder(folder);
    await setup.backUp();
    const file = path.join(folder, fs.readdirSync(folder)[0]!);
    return { ...setup, file, folder };
  }
  const variant = (file: string, change: (text: string) => string): string => {
    const out = path.join(path.dirname(file), `variant-${Math.random().toString(36).slice(2)}.holdspace-backup`);
    fs.writeFileSync(out, change(fs.readFileSync(file, 'latin1')), 'latin1');
    return out;
  };
  const check = async (s: Awaited<ReturnType<typeof setUp>>['s'], file: string) => {
    s.openFrom.push(file);
    return s.handlers['backup.check']({});
  };

  it('a good backup of this vault: verified, with its date and record count, using the unlocked key', async () => {
    const { s, file } = await madeBackup(4);
    expect(await check(s, file)).toMatchObject({
      outcome: 'verified',
      createdAt: START,
      records: 4,
      counts: { clients: 4 },
      ownVault: true,
    });
  });

  it('a changed byte, a dropped or reordered line, a cut-off file, an empty file or another kind of file is refused with the reason', async () => {
    const { s, file } = await madeBackup(4);
    const lines = fs.readFileSync(file, 'latin1').split('\n');
    const flip = (text: string) => {
      const at = text.indexOf('"ct":"') + 10;
      return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    };
    expect(await check(s, variant(file, flip))).toMatchObject({ outcome: 'problem', problem: 'changed', createdAt: START });
    expect(
      await check(
        s,
        variant(file, () => [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')),
      ),
    ).toMatchObject({
      problem: 'changed',
    });
    expect(
      await check(
        s,
        variant(file, () => [lines[0], ...lines.slice(2)].join('\n')),
      ),
    ).toMatchObject({ problem: 'changed' });
    expect(
      await check(
        s,
        variant(file, (t) => t.slice(0, Math.floor(t.length * 0.6))),
      ),
    ).toMatchObject({ problem: 'truncated' });
    // Cut inside the first line, and exactly at a line's end: still incomplete.
    expect(
      await check(
        s,
        variant(file, (t) => t.slice(0, 200)),
      ),
    ).toMatchObject({ problem: 'truncated' });
    expect(
      await check(
        s,
        variant(file, () => lines.slice(0, 2).join('\n') + '\n'),
      ),
    ).toMatchObject({ problem: 'truncated' });
    expect(
      await check(
        s,
        variant(file, () => ''),
      ),
    ).toMatchObject({ problem: 'empty' });
    expect(
      await check(
        s,
        variant(file, () => 'Dear diary,\nnot a backup\n'),
      ),
    ).toMatchObject({ problem: 'not-backup' });
    const missing = path.join(path.dirname(file), 'gone.holdspace-backup');
    expect(await check(s, missing)).toMatchObject({ problem: 'unreadable' });
  });

  it('another vault’s backup: said so, then checked with that backup’s own passphrase (a wrong one is refused)', async () => {
    const other = await madeBackup(2);
    const { s } = await setUp({ passphrase: 'harbour violet engine meadow' });
    expect(await check(s, other.file)).toEqual({ outcome: 'other-vault', fileName: path.basename(other.file), createdAt: START });
    expect(await codeOf(() => s.handlers['backup.checkWithSecret']({ passphrase: 'harbour violet engine meadow' }))).toBe(
      'WRONG_PASSPHRASE',
    );
    expect(await s.handlers['backup.checkWithSecret']({ passphrase: PASS })).toMatchObject({
      outcome: 'verified',
      records: 2,
      ownVault: false,
    });
    // A changed copy of the other vault's backup fails the check even with its passphrase.
    const changed = variant(other.file, (t) => t.replace('"rows":2', '"rows":3'));
    await check(s, changed);
    expect(await s.handlers['backup.checkWithSecret']({ passphrase: PASS })).toMatchObject({
      outcome: 'problem',
      problem: 'changed',
    });
  });

  it('counts rows whose envelope is not well formed, without decrypting any', async () => {
    const { s } = await setUp();
    const file = path.join(dir('malformed'), 'b.holdspace-backup');
    const key = s.vault.deriveKey(backupMacKey);
    const writer = new BackupWriter(file, { header: s.vault.exportHeader(), dbVersion: 2, now: START }, key);
    const good = s.vault.seal([{ id: 'a', table: 'clients', schemaVersion: 1, plaintext: '{}' }])[0]!;
    writer.append({
      table: 'clients',
      rows: [
        { id: 'a', v: 1, env: good },
        { id: 'b', v: 1, env: { ...good, iv: 'AAAA' } }, // a 3-byte nonce
        { id: 'c', v: 1, env: { ...good, ct: 'AAAA' } }, // shorter than its tag
        { id: 'd', v: 1, env: { ...good, kid: 'someone-else' } },
        { id: 'a', v: 1, env: good }, // the same id twice
      ],
    });
    writer.finish({ lines: [], head: { seq: 0, link: '0'.repeat(64) } });
    const outcome = await verifyBackupFile(file, key);
    key.fill(0);
    expect(outcome).toMatchObject({ ok: true, backup: { records: 5, malformed: 4 } });
  });
});
