/**
 * Builds every main-process service and the handler table for the IPC contract. Plain
 * Node: the Electron adapter and the test harness both call this with their own
 * platform hooks (dialogs, shell), so the same code runs in the app and in the tests.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AuditEvent } from '../../../shared/audit';
import { UserFacingError } from '../../../shared/result';
import type { Handlers } from '../dispatcher';
import { isAllowedExternalUrl } from '../security';
import { AuditTrail } from './audit-trail';
import type { KeyValueStore } from './kv-store';
import { SettingsService } from './settings';
import type { KdfParams } from './vault';
import { Vault } from './vault';
import { PdfInputError, clearPdfCaches, loadDefaultAgreement, renderAgreementPdf, renderNotesPdf } from './pdf';
import { SignatureImageError } from './pdf';

export interface PlatformHooks {
  appVersion: string;
  platform: string;
  /** Asks the clinician before anything leaves the app; resolves true only on an explicit yes. */
  confirmOpenExternal(url: string): Promise<boolean>;
  openExternal(url: string): Promise<void>;
  /** A save dialog; resolves the chosen path, or null when the clinician cancels. */
  chooseSavePath(suggestedName: string, kind: 'pdf' | 'csv'): Promise<string | null>;
  /** Sends a PDF to the printer from memory (never through a temporary file). */
  printPdf(pdf: Buffer): Promise<boolean>;
  notify(title: string, body: string): void;
  /** The folder holding fonts/ and agreements/. */
  resourcesDir?: string;
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
  // The PDF word-shaping cache can hold words from notes: drop it with the key.
  vault.onLock(() => clearPdfCaches());
  vault.onUnlock(() => audit.append([{ action: 'unlock', kind: 'vault' }]));

  const auditExport = (action: 'export' | 'print', info: { kind: string; recordIds: string[] }): void => {
    const events: AuditEvent[] =
      info.recordIds.length > 0 ? info.recordIds.map((recordId) => ({ action, kind: info.kind, recordId })) : [{ action, kind: info.kind }];
    audit.append(events);
  };

  /** Renders in memory, then either writes where the clinician chose or prints. */
  const deliver = async (
    render: () => Promise<Buffer>,
    destination: 'save' | 'print',
    suggestedName: string,
    kind: 'pdf' | 'csv',
    auditInfo: { kind: string; recordIds: string[] },
  ): Promise<{ saved: boolean; fileName?: string }> => {
    vault.requireUnlocked();
    let bytes: Buffer;
    try {
      bytes = await render();
    } catch (error) {
      if (error instanceof PdfInputError || error instanceof SignatureImageError) throw new UserFacingError('INVALID_INPUT', error.message);
      throw error;
    }
    if (destination === 'print') {
      const printed = await hooks.printPdf(bytes);
      if (printed) auditExport('print', auditInfo);
      return { saved: printed };
    }
    const target = await hooks.chooseSavePath(suggestedName, kind);
    if (!target) return { saved: false };
    try {
      await fs.writeFile(target, bytes, { mode: 0o600 });
    } catch {
      throw new UserFacingError('NOT_ALLOWED', 'Holdspace could not save the file there. Choose another folder and try again.');
    }
    auditExport('export', auditInfo);
    return { saved: true, fileName: path.basename(target) };
  };
  const renderOptions = hooks.resourcesDir ? { resourcesDir: hooks.resourcesDir } : {};

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
    'export.agreementPdf': ({ request, destination, suggestedName, audit: info }) =>
      deliver(() => renderAgreementPdf(request, renderOptions), destination, suggestedName, 'pdf', info),
    'export.notesPdf': ({ request, destination, suggestedName, audit: info }) =>
      deliver(() => renderNotesPdf(request, renderOptions), destination, suggestedName, 'pdf', info),
    'export.csv': ({ content, suggestedName, audit: info }) =>
      deliver(async () => Buffer.from(content, 'utf8'), 'save', suggestedName, 'csv', info),
    'notify.show': ({ title, body }) => {
      vault.requireUnlocked();
      hooks.notify(title, body);
      return {};
    },
    'agreement.defaultText': () => loadDefaultAgreement(hooks.resourcesDir),
  };

  return { vault, audit, settings, handlers };
}
export type MainServices = ReturnType<typeof createMainServices>;
