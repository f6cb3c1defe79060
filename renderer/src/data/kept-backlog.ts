/**
 * The note backlog as of its last full check, kept in `meta` so the Notes screen can show it at
 * once after unlocking instead of reading ten years of sessions first (about two seconds of
 * IndexedDB reads at 44,000 sessions).
 *
 * Two rows. The kept backlog: the ids of the sessions that needed a note when the backlog was last
 * worked out in full (`checkedAt`). And a log of sessions written since: every client or group
 * session written with a start before the moment of its write (a session moved into the past, one
 * booked after the fact, one no longer cancelled), appended in the same transaction as the session
 * (the appointments' derived store), whether or not a backlog is kept yet. The screen checks each
 * id of both, together with every session since `checkedAt`, one by one, so an id that no longer
 * needs a note drops out (signed, cancelled, deleted) and none that needs one is missed.
 *
 * A full check reads the tables over a couple of seconds: it takes in every session logged after it
 * began, and keeps nothing if the backlog was rewritten meanwhile (a restore, another check) or the
 * log was cut short. A restore keeps the backlog of the records it brings back.
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

export const TOUCHED_SESSIONS_KEY = 'noteBacklogTouched';

/** The log of sessions written with a past start: `ids[i]` was the entry numbered `base + i`. */
export interface TouchedSessions {
  base: number;
  ids: string[];
}

/** Past the log's length, the backlog is worked out in full again rather than checked id by id. */
export const TOUCHED_LIMIT = 5_000;

export async function readTouchedSessions(db: HoldspaceDb): Promise<TouchedSessions> {
  const value = (await db.meta.get(TOUCHED_SESSIONS_KEY))?.value as Partial<TouchedSessions> | undefined;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.base) &&
    Array.isArray(value.ids) &&
    value.ids.every((id) => typeof id === 'string');
  return valid ? { base: value.base!, ids: value.ids! } : { base: 0, ids: [] };
}

/** The number the next logged session will get: a full check notes it when it starts. */
export const nextTouchedSeq = (log: TouchedSessions): number => log.base + log.ids.length;

/**
 * Keeps a backlog worked out in full (inside a transaction over `meta`), and starts the log afresh:
 * its numbering goes on, so a check that began earlier can tell it was cut.
 */
export async function keepBacklog(db: HoldspaceDb, checkedAt: number, open: readonly string[]): Promise<void> {
  const value: KeptBacklog = { version: LATEST_VERSION, checkedAt, open: [...new Set(open)] };
  const log = await readTouchedSessions(db);
  await db.meta.bulkPut([
    { key: KEPT_BACKLOG_KEY, value },
    { key: TOUCHED_SESSIONS_KEY, value: { base: nextTouchedSeq(log), ids: [] } satisfies TouchedSessions },
  ]);
}

/**
 * The appointments' derived store, inside their write's transaction: a client or group session
 * written with a start before now is logged, since the screen reads sessions by time only from
 * the last full check on. A log grown past TOUCHED_LIMIT (an import of years of sessions) drops
 * the kept backlog instead: the next screen works it out in full.
 */
export async function keepTouchedSessions(db: HoldspaceDb, rows: readonly SealedRow[]): Promise<void> {
  const clinical: readonly unknown[] = CLINICAL_KINDS;
  const now = Date.now();
  const touched = rows.filter((row) => clinical.includes(row.kind) && typeof row.start === 'number' && row.start < now);
  if (touched.length === 0) return;
  const log = await readTouchedSessions(db);
  const ids = [...log.ids, ...touched.map((row) => row.id)];
  if (ids.length <= TOUCHED_LIMIT) {
    await db.meta.put({ key: TOUCHED_SESSIONS_KEY, value: { base: log.base, ids } satisfies TouchedSessions });
    return;
  }
  await db.meta.delete(KEPT_BACKLOG_KEY);
  await db.meta.put({ key: TOUCHED_SESSIONS_KEY, value: { base: log.base + ids.length, ids: [] } satisfies TouchedSessions });
}
