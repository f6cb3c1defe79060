/**
 * Locking never leaves the data key in memory, whatever fails on the way, and every
 * secret buffer the vault derives (key-encryption keys, recovery-key bytes, the data key
 * unwrapped to change the passphrase) is overwritten once it has been used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as NodeCrypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// Every buffer the vault's crypto hands back, so the test can look at it after the fact.
const derived: Uint8Array[] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  const scrypt = (...args: unknown[]): void => {
    const callback = args[args.length - 1] as (err: Error | null, key: Buffer) => void;
    (real.scrypt as unknown as (...a: unknown[]) => void)(...args.slice(0, -1), (err: Error | null, key: Buffer) => {
      if (key) derived.push(key);
      callback(err, key);
    });
  };
  const hkdfSync = (...args: Parameters<typeof real.hkdfSync>): ArrayBuffer => {
    const out = real.hkdfSync(...args);
    derived.push(new Uint8Array(out));
    return out;
  };
  const randomBytes = ((size: number, ...rest: unknown[]) => {
    const out = (real.randomBytes as (n: number, ...r: unknown[]) => Buffer)(size, ...rest);
    if (size === 32) derived.push(out); // data keys and recovery keys (salts and nonces are shorter)
    return out;
  }) as typeof real.randomBytes;
  return { ...real, default: { ...real, scrypt, hkdfSync, randomBytes }, scrypt, hkdfSync, randomBytes };
});

const { createMainServices } = await import('../../electron/main/services');
const { MemoryStore } = await import('../../electron/main/services/kv-store');
const { Vault } = await import('../../electron/main/services/vault');

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };
const PASS = 'quiet lantern orchard tidepool';
const allZero = (b: Uint8Array): boolean => b.every((x) => x === 0);
const item = { id: 'n1', table: 'notes' as const, schemaVersion: 1, plaintext: 'x' };

const services = () =>
  createMainServices({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hs-lock-')),
    store: new MemoryStore(),
    kdf: FAST_KDF,
    hooks: {
      appVersion: 'test',
      platform: 'linux',
      confirmOpenExternal: async () => false,
      openExternal: async () => undefined,
      chooseSavePath: async () => null,
      chooseOpenPath: async () => null,
      printPdf: async () => false,
      notify: () => undefined,
    },
  });

describe('lock', () => {
  it('drops the key even when recording the lock in the audit trail fails (disk error)', async () => {
    const s = services();
    await s.vault.create(PASS);
    // The audit trail's file becomes something no append can write to.
    const file = path.join(s.audit['file' as keyof typeof s.audit] as unknown as string);
    fs.rmSync(file, { force: true });
    fs.mkdirSync(file);
    expect(() => s.vault.lock('manual')).not.toThrow();
    expect(s.vault.state()).toBe('locked');
    expect(() => s.vault.seal([item])).toThrow(/locked/i);
  });

  it('runs every lock listener even when one fails, and zeroes the key', async () => {
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    await vault.create(PASS);
    const errors: unknown[] = [];
    const seen: string[] = [];
    const v2 = new Vault({ store: new MemoryStore(), kdf: FAST_KDF, onListenerError: (e) => errors.push(e) });
    await v2.create(PASS);
    for (const v of [vault, v2]) {
      v.onLock(() => {
        throw new Error('disk full');
      });
      v.onLock((reason) => seen.push(reason));
    }
    vault.lock('first');
    v2.lock('second');
    expect(seen).toEqual(['first', 'second']);
    expect(errors).toHaveLength(1);
    expect(vault.state()).toBe('locked');
    expect(v2.state()).toBe('locked');
  });
});

describe('secret buffers are overwritten', () => {
  it('after create, unlock with the passphrase and with the recovery key, passphrase change and lock', async () => {
    derived.length = 0;
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    const { recoveryKey } = await vault.create(PASS);
    vault.lock('manual');
    await vault.unlock(PASS);
    vault.lock('manual');
    await vault.unlockWithRecoveryKey(recoveryKey);
    await vault.changePassphrase(PASS, 'harbour violet engine meadow');
    vault.lock('manual');
    // Key-encryption keys (scrypt, HKDF), recovery-key bytes, data keys, audit MAC keys.
    expect(derived.length).toBeGreaterThanOrEqual(8);
    expect(derived.filter((b) => !allZero(b))).toHaveLength(0);
    // And the vault still works with what is left on disk.
    await vault.unlock('harbour violet engine meadow');
    expect(vault.state()).toBe('unlocked');
  });
});

describe('locks started by the system', () => {
  it('tell the page first, lock as soon as it says its drafts are saved', async () => {
    const s = services();
    await s.vault.create(PASS);
    const told: string[] = [];
    s.onEvent((event) => {
      told.push(event);
      // The page seals its drafts (the key is still here), then answers.
      expect(() => s.vault.seal([item])).not.toThrow();
      setTimeout(() => void s.handlers['vault.flushed']({}), 20);
    });
    const started = Date.now();
    await s.lockFromSystem('suspend', 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(told).toEqual(['vault-locking']);
    expect(s.vault.state()).toBe('locked');
  });

  it('lock after a bounded wait when the page never answers, or fails', async () => {
    const s = services();
    await s.vault.create(PASS);
    s.onEvent(() => {
      throw new Error('window gone');
    });
    const started = Date.now();
    await s.lockFromSystem('screen-lock', 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(s.vault.state()).toBe('locked');
  });
});
