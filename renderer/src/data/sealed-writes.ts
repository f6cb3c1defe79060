/**
 * Writes that go together: a workflow seals every record it will write first (one IPC call per
 * repository, `Repository.prepareSave` / `prepareRemove`), then `commitTogether` puts and deletes
 * them all in ONE IndexedDB transaction. Sealing cannot happen inside the transaction: awaiting
 * IPC there lets IndexedDB commit it early. So a crash, a full disk or a refused write leaves
 * either every record of the workflow or none (a signed note and its draft are never both kept;
 * a moved occurrence never lacks its series exception).
 *
 * The audit trail lives in main, behind IPC, so it cannot join the transaction: the events are
 * returned and recorded after the commit (`recordAudit`), as each single save has always done.
 */
import type { PageAuditEvent } from '../../../shared/audit';
import type { Envelope, RecordTable } from '../../../shared/envelope';
import type { HoldspaceApi } from '../../../shared/api';
import { ApiError, unwrap } from '../app/api';
import type { HoldspaceDb, SealedRow } from './db';
import { SEARCH_TABLE, announceDeltas, deltaRow } from './search-segments';
import type { PreparedDelta } from './search-segments';

/** One repository's share of a workflow, already sealed and ready to commit. */
export interface SealedWrite {
  db: HoldspaceDb;
  table: RecordTable;
  put: readonly SealedRow[];
  remove: readonly string[];
  /** A clear store derived from the rows put (note links), written in the same transaction. */
  derived?: { table: string; write: (db: HoldspaceDb, rows: readonly SealedRow[]) => Promise<void> };
  /** Search-index deltas for these records, written in the same transaction. */
  deltas: readonly PreparedDelta[];
  deltaEnvelopes: readonly Envelope[];
  /** What the audit trail is told once the transaction has committed. */
  audit: readonly PageAuditEvent[];
  /** Run once the transaction has committed (the repository remembers what it wrote). */
  committed: () => void;
}

/** Commits every prepared write in one transaction; returns the audit events to record after it. */
export async function commitTogether(writes: readonly SealedWrite[]): Promise<PageAuditEvent[]> {
  const live = writes.filter((w) => w.put.length > 0 || w.remove.length > 0 || w.deltas.length > 0);
  if (live.length === 0) return [];
  const db = live[0]!.db;
  if (live.some((w) => w.db !== db)) throw new Error('Writes committed together must share one database.');
  const deltas = live.flatMap((w) => w.deltas.map((d, i) => deltaRow(d, w.deltaEnvelopes[i]!)));
  const derivedTables = live.flatMap((w) => (w.derived && w.put.length > 0 ? [w.derived.table] : []));
  const tables = [...new Set([...live.map((w) => w.table), ...derivedTables, ...(deltas.length > 0 ? [SEARCH_TABLE] : [])])];
  await db.transaction(
    'rw',
    tables.map((t) => db.table(t)),
    async () => {
      for (const w of live) {
        if (w.put.length > 0) await db.table(w.table).bulkPut([...w.put]);
        if (w.put.length > 0 && w.derived) await w.derived.write(db, w.put);
        if (w.remove.length > 0) await db.table(w.table).bulkDelete([...w.remove]);
      }
      if (deltas.length > 0) await db.table(SEARCH_TABLE).bulkPut(deltas);
    },
  );
  for (const w of live) w.committed();
  announceDeltas(live.flatMap((w) => w.deltas));
  return live.flatMap((w) => w.audit);
}

/**
 * Audit events whose records are committed but which main could not write yet (a full disk, a
 * refused file). The change itself is saved, so the save is not reported as failed (a retry
 * would write the record twice); the events wait here, in order, and go first with the next
 * ones. Record ids and actions only, in memory: no client text.
 */
let unrecorded: PageAuditEvent[] = [];
const backlogListeners = new Set<(waiting: number) => void>();

/** Told how many audit events are waiting to be written (0 once they all are). */
export function onAuditBacklog(listener: (waiting: number) => void): () => void {
  backlogListeners.add(listener);
  listener(unrecorded.length);
  return () => backlogListeners.delete(listener);
}

/**
 * Records audit events in main, in bounded messages, after any still waiting. Never throws:
 * what main cannot write waits for the next call (see `unrecorded`), and the screen says so.
 */
export async function recordAudit(
  holdspace: { audit: Pick<HoldspaceApi['audit'], 'record'> },
  events: readonly PageAuditEvent[],
): Promise<void> {
  const all = [...unrecorded, ...events];
  unrecorded = [];
  let written = 0;
  try {
    for (; written < all.length; written += 10_000) {
      await unwrap(holdspace.audit.record({ events: all.slice(written, written + 10_000) }));
    }
  } catch (error) {
    // Refused as malformed, they never will be written: waiting would only hold back the rest.
    const retry = !(error instanceof ApiError && error.code === 'INVALID_INPUT');
    // Later events may have been queued meanwhile: these go before them.
    if (retry) unrecorded = [...all.slice(written), ...unrecorded];
  }
  for (const listener of backlogListeners) listener(unrecorded.length);
}

/** How many audit events are waiting to be written. */
export function auditWaiting(): number {
  return unrecorded.length;
}
