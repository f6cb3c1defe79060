/**
 * Reads every sealed row for a backup, a page at a time by primary key (no read or message
 * holds a whole table), and hands the pages to `send` in order. One page is read while the
 * one before is being written: at most one send is in flight. Used by "Back up now" and by
 * automatic backups, which use small pages and give the page's thread back between them so
 * typing never waits on a backup.
 */
import type { SealedTable } from '../../../shared/envelope';
import { BACKUP_READ_MEASURE } from './backup-timing';
import { database } from './db';
import type { SealedRow } from './db';
import { backedUpTables } from './restore';

export interface CopyOptions {
  pageSize: number;
  send: (table: SealedTable, rows: SealedRow[]) => Promise<void>;
  /** Rows handed over so far. */
  onProgress?: (copied: number) => void;
  /** Between pages: let input and rendering run (automatic backups). */
  yieldBetweenPages?: boolean;
  /**
   * Aim each page at about this many bytes of ciphertext, adapting the row count table by
   * table (a search-index shard is far larger than an attendance mark), so no single read or
   * message is long. `pageSize` is then the most rows a page may hold.
   */
  targetPageBytes?: number;
}

const MIN_PAGE_ROWS = 1;
const pageBytes = (rows: readonly SealedRow[]): number =>
  rows.reduce((sum, r) => sum + (r.env?.ct?.length ?? 0) + r.id.length, 0);

/** Every sealed row this database holds, counted without reading any (for "1,500 of 4,000"). */
export async function countSealedRows(): Promise<number> {
  const db = database();
  let total = 0;
  for (const name of backedUpTables()) total += await db.table(name).count();
  return total;
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function copySealedRows({
  pageSize,
  send,
  onProgress,
  yieldBetweenPages,
  targetPageBytes,
}: CopyOptions): Promise<number> {
  const db = database();
  const started = performance.now();
  let readMs = 0;
  let copied = 0;
  let writing: Promise<void> = Promise.resolve();
  const queue = (table: SealedTable, rows: SealedRow[]): void => {
    writing = writing.then(async () => {
      await send(table, rows);
      copied += rows.length;
      onProgress?.(copied);
    });
    // A failure is reported where `writing` is awaited; this only keeps it from being unhandled meanwhile.
    writing.catch(() => undefined);
  };
  try {
    for (const name of backedUpTables()) {
      let after: string | undefined;
      // One row first on each table, until its rows' size is known.
      let limit = targetPageBytes ? 1 : pageSize;
      for (;;) {
        const table = db.table<SealedRow, string>(name);
        const readFrom = performance.now();
        const rows = await (after === undefined ? table.orderBy(':id') : table.where(':id').above(after)).limit(limit).toArray();
        readMs += performance.now() - readFrom;
        if (rows.length === 0) break;
        await writing;
        queue(name as SealedTable, rows);
        after = rows[rows.length - 1]!.id;
        if (yieldBetweenPages) await nextTask();
        if (rows.length < limit) break;
        if (targetPageBytes) {
          const perRow = Math.max(1, pageBytes(rows) / rows.length);
          limit = Math.max(MIN_PAGE_ROWS, Math.min(pageSize, Math.floor(targetPageBytes / perRow)));
        }
      }
    }
    await writing;
    try {
      performance.measure(BACKUP_READ_MEASURE, { start: started, detail: { readMs, rows: copied } });
    } catch {
      // Only a timing entry: a backup already handed over never fails for it.
    }
  } catch (error) {
    // Let a write still in flight settle first, so its progress can't arrive after the error.
    await writing.catch(() => undefined);
    throw error;
  }
  return copied;
}
