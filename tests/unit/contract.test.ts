import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../electron/main/dispatcher';
import type { Handlers } from '../../electron/main/dispatcher';
import { CHANNELS, contract, wireName } from '../../shared/contract';
import { createHoldspaceApi } from '../../electron/preload/api-factory';
import { UserFacingError } from '../../shared/result';

const ORIGIN = 'app://holdspace';

function spyHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      (input: unknown) => {
        calls.push(c);
        return input;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

/** Payloads no channel accepts: wrong types, extra keys, missing fields. */
const MALFORMED: unknown[] = [null, 42, 'text', [], { __proto__: { polluted: true }, extra: 1 }, { unexpected: 'field' }];

describe('the IPC contract', () => {
  it('the preload API exposes exactly one function per channel', () => {
    const api = createHoldspaceApi({ invoke: async () => ({ ok: true, value: {} }), subscribe: () => () => undefined });
    const exposed = Object.entries(api).flatMap(([ns, fns]) =>
      typeof fns === 'function' ? [] : Object.keys(fns as object).map((m) => `${ns}.${m}`),
    );
    expect(exposed.sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(api)).not.toContain('invoke');
  });

  it.each(CHANNELS)('rejects malformed payloads on %s before any handler runs', async (channel) => {
    const { handlers, calls } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    for (const payload of MALFORMED) {
      // A payload the schema accepts is not malformed for that channel: skip it.
      if (contract[channel].input.safeParse(payload).success) continue;
      const result = await dispatch(`${ORIGIN}/index.html`, wireName(channel), payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toMatch(/expected form/);
    }
    expect(calls).toEqual([]);
  });

  it('refuses a message from a foreign origin without calling the handler', async () => {
    const { handlers, calls } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', undefined, 'app://other/index.html']) {
      const result = await dispatch(sender, wireName('vault.status'), {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ORIGIN' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses unknown channels', async () => {
    const { handlers } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    expect(await dispatch(`${ORIGIN}/`, 'holdspace:fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });

  it('turns service errors into clinician messages and hides internal ones', async () => {
    const onInternalError = vi.fn();
    const { handlers } = spyHandlers();
    handlers['vault.unlock'] = () => {
      throw new UserFacingError('WRONG_PASSPHRASE', 'That passphrase is not right.');
    };
    handlers['vault.status'] = () => {
      throw new TypeError('secret internal detail: Jane Doe');
    };
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN, onInternalError });
    expect(await dispatch(`${ORIGIN}/`, wireName('vault.unlock'), { passphrase: 'x' })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'That passphrase is not right.' },
    });
    const internal = await dispatch(`${ORIGIN}/`, wireName('vault.status'), {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('Jane Doe');
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('passes parsed input to the handler and wraps the value', async () => {
    const { handlers, calls } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    expect(await dispatch(`${ORIGIN}/`, wireName('settings.update'), { patch: { idleLockMinutes: 5 } })).toEqual({
      ok: true,
      value: { patch: { idleLockMinutes: 5 } },
    });
    expect(calls).toEqual(['settings.update']);
  });
});
