/**
 * Builds every main-process service and the handler table for the IPC contract. Plain
 * Node: the Electron adapter and the test harness both call this with their own
 * platform hooks (dialogs, shell), so the same code runs in the app and in the tests.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AuditEvent } from '../../../shared/audit';
import { AUDIT_PAGE } from '../../../shared/audit';
import type { HoldspaceEvent } from '../../../shared/channels';
import { UserFacingError } from '../../../shared/result';
import { clearFieldsProblem } from '../../../shared/clear-fields';
import type { Handlers } from '../dispatcher';
import { isAllowedExternalUrl } from '../security';
import { AuditTrail } from './audit-trail';
import type { KeyValueStore } from './kv-store';
import { SettingsService } from './settings';
import type { KdfParams } from './vault';
import { Vault, zero } from './vault';
import { MemoryStore } from './kv-store';
import { BackupNotVerifiedError, BackupWriter, backupMacKey, readBackup, readChunk } from './backup';
import type { BackupIndex } from './backup';
import { RestoreJournal, unreadableJournalNotice } from './restore-journal';
import { AutoBackupService } from './auto-backup';
import { verifyBackupFile, verifyWithDataKey } from './backup-verify';
import type { VerifyOutcome } from './backup-verify';
import { readBackupHead, BackupFileError } from './backup';
import { randomUUID } from 'node:crypto';
import { renderIcs } from './export-ics';
import { readImportFile } from './import-file';
import { RecordsExportFolder } from './export-records';
import { PdfInputError, clearPdfCaches, loadDefaultAgreement, renderAgreementPdf, renderNotesPdf } from './pdf';
import { SignatureImageError } from './pdf';

export interface PlatformHooks {
  appVersion: string;
  platform: string;
  /** Asks the clinician before anything leaves the app; resolves true only on an explicit yes. */
  confirmOpenExternal(url: string): Promise<boolean>;
  openExternal(url: string): Promise<void>;
  /** A save dialog; resolves the chosen path, or null when the clinician cancels. */
  chooseSavePath(suggestedName: string, kind: 'pdf' | 'csv' | 'backup' | 'ics'): Promise<string | null>;
  /** Sends a PDF to the printer from memory (never through a temporary file). */
  printPdf(pdf: Buffer): Promise<boolean>;
  notify(title: string, body: string): void;
  /** An open-file dialog (backups, calendars to import, client spreadsheets); resolves the chosen path, or null when cancelled. */
  chooseOpenPath(kind: 'backup' | 'ics' | 'csv'): Promise<string | null>;
  /** A choose-a-folder dialog ("Export all records", the automatic backup folder); resolves the folder, or null when cancelled. */
  chooseFolder?(purpose: 'records-export' | 'backup-folder'): Promise<string | null>;
  /** The folder holding fonts/ and agreements/. */
  resourcesDir?: string;
}

export interface MainServicesOptions {
  dataDir: string;
  store: KeyValueStore;
  hooks: PlatformHooks;
  /** Fixed key-derivation parameters instead of calibrated Argon2id: tests and the e2e harness only (index.ts passes none). */
  kdf?: KdfParams;
  now?: () => number;
  /** Messages from start-up (see openSettingsStore) the page shows the clinician once. */
  startupNotices?: string[];
}

