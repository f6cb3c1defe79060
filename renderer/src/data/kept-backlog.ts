/**
 * The note backlog as of its last full check, kept in `meta` so the Notes screen can show it at
 * once after unlocking instead of reading ten years of sessions first (about two seconds of
 * IndexedDB reads at 44,000 sessions).
 *
 * It holds the ids of the sessions that needed a note when the backlog was last worked out in full
 * (`checkedAt`), and of every client or group session written since with a start before then (a
 * session moved into the past, one booked after the fact, one no longer cancelled). The screen
 * checks each of these one by one, together with every session since `checkedAt`, so an id that no
 * longer needs a note drops out (signed, cancelled, deleted) and none that needs one is missed.
 * Those ids are written in the same transaction as the sessions (the appointments' derived store),
 * and a restore keeps the backlog of the records it brings back.
 *
 * It holds nothing that is not in clear already: random session ids, and which of them lack a
 * signed note, which the appointments' and note links' clear fields tell anyway.
 */
import { CLINICAL_KINDS } from '../../../shared/records';
import type { HoldspaceDb, SealedRow } from './db';
import { LATEST_VERSION } from './schema';

export const KEPT_BACKLOG_KEY = 'noteBacklog';

export interface KeptBacklog {
  /** The database version it was worked out under: an upgrade may have rewritten rows, so it is not trusted across one. */
  version: number;
  /** When the backlog was last worked out in full from every session. */
  checkedAt: number;
  /** Sessions to check again: those that needed a note at `checkedAt`, and those written since with an earlier start. */
  open: string[];
}

const isKept = (value: unknown): value is KeptBacklog => {
  const v = value as Partial<KeptBacklog> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === LATEST_VERSION &&
    typeof v.checkedAt === 'number' &&
    Number.isFinite(v.checkedAt) &&
    Array.isArray(v.open) &&
    v.open.every((id) => typeof id === 'string')
  );
};

/** The kept backlog, or undefined when there is none that can be trusted (never worked out, another version, damaged). */
export async function readKeptBacklog(db: HoldspaceDb): Promise<KeptBacklog | undefined> {
  const row = await db.meta.get(KEPT_BACKLOG_KEY);
  return isKept(row?.value) ? row.value : undefined;
}

/** Keeps the backlog just worked out in full (inside or outside a transaction over `meta`). */
export async function keepBacklog(db: HoldspaceDb, checkedAt: number, open: readonly string[]): Promise<void> {
  const value: KeptBacklog = { version: LATEST_VERSION, checkedAt, open: [...new Set(open)] };
  await db.meta.put({ key: KEPT_BACKLOG_KEY, value });
}

/**
 * The appointments' derived store, inside their write's transaction: a client or group session
 * written with a start before the last full check is added to the ids to check again, since the
 * sessions the screen reads by time start from that check.
 */
export async function keepTouchedSessions(db: HoldspaceDb, rows: readonly SealedRow[]): Promise<void> {
  const kept = await readKeptBacklog(db);
  if (kept === undefined) return; // the next screen works it out in full
  const clinical: readonly unknown[] = CLINICAL_KINDS;
  const touched = rows.filter(
    (row) => clinical.includes(row.kind) && typeof row.start === 'number' && row.start < kept.checkedAt,
  );
  if (touched.length === 0) return;
  await keepBacklog(db, kept.checkedAt, [...kept.open, ...touched.map((row) => row.id)]);
}
