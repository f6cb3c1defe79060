/**
 * The page's half of a restore, shared by Settings and the first-run screen: main checks
 * the file and the secret (`backup.restore`), the page reads the rows back chunk by chunk
 * and replaces every sealed table in one transaction, then main adopts the backup's vault
 * header and audit trail (`backup.commit`).
 */
import { RECORD_TABLES } from '../../../shared/envelope';
import type { RecordTable } from '../../../shared/envelope';
import { ApiError, api, unwrap } from '../app/api';
import { HoldspaceDb, database, openDatabase, switchDatabase } from './db';
import { NOTE_LINKS_TABLE, linkOf } from './note-links';
import type { SealedRow } from './db';
import { RESTORED_PREFIX, deleteDatabase, nameRecords } from './records-directory';
import { LATEST_VERSION, backupRestorableFrom } from './schema';
import { AUDIT_SEAL_KEY } from '../audit/audit-seal';
import { openSessionsOf } from '../notes/backlog-data';
import { keepBacklog } from './kept-backlog';
import { stopNoteSearch } from '../notes/search/search-service';

/** The id of the last restore whose rows this database holds (see electron/main/services/restore-journal.ts). */
export const RESTORE_MARKER_KEY = 'restoreApplied';

/**
 * At start-up, before anything else: settles a restore a crash interrupted. Main rolls it
 * forward when these records are the backup's (the marker matches its journal), back otherwise.
 */
export async function settleInterruptedRestore(): Promise<'none' | 'finished' | 'undone'> {
  const marker = await database().meta.get(RESTORE_MARKER_KEY);
  const appliedRestoreId = typeof marker?.value === 'string' ? marker.value : undefined;
  const { outcome } = await unwrap(api().backup.resolve(appliedRestoreId ? { appliedRestoreId } : {}));
  // Settled either way, so no journal is left: the marker has done its work. Kept, it would
  // stand for this restore when a later one's journal turns out damaged.
  if (appliedRestoreId) await database().meta.delete(RESTORE_MARKER_KEY);
  return outcome;
}

export type OpenedBackup = { damaged: number; damagedByTable: Record<string, number>; chunks: number; records: number };

/** The tables holding sealed rows: what a backup carries and a restore replaces. */
export const backedUpTables = (): RecordTable[] => [...RECORD_TABLES];

const NEWER =
  'This backup was made by a newer version of Holdspace. Install the newer version to restore it. Nothing has been changed.';
const NOT_RESTORABLE =
  'This backup was made by a version of Holdspace whose records this version cannot take over as they are, so it has not been restored. Nothing has been changed.';

/**
 * Opens the chosen backup with its passphrase or recovery key (and this computer's passphrase when
 * a vault exists). A backup this version cannot take over is cancelled and refused with a message.
 */
export async function openBackup(
  secret: { passphrase: string } | { recoveryKey: string },
  counts: Record<string, number>,
  current?: string,
): Promise<OpenedBackup> {
  // Tables this version does not have would be lost.
  const unknown = Object.keys(counts).filter((t) => !(RECORD_TABLES as readonly string[]).includes(t));
  const opened = await unwrap(api().backup.restore(current === undefined ? secret : { ...secret, current }));
  if (opened.dbVersion > LATEST_VERSION || !backupRestorableFrom(opened.dbVersion) || unknown.length > 0) {
    void api().backup.cancel({});
    throw new ApiError('CORRUPT_BACKUP', opened.dbVersion > LATEST_VERSION ? NEWER : NOT_RESTORABLE);
  }
  return opened;
}

const DISK_FULL =
  "There is not enough free space on this computer's disk to restore this backup: while it is written, the restored records need about as much space again as your records take now. Nothing has been changed. Free some space, then restore it again.";
const isDiskFull = (error: unknown): boolean => {
  const { name, inner } = (error ?? {}) as { name?: string; inner?: { name?: string } };
  return name === 'QuotaExceededError' || inner?.name === 'QuotaExceededError';
};

/** Markers not carried into a restored database (the note backlog's are worked out again for the restored records). */
const RESET_BY_RESTORE = new Set([RESTORE_MARKER_KEY, AUDIT_SEAL_KEY]);

