/**
 * The page's half of a restore, shared by Settings and the first-run screen: main checks
 * the file and the secret (`backup.restore`), the page reads the rows back chunk by chunk
 * and replaces every sealed table in one transaction, then main adopts the backup's vault
 * header and audit trail (`backup.commit`).
 */
import { RECORD_TABLES } from '../../../shared/envelope';
import type { RecordTable } from '../../../shared/envelope';
import { ApiError, api, unwrap } from '../app/api';
import { database } from './db';
import { NOTE_LINKS_TABLE, linkOf } from './note-links';
import type { SealedRow } from './db';
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

/**
 * Reads every chunk back from main, replaces every table in one transaction (all or nothing), then
 * commits in main. `written` hears how many records have been written so far, for a progress bar.
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
  const db = database();
  const names = backedUpTables();
  const total = chunks.reduce((sum, chunk) => sum + chunk.rows.length, 0);
  let done = 0;
  progress(`Writing the records… 0 of ${total}`);
  written?.(0, total);
  await db.transaction('rw', [...names, 'meta', NOTE_LINKS_TABLE], async () => {
    for (const name of names) await db.table(name).clear();
    // The note links are derived from the notes' clear fields, not backed up: built again here.
    await db.noteLinks.clear();
    for (const chunk of chunks) {
      await db.table(chunk.table).bulkPut(chunk.rows);
      if (chunk.table === 'notes') {
        const links = chunk.rows.map(linkOf).filter((l) => l !== undefined);
        if (links.length > 0) await db.noteLinks.bulkPut(links);
      }
      done += chunk.rows.length;
      progress(`Writing the records… ${done} of ${total}`);
      written?.(done, total);
    }
    // The note backlog of the records brought back, so the Notes screen shows it at once.
    const rowsOf = (table: string) => chunks.filter((chunk) => chunk.table === table).flatMap((chunk) => chunk.rows);
    const now = Date.now();
    await keepBacklog(db, now, openSessionsOf(rowsOf('appointments'), rowsOf('notes'), now));
    await db.meta.put({ key: RESTORE_MARKER_KEY, value: restoreId });
    // The backup's audit trail replaces this one: the copy of this trail's head no longer applies.
    await db.meta.delete(AUDIT_SEAL_KEY);
  });
  try {
    await unwrap(api().backup.commit({}));
  } catch (error) {
    // The records are the backup's now (an automatic lock came in between, say): reloading settles the
    // journal at start-up, which finishes the restore and says so.
    window.setTimeout(() => window.location.reload(), 0);
    throw error;
  }
}
