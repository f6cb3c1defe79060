import type { HoldspaceApi } from '../../../shared/api';
import type { Result } from '../../../shared/result';

declare global {
  interface Window {
    holdspace: HoldspaceApi;
  }
}

export const api = (): HoldspaceApi => window.holdspace;

/** Thrown by `unwrap` so a screen can show the clinician-facing message main wrote. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  if (result.error.code === 'LOCKED') window.dispatchEvent(new Event('holdspace-event:vault-locked'));
  throw new ApiError(result.error.code, result.error.message, result.error.retryAfterMs);
}

export const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'Something went wrong. Nothing was lost; please try again.';
