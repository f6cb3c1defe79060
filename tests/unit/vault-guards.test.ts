/**
 * A page (or anyone at the lock screen) gets nothing from a locked vault: guesses are
 * counted one at a time, settings and backups need the key, and a header's key-derivation
 * parameters are checked before any work is done.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import type { VaultHeader } from '../../electron/main/services/vault';
import { UserFacingError } from '../../shared/result';
import { FAST_KDF, PASS, codeOf, testServices } from './helpers/main-services';

describe('unlock attempts', () => {
  it('40 parallel wrong guesses: three are tried, the rest meet the throttle', async () => {
    const clock = 7_000_000;
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF, now: () => clock });
    await vault.create(PASS);
    vault.lock('manual');
    const codes = await Promise.all(Array.from({ length: 40 }, (_, i) => codeOf(() => vault.unlock(`wrong guess number ${i}`))));
    expect(codes.filter((c) => c === 'WRONG_PASSPHRASE')).toHaveLength(3);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(37);
    // The right passphrase waits its turn too.
    expect(await codeOf(() => vault.unlock(PASS))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('parallel guesses with the recovery key and through passphrase changes are counted on the same throttle', async () => {
    const clock = 7_000_000;
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF, now: () => clock });
    await vault.create(PASS);
    const codes = await Promise.all([
      ...Array.from({ length: 5 }, () =>
        codeOf(() => vault.changePassphrase('not my passphrase at all', 'harbour violet engine meadow')),
      ),
      ...Array.from({ length: 5 }, () => codeOf(() => vault.unwrapHeader(vault.exportHeader(), { recoveryKey: 'x'.repeat(52) }))),
    ]);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(7);
  });

  it('a clock set back after wrong guesses makes the wait no longer than the throttle’s own', async () => {
    let clock = 7_000_000_000;
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF, now: () => clock });
    await vault.create(PASS);
    vault.lock('manual');
    for (let i = 0; i < 4; i++) {
      clock += vault.retryAfterMs();
      await codeOf(() => vault.unlock('wrong wrong wrong'));
    }
    expect(vault.retryAfterMs()).toBe(2_000);
    // The clock goes back a day: still two seconds to wait, not a day and two seconds.
    clock -= 24 * 60 * 60_000;
    expect(vault.retryAfterMs()).toBe(2_000);
    expect(await codeOf(() => vault.unlock(PASS))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('a correct unlock after failures clears the count', async () => {
    let clock = 7_000_000;
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF, now: () => clock });
    await vault.create(PASS);
    vault.lock('manual');
    for (let i = 0; i < 3; i++) await codeOf(() => vault.unlock('wrong wrong wrong'));
    clock += 2_000;
    await vault.unlock(PASS);
    expect(vault.retryAfterMs()).toBe(0);
  });
});

describe('while locked', () => {
  it('refuses to change the passphrase, the settings or anything about backups', async () => {
    const s = testServices();
    await s.vault.create(PASS);
    const backupFile = path.join(s.dataDir, 'b.holdspace-backup');
    s.saveTo.push(backupFile);
    const { token } = await s.handlers['backup.begin']({ dbVersion: 2, suggestedName: 'b.holdspace-backup' });
    s.vault.lock('manual');
    const h = s.handlers;
    expect(await codeOf(() => h['vault.changePassphrase']({ current: PASS, next: 'harbour violet engine meadow' }))).toBe(
      'LOCKED',
    );
    expect(await codeOf(() => h['settings.update']({ patch: { lockOnSuspend: false, idleLockMinutes: 240 } }))).toBe('LOCKED');
    expect(s.settings.get().lockOnSuspend).toBe(true);
    expect(await codeOf(() => h['backup.begin']({ dbVersion: 2, suggestedName: 'x.holdspace-backup' }))).toBe('LOCKED');
    expect(await codeOf(() => h['backup.append']({ token: token!, table: 'notes', rows: [] }))).toBe('LOCKED');
    expect(await codeOf(() => h['backup.finish']({ token: token! }))).toBe('LOCKED');
    s.openFrom.push(backupFile);
    expect(await codeOf(() => h['backup.inspect']({}))).toBe('LOCKED');
    expect(await codeOf(() => h['backup.restore']({ passphrase: PASS }))).toBe('LOCKED');
    expect(await codeOf(() => h['backup.chunk']({ index: 0 }))).toBe('LOCKED');
    expect(await codeOf(() => h['backup.commit']({}))).toBe('LOCKED');
    expect(s.vault.state()).toBe('locked');
  });

  it('restoring over an existing vault needs its current passphrase as well as the backup’s', async () => {
    const a = testServices();
    await a.vault.create(PASS);
    const file = path.join(a.dataDir, 'a.holdspace-backup');
    a.saveTo.push(file);
    const { token } = await a.handlers['backup.begin']({ dbVersion: 2, suggestedName: 'a' });
    await a.handlers['backup.finish']({ token: token! });

    const b = testServices();
    await b.vault.create('harbour violet engine meadow');
    b.openFrom.push(file);
    await b.handlers['backup.inspect']({});
    expect(await codeOf(() => b.handlers['backup.restore']({ passphrase: PASS }))).toBe('WRONG_PASSPHRASE');
    expect(await codeOf(() => b.handlers['backup.restore']({ passphrase: PASS, current: 'not the current one' }))).toBe(
      'WRONG_PASSPHRASE',
    );
    expect(
      await codeOf(() => b.handlers['backup.restore']({ passphrase: PASS, current: 'harbour violet engine meadow' })),
    ).toBeUndefined();
  });
});

describe('key-derivation parameters from a header', () => {
  const withKdf = async (kdf: Record<string, unknown>): Promise<UserFacingError | null> => {
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    await vault.create(PASS);
    const header = { ...vault.exportHeader() };
    header.kdf = { ...header.kdf, ...kdf } as VaultHeader['kdf'];
    return vault.unwrapHeader(header, { passphrase: PASS }).then(
      () => null,
      (e: UserFacingError) => e,
    );
  };

  it.each([
    ['N not a power of two', { N: 3000 }],
    ['N too small', { N: 2 }],
    ['N huge', { N: 2 ** 40 }],
    ['p huge', { p: 1_000_000 }],
    ['r zero', { r: 0 }],
    ['memory too large', { N: 2 ** 22, r: 32 }],
    ['an unknown algorithm', { name: 'pbkdf2' }],
    ['Argon2id memory huge (64 GiB)', { name: 'argon2id', m: 2 ** 26, t: 2, p: 1 }],
    ['Argon2id memory not a whole number', { name: 'argon2id', m: 65536.5, t: 2, p: 1 }],
    ['Argon2id passes huge', { name: 'argon2id', m: 65536, t: 1_000_000, p: 1 }],
    ['Argon2id passes zero', { name: 'argon2id', m: 65536, t: 0, p: 1 }],
    ['Argon2id lanes huge', { name: 'argon2id', m: 65536, t: 2, p: 255 }],
    ['Argon2id memory × passes too large (1 GiB × 64)', { name: 'argon2id', m: 2 ** 20, t: 64, p: 1 }],
  ])('refuses %s with a clear message, before any work', async (_label, kdf) => {
    const started = Date.now();
    const error = await withKdf(kdf);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error!.code).toBe('UNSUPPORTED_KDF');
    expect(error!.message).toMatch(/cannot be opened.*Nothing has been changed/);
  });

  it('accepts the parameters Holdspace itself writes', async () => {
    expect(await withKdf({})).toBeNull();
    expect(await withKdf({ N: 2 ** 17, r: 8, p: 1 })).toBeNull(); // wrong key for the wrap, but allowed: no error
    expect(await withKdf({ name: 'argon2id', m: 1024, t: 2, p: 1 })).toBeNull();
  });
});

describe('the copy of the vault header kept with the records', () => {
  it('is taken back only when this computer has lost its own, and then unlocks as before', async () => {
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    await vault.create(PASS);
    const copy = vault.exportHeader();
    expect(await codeOf(() => vault.recoverHeader(copy))).toBe('VAULT_EXISTS');
    const fresh = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    expect(await codeOf(() => fresh.recoverHeader({ ...copy, kdf: { ...copy.kdf, N: 3 } }))).toBe('UNSUPPORTED_KDF');
    expect(await codeOf(() => fresh.recoverHeader({ nonsense: true }))).toBe('TAMPERED');
    expect(fresh.state()).toBe('uninitialised');
    fresh.recoverHeader(copy);
    expect(fresh.state()).toBe('locked');
    await fresh.unlock(PASS);
    expect(fresh.keyId).toBe(copy.keyId);
  });
});
