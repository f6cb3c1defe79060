/**
 * Routes one IPC message to its handler. The payload is `unknown` until the channel's
 * zod schema accepts it; a foreign sender or a malformed payload never reaches a handler.
 * Errors leave as clinician-facing messages, never as stack traces or client text.
 */
import type { z } from 'zod';
import { contract, isChannel } from '../../shared/contract';
import type { Channel, ChannelOutput, Contract } from '../../shared/contract';
import { UserFacingError, fail, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { isTrustedSender } from './security';

export type Handlers = {
  [C in Channel]: (input: z.output<Contract[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export interface DispatcherOptions {
  handlers: Handlers;
  trustedOrigin: string;
  /** Told of unexpected failures, without payloads, so logs never hold client data. */
  onInternalError?: (channel: string, error: unknown) => void;
}

export type Dispatch = (senderUrl: string | undefined, wireChannel: string, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher({ handlers, trustedOrigin, onInternalError }: DispatcherOptions): Dispatch {
  return async (senderUrl, wireChannel, payload) => {
    if (!isTrustedSender(senderUrl, trustedOrigin)) {
      return fail('FORBIDDEN_ORIGIN', 'This request did not come from Holdspace and was refused.');
    }
    const name = typeof wireChannel === 'string' ? wireChannel.replace(/^holdspace:/, '') : '';
    if (!isChannel(name)) return fail('UNKNOWN_CHANNEL', 'Holdspace does not know that action.');
    const parsed = contract[name].input.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
      return fail(
        'INVALID_INPUT',
        `Some of the information was not in the expected form${where}: ${first?.message ?? 'invalid'}.`,
      );
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown> | unknown;
      const value = await handler(parsed.data);
      return ok(value);
    } catch (error) {
      if (error instanceof UserFacingError) {
        return fail(error.code, error.message, error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs });
      }
      onInternalError?.(name, error);
      return fail('INTERNAL', 'Something went wrong inside Holdspace. Nothing was lost; please try again.');
    }
  };
}
