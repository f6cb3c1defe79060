/** Main-process services on a temporary folder, with dialogs answered by the test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMainServices } from '../../../electron/main/services';
import type { PlatformHooks } from '../../../electron/main/services';
import type { KeyValueStore } from '../../../electron/main/services/kv-store';
import { MemoryStore } from '../../../electron/main/services/kv-store';
import { UserFacingError } from '../../../shared/result';

export const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };
export const PASS = 'quiet lantern orchard tidepool';

export interface TestServicesOptions {
  dataDir?: string;
  store?: KeyValueStore;
  now?: () => number;
  /** Hooks in place of the defaults below (a folder chooser, say). */
  hooks?: Partial<PlatformHooks>;
  startupNotices?: string[];
}

export function testServices(options: TestServicesOptions = {}) {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hs-main-'));
  const store = options.store ?? new MemoryStore();
  const saveTo: (string | null)[] = [];
  const openFrom: (string | null)[] = [];
  const services = createMainServices({
    dataDir,
    store,
    kdf: FAST_KDF,
    ...(options.now ? { now: options.now } : {}),
    ...(options.startupNotices ? { startupNotices: options.startupNotices } : {}),
    hooks: {
      appVersion: 'test',
      platform: 'linux',
      confirmOpenExternal: async () => false,
      openExternal: async () => undefined,
      chooseSavePath: async () => saveTo.shift() ?? null,
      chooseOpenPath: async () => openFrom.shift() ?? null,
      printPdf: async () => true,
      notify: () => undefined,
      ...options.hooks,
    },
  });
  return { ...services, dataDir, store, saveTo, openFrom };
}

/** The error code a call fails with (undefined when it succeeds). */
export async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (e) {
    return e instanceof UserFacingError ? e.code : `internal: ${(e as Error).message}`;
  }
}
