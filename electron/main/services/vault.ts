/**
 * The vault: derives the key-encryption key from the passphrase (Argon2id calibrated on this
 * computer, or the scrypt an older header names; see kdf.ts),
 * unwraps the random 256-bit data key and holds it in this process's memory only.
 * Records are sealed with AES-256-GCM, a fresh random 96-bit nonce each time, and the
 * record's id, table and schema version bound as associated data.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Envelope, OpenRequestItem, OpenResult, SealRequestItem } from '../../../shared/envelope';
import { envelopeSchema } from '../../../shared/envelope';
import { assessPassphrase } from '../../../shared/passphrase';
import { UserFacingError } from '../../../shared/result';
import type { KeyValueStore } from './kv-store';
import type { CalibrationPolicy, KdfParams, MeasureKdf } from './kdf';
import {
  DEFAULT_CALIBRATION,
  assertKdfAllowed,
  calibrateArgon2id,
  deriveKek,
  headerKdfSchema,
  kdfParamsOf,
  measureArgon2id,
} from './kdf';

export type { KdfParams } from './kdf';
export { KDF_LIMITS, assertKdfAllowed, kdfProblem } from './kdf';

const HEADER_KEY = 'vault';
const ALG = 'A256GCM';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const wrappedSchema = z.object({ iv: b64, ct: b64 });
export const vaultHeaderSchema = z.object({
  format: z.literal(1),
  keyId: z.string(),
  createdAt: z.number(),
  kdf: headerKdfSchema,
  passphraseWrap: wrappedSchema,
  recoverySalt: b64,
  recoveryWrap: wrappedSchema,
});
export type VaultHeader = z.infer<typeof vaultHeaderSchema>;

export type VaultState = 'uninitialised' | 'locked' | 'unlocked';

export interface VaultOptions {
  store: KeyValueStore;
  /**
   * Fixed key-derivation parameters instead of calibrating: for tests and the e2e harness
   * only (set in Node by whoever builds the services; nothing a page sends reaches it).
   */
  kdf?: KdfParams;
  /** How calibration times a derivation and what it aims for (tests pin the outcome with a fake clock). */
  calibration?: { measure?: MeasureKdf; policy?: CalibrationPolicy };
  now?: () => number;
  /** Told about a lock or unlock listener that failed (never with key material). */
  onListenerError?: (error: unknown) => void;
}

// Crockford base32: no I, L, O or U, so a recovery key read aloud or copied by hand survives.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function formatRecoveryKey(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

export function parseRecoveryKey(text: string): Buffer | null {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== 52 || /[^0-9A-Z]/.test(clean)) return null;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = CROCKFORD.indexOf(ch);
    if (idx < 0) return null;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const bytes = out.length >= 32 ? Buffer.from(out.slice(0, 32)) : null;
  out.fill(0);
  value = 0;
  return bytes;
}

const deriveFromRecovery = (recovery: Buffer, salt: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', recovery, salt, 'holdspace/recovery-wrap/v1', 32));

function wrap(kek: Buffer, dataKey: Buffer, label: string): { iv: string; ct: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(label));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64') };
}

