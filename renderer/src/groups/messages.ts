import { ZodError } from 'zod';
import { AgreementError } from '../../../shared/groups/agreements';
import { RosterError } from '../../../shared/groups/roster';
import { ApiError, messageOf } from '../app/api';

/**
 * The message to show a clinician for a failed action. Domain errors and main's errors are
 * already written for them; anything else (a bug) gets a calm generic sentence, never a stack.
 */
export function describeError(error: unknown): string {
  if (error instanceof RosterError || error instanceof AgreementError || error instanceof RangeError) return error.message;
  if (error instanceof ZodError) return error.issues[0]?.message ?? messageOf(error);
  if (error instanceof ApiError) return error.message;
  return messageOf(error);
}
