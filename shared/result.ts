/**
 * Every IPC call answers with a Result. `message` is always written for a clinician:
 * it is shown as-is in the app, so it never contains client text or stack traces.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'FORBIDDEN_ORIGIN'
  | 'UNKNOWN_CHANNEL'
  | 'LOCKED'
  | 'VAULT_EXISTS'
  | 'VAULT_MISSING'
  | 'WRONG_PASSPHRASE'
  | 'WRONG_RECOVERY_KEY'
  | 'TOO_MANY_ATTEMPTS'
  | 'WEAK_PASSPHRASE'
  | 'TAMPERED'
  | 'CORRUPT_BACKUP'
  | 'UNSUPPORTED_KDF'
  | 'CANCELLED'
  | 'NOT_ALLOWED'
  | 'INTERNAL';

export interface HoldspaceError {
  code: ErrorCode;
  message: string;
  /** Milliseconds until another attempt is accepted (throttled unlock). */
  retryAfterMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HoldspaceError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, extra?: Partial<HoldspaceError>): Result<never> => ({
  ok: false,
  error: { code, message, ...extra },
});

/** Thrown by services to end a call with a clinician-facing message. */
export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}