function unwrap(kek: Buffer, wrapped: { iv: string; ct: string }, label: string): Buffer | null {
  let part: Buffer | null = null;
  try {
    const raw = Buffer.from(wrapped.ct, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(Buffer.from(label));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    part = decipher.update(raw.subarray(0, raw.length - 16));
    return Buffer.concat([part, decipher.final()]);
  } catch {
    return null;
  } finally {
    // The unverified plaintext piece is a copy of key material either way.
    part?.fill(0);
  }
}

/** Overwrites secret buffers in place; the GC may move nothing we hold a reference to. */
export const zero = (...buffers: (Buffer | null | undefined)[]): void => {
  for (const b of buffers) b?.fill(0);
};

const WRAP_PASSPHRASE = 'holdspace/wrap/passphrase/v1';
const WRAP_RECOVERY = 'holdspace/wrap/recovery/v1';

/** Associated data: a ciphertext moved to another record, table or schema version fails to open. */
export const associatedData = (kid: string, table: string, id: string, schemaVersion: number): Buffer =>
  Buffer.from(`holdspace/record/v1\u0000${kid}\u0000${table}\u0000${id}\u0000${schemaVersion}`);

/** Throttle after repeated failures: three free tries, then 1 s, 2 s, 4 s ... up to 5 minutes. */
export const retryDelayAfter = (failures: number): number => (failures < 3 ? 0 : Math.min(1000 * 2 ** (failures - 3), 300_000));

export class Vault {
  private dataKey: Buffer | null = null;
  private unlockedKeyId: string | undefined;
  private macKey: Buffer | null = null;
  // Failure counts live in memory only: a wrong passphrase must change nothing on disk.
  private failures = 0;
  private blockedUntil = 0;
  private attempts: Promise<void> = Promise.resolve();
  private readonly lockListeners = new Set<(reason: string) => void>();
  private readonly unlockListeners = new Set<() => void>();
  private readonly store: KeyValueStore;
  private readonly kdf: KdfParams | undefined;
  private readonly calibration: { measure: MeasureKdf; policy: CalibrationPolicy };
  private readonly now: () => number;
  private readonly onListenerError: (error: unknown) => void;

  constructor(options: VaultOptions) {
    this.store = options.store;
    this.kdf = options.kdf;
    this.calibration = {
      measure: options.calibration?.measure ?? measureArgon2id,
      policy: options.calibration?.policy ?? DEFAULT_CALIBRATION,
    };
    this.now = options.now ?? Date.now;
    this.onListenerError = options.onListenerError ?? (() => undefined);
  }

  /**
   * The parameters for a new passphrase key: calibrated on this computer now (at creation
   * and at each passphrase change, so a vault moved to a faster computer catches up).
   */
  private async newKdf(): Promise<KdfParams> {
    const params = this.kdf ?? (await calibrateArgon2id(this.calibration.measure, this.calibration.policy));
    assertKdfAllowed(params);
    return params;
  }

  private header(): VaultHeader | null {
    const raw = this.store.get(HEADER_KEY);
    if (raw === undefined) return null;
    const parsed = vaultHeaderSchema.safeParse(raw);
    if (!parsed.success) {
      throw new UserFacingError('TAMPERED', 'The vault header on this computer is damaged. Restore from a backup to continue.');
    }
    return parsed.data;
  }

  state(): VaultState {
    if (this.dataKey) return 'unlocked';
    return this.store.get(HEADER_KEY) === undefined ? 'uninitialised' : 'locked';
  }

  /**
   * Never more than the current count's delay: with the clock set back after a wrong guess (by
   * hand or by a time server), counting down to the old moment would shut the clinician out for
   * as long as the clock moved.
   */
  retryAfterMs(): number {
    return Math.min(retryDelayAfter(this.failures), Math.max(0, this.blockedUntil - this.now()));
  }

  status(): { state: VaultState; retryAfterMs: number } {
    return { state: this.state(), retryAfterMs: this.retryAfterMs() };
  }

  /** Header fields a backup needs; none of them is secret without the passphrase or recovery key. */
  exportHeader(): VaultHeader {
    const h = this.header();
    if (!h) throw new UserFacingError('VAULT_MISSING', 'Set up Holdspace first.');
    return h;
  }

  /**
   * Takes back a header kept elsewhere (the copy beside the records) when this computer's
   * settings file has lost its own. Only while there is none: it never replaces a vault.
   */
  recoverHeader(raw: unknown): void {
    if (this.store.get(HEADER_KEY) !== undefined)
      throw new UserFacingError('VAULT_EXISTS', 'Holdspace is already set up on this computer.');
    const parsed = vaultHeaderSchema.safeParse(raw);
    if (!parsed.success)
      throw new UserFacingError(
        'TAMPERED',
        'The copy of the vault header kept with your records is damaged. Restore from a backup to continue.',
      );
    assertKdfAllowed(parsed.data.kdf);
    this.store.set(HEADER_KEY, parsed.data);
  }

  get keyId(): string {
    return (this.unlockedKeyId ??= this.exportHeader().keyId);
  }

  async create(passphrase: string): Promise<{ recoveryKey: string }> {
    if (this.store.get(HEADER_KEY) !== undefined) {
      throw new UserFacingError('VAULT_EXISTS', 'Holdspace is already set up on this computer.');
    }
    const assessment = await assessPassphrase(passphrase);
    if (!assessment.acceptable) throw new UserFacingError('WEAK_PASSPHRASE', assessment.reason);
    const dataKey = randomBytes(32);
    const salt = randomBytes(16);
    const recovery = randomBytes(32);
    const recoverySalt = randomBytes(16);
    let kek: Buffer | null = null;
    let recoveryKek: Buffer | null = null;
    try {
      const kdf = await this.newKdf();
      kek = await deriveKek(passphrase, salt, kdf);
      recoveryKek = deriveFromRecovery(recovery, recoverySalt);
      const header: VaultHeader = {
        format: 1,
        keyId: randomBytes(8).toString('hex'),
        createdAt: this.now(),
        kdf: { ...kdf, salt: salt.toString('base64') },
        passphraseWrap: wrap(kek, dataKey, WRAP_PASSPHRASE),
        recoverySalt: recoverySalt.toString('base64'),
        recoveryWrap: wrap(recoveryKek, dataKey, WRAP_RECOVERY),
      };
      this.store.set(HEADER_KEY, header);
      const recoveryKey = formatRecoveryKey(recovery);
      this.setKey(dataKey);
      return { recoveryKey };
    } catch (error) {
      zero(dataKey);
      throw error;
    } finally {
      zero(kek, recoveryKek, recovery);
    }
  }

  private guardThrottle(): void {
    const wait = this.retryAfterMs();
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new UserFacingError(
        'TOO_MANY_ATTEMPTS',
        `Too many attempts. For your protection, wait ${seconds} second${seconds === 1 ? '' : 's'} before trying again.`,
        wait,
      );
    }
  }

  private recordFailure(): void {
    this.failures += 1;
    this.blockedUntil = this.now() + retryDelayAfter(this.failures);
  }

  /**
   * Unwraps the data key of any header (this vault's, or a backup's) with a passphrase or
   * recovery key, counting failures towards the same throttle. Changes nothing on disk.
   */
  unwrapHeader(header: VaultHeader, secret: { passphrase: string } | { recoveryKey: string }): Promise<Buffer | null> {
    // One attempt at a time: parallel guesses queue behind each other and meet the throttle.
    const attempt = this.attempts.then(() => this.unwrapNow(header, secret));
    this.attempts = attempt.then(
      () => undefined,
      () => undefined,
    );
    return attempt;
  }

  private async unwrapNow(header: VaultHeader, secret: { passphrase: string } | { recoveryKey: string }): Promise<Buffer | null> {
    this.guardThrottle();
    assertKdfAllowed(header.kdf);
    // Counted before the key derivation runs, and taken back only when it succeeds: an
    // attempt that is interrupted, or that fails in any way, still counts.
    this.recordFailure();
    let dataKey: Buffer | null = null;
    let kek: Buffer | null = null;
    let recovery: Buffer | null = null;
    try {
      if ('passphrase' in secret) {
        // The algorithm and cost the header names: an older scrypt header keeps unlocking.
        kek = await deriveKek(secret.passphrase, Buffer.from(header.kdf.salt, 'base64'), kdfParamsOf(header.kdf));
        dataKey = unwrap(kek, header.passphraseWrap, WRAP_PASSPHRASE);
      } else {
        recovery = parseRecoveryKey(secret.recoveryKey);
        if (recovery) {
          kek = deriveFromRecovery(recovery, Buffer.from(header.recoverySalt, 'base64'));
          dataKey = unwrap(kek, header.recoveryWrap, WRAP_RECOVERY);
        }
      }
    } finally {
      zero(kek, recovery);
    }
    if (dataKey) {
      this.failures -= 1;
      this.blockedUntil = this.failures > 0 ? this.now() + retryDelayAfter(this.failures) : 0;
    }
    return dataKey;
  }

  /**
   * Replaces this vault with a restored one: its header and its (already verified) data key.
   * The key changes in place, without announcing a lock or an unlock: the page stays, so
   * the clinician can read what the restore reports before reloading.
   */
  adopt(header: VaultHeader, dataKey: Buffer): void {
    this.store.set(HEADER_KEY, header);
    zero(this.dataKey, this.macKey);
    this.dataKey = dataKey;
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'holdspace/audit-mac/v1', 32));
    this.unlockedKeyId = undefined;
    this.failures = 0;
    this.blockedUntil = 0;
  }

  /**
   * A restore finished at start-up (see restore-journal.ts): the restored header replaces this
   * one while the vault is locked; the backup's passphrase or recovery key unlocks it from then on.
   */
  replaceHeaderWhileLocked(header: VaultHeader): void {
    if (this.dataKey) throw new Error('The vault must be locked before its header is replaced.');
    assertKdfAllowed(header.kdf);
    this.store.set(HEADER_KEY, header);
    this.unlockedKeyId = undefined;
    this.failures = 0;
    this.blockedUntil = 0;
  }

  async unlock(passphrase: string): Promise<void> {
    const header = this.header();
    if (!header) throw new UserFacingError('VAULT_MISSING', 'Set up Holdspace first.');
    if (this.dataKey) return;
    const dataKey = await this.unwrapHeader(header, { passphrase });
    if (!dataKey) {
      throw new UserFacingError(
        'WRONG_PASSPHRASE',
        'That passphrase is not right. Check Caps Lock and try again, or use your recovery key.',
        this.retryAfterMs() || undefined,
      );
    }
    // Another attempt queued alongside this one may have unlocked already.
    if (this.dataKey) zero(dataKey);
    else this.setKey(dataKey);
  }

  async unlockWithRecoveryKey(recoveryKey: string): Promise<void> {
    const header = this.header();
    if (!header) throw new UserFacingError('VAULT_MISSING', 'Set up Holdspace first.');
    if (this.dataKey) return;
    const dataKey = await this.unwrapHeader(header, { recoveryKey });
    if (!dataKey) {
      throw new UserFacingError(
        'WRONG_RECOVERY_KEY',
        'That recovery key does not match this vault. Check each group of characters and try again.',
        this.retryAfterMs() || undefined,
      );
    }
    // Another attempt queued alongside this one may have unlocked already.
    if (this.dataKey) zero(dataKey);
    else this.setKey(dataKey);
  }

  /**
   * Rewraps the data key under a new passphrase, with key-derivation parameters calibrated
   * now (so a scrypt header moves to Argon2id). Record ciphertexts are untouched.
   */
  async changePassphrase(current: string, next: string): Promise<void> {
    const header = this.header();
    if (!header) throw new UserFacingError('VAULT_MISSING', 'Set up Holdspace first.');
    const dataKey = await this.unwrapHeader(header, { passphrase: current });
    if (!dataKey) throw new UserFacingError('WRONG_PASSPHRASE', 'Your current passphrase is not right, so nothing was changed.');
    let kek: Buffer | null = null;
    try {
      const assessment = await assessPassphrase(next);
      if (!assessment.acceptable) throw new UserFacingError('WEAK_PASSPHRASE', assessment.reason);
      const newSalt = randomBytes(16);
      const kdf = await this.newKdf();
      kek = await deriveKek(next, newSalt, kdf);
      this.store.set(HEADER_KEY, {
        ...header,
        kdf: { ...kdf, salt: newSalt.toString('base64') },
        passphraseWrap: wrap(kek, dataKey, WRAP_PASSPHRASE),
      } satisfies VaultHeader);
    } finally {
      zero(kek, dataKey);
    }
  }

  private setKey(dataKey: Buffer): void {
    this.dataKey = dataKey;
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'holdspace/audit-mac/v1', 32));
    this.failures = 0;
    this.blockedUntil = 0;
    for (const l of [...this.unlockListeners]) {
      try {
        l();
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /**
   * Drops the key. Listeners run first (the lock is recorded while the key is still held),
   * each on its own: one that fails (a full disk under the audit trail, say) neither stops
   * the others nor keeps the key in memory. The key is zeroed whatever happens.
   */
  lock(reason: string): void {
    if (!this.dataKey) return;
    try {
      for (const l of [...this.lockListeners]) {
        try {
          l(reason);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    } finally {
      zero(this.dataKey, this.macKey);
      this.dataKey = null;
      this.macKey = null;
      this.unlockedKeyId = undefined;
    }
  }

  onLock(listener: (reason: string) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  onUnlock(listener: () => void): () => void {
    this.unlockListeners.add(listener);
    return () => this.unlockListeners.delete(listener);
  }

  requireUnlocked(): void {
    this.requireKey();
  }

  private requireKey(): Buffer {
    if (!this.dataKey) throw new UserFacingError('LOCKED', 'Holdspace is locked. Unlock it to continue.');
    return this.dataKey;
  }

  /** A fresh copy of a key derived from the data key for one purpose; the caller zeroes it after use. */
  deriveKey(derive: (dataKey: Buffer) => Buffer): Buffer {
    return derive(this.requireKey());
  }

  /** A keyed hash for the audit chain: without the data key nobody can forge a link. */
  mac(data: string): string {
    if (!this.macKey) throw new UserFacingError('LOCKED', 'Holdspace is locked. Unlock it to continue.');
    return hmacHex(this.macKey, data);
  }

  seal(items: readonly SealRequestItem[]): Envelope[] {
    const key = this.requireKey();
    const kid = this.keyId;
    return items.map((item) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(kid, item.table, item.id, item.schemaVersion));
      const ct = Buffer.concat([cipher.update(item.plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return { v: 1, kid, alg: ALG, iv: iv.toString('base64'), ct: ct.toString('base64') };
    });
  }

  open(items: readonly OpenRequestItem[]): OpenResult[] {
    const key = this.requireKey();
    const kid = this.keyId;
    return items.map((item): OpenResult => {
      const parsed = envelopeSchema.safeParse(item.envelope);
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      const env = parsed.data;
      if (env.kid !== kid) return { ok: false, reason: 'unknown-key' };
      const raw = Buffer.from(env.ct, 'base64');
      const iv = Buffer.from(env.iv, 'base64');
      if (raw.length < 16 || iv.length !== 12) return { ok: false, reason: 'malformed' };
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(associatedData(kid, item.table, item.id, item.schemaVersion));
        decipher.setAuthTag(raw.subarray(raw.length - 16));
        // update() yields bytes before the tag is checked; they are dropped unless final() verifies it.
        const plain = Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]);
        return { ok: true, plaintext: plain.toString('utf8') };
      } catch {
        return { ok: false, reason: 'tampered' };
      }
    });
  }
}

const hmacHex = (key: Buffer, data: string): string => createHmac('sha256', key).update(data).digest('hex');

export const constantTimeEqualHex = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
