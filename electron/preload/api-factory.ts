/**
 * Builds `window.holdspace` from the contract: one named function per channel and
 * nothing else. The raw transport (ipcRenderer in the app, a Playwright binding in the
 * tests) stays inside this closure and is never exposed to the page.
 */
import type { HoldspaceApi, Transport } from '../../shared/api';
import { CHANNELS, EVENTS, wireName } from '../../shared/channels';
import type { HoldspaceEvent } from '../../shared/channels';
import type { Result } from '../../shared/result';

export function createHoldspaceApi(transport: Transport): HoldspaceApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [ns, method] = channel.split('.') as [string, string];
    api[ns] ??= {};
    api[ns][method] = async (input: unknown) => {
      try {
        return (await transport.invoke(wireName(channel), input ?? {})) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'Holdspace could not complete that action. Please try again.' },
        };
      }
    };
  }
  const on = (event: HoldspaceEvent, listener: () => void): (() => void) => {
    if (!EVENTS.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as HoldspaceApi;
}
