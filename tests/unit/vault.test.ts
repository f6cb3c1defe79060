import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault, formatRecoveryKey, parseRecoveryKey, retryDelayAfter } from '../../electron/main/services/vault';
import type { Envelope } from '../../shared/envelope';
import { UserFacingError } from '../../shared/result';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };
const PASS = 'quiet lantern orchard tidepool';

async function newVault(now = () => Date.now()) {
  const store = new MemoryStore();
  const vault = new Vault({ store, kdf: FAST_KDF, now });
  const { recoveryKey } = await vault.create(PASS);
  return { store, vault, recoveryKey };
}

const item = (id: string, plaintext: string, table: 'notes' | 'clients' = 'notes') => ({
  id,
  table,
  schemaVersion: 1,
  plaintext,
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<UserFacingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as UserFacingError).code).toBe(code);
  return error as UserFacingError;
}

describe('vault set-up and unlock', () => {
  it('refuses a weak passphrase with a reason', async () => {
    const vault = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    const error = await expectCode(vault.create('password123'), 'WEAK_PASSPHRASE');
    expect(error.message.length).toBeGreaterThan(10);
    expect(vault.state()).toBe('uninitialised');
  });

  it('stores the KDF parameters and salt in the header, and no key material in clear', async () => {
    const { store, vault } = await newVault();
    const header = store.get('vault') as Record<string, unknown>;
    expect(header.kdf).toMatchObject({ name: 'scrypt', N: FAST_KDF.N, r: 8, p: 1 });
    const [env] = vault.seal([item('n1', 'canary-7731')]);
    expect(JSON.stringify(header)).not.toContain(env!.ct.slice(0, 12));
  });

  it('locks, then unlocks with the passphrase and with the recovery key', async () => {
    const { vault, recoveryKey } = await newVault();
    const [env] = vault.seal([item('n1', 'hello')]);
    vault.lock('manual');
    expect(vault.state()).toBe('locked');
    expect(() => vault.seal([item('n2', 'x')])).toThrow(/locked/i);
    await vault.unlock(PASS);
    expect(vault.open([{ ...item('n1', ''), envelope: env }])[0]).toEqual({ ok: true, plaintext: 'hello' });
    vault.lock('manual');
    await vault.unlockWithRecoveryKey(recoveryKey.toLowerCase().replace(/-/g, ' '));
    expect(vault.state()).toBe('unlocked');
  });

  it('says plainly when the passphrase is wrong and changes nothing on disk, ten times over', async () => {
    let clock = 1_000_000;
    const { store, vault } = await newVault(() => clock);
    vault.lock('manual');
    const before = JSON.stringify(store.get('vault'));
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const error = await vault.unlock(`wrong passphrase ${i}`).then(
        () => null,
        (e: UserFacingError) => e,
      );
      codes.push(error!.code);
      clock += 400_000; // past any throttle, so every attempt is a real one
    }
    expect(codes.every((c) => c === 'WRONG_PASSPHRASE')).toBe(true);
    expect(JSON.stringify(store.get('vault'))).toBe(before);
    expect(vault.state()).toBe('locked');
  });

  it('slows down repeated failures', async () => {
    const clock = 5_000_000;
    const { vault } = await newVault(() => clock);
    vault.lock('manual');
    for (let i = 0; i < 3; i++) await expectCode(vault.unlock('wrong wrong wrong'), 'WRONG_PASSPHRASE');
    const throttled = await expectCode(vault.unlock(PASS), 'TOO_MANY_ATTEMPTS');
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
    expect(throttled.message).toMatch(/wait \d+ second/);
    expect(retryDelayAfter(2)).toBe(0);
    expect(retryDelayAfter(4)).toBeGreaterThan(retryDelayAfter(3));
    expect(retryDelayAfter(50)).toBe(300_000);
  });

  it('changing the passphrase rewraps the key only: records stay byte-identical', async () => {
    const { store, vault, recoveryKey } = await newVault();
    const envelopes = vault.seal([item('a', 'one'), item('b', 'two'), item('c', 'three')]);
    const snapshot = JSON.stringify(envelopes);
    const next = 'harbour violet engine meadow';
    await vault.changePassphrase(PASS, next);
    vault.lock('manual');
    await expectCode(vault.unlock(PASS), 'WRONG_PASSPHRASE');
    await vault.unlock(next);
    const opened = vault.open(envelopes.map((envelope, i) => ({ ...item(['a', 'b', 'c'][i]!, ''), envelope })));
    expect(opened.map((o) => (o.ok ? o.plaintext : null))).toEqual(['one', 'two', 'three']);
    expect(JSON.stringify(envelopes)).toBe(snapshot);
    vault.lock('manual');
    await vault.unlockWithRecoveryKey(recoveryKey);
    expect(vault.state()).toBe('unlocked');
    expect((store.get('vault') as { kdf: { N: number } }).kdf.N).toBe(FAST_KDF.N);
  });

  it('refuses a wrong recovery key', async () => {
    const { vault } = await newVault();
    vault.lock('manual');
    await expectCode(vault.unlockWithRecoveryKey(formatRecoveryKey(new Uint8Array(32).fill(7))), 'WRONG_RECOVERY_KEY');
    await expectCode(vault.unlockWithRecoveryKey('not a key'), 'WRONG_RECOVERY_KEY');
  });

  it('recovery keys survive formatting and common misreadings', () => {
    const bytes = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
    const text = formatRecoveryKey(bytes);
    expect(text).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
    expect(parseRecoveryKey(text)).toEqual(Buffer.from(bytes));
    expect(parseRecoveryKey(text.toLowerCase().replace(/-/g, ''))).toEqual(Buffer.from(bytes));
    expect(parseRecoveryKey(text.replace(/0/g, 'O').replace(/1/g, 'I'))).toEqual(Buffer.from(bytes));
  });
});

