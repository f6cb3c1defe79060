/**
 * Passphrase stretching: Argon2id calibrated on the computer at creation and at passphrase
 * change, the choice stored with the wrapped key, older scrypt headers still unlocking and
 * moved to Argon2id at the next passphrase change. The clock is a fake, so the parameters
 * calibration picks are pinned; the derivations themselves are real.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BackupWriter, backupMacKey, readBackup } from '../../electron/main/services/backup';
import type { Argon2idParams, CalibrationPolicy } from '../../electron/main/services/kdf';
import {
  DEFAULT_CALIBRATION,
  KDF_LIMITS,
  OWASP_ARGON2ID_FLOOR,
  calibrateArgon2id,
  kdfProblem,
} from '../../electron/main/services/kdf';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import type { VaultHeader } from '../../electron/main/services/vault';
import { FAST_KDF, PASS, codeOf } from './helpers/main-services';

const NEXT = 'harbour violet engine meadow';

/** A computer on which one pass over one MiB costs `ms` milliseconds. */
const machine = (ms: number) => vi.fn(async (p: Argon2idParams) => (p.m / 1024) * p.t * ms);

/** Small enough that the real derivations stay quick; the production policy is DEFAULT_CALIBRATION. */
const TEST_POLICY: CalibrationPolicy = {
  targetMs: 500,
  maxMs: 1000,
  preferredMemKiB: 2048,
  minMemKiB: 1024,
  minT: 2,
  maxT: 6,
  p: 1,
};

const item = (id: string, plaintext: string) => ({ id, table: 'notes' as const, schemaVersion: 1, plaintext });

describe('calibration with the production policy', () => {
  it('starts at OWASP’s floor or above: m ≥ 19 MiB, t ≥ 2, p = 1, aiming at about half a second', () => {
    expect(DEFAULT_CALIBRATION.minMemKiB).toBeGreaterThanOrEqual(19 * 1024);
    expect(DEFAULT_CALIBRATION.minT).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_CALIBRATION.p).toBe(1);
    expect(DEFAULT_CALIBRATION.preferredMemKiB).toBeGreaterThanOrEqual(46 * 1024);
    expect(DEFAULT_CALIBRATION.targetMs).toBeGreaterThanOrEqual(300);
    expect(DEFAULT_CALIBRATION.targetMs).toBeLessThanOrEqual(1000);
  });

  it('on a typical laptop keeps 64 MiB and sets the passes so an unlock takes about 0.5 s', async () => {
    // 64 MiB × 2 passes in 200 ms: 1.5625 ms per MiB-pass, so 5 passes take 500 ms.
    const measure = machine(200 / 128);
    const params = await calibrateArgon2id(measure, DEFAULT_CALIBRATION);
    expect(params).toEqual({ name: 'argon2id', m: 65536, t: 5, p: 1 });
    expect(measure).toHaveBeenCalledTimes(1);
    expect(measure).toHaveBeenCalledWith({ name: 'argon2id', m: 65536, t: 2, p: 1 });
  });

  it('on a very fast computer stops at the policy’s cap, which any header check accepts', async () => {
    const params = await calibrateArgon2id(machine(0.001), DEFAULT_CALIBRATION);
    expect(params).toEqual({ name: 'argon2id', m: DEFAULT_CALIBRATION.preferredMemKiB, t: DEFAULT_CALIBRATION.maxT, p: 1 });
    expect(kdfProblem(params)).toBeNull();
  });

  it('on a slow computer lowers memory to keep near the target', async () => {
    // 64 MiB × 2 passes would take 1.6 s; 20 MiB × 2 passes take 500 ms.
    expect(await calibrateArgon2id(machine(12.5), DEFAULT_CALIBRATION)).toEqual({ name: 'argon2id', m: 20 * 1024, t: 2, p: 1 });
  });

  it('on a very slow computer never goes below the floor, however long it takes', async () => {
    expect(await calibrateArgon2id(machine(200), DEFAULT_CALIBRATION)).toEqual({
      name: 'argon2id',
      ...OWASP_ARGON2ID_FLOOR,
    });
  });

  it('whatever the clock says (zero, negative, not a number, any speed), stays within floor and limits', async () => {
    const speeds = [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e-9, 0.01, 0.5, 1, 3, 7.8, 8, 20, 1e6];
    for (const ms of speeds) {
      const params = await calibrateArgon2id(machine(ms), DEFAULT_CALIBRATION);
      expect(params.m, `${ms} ms`).toBeGreaterThanOrEqual(OWASP_ARGON2ID_FLOOR.m);
      expect(params.t, `${ms} ms`).toBeGreaterThanOrEqual(OWASP_ARGON2ID_FLOOR.t);
      expect(params.p).toBe(1);
      expect(kdfProblem(params), `${ms} ms`).toBeNull();
      expect(params.m * params.t).toBeLessThanOrEqual(KDF_LIMITS.argon2.maxWorkKiB);
    }
  });
});

