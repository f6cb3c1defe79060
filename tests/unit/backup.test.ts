import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupWriter, backupMacKey, readBackup, readChunk } from '../../electron/main/services/backup';
import type { BackupChunk } from '../../electron/main/services/backup';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import { UserFacingError } from '../../shared/result';
import { FAST_KDF, PASS, codeOf, testServices } from './helpers/main-services';

const dir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'hs-backup-'));
const EMPTY_TRAIL = { lines: [], head: { seq: 0, link: '0'.repeat(64) } };

async function sampleVault(): Promise<Vault> {
  const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
  await vault.create(PASS);
  return vault;
}

const seal = (vault: Vault, table: 'clients' | 'notes', id: string, text: string) => ({
  id,
  v: 1,
  env: vault.seal([{ id, table, schemaVersion: 1, plaintext: text }])[0]!,
  status: 'active',
});

function writeBackup(vault: Vault, file: string, chunks: BackupChunk[]): number {
  const key = vault.deriveKey(backupMacKey);
  const writer = new BackupWriter(file, { header: vault.exportHeader(), dbVersion: 2, now: 1_800_000_000_000 }, key);
  key.fill(0);
  for (const c of chunks) writer.append(c);
  return writer.finish(EMPTY_TRAIL);
}

const errorOf = async (fn: () => unknown): Promise<UserFacingError | null> => {
  try {
    await fn();
    return null;
  } catch (e) {
    return e as UserFacingError;
  }
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backups', () => {
  it('round-trip the sealed rows, authenticated, without any plaintext in the file', async () => {
    const vault = await sampleVault();
    const file = path.join(dir(), 'b.holdspace-backup');
    expect(
      writeBackup(vault, file, [
        { table: 'clients', rows: [seal(vault, 'clients', 'c1', '{"name":"Zoë Ångström"}')] },
        { table: 'notes', rows: [] },
      ]),
    ).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('Ångström');
    const key = vault.deriveKey(backupMacKey);
    const { index, tags } = await readBackup(file, { macKey: key });
    expect(index.rows).toBe(1);
    expect(index.counts).toEqual({ clients: 1 });
    const chunk = readChunk(index, tags, key, 0);
    expect(chunk.rows[0]?.status).toBe('active');
    expect(vault.open([{ id: 'c1', table: 'clients', schemaVersion: 1, envelope: chunk.rows[0]!.env }])[0]).toEqual({
      ok: true,
      plaintext: '{"name":"Zoë Ångström"}',
    });
  });

  it('refuse a damaged or foreign file with a clear message', async () => {
    const vault = await sampleVault();
    const d = dir();
    const file = path.join(d, 'b.holdspace-backup');
    writeBackup(vault, file, [{ table: 'clients', rows: [seal(vault, 'clients', 'c1', 'x')] }]);
    const text = fs.readFileSync(file, 'utf8');
    const attempt = async (content: string) => {
      const f = path.join(d, `t${Math.random()}`);
      fs.writeFileSync(f, content);
      return errorOf(() => readBackup(f));
    };
    expect((await attempt(text.slice(0, text.length / 2)))?.code).toBe('CORRUPT_BACKUP');
    expect((await attempt('{"hello":"world"}\n'))?.code).toBe('CORRUPT_BACKUP');
    expect((await attempt(''))?.code).toBe('CORRUPT_BACKUP');
    const error = await attempt('not json');
    expect(error?.message).toMatch(/damaged.*not a Holdspace backup.*Nothing has been changed/);
    const [head, ...rest] = text.trim().split('\n');
    expect((await attempt([JSON.stringify({ ...JSON.parse(head!), version: 99 }), ...rest].join('\n') + '\n'))?.message).toMatch(
      /newer version of Holdspace/,
    );
    expect((await attempt([JSON.stringify({ ...JSON.parse(head!), version: 2 }), ...rest].join('\n') + '\n'))?.message).toMatch(
      /earlier version/,
    );
  });

  it('open only with the backup’s own passphrase', async () => {
    const vault = await sampleVault();
    const file = path.join(dir(), 'b.holdspace-backup');
    writeBackup(vault, file, []);
    const { index } = await readBackup(file);
    const other = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    await other.create('harbour violet engine meadow');
    expect(await other.unwrapHeader(index.vault, { passphrase: 'harbour violet engine meadow' })).toBeNull();
    expect(await other.unwrapHeader(index.vault, { passphrase: PASS })).toHaveLength(32);
  });

  it('a backup that fails part way (disk full) leaves the earlier backup at that path untouched, and no partial file', async () => {
    const vault = await sampleVault();
    const d = dir();
    const file = path.join(d, 'b.holdspace-backup');
    writeBackup(vault, file, [{ table: 'clients', rows: [seal(vault, 'clients', 'c1', 'earlier')] }]);
    const before = fs.readFileSync(file);
    for (let failAt = 1; failAt <= 4; failAt++) {
      let writes = 0;
      const real = fs.writeSync;
      const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
        writes += 1;
        if (writes === failAt) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        return (real as (...a: unknown[]) => number)(...args);
      }) as typeof fs.writeSync);
      const key = vault.deriveKey(backupMacKey);
      expect(() => {
        const writer = new BackupWriter(file, { header: vault.exportHeader(), dbVersion: 2, now: 1 }, key);
        writer.append({ table: 'notes', rows: [seal(vault, 'notes', 'n1', 'later')] });
        writer.append({ table: 'notes', rows: [seal(vault, 'notes', 'n2', 'later')] });
        writer.finish(EMPTY_TRAIL);
      }).toThrow();
      spy.mockRestore();
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      expect(fs.readdirSync(d)).toEqual(['b.holdspace-backup']);
    }
  });

  it('a file changed after it was checked is refused when its chunks are read back', async () => {
    const vault = await sampleVault();
    const file = path.join(dir(), 'b.holdspace-backup');
    writeBackup(vault, file, [{ table: 'clients', rows: [seal(vault, 'clients', 'c1', 'first')] }]);
    const key = vault.deriveKey(backupMacKey);
    const { index, tags } = await readBackup(file, { macKey: key });
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('"status":"active"', '"status":"paused"'));
    expect(() => readChunk(index, tags, key, 0)).toThrow(/damaged, has been changed/);
  });
});