describe('sealed records', () => {
  it('a flipped byte reports tampering on that record only, with no partial plaintext', async () => {
    const { vault } = await newVault();
    const envs = vault.seal([item('a', 'alpha record'), item('b', 'bravo record'), item('c', 'charlie record')]);
    const raw = Buffer.from(envs[1]!.ct, 'base64');
    raw[3] = raw[3]! ^ 0x01;
    const tampered: Envelope = { ...envs[1]!, ct: raw.toString('base64') };
    const results = vault.open([
      { ...item('a', ''), envelope: envs[0] },
      { ...item('b', ''), envelope: tampered },
      { ...item('c', ''), envelope: envs[2] },
    ]);
    expect(results[0]).toEqual({ ok: true, plaintext: 'alpha record' });
    expect(results[1]).toEqual({ ok: false, reason: 'tampered' });
    expect(JSON.stringify(results[1])).not.toContain('bravo');
    expect(results[2]).toEqual({ ok: true, plaintext: 'charlie record' });
  });

  it('an envelope swapped between two records, tables or versions fails to open', async () => {
    const { vault } = await newVault();
    const [a, b] = vault.seal([item('a', 'for A'), item('b', 'for B')]);
    const swapped = vault.open([
      { ...item('a', ''), envelope: b },
      { ...item('b', ''), envelope: a },
    ]);
    expect(swapped).toEqual([
      { ok: false, reason: 'tampered' },
      { ok: false, reason: 'tampered' },
    ]);
    expect(vault.open([{ ...item('a', '', 'clients'), envelope: a }])[0]).toEqual({ ok: false, reason: 'tampered' });
    expect(vault.open([{ ...item('a', ''), schemaVersion: 2, envelope: a }])[0]).toEqual({ ok: false, reason: 'tampered' });
  });

  it('reports malformed envelopes and other keys as such', async () => {
    const { vault } = await newVault();
    const [a] = vault.seal([item('a', 'x')]);
    expect(vault.open([{ ...item('a', ''), envelope: { nonsense: true } }])[0]).toEqual({ ok: false, reason: 'malformed' });
    expect(vault.open([{ ...item('a', ''), envelope: { ...a!, kid: 'ffff' } }])[0]).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('carries key id and algorithm in each envelope', async () => {
    const { vault } = await newVault();
    const [env] = vault.seal([item('a', 'x')]);
    expect(env).toMatchObject({ v: 1, alg: 'A256GCM', kid: vault.keyId });
    expect(Buffer.from(env!.iv, 'base64')).toHaveLength(12);
  });

  it('100,000 seals of the same plaintext never repeat a nonce', async () => {
    const { vault } = await newVault();
    const seen = new Set<string>();
    for (let batch = 0; batch < 20; batch++) {
      const envs = vault.seal(Array.from({ length: 5_000 }, (_, i) => item(`n${batch}-${i}`, 'same plaintext')));
      for (const e of envs) seen.add(e.iv);
    }
    expect(seen.size).toBe(100_000);
  });
});
