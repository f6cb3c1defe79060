/**
 * Passphrase stretching. New keys use Argon2id (hash-wasm's WebAssembly build: the same
 * code on every platform), with its cost calibrated on this computer when the vault is
 * created and at every passphrase change; older headers keep scrypt and keep unlocking,
 * because the algorithm and its parameters are stored with the wrapped key and read back
 * from there. Whatever a header asks for must lie in a fixed range (kdfProblem), so a
 * hostile header or backup cannot tie up the computer's processor or memory.
 */
import { scrypt } from 'node:crypto';
import { argon2id } from 'hash-wasm';
import { z } from 'zod';
import { UserFacingError } from '../../../shared/result';

export type ScryptParams = { name: 'scrypt'; N: number; r: number; p: number };
/** m in KiB, t passes over it, p lanes (Argon2's own names). */
export type Argon2idParams = { name: 'argon2id'; m: number; t: number; p: number };
export type KdfParams = ScryptParams | Argon2idParams;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
/** The `kdf` field of a vault header: the algorithm, its parameters and the salt. */
export const headerKdfSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
  z.object({ name: z.literal('argon2id'), m: z.number().int(), t: z.number().int(), p: z.number().int(), salt: b64 }),
]);
export type HeaderKdf = z.infer<typeof headerKdfSchema>;

/** OWASP's scrypt minimum (N=2^17, r=8, p=1): what vaults made before Argon2id carry. */
export const LEGACY_SCRYPT = Object.freeze({ name: 'scrypt' as const, N: 2 ** 17, r: 8, p: 1 });

/**
 * The key-derivation parameters any header (this computer's, or a backup's) may ask for.
 * Outside this range a header is refused with a message before any work is done: a
 * non-power-of-two N is not scrypt, and a huge N, r, p, m or t would tie up the computer.
 */
export const KDF_LIMITS = Object.freeze({
  minLogN: 10,
  maxLogN: 22,
  minR: 1,
  maxR: 32,
  minP: 1,
  maxP: 16,
  maxMemBytes: 2 ** 31,
  maxWork: 2 ** 27,
  /** Argon2id: 1 MiB to 1 GiB of memory, 1 to 64 passes, 1 to 4 lanes, at most 2 GiB of passes in all. */
  argon2: { minMemKiB: 1024, maxMemKiB: 2 ** 20, minT: 1, maxT: 64, minP: 1, maxP: 4, maxWorkKiB: 2 ** 21 },
});

const isIntIn = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;

/** Which parameter is out of range (null when all are allowed). */
export function kdfProblem(kdf: { name?: string } & Record<string, unknown>): string | null {
  if (kdf.name === 'argon2id') {
    const { m, t, p } = kdf as unknown as Argon2idParams;
    const L = KDF_LIMITS.argon2;
    if (!isIntIn(m, L.minMemKiB, L.maxMemKiB)) return 'm';
    if (!isIntIn(t, L.minT, L.maxT)) return 't';
    if (!isIntIn(p, L.minP, L.maxP) || m < 8 * p) return 'p';
    if (m * t > L.maxWorkKiB) return 'cost';
    return null;
  }
  if (kdf.name !== undefined && kdf.name !== 'scrypt') return 'name';
  const { N, r, p } = kdf as unknown as ScryptParams;
  const logN = Math.log2(N);
  if (!Number.isInteger(N) || !Number.isInteger(logN) || logN < KDF_LIMITS.minLogN || logN > KDF_LIMITS.maxLogN) return 'N';
  if (!Number.isInteger(r) || r < KDF_LIMITS.minR || r > KDF_LIMITS.maxR) return 'r';
  if (!Number.isInteger(p) || p < KDF_LIMITS.minP || p > KDF_LIMITS.maxP) return 'p';
  if (128 * N * r > KDF_LIMITS.maxMemBytes || N * r * p > KDF_LIMITS.maxWork) return 'cost';
  return null;
}

export function assertKdfAllowed(kdf: { name?: string } & Record<string, unknown>): void {
  if (kdfProblem(kdf)) {
    throw new UserFacingError(
      'UNSUPPORTED_KDF',
      'The key settings stored with this vault or backup are outside what Holdspace accepts, so it cannot be opened. The file may be damaged. Nothing has been changed.',
    );
  }
}