/**
 * Property: any change to a backup file that its maker did not write is refused by the
 * whole-file check, and a restore of it changes nothing on this computer.
 */
describe('backups refuse every change (property)', async () => {
  const vault = await sampleVault();
  const d = dir();
  const older = path.join(d, 'older.holdspace-backup');
  const newer = path.join(d, 'newer.holdspace-backup');
  const rows = (text: string) => [seal(vault, 'notes', 'n1', `${text} 1`), seal(vault, 'notes', 'n2', `${text} 2`)];
  writeBackup(vault, older, [
    { table: 'clients', rows: [seal(vault, 'clients', 'c1', 'draft')] },
    { table: 'notes', rows: rows('draft') },
  ]);
  writeBackup(vault, newer, [
    { table: 'clients', rows: [seal(vault, 'clients', 'c1', 'signed')] },
    { table: 'notes', rows: rows('signed') },
    { table: 'notes', rows: [seal(vault, 'notes', 'n3', 'third')] },
  ]);
  const olderLines = fs.readFileSync(older, 'utf8').split('\n').slice(0, -1);
  const bytes = fs.readFileSync(newer);
  const lines = bytes.toString('utf8').split('\n').slice(0, -1);
  const key = vault.deriveKey(backupMacKey);
  const join = (ls: string[]): Buffer => Buffer.from(ls.map((l) => `${l}\n`).join(''));

  const mutation = fc.oneof(
    fc.nat().map((i) => ({ kind: 'drop', apply: () => join(lines.filter((_, k) => k !== i % lines.length)) })),
    fc
      .nat()
      .map((i) => ({ kind: 'duplicate', apply: () => join(lines.flatMap((l, k) => (k === i % lines.length ? [l, l] : [l]))) })),
    fc
      .tuple(fc.nat(), fc.nat())
      .filter(([a, b]) => a % lines.length !== b % lines.length && lines[a % lines.length] !== lines[b % lines.length])
      .map(([a, b]) => ({
        kind: 'reorder',
        apply: () => {
          const ls = [...lines];
          [ls[a % ls.length], ls[b % ls.length]] = [ls[b % ls.length]!, ls[a % ls.length]!];
          return join(ls);
        },
      })),
    // A line rolled back to what the same vault wrote in an earlier backup (a signed note back to its draft).
    fc
      .nat()
      .filter((i) => olderLines[i % olderLines.length] !== lines[i % olderLines.length])
      .map((i) => ({
        kind: 'rollback',
        apply: () => join(lines.map((l, k) => (k === i % olderLines.length ? olderLines[k]! : l))),
      })),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => ({
      kind: 'flip',
      apply: () => {
        const b = Buffer.from(bytes);
        b[at % b.length] = b[at % b.length]! ^ mask;
        return b;
      },
    })),
    fc.nat().map((at) => ({ kind: 'truncate', apply: () => bytes.subarray(0, at % bytes.length) })),
  );

  it('drop, duplicate, reorder or roll back any line, flip any byte, truncate anywhere: refused', async () => {
    expect((await readBackup(newer, { macKey: key })).index.rows).toBe(4);
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const f = path.join(d, 'mutated.holdspace-backup');
        fs.writeFileSync(f, m.apply());
        const error = await errorOf(() => readBackup(f, { macKey: key }));
        expect(error, m.kind).toBeInstanceOf(UserFacingError);
        expect(error!.code).toBe('CORRUPT_BACKUP');
      }),
      { numRuns: 400 },
    );
  });

  it('a restore of a changed file changes nothing: vault header, audit trail and key stay as they were', async () => {
    // Past any throttle before each attempt, so every changed file meets the real checks.
    let clock = Date.UTC(2026, 10, 30);
    const s = testServices({ now: () => clock });
    await s.vault.create('harbour violet engine meadow');
    const headerBefore = JSON.stringify(s.vault.exportHeader());
    const trailBefore = JSON.stringify(s.audit.exportTrail());
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        clock += 600_000;
        const f = path.join(d, 'restore-me.holdspace-backup');
        fs.writeFileSync(f, m.apply());
        s.openFrom.push(f);
        const inspected = await codeOf(() => s.handlers['backup.inspect']({}));
        if (inspected === undefined) {
          // A changed vault header fails as a wrong passphrase; anything else as a changed file.
          const code = await codeOf(() =>
            s.handlers['backup.restore']({ passphrase: PASS, current: 'harbour violet engine meadow' }),
          );
          expect(['CORRUPT_BACKUP', 'WRONG_PASSPHRASE', 'UNSUPPORTED_KDF']).toContain(code);
          expect(await codeOf(() => s.handlers['backup.chunk']({ index: 0 }))).toBe('NOT_ALLOWED');
          expect(await codeOf(() => s.handlers['backup.commit']({}))).toBe('NOT_ALLOWED');
        } else {
          expect(inspected).toBe('CORRUPT_BACKUP');
        }
        expect(JSON.stringify(s.vault.exportHeader())).toBe(headerBefore);
        expect(JSON.stringify(s.audit.exportTrail())).toBe(trailBefore);
        expect(s.vault.state()).toBe('unlocked');
      }),
      { numRuns: 60 },
    );
  });
});
