import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupWriter, parseBackup } from '../../electron/main/services/backup';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import { UserFacingError } from '../../shared/result';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };

async function sampleBackup(): Promise<{ text: string; vault: Vault }> {
  const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
  await vault.create('quiet lantern orchard tidepool');
  const [env] = vault.seal([{ id: 'c1', table: 'clients', schemaVersion: 1, plaintext: '{"name":"Zoë Ångström"}' }]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-backup-')), 'b.holdspace-backup');
  const writer = new BackupWriter(file, { header: vault.exportHeader(), dbVersion: 2, now: 1_800_000_000_000 });
  writer.append({ table: 'clients', rows: [{ id: 'c1', v: 1, env: env!, status: 'active' }] });
  writer.append({ table: 'notes', rows: [] });
  expect(writer.finish({ lines: [], head: { seq: 0, link: '0'.repeat(64) } })).toBe(1);
  return { text: fs.readFileSync(file, 'utf8'), vault };
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof UserFacingError ? e.code : 'other';
  }
};

describe('backups', () => {
  it('round-trip the sealed rows without any plaintext in the file', async () => {
    const { text, vault } = await sampleBackup();
    expect(text).not.toContain('Ångström');
    const backup = parseBackup(text);
    expect(backup.rows).toBe(1);
    expect(backup.chunks[0]?.rows[0]?.status).toBe('active');
    const [opened] = vault.open([{ id: 'c1', table: 'clients', schemaVersion: 1, envelope: backup.chunks[0]!.rows[0]!.env }]);
    expect(opened).toEqual({ ok: true, plaintext: '{"name":"Zoë Ångström"}' });
  });

  it('refuse a damaged or foreign file with a clear message', async () => {
    const { text } = await sampleBackup();
    expect(codeOf(() => parseBackup(text.slice(0, text.length / 2)))).toBe('CORRUPT_BACKUP');
    // A whole chunk line lost from the middle: the tail's row count no longer adds up.
    const lines = text.trim().split('\n');
    expect(codeOf(() => parseBackup([lines[0], lines[2]].join('\n')))).toBe('CORRUPT_BACKUP');
    expect(codeOf(() => parseBackup('{"hello":"world"}'))).toBe('CORRUPT_BACKUP');
    expect(codeOf(() => parseBackup(''))).toBe('CORRUPT_BACKUP');
    const [head, ...rest] = text.trim().split('\n');
    const broken = JSON.parse(head!);
    broken.vault.kdf.salt = 42;
    expect(codeOf(() => parseBackup([JSON.stringify(broken), ...rest].join('\n')))).toBe('CORRUPT_BACKUP');
    try {
      parseBackup('not json');
    } catch (e) {
      expect((e as Error).message).toMatch(/damaged or is not a Holdspace backup.*Nothing has been changed/);
    }
  });

  it('say so when a backup comes from a newer Holdspace', async () => {
    const { text } = await sampleBackup();
    const [head, ...rest] = text.trim().split('\n');
    const newer = { ...JSON.parse(head!), version: 99 };
    expect(() => parseBackup([JSON.stringify(newer), ...rest].join('\n'))).toThrow(/newer version of Holdspace/);
  });

  it('open only with the backup’s own passphrase', async () => {
    const { text } = await sampleBackup();
    const backup = parseBackup(text);
    const other = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    await other.create('harbour violet engine meadow');
    expect(await other.unwrapHeader(backup.vault, { passphrase: 'harbour violet engine meadow' })).toBeNull();
    expect(await other.unwrapHeader(backup.vault, { passphrase: 'quiet lantern orchard tidepool' })).toHaveLength(32);
  });
});
