/**
 * Builds every main-process service and the handler table for the IPC contract. Plain
 * Node: the Electron adapter and the test harness both call this with their own
 * platform hooks (dialogs, shell), so the same code runs in the app and in the tests.
 */
import path from 'node:path';
import type { Handlers } from '../dispatcher';
import { isAllowedExternalUrl } from '../security';
import { AuditTrail } from './audit-trail';
import type { KeyValueStore } from './kv-store';
import { SettingsService } from './settings';
import type { KdfParams } from './vault';
import { Vault } from './vault';

export interface PlatformHooks {
  appVersion: string;
  platform: string;
  /** Asks the clinician before anything leaves the app; resolves true only on an explicit yes. */
  confirmOpenExternal(url: string): Promise<boolean>;
  openExternal(url: string): Promise<void>;
}

export interface MainServicesOptions {
  dataDir: string;
  store: KeyValueStore;
  hooks: PlatformHooks;
  kdf?: KdfParams;
  now?: () => number;
}

export function createMainServices(options: MainServicesOptions) {
  const { dataDir, store, hooks, now } = options;
  const vault = new Vault({ store, ...(options.kdf ? { kdf: options.kdf } : {}), ...(now ? { now } : {}) });
  const audit = new AuditTrail({ file: path.join(dataDir, 'audit', 'trail.jsonl'), vault, store, ...(now ? { now } : {}) });
  const settings = new SettingsService(store);

  // Locking is recorded while the key is still held; the entry is sealed like all others.
  vault.onLock(() => audit.append([{ action: 'lock', kind: 'vault' }]));
  vault.onUnlock(() => audit.append([{ action: 'unlock', kind: 'vault' }]));

  const handlers: Handlers = {
    'app.info': () => ({ version: hooks.appVersion, platform: hooks.platform }),
    'vault.status': () => vault.status(),
    'vault.create': ({ passphrase }) => vault.create(passphrase),
    'vault.unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      return vault.status();
    },
    'vault.unlockWithRecoveryKey': async ({ recoveryKey }) => {
      await vault.unlockWithRecoveryKey(recoveryKey);
      return vault.status();
    },
    'vault.changePassphrase': async ({ current, next }) => {
      await vault.changePassphrase(current, next);
      return {};
    },
    'vault.lock': ({ reason }) => {
      vault.lock(reason);
      return vault.status();
    },
    'vault.seal': ({ items }) => ({ envelopes: vault.seal(items) }),
    'vault.open': ({ items }) => ({ results: vault.open(items) }),
    'audit.record': ({ events }) => {
      audit.append(events);
      return {};
    },
    'audit.list': (filter) => ({ entries: audit.list(filter) }),
    'audit.verify': () => {
      const { intact, entries, problems } = audit.verify();
      return { intact, entries: entries.length, problems };
    },
    'settings.get': () => settings.get(),
    'settings.update': ({ patch }) => settings.update(patch),
    'shell.openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) return { opened: false };
      if (!(await hooks.confirmOpenExternal(url))) return { opened: false };
      await hooks.openExternal(url);
      return { opened: true };
    },
  };

  return { vault, audit, settings, handlers };
}
export type MainServices = ReturnType<typeof createMainServices>;