/**
 * Writes a backup's rows into a new database beside `current` (see records-directory.ts for why
 * and for what a crash at each moment leaves), in one strict transaction, then names it as the
 * records' database. With it go `current`'s markers that are not about its records (the vault
 * header's copy, the absence flags already raised), the note links built again from the notes'
 * clear fields, the note backlog of the records brought back, and `restoreId` (main's journal).
 * On any failure the new database is deleted and `current` stays the records' database, untouched.
 */
export async function writeRestoredDatabase(
  current: HoldspaceDb,
  chunks: readonly { table: string; rows: SealedRow[] }[],
  restoreId: string,
  written: (done: number) => void,
  factory?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange },
): Promise<HoldspaceDb> {
  const idb = factory?.indexedDB ?? indexedDB;
  const kept = (await current.meta.toArray()).filter((row) => !RESET_BY_RESTORE.has(row.key));
  // Named before anything is written, so a restore stopped part-way is recognised and cleared away at the next start.
  await nameRecords(current.name, idb);
  const target = new HoldspaceDb(`${RESTORED_PREFIX}${restoreId}`, factory ?? {});
  const names = backedUpTables();
  try {
    // A database of that name can only be a restore of the same id stopped part-way: start it empty.
    await deleteDatabase(target.name, idb);
    await openDatabase(target);
    let done = 0;
    await target.transaction('rw', [...names, 'meta', NOTE_LINKS_TABLE], async () => {
      await target.meta.bulkPut(kept);
      for (const chunk of chunks) {
        await target.table(chunk.table).bulkPut(chunk.rows);
        // The note links are derived from the notes' clear fields, not backed up: built again here.
        if (chunk.table === 'notes') {
          const links = chunk.rows.map(linkOf).filter((l) => l !== undefined);
          if (links.length > 0) await target.noteLinks.bulkPut(links);
        }
        done += chunk.rows.length;
        written(done);
      }
      // The note backlog of the records brought back, so the Notes screen shows it at once.
      const rowsOf = (table: string) => chunks.filter((chunk) => chunk.table === table).flatMap((chunk) => chunk.rows);
      const now = Date.now();
      await keepBacklog(target, now, openSessionsOf(rowsOf('appointments'), rowsOf('notes'), now));
      await target.meta.put({ key: RESTORE_MARKER_KEY, value: restoreId });
    });
    // From this write on, the records are the backup's.
    await nameRecords(target.name, idb);
  } catch (error) {
    target.close();
    await deleteDatabase(target.name, idb).catch(() => undefined); // or at the next start
    throw error;
  }
  return target;
}

/**
 * Reads every chunk back from main, writes them into a new database that replaces this one (all
 * or nothing, see writeRestoredDatabase), then commits in main. `written` hears how many records have been written so far, for a progress bar.
 */
export async function replaceRecords(
  opened: OpenedBackup,
  progress: (message: string) => void,
  written?: (done: number, total: number) => void,
): Promise<void> {
  // Nothing this page's search index does may land over the restored one.
  stopNoteSearch();
  const chunks: { table: string; rows: SealedRow[] }[] = [];
  for (let index = 0; index < opened.chunks; index++) {
    chunks.push((await unwrap(api().backup.chunk({ index }))) as { table: string; rows: SealedRow[] });
    progress(`Reading the backup… ${index + 1} of ${opened.chunks}`);
  }
  // Main journals the incoming vault header first; the rows and this restore's id land together or not at all.
  const { restoreId } = await unwrap(api().backup.prepare({}));
  const total = chunks.reduce((sum, chunk) => sum + chunk.rows.length, 0);
  progress(`Writing the records… 0 of ${total}`);
  written?.(0, total);
  const restored = await writeRestoredDatabase(database(), chunks, restoreId, (done) => {
    progress(`Writing the records… ${done} of ${total}`);
    written?.(done, total);
  }).catch((error: unknown) => {
    throw isDiskFull(error) ? new ApiError('DISK_FULL', DISK_FULL) : error;
  });
  // The page reads and writes the restored records from now on; the replaced database is deleted.
  switchDatabase(restored);
  try {
    await unwrap(api().backup.commit({}));
  } catch (error) {
    // The records are the backup's now (an automatic lock came in between, say): reloading settles the
    // journal at start-up, which finishes the restore and says so.
    window.setTimeout(() => window.location.reload(), 0);
    throw error;
  }
}