export function createMainServices(options: MainServicesOptions) {
  const { dataDir, store, hooks, now } = options;
  const vault = new Vault({
    store,
    ...(options.kdf ? { kdf: options.kdf } : {}),
    ...(now ? { now } : {}),
    // A lock step that fails (the audit trail's disk, say) is reported by its kind only: never with data.
    onListenerError: (error) =>
      console.error('Holdspace: a lock step failed:', (error as { code?: string })?.code ?? (error as Error)?.name),
  });
  const audit = new AuditTrail({ file: path.join(dataDir, 'audit', 'trail.jsonl'), vault, store, ...(now ? { now } : {}) });
  const settings = new SettingsService(store);

  // Locking is recorded while the key is still held; the entry is sealed like all others.
  vault.onLock(() => audit.append([{ action: 'lock', kind: 'vault' }]));
  // The PDF word-shaping cache can hold words from notes: drop it with the key.
  vault.onLock(() => clearPdfCaches());
  vault.onUnlock(() => {
    // Entries written just before the app stopped, ahead of the end marker, are taken in first.
    audit.reconcile();
    audit.append([{ action: 'unlock', kind: 'vault' }]);
  });

  const auditExport = (action: 'export' | 'print', info: { kind: string; recordIds: string[] }): void => {
    const events: AuditEvent[] =
      info.recordIds.length > 0
        ? info.recordIds.map((recordId) => ({ action, kind: info.kind, recordId }))
        : [{ action, kind: info.kind }];
    audit.append(events);
  };

  /** Renders in memory, then either writes where the clinician chose or prints. */
  const deliver = async (
    render: (onUnprintable: (clusters: string[]) => void) => Promise<Buffer>,
    destination: 'save' | 'print',
    suggestedName: string,
    kind: 'pdf' | 'csv' | 'ics',
    auditInfo: { kind: string; recordIds: string[] },
  ): Promise<{ saved: boolean; fileName?: string; unprintable?: string[] }> => {
    vault.requireUnlocked();
    let bytes: Buffer;
    let unprintable: string[] | undefined;
    try {
      bytes = await render((clusters) => (unprintable = clusters));
    } catch (error) {
      if (error instanceof PdfInputError || error instanceof SignatureImageError)
        throw new UserFacingError('INVALID_INPUT', error.message);
      throw error;
    }
    const told = unprintable ? { unprintable } : {};
    if (destination === 'print') {
      const printed = await hooks.printPdf(bytes);
      if (printed) auditExport('print', auditInfo);
      return { saved: printed, ...(printed ? told : {}) };
    }
    const target = await hooks.chooseSavePath(suggestedName, kind);
    if (!target) return { saved: false };
    try {
      await fs.writeFile(target, bytes, { mode: 0o600 });
    } catch {
      throw new UserFacingError('NOT_ALLOWED', 'Holdspace could not save the file there. Choose another folder and try again.');
    }
    auditExport('export', auditInfo);
    return { saved: true, fileName: path.basename(target), ...told };
  };
  // A backup being restored: read and checked, then verified with a secret, then committed.
  let pendingRestore: {
    index: BackupIndex;
    opened?: { dataKey: Buffer; macKey: Buffer; tags: Buffer[] };
    /** The journal written for this restore: from then on only commit or a start-up resolve removes it. */
    journalId?: string;
  } | null = null;
  const journal = new RestoreJournal(dataDir);
  // The restore entry of a restore finished at start-up, written at the next unlock (the trail is sealed).
  const PENDING_RESTORE_ENTRY = 'audit.restoreFinishedAtStart';
  vault.onUnlock(() => {
    if (store.get(PENDING_RESTORE_ENTRY) === undefined) return;
    audit.append([{ action: 'restore', kind: 'backup' }]);
    store.delete(PENDING_RESTORE_ENTRY);
  });
  const dropPendingRestore = (): void => {
    zero(pendingRestore?.opened?.dataKey, pendingRestore?.opened?.macKey);
    pendingRestore = null;
  };
  // A backup being written, chunk by chunk; the token ties the chunks to the dialog's answer.
  let writer: BackupWriter | null = null;
  let writerToken = '';
  vault.onLock(() => {
    dropPendingRestore();
    writer?.abandon();
    writer = null;
  });

  const clock = now ?? Date.now;
  const autoBackup = new AutoBackupService({ store, vault, audit, now: clock, timeZone: () => settings.get().timeZone });

  // "Check a backup": the file the clinician chose, kept here (the page never names a path) until checked.
  let checking: { file: string; createdAt: number } | null = null;
  vault.onLock(() => {
    checking = null;
  });
  const checkResult = (file: string, outcome: VerifyOutcome, ownVault: boolean) =>
    outcome.ok
      ? {
          outcome: 'verified' as const,
          fileName: path.basename(file),
          createdAt: outcome.backup.createdAt,
          records: outcome.backup.records,
          counts: outcome.backup.counts,
          malformed: outcome.backup.malformed,
          ownVault,
        }
      : {
          outcome: 'problem' as const,
          fileName: path.basename(file),
          problem: outcome.problem,
          ...(outcome.createdAt === undefined ? {} : { createdAt: outcome.createdAt }),
        };

  // An "Export all records" in progress; the token ties its files to the passphrase check and the folder chosen.
  let recordsExport: { token: string; folder: RecordsExportFolder; unprintable: Set<string> } | null = null;
  vault.onLock(() => {
    recordsExport = null;
  });
  const exportFolder = (token: string): RecordsExportFolder => {
    vault.requireUnlocked();
    if (!recordsExport || recordsExport.token !== token)
      throw new UserFacingError('NOT_ALLOWED', 'This export was interrupted. Start it again.');
    return recordsExport.folder;
  };
  // Characters the export's PDFs could not print, told to the clinician when it finishes.
  const keepUnprintable = (clusters: string[]): void => {
    for (const cluster of clusters) recordsExport?.unprintable.add(cluster);
  };
  const pdfErrors = async (render: () => Promise<Buffer>): Promise<Buffer> => {
    try {
      return await render();
    } catch (error) {
      if (error instanceof PdfInputError || error instanceof SignatureImageError)
        throw new UserFacingError('INVALID_INPUT', error.message);
      throw error;
    }
  };

  /** Backup channels work only unlocked, except restoring onto a computer with no vault yet. */
  const requireUnlockedOrFirstRun = (): void => {
    if (vault.state() !== 'uninitialised') vault.requireUnlocked();
  };

  // Locks started by the system: the page is told first, so its editors can seal and save
  // what was typed since the last autosave while the key is still here.
  const eventListeners = new Set<(event: HoldspaceEvent) => void>();
  const flushWaiters = new Set<() => void>();
  const emit = (event: HoldspaceEvent): void => {
    for (const l of [...eventListeners]) {
      try {
        l(event);
      } catch {
        // A window that has gone away cannot be told; the lock goes ahead regardless.
      }
    }
  };
  /**
   * Announces the lock to the page (`vault-locking`), waits until it answers that its drafts
   * are saved or `flushTimeoutMs` has passed, then locks. The key is dropped in a `finally`:
   * nothing the page does (or fails to do) keeps it.
   */
  const lockFromSystem = async (reason: string, flushTimeoutMs = 1_000): Promise<void> => {
    if (vault.state() !== 'unlocked') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done: () => void = () => undefined;
    try {
      const flushed = new Promise<void>((resolve) => {
        done = resolve;
        flushWaiters.add(resolve);
        timer = setTimeout(resolve, flushTimeoutMs);
      });
      emit('vault-locking');
      await flushed;
    } finally {
      if (timer) clearTimeout(timer);
      flushWaiters.delete(done);
      vault.lock(reason);
    }
  };

  // Nothing in them is about a client: they say what happened to a file, and are given out once.
  const startupNotices = [...(options.startupNotices ?? [])];

  const renderOptions = hooks.resourcesDir ? { resourcesDir: hooks.resourcesDir } : {};

  const handlers: Handlers = {
    'app.info': () => ({ version: hooks.appVersion, platform: hooks.platform }),
    'app.notices': () => ({ notices: startupNotices.splice(0) }),
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
      vault.requireUnlocked();
      await vault.changePassphrase(current, next);
      return {};
    },
    'vault.lock': ({ reason }) => {
      vault.lock(reason);
      return vault.status();
    },
    'vault.seal': ({ items }) => {
      const envelopes = vault.seal(items);
      autoBackup.noteChange();
      return { envelopes };
    },
    'vault.open': ({ items }) => ({ results: vault.open(items) }),
    'audit.record': ({ events }) => {
      audit.append(events);
      return {};
    },
    'audit.list': ({ limit, ...filter }) => audit.page({ ...filter, limit: limit ?? AUDIT_PAGE }),
    'audit.verify': ({ run }) => {
      vault.requireUnlocked();
      return audit.verifyStep(run);
    },
    'audit.seal': ({ stored }) => {
      vault.requireUnlocked();
      return { seal: audit.witness(stored) };
    },
    'settings.get': () => settings.get(),
    'settings.update': ({ patch }) => {
      // From the lock screen a page could otherwise turn off lock-on-suspend or stretch the idle lock.
      vault.requireUnlocked();
      return settings.update(patch);
    },
    // Before unlock on purpose: it only adopts the computer's zone when none was ever stored, and tells the page
    // whether to ask about a zone change; it cannot change a zone the clinician chose.
    'settings.reportComputerZone': ({ timeZone }) => settings.reportComputerZone(timeZone),
    'shell.openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) return { opened: false };
      if (!(await hooks.confirmOpenExternal(url))) return { opened: false };
      await hooks.openExternal(url);
      return { opened: true };
    },
    'export.agreementPdf': ({ request, destination, suggestedName, audit: info }) =>
      deliver(
        (onUnprintable) => renderAgreementPdf(request, { ...renderOptions, onUnprintable }),
        destination,
        suggestedName,
        'pdf',
        info,
      ),
    'export.notesPdf': ({ request, destination, suggestedName, audit: info }) =>
      deliver(
        (onUnprintable) => renderNotesPdf(request, { ...renderOptions, onUnprintable }),
        destination,
        suggestedName,
        'pdf',
        info,
      ),
    'export.csv': ({ content, suggestedName, audit: info }) =>
      deliver(async () => Buffer.from(content, 'utf8'), 'save', suggestedName, 'csv', info),
    'export.ics': ({ request, suggestedName, audit: info }) =>
      deliver(async () => Buffer.from(renderIcs(request, (now ?? Date.now)()), 'utf8'), 'save', suggestedName, 'ics', info),
    'import.readTextFile': async ({ kind }) => {
      vault.requireUnlocked();
      const file = await hooks.chooseOpenPath(kind);
      if (!file) return { chosen: false };
      return { chosen: true, fileName: path.basename(file), text: await readImportFile(file, kind) };
    },
    'records.begin': async ({ passphrase, folderName }) => {
      vault.requireUnlocked();
      // Everything leaves in clear: the passphrase is asked again, so an unlocked laptop left alone is not enough.
      const key = await vault.unwrapHeader(vault.exportHeader(), { passphrase });
      if (!key)
        throw new UserFacingError(
          'WRONG_PASSPHRASE',
          'That passphrase is not right. Nothing has been exported.',
          vault.retryAfterMs() || undefined,
        );
      key.fill(0);
      if (!hooks.chooseFolder) throw new UserFacingError('NOT_ALLOWED', 'This version of Holdspace cannot choose a folder yet.');
      const parent = await hooks.chooseFolder('records-export');
      if (!parent) return {};
      const folder = RecordsExportFolder.create(parent, folderName);
      recordsExport = { token: randomUUID(), folder, unprintable: new Set() };
      return { token: recordsExport.token, folder: path.basename(folder.dir) };
    },
    'records.file': ({ token, name, text }) => {
      exportFolder(token).write(name, Buffer.from(text, 'utf8'));
      return {};
    },
    'records.notesPdf': async ({ token, name, request }) => {
      const folder = exportFolder(token);
      folder.write(name, await pdfErrors(() => renderNotesPdf(request, { ...renderOptions, onUnprintable: keepUnprintable })));
      return {};
    },
    'records.agreementPdf': async ({ token, name, request }) => {
      const folder = exportFolder(token);
      folder.write(
        name,
        await pdfErrors(() => renderAgreementPdf(request, { ...renderOptions, onUnprintable: keepUnprintable })),
      );
      return {};
    },
    'records.finish': ({ token }) => {
      const folder = exportFolder(token);
      const unprintable = [...(recordsExport?.unprintable ?? [])].slice(0, 20);
      recordsExport = null;
      audit.append([{ action: 'export', kind: 'records' }]);
      return { folder: path.basename(folder.dir), files: folder.written, ...(unprintable.length > 0 ? { unprintable } : {}) };
    },
    'notify.show': ({ title, body }) => {
      vault.requireUnlocked();
      hooks.notify(title, body);
      return {};
    },
    'backup.begin': async ({ dbVersion, suggestedName }) => {
      vault.requireUnlocked();
      const target = await hooks.chooseSavePath(suggestedName, 'backup');
      if (!target) return {};
      writer?.abandon();
      writer = null;
      const macKey = vault.deriveKey(backupMacKey);
      try {
        writer = new BackupWriter(target, { header: vault.exportHeader(), dbVersion, now: (now ?? Date.now)() }, macKey);
      } catch {
        throw new UserFacingError(
          'NOT_ALLOWED',
          'Holdspace could not save the backup there. Choose another folder and try again.',
        );
      } finally {
        zero(macKey);
      }
      writerToken = randomUUID();
      return { token: writerToken };
    },
    'backup.append': ({ token, table, rows }) => {
      vault.requireUnlocked();
      if (!writer || token !== writerToken)
        throw new UserFacingError('NOT_ALLOWED', 'This backup was interrupted. Start it again.');
      try {
        writer.append({ table, rows });
      } catch {
        writer.abandon();
        writer = null;
        throw new UserFacingError(
          'NOT_ALLOWED',
          'Holdspace could not write the backup (is the drive full or removed?). Any earlier backup there is unchanged.',
        );
      }
      return {};
    },
    'backup.finish': async ({ token }) => {
      vault.requireUnlocked();
      if (!writer || token !== writerToken)
        throw new UserFacingError('NOT_ALLOWED', 'This backup was interrupted. Start it again.');
      const done = writer;
      writer = null;
      let records: number;
      // The file is read back before it takes the place of any earlier one: the whole-file check,
      // every row's envelope and the count (as automatic backups are).
      const macKey = vault.deriveKey(backupMacKey);
      try {
        records = await done.finishVerified(audit.exportTrail(), async (file, rows) => {
          const outcome = await verifyBackupFile(file, macKey);
          return outcome.ok && outcome.backup.records === rows && outcome.backup.malformed === 0;
        });
      } catch (error) {
        throw new UserFacingError(
          'NOT_ALLOWED',
          error instanceof BackupNotVerifiedError
            ? 'The backup did not read back as it was written, so it was not saved. Any earlier backup there is unchanged. Try again, or choose another drive.'
            : 'Holdspace could not finish the backup (is the drive full or removed?). Any earlier backup there is unchanged.',
        );
      } finally {
        zero(macKey);
      }
      audit.append([{ action: 'export', kind: 'backup' }]);
      return { fileName: path.basename(done.file), records };
    },
    'backup.inspect': async () => {
      requireUnlockedOrFirstRun();
      const file = await hooks.chooseOpenPath('backup');
      if (!file) return { chosen: false };
      dropPendingRestore();
      const { index } = await readBackup(file);
      pendingRestore = { index };
      return { chosen: true, fileName: path.basename(file), createdAt: index.createdAt, counts: index.counts };
    },
    'backup.restore': async ({ current, ...secret }) => {
      requireUnlockedOrFirstRun();
      if (!pendingRestore) throw new UserFacingError('NOT_ALLOWED', 'Choose a backup file first.');
      const { index } = pendingRestore;
      if (vault.state() !== 'uninitialised') {
        // Replacing the records on this computer needs this computer's passphrase too.
        if (current === undefined)
          throw new UserFacingError('WRONG_PASSPHRASE', 'Enter your current passphrase to replace the records on this computer.');
        const own = await vault.unwrapHeader(vault.exportHeader(), { passphrase: current });
        if (!own) {
          throw new UserFacingError(
            'WRONG_PASSPHRASE',
            'Your current passphrase is not right, so nothing was changed.',
            vault.retryAfterMs() || undefined,
          );
        }
        zero(own);
      }
      const dataKey = await vault.unwrapHeader(index.vault, secret);
      if (!dataKey) {
        throw new UserFacingError(
          'passphrase' in secret ? 'WRONG_PASSPHRASE' : 'WRONG_RECOVERY_KEY',
          'That does not open this backup. Use the passphrase (or recovery key) that was current when the backup was made. Nothing has been changed.',
          vault.retryAfterMs() || undefined,
        );
      }
      // The whole file is authenticated, and every record opened with the backup's key, before
      // anything is replaced: damage is reported first, and a changed file is refused.
      const macKey = backupMacKey(dataKey);
      const probe = new Vault({ store: new MemoryStore() });
      probe.adopt(index.vault, Buffer.from(dataKey));
      const damagedByTable: Record<string, number> = {};
      try {
        const read = await readBackup(index.file, {
          macKey,
          onChunk: ({ table, rows }) => {
            const results = probe.open(rows.map((r) => ({ id: r.id, table, schemaVersion: r.v, envelope: r.env })));
            // A record that opens but whose clear index fields are not its own (altered on disk before the
            // backup was made) would be reported on first read after the restore: it is counted as damaged now.
            const bad = results.filter((r, i) => !r.ok || clearFieldsProblem(table, rows[i]!, r.plaintext) !== null).length;
            if (bad > 0) damagedByTable[table] = (damagedByTable[table] ?? 0) + bad;
          },
        });
        if (pendingRestore?.index !== index) throw new UserFacingError('NOT_ALLOWED', 'Choose a backup file first.');
        pendingRestore = { index: read.index, opened: { dataKey, macKey, tags: read.tags } };
        const damaged = Object.values(damagedByTable).reduce((a, b) => a + b, 0);
        return {
          dbVersion: read.index.dbVersion,
          damaged,
          damagedByTable,
          chunks: read.index.chunks.length,
          records: read.index.rows,
        };
      } catch (error) {
        zero(dataKey, macKey);
        throw error;
      } finally {
        probe.lock('probe');
      }
    },
    'backup.chunk': ({ index }) => {
      requireUnlockedOrFirstRun();
      const opened = pendingRestore?.opened;
      if (!pendingRestore || !opened || !pendingRestore.index.chunks[index]) {
        throw new UserFacingError('NOT_ALLOWED', 'Choose a backup and confirm its passphrase first.');
      }
      return readChunk(pendingRestore.index, opened.tags, opened.macKey, index);
    },
    'backup.prepare': () => {
      requireUnlockedOrFirstRun();
      const opened = pendingRestore?.opened;
      if (!pendingRestore || !opened)
        throw new UserFacingError('NOT_ALLOWED', 'Choose a backup and confirm its passphrase first.');
      // Durable before the page replaces a single row.
      const entry = journal.write(pendingRestore.index.vault, pendingRestore.index.audit, (now ?? Date.now)());
      pendingRestore.journalId = entry.id;
      return { restoreId: entry.id };
    },
    'backup.commit': () => {
      requireUnlockedOrFirstRun();
      const opened = pendingRestore?.opened;
      if (!pendingRestore || !opened || !pendingRestore.journalId || journal.read()?.id !== pendingRestore.journalId)
        throw new UserFacingError('NOT_ALLOWED', 'Choose a backup and confirm its passphrase first.');
      const { index } = pendingRestore;
      zero(opened.macKey);
      pendingRestore = null;
      vault.adopt(index.vault, opened.dataKey);
      clearPdfCaches();
      audit.replaceWith(index.audit.lines, index.audit.head);
      audit.append([{ action: 'restore', kind: 'backup' }]);
      journal.remove();
      return vault.status();
    },
    'backup.resolve': ({ appliedRestoreId }) => {
      const found = journal.inspect();
      if (found.kind === 'unreadable') {
        // Whose rows these are cannot be told: neither rolled forward nor back. The file is kept.
        if (pendingRestore?.journalId) dropPendingRestore();
        const setAside = journal.setAside(clock());
        // No marker at all: the page never took a restore's rows, so nothing was replaced.
        if (!appliedRestoreId) return { outcome: 'undone' as const };
        startupNotices.push(unreadableJournalNotice(setAside));
        return { outcome: 'none' as const };
      }
      if (found.kind === 'none') {
        journal.remove();
        return { outcome: 'none' as const };
      }
      const { entry } = found;
      if (pendingRestore?.journalId === entry.id) dropPendingRestore();
      if (appliedRestoreId !== entry.id) {
        // The page's records never took the backup's rows: the vault and trail were never touched.
        journal.remove();
        return { outcome: 'undone' as const };
      }
      // The records are the backup's: its header and trail follow them.
      if (vault.state() === 'unlocked') vault.lock('restore');
      vault.replaceHeaderWhileLocked(entry.header);
      audit.replaceWith(entry.audit.lines, entry.audit.head);
      store.set(PENDING_RESTORE_ENTRY, true);
      journal.remove();
      return { outcome: 'finished' as const };
    },
    'vault.headerCopy': () => {
      vault.requireUnlocked();
      return { header: vault.exportHeader() };
    },
    'vault.recoverHeader': ({ header }) => {
      vault.recoverHeader(header);
      return vault.status();
    },
    'vault.flushed': () => {
      for (const resolve of [...flushWaiters]) resolve();
      flushWaiters.clear();
      return {};
    },
    'backup.cancel': () => {
      dropPendingRestore();
      return {};
    },
    'agreement.defaultText': () => loadDefaultAgreement(hooks.resourcesDir),
    'autoBackup.status': () => {
      vault.requireUnlocked();
      return autoBackup.status();
    },
    'autoBackup.chooseFolder': async () => {
      vault.requireUnlocked();
      if (!hooks.chooseFolder) throw new UserFacingError('NOT_ALLOWED', 'This version of Holdspace cannot choose a folder yet.');
      const folder = await hooks.chooseFolder('backup-folder');
      if (!folder) return { chosen: false, status: autoBackup.status() };
      return { chosen: true, status: autoBackup.setFolder(folder) };
    },
    'autoBackup.turnOff': () => {
      vault.requireUnlocked();
      return autoBackup.setFolder(null);
    },
    'autoBackup.setSchedule': ({ schedule }) => {
      vault.requireUnlocked();
      return autoBackup.setSchedule(schedule);
    },
    'autoBackup.begin': ({ dbVersion }) => autoBackup.begin(dbVersion),
    'autoBackup.append': ({ token, table, rows }) => {
      autoBackup.append(token, { table, rows });
      return {};
    },
    'autoBackup.finish': ({ token }) => autoBackup.finish(token),
    'autoBackup.cancel': ({ token }) => {
      vault.requireUnlocked();
      autoBackup.cancel(token);
      return {};
    },
    'backup.check': async () => {
      vault.requireUnlocked();
      checking = null;
      const file = await hooks.chooseOpenPath('backup');
      if (!file) return { outcome: 'cancelled' as const };
      let head;
      try {
        head = await readBackupHead(file);
      } catch (error) {
        if (error instanceof BackupFileError)
          return { outcome: 'problem' as const, fileName: path.basename(file), problem: error.problem };
        throw error;
      }
      if (head.vault.keyId !== vault.exportHeader().keyId) {
        // Another vault's backup (or this vault's from before a restore): only its own passphrase can check it.
        checking = { file, createdAt: head.createdAt };
        return { outcome: 'other-vault' as const, fileName: path.basename(file), createdAt: head.createdAt };
      }
      const macKey = vault.deriveKey(backupMacKey);
      try {
        return checkResult(file, await verifyBackupFile(file, macKey), true);
      } finally {
        zero(macKey);
      }
    },
    'backup.checkWithSecret': async (secret) => {
      vault.requireUnlocked();
      if (!checking) throw new UserFacingError('NOT_ALLOWED', 'Choose the backup to check first.');
      const { file } = checking;
      let head;
      try {
        head = await readBackupHead(file);
      } catch (error) {
        if (error instanceof BackupFileError)
          return { outcome: 'problem' as const, fileName: path.basename(file), problem: error.problem };
        throw error;
      }
      const dataKey = await vault.unwrapHeader(head.vault, secret);
      if (!dataKey) {
        throw new UserFacingError(
          'passphrase' in secret ? 'WRONG_PASSPHRASE' : 'WRONG_RECOVERY_KEY',
          'That does not open this backup. Use the passphrase (or recovery key) that was current when it was made.',
          vault.retryAfterMs() || undefined,
        );
      }
      try {
        checking = null;
        return checkResult(file, await verifyWithDataKey(file, dataKey), false);
      } finally {
        zero(dataKey);
      }
    },
  };

  return {
    vault,
    audit,
    settings,
    autoBackup,
    handlers,
    lockFromSystem,
    /** Events for the page (forward each to it as `holdspace-event:<name>`). */
    onEvent: (listener: (event: HoldspaceEvent) => void): (() => void) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };
}
export type MainServices = ReturnType<typeof createMainServices>;
