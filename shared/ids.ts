/**
 * Branded ids: a ClientId cannot be passed where a GroupId is expected, although
 * both are random strings at run time.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ClientId = Brand<string, 'ClientId'>;
export type GroupId = Brand<string, 'GroupId'>;
export type MembershipId = Brand<string, 'MembershipId'>;
export type AppointmentId = Brand<string, 'AppointmentId'>;
export type NoteId = Brand<string, 'NoteId'>;
export type AttendanceId = Brand<string, 'AttendanceId'>;
export type AgreementId = Brand<string, 'AgreementId'>;
export type MeasureId = Brand<string, 'MeasureId'>;

/** Milliseconds since the epoch (an instant), never a local wall-clock time. */
export type EpochMs = Brand<number, 'EpochMs'>;
/** A duration in minutes. */
export type Minutes = Brand<number, 'Minutes'>;

export const epochMs = (n: number): EpochMs => n as EpochMs;
export const minutes = (n: number): Minutes => n as Minutes;

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A random id that identifies no one (no timestamp, no counter). Uses the platform's
 * Web Crypto, available both in the renderer and in Node 20's global scope.
 */
export function newId<T extends string>(): T {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b % 36];
  return out as T;
}