/** Only the parameters, without the salt. */
export function kdfParamsOf(kdf: HeaderKdf): KdfParams {
  return kdf.name === 'scrypt'
    ? { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p }
    : { name: 'argon2id', m: kdf.m, t: kdf.t, p: kdf.p };
}

/**
 * The 32-byte key-encryption key for a passphrase. The caller zeroes it after use. The
 * passphrase's bytes handed to Argon2id are overwritten too; the WebAssembly instance's own
 * working memory cannot be, and is left to the garbage collector.
 */
export async function deriveKek(secret: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  assertKdfAllowed(kdf);
  if (kdf.name === 'scrypt') {
    return new Promise((resolve, reject) => {
      scrypt(secret.normalize('NFKC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r * 2 }, (err, key) =>
        err ? reject(err) : resolve(key),
      );
    });
  }
  const password = Buffer.from(secret.normalize('NFKC'), 'utf8');
  let out: Uint8Array | null = null;
  try {
    out = await argon2id({
      password,
      salt,
      parallelism: kdf.p,
      iterations: kdf.t,
      memorySize: kdf.m,
      hashLength: 32,
      outputType: 'binary',
    });
    return Buffer.from(out);
  } finally {
    password.fill(0);
    out?.fill(0);
  }
}

/**
 * How calibration chooses Argon2id's cost. The floor is OWASP's (m = 19 MiB, t = 2, p = 1);
 * memory is preferred over passes (64 MiB when the computer allows it), and the number of
 * passes is chosen so one unlock takes about `targetMs` on this computer.
 */
export interface CalibrationPolicy {
  targetMs: number;
  /** Above this at the preferred memory and the fewest passes, memory is reduced instead (never below the floor). */
  maxMs: number;
  preferredMemKiB: number;
  minMemKiB: number;
  minT: number;
  maxT: number;
  p: number;
}

export const OWASP_ARGON2ID_FLOOR = Object.freeze({ m: 19 * 1024, t: 2, p: 1 });

export const DEFAULT_CALIBRATION: Readonly<CalibrationPolicy> = Object.freeze({
  targetMs: 500,
  maxMs: 1000,
  preferredMemKiB: 64 * 1024,
  minMemKiB: OWASP_ARGON2ID_FLOOR.m,
  minT: OWASP_ARGON2ID_FLOOR.t,
  maxT: 10,
  p: OWASP_ARGON2ID_FLOOR.p,
});

/** How long one derivation with these parameters takes, in milliseconds. */
export type MeasureKdf = (params: Argon2idParams) => Promise<number>;

/** Times one real derivation (a throwaway passphrase and salt) with the process's clock. */
export const measureArgon2id: MeasureKdf = async (params) => {
  const salt = Buffer.alloc(16, 0x5a);
  const started = performance.now();
  const key = await deriveKek('holdspace calibration', salt, params);
  const elapsed = performance.now() - started;
  key.fill(0);
  return elapsed;
};

/**
 * Chooses Argon2id parameters for this computer from one timed derivation at the preferred
 * memory and the fewest passes. Cost grows with memory × passes, so the time of one
 * KiB-pass is read off the probe; passes are then set to land near the target. A computer
 * too slow for the preferred memory even at the fewest passes gets less memory instead,
 * but never less than the policy's floor; a very fast one stops at the policy's maximum.
 */
export async function calibrateArgon2id(
  measure: MeasureKdf = measureArgon2id,
  policy: CalibrationPolicy = DEFAULT_CALIBRATION,
): Promise<Argon2idParams> {
  const probe: Argon2idParams = { name: 'argon2id', m: policy.preferredMemKiB, t: policy.minT, p: policy.p };
  const ms = await measure(probe);
  const perKiBPass = ms / (probe.m * probe.t);
  // A clock that says nothing useful (zero, negative, not a number) leaves the probe's own parameters.
  if (!(perKiBPass > 0) || !Number.isFinite(perKiBPass)) return probe;
  if (ms <= policy.maxMs) {
    const t = Math.round(policy.targetMs / (perKiBPass * probe.m));
    return { ...probe, t: Math.min(policy.maxT, Math.max(policy.minT, t)) };
  }
  // Memory in whole MiB, so the header reads plainly.
  const m = Math.floor(policy.targetMs / (perKiBPass * policy.minT) / 1024) * 1024;
  return { ...probe, m: Math.min(policy.preferredMemKiB, Math.max(policy.minMemKiB, m)) };
}
