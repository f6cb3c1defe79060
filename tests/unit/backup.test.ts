import { describe, expect, it } from 'vitest';
import { composeBackup, parseBackup } from '../../electron/main/services/backup';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import { UserFacingError } from '../../shared/result';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };

async function sampleBackup(): Promise<{ text: string; vault: Vault }> {
  const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
  await vault.create('quiet lantern orchard tidepool');
  const [env] = vault.seal([{ id: 'c1', table: 'clients', schemaVersion: 1, plaintext: '{"name":"Zoë Ångström"}' }]);
  const text = composeBackup({
    header: vault.exportHeader(),
    audit: { lines: [], head: { seq: 0, link: '0'.repeat(64) } },
    tables: { clients: [{ id: 'c1', v: 1, env: env!, status: 'active' }] },
    dbVersion: 2,
    now: 1_800_000_000_000,
  });
  return { text, vault };
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
    expect(backup.tables.clients?.[0]?.status).toBe('active');
    const [opened] = vault.open([{ id: 'c1', table: 'clients', schemaVersion: 1, envelope: backup.tables.clients![0]!.env }]);
    expect(opened).toEqual({ ok: true, plaintext: '{"name":"Zoë Ångström"}' });
  });

  it('refuse a damaged or foreign file with a clear message', async () => {
    const { text } = await sampleBackup();
    expect(codeOf(() => parseBackup(text.slice(0, text.length / 2)))).toBe('CORRUPT_BACKUP');
    expect(codeOf(() => parseBackup('{"hello":"world"}'))).toBe('CORRUPT_BACKUP');
    expect(codeOf(() => parseBackup(''))).toBe('CORRUPT_BACKUP');
    const broken = JSON.parse(text);
    broken.vault.kdf.salt = 42;
    expect(codeOf(() => parseBackup(JSON.stringify(broken)))).toBe('CORRUPT_BACKUP');
    try {
      parseBackup('not json');
    } catch (e) {
      expect((e as Error).message).toMatch(/damaged or is not a Holdspace backup.*Nothing has been changed/);
    }
  });

  it('say so when a backup comes from a newer Holdspace', async () => {
    const { text } = await sampleBackup();
    const newer = { ...JSON.parse(text), version: 2 };
    expect(() => parseBackup(JSON.stringify(newer))).toThrow(/newer version of Holdspace/);
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
