/**
 * What the repositories are given in unit tests instead of `window.holdspace`: either a
 * stand-in that "seals" by base64-encoding (fast, counts what it is asked to open), or the real
 * main-process services on a temporary folder, reached through the preload's own API factory
 * and the IPC dispatcher, exactly as the app reaches them.
 */
import { createDispatcher } from '../../../electron/main/dispatcher';
import { createHoldspaceApi } from '../../../electron/preload/api-factory';
import type { RecordsApi } from '../../../renderer/src/data/repository';
import type { HoldspaceApi } from '../../../shared/api';
import type { PageAuditEvent } from '../../../shared/audit';
import type { Envelope } from '../../../shared/envelope';
import { PASS, testServices } from './main-services';

export function fakeRecordsApi() {
  const openCalls: number[] = [];
  const audited: PageAuditEvent[] = [];
  let counter = 0;
  const api: RecordsApi = {
    vault: {
      seal: async ({ items }) => ({
        ok: true,
        value: {
          envelopes: items.map((i) => ({
            v: 1,
            kid: 'k',
            alg: 'A256GCM',
            iv: `iv${counter++}`,
            ct: Buffer.from(i.plaintext).toString('base64'),
          })),
        },
      }),
      open: async ({ items }) => {
        openCalls.push(items.length);
        return {
          ok: true,
          value: {
            results: items.map((i) => ({
              ok: true,
              plaintext: Buffer.from((i.envelope as Envelope).ct, 'base64').toString(),
            })),
          },
        };
      },
    },
    audit: {
      record: async ({ events }) => {
        audited.push(...events);
        return { ok: true, value: {} };
      },
    },
  };
  return { api, openCalls, audited };
}

const ORIGIN = 'app://holdspace';

/** The real vault and audit trail on a temporary folder, created and unlocked, behind the preload's API. */
export async function realApi(): Promise<{ api: HoldspaceApi; services: ReturnType<typeof testServices> }> {
  const services = testServices();
  const dispatch = createDispatcher({ handlers: services.handlers, trustedOrigin: ORIGIN });
  const api = createHoldspaceApi({
    invoke: (channel, payload) => dispatch(`${ORIGIN}/index.html`, channel, structuredClone(payload)),
    subscribe: () => () => undefined,
  });
  const created = await api.vault.create({ passphrase: PASS });
  if (!created.ok) throw new Error(created.error.message);
  return { api, services };
}