describe('a vault created with calibration', () => {
  it('stores the algorithm and the chosen parameters with the wrapped key, and unlocks with them', async () => {
    const store = new MemoryStore();
    // 2 MiB × 2 passes in 250 ms: 4 passes make 500 ms.
    const measure = machine(62.5);
    const vault = new Vault({ store, calibration: { measure, policy: TEST_POLICY } });
    await vault.create(PASS);
    const header = vault.exportHeader();
    expect(header.kdf).toMatchObject({ name: 'argon2id', m: 2048, t: 4, p: 1 });
    expect(header.kdf.salt).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const [env] = vault.seal([item('n1', 'kept')]);
    vault.lock('manual');

    // Unlock reads the parameters from the header: it does not calibrate again.
    measure.mockClear();
    const again = new Vault({ store, calibration: { measure: machine(1000), policy: TEST_POLICY } });
    await again.unlock(PASS);
    expect(measure).not.toHaveBeenCalled();
    expect(again.open([{ id: 'n1', table: 'notes', schemaVersion: 1, envelope: env }])[0]).toEqual({
      ok: true,
      plaintext: 'kept',
    });

    // The stored parameters are the ones used: the same passphrase under other passes does not unwrap.
    const altered = { ...header, kdf: { ...header.kdf, t: 3 } } as VaultHeader;
    expect(await again.unwrapHeader(altered, { passphrase: PASS })).toBeNull();
  });

  it('with the production policy and a slow clock, derives at the floor (and the header says so)', async () => {
    const vault = new Vault({ store: new MemoryStore(), calibration: { measure: machine(500) } });
    await vault.create(PASS);
    expect(vault.exportHeader().kdf).toMatchObject({ name: 'argon2id', m: 19 * 1024, t: 2, p: 1 });
  });

  it('keeps the recovery key on its own cheap derivation (HKDF over 256 random bits), which still unlocks', async () => {
    const measure = machine(62.5);
    const vault = new Vault({ store: new MemoryStore(), calibration: { measure, policy: TEST_POLICY } });
    const { recoveryKey } = await vault.create(PASS);
    vault.lock('manual');
    measure.mockClear();
    await vault.unlockWithRecoveryKey(recoveryKey);
    expect(vault.state()).toBe('unlocked');
    expect(measure).not.toHaveBeenCalled();
  });
});

describe('a vault made before Argon2id (a scrypt header)', () => {
  async function legacyVault() {
    const store = new MemoryStore();
    const old = new Vault({ store, kdf: FAST_KDF });
    const { recoveryKey } = await old.create(PASS);
    const [env] = old.seal([item('n1', 'from the scrypt days')]);
    old.lock('manual');
    const measure = machine(62.5);
    // Today's app on the same settings file: it calibrates Argon2id for new keys.
    const vault = new Vault({ store, calibration: { measure, policy: TEST_POLICY } });
    return { store, vault, env: env!, recoveryKey, measure };
  }

  it('still unlocks with its passphrase and keeps its header as it was', async () => {
    const { store, vault, env } = await legacyVault();
    const before = JSON.stringify(store.get('vault'));
    await vault.unlock(PASS);
    expect(vault.open([{ id: 'n1', table: 'notes', schemaVersion: 1, envelope: env }])[0]?.ok).toBe(true);
    expect(JSON.stringify(store.get('vault'))).toBe(before);
    expect(vault.exportHeader().kdf.name).toBe('scrypt');
  });

  it('moves to calibrated Argon2id at the next passphrase change; records and the recovery key keep working', async () => {
    const { store, vault, env, recoveryKey, measure } = await legacyVault();
    await vault.unlock(PASS);
    const recoveryBefore = vault.exportHeader().recoveryWrap;
    await vault.changePassphrase(PASS, NEXT);
    expect(measure).toHaveBeenCalledTimes(1);
    expect(vault.exportHeader().kdf).toMatchObject({ name: 'argon2id', m: 2048, t: 4, p: 1 });
    expect(vault.exportHeader().recoveryWrap).toEqual(recoveryBefore);
    vault.lock('manual');

    const fresh = new Vault({ store, kdf: FAST_KDF });
    expect(await codeOf(() => fresh.unlock(PASS))).toBe('WRONG_PASSPHRASE');
    await fresh.unlock(NEXT);
    expect(fresh.open([{ id: 'n1', table: 'notes', schemaVersion: 1, envelope: env }])[0]).toEqual({
      ok: true,
      plaintext: 'from the scrypt days',
    });
    fresh.lock('manual');
    await fresh.unlockWithRecoveryKey(recoveryKey);
    expect(fresh.state()).toBe('unlocked');
  });

  it('calibrates again at each passphrase change (a faster computer gets more passes)', async () => {
    const store = new MemoryStore();
    const first = new Vault({ store, calibration: { measure: machine(62.5), policy: TEST_POLICY } });
    await first.create(PASS);
    expect(first.exportHeader().kdf).toMatchObject({ t: 4 });
    const faster = new Vault({ store, calibration: { measure: machine(50), policy: TEST_POLICY } });
    await faster.unlock(PASS);
    await faster.changePassphrase(PASS, NEXT);
    expect(faster.exportHeader().kdf).toMatchObject({ name: 'argon2id', m: 2048, t: 5 });
  });
});

describe('backups carry the Argon2id header', () => {
  it('a backup of an Argon2id vault opens with its passphrase on another computer', async () => {
    const vault = new Vault({ store: new MemoryStore(), calibration: { measure: machine(62.5), policy: TEST_POLICY } });
    await vault.create(PASS);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-kdf-')), 'b.holdspace-backup');
    const key = vault.deriveKey(backupMacKey);
    const writer = new BackupWriter(file, { header: vault.exportHeader(), dbVersion: 2, now: 1_800_000_000_000 }, key);
    key.fill(0);
    writer.finish({ lines: [], head: { seq: 0, link: '0'.repeat(64) } });
    const { index } = await readBackup(file);
    expect(index.vault.kdf).toMatchObject({ name: 'argon2id', m: 2048, t: 4 });
    const elsewhere = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    const dataKey = await elsewhere.unwrapHeader(index.vault, { passphrase: PASS });
    expect(dataKey).toHaveLength(32);
    // A backup whose header asks for 64 GiB is refused before any work.
    const hostile = { ...index.vault, kdf: { ...index.vault.kdf, m: 2 ** 26 } } as VaultHeader;
    expect(await codeOf(() => elsewhere.unwrapHeader(hostile, { passphrase: PASS }))).toBe('UNSUPPORTED_KDF');
  });
});
