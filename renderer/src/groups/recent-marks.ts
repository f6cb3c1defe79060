/**
 * Which of a group's attendance marks to open first: those of its sessions of the last year, read
 * session by session from the clear `appointmentId` index, newest session first. Reading every
 * mark of a ten-year group (4,000 sealed rows, 2 MB) only to pick the last year's took longer than
 * opening them; the group's sessions are a few hundred small rows, and one session's marks are one
 * indexed read.
 *
 * Chosen by session, not by the marks' own clear time: a session moved after its marks were taken
 * keeps their old time, and a session's marks are either all read here or none.
 */
import { subMonths } from 'date-fns';
import { isCancelledSession } from '../../../shared/groups/attendance';
import type { Appointment } from '../../../shared/records';
import type { SealedRow } from '../data/db';
import type { Repositories } from '../data/repositories';

/** Sessions whose marks are read per request at first; each further request reads twice as many. */
const FIRST_SESSIONS = 32;

/** A group with no more sessions than this has its marks read whole, in one request. */
export const WHOLE_AT_ONCE_SESSIONS = 100;

export interface RecentMarks {
  /** Every mark of the group's sessions not in `olderSessions`, still sealed. */
  rows: SealedRow[];
  /** The group's other sessions (by id), newest first: their marks are not read yet. */
  olderSessions: readonly string[];
  /** `rows` are every mark of the group (a small group's, read whole). */
  whole: boolean;
}

/** The ids of the sessions not in `read`, in the order given. */
const unread = (sessions: readonly SealedRow[], read: ReadonlySet<string>): string[] =>
  sessions.filter((row) => !read.has(row.id)).map((row) => row.id);

const startOf = (row: SealedRow): number => (typeof row.start === 'number' ? row.start : 0);
/** The shared rule (attendance.ts), read from the session's clear status. */
const cancelled = (row: SealedRow): boolean => isCancelledSession({ status: row.status as Appointment['status'] });

/**
 * The marks of a group's sessions from the newest back to `months` before the latest session
 * (not cancelled) with any mark, so a chart of the last `months` months up to that session has
 * every one of its sessions. A group with few sessions has every mark read at once.
 */
export async function recentMarkRows(
  repos: Repositories,
  groupId: string,
  months: number,
  now = Date.now(),
  /** The group's sessions, still sealed, if the caller has them read already. */
  sessions?: Promise<SealedRow[]>,
): Promise<RecentMarks> {
  const sessionRows = await (sessions ?? repos.appointments.rows((t) => t.where('groupId').equals(groupId)));
  if (sessionRows.length <= WHOLE_AT_ONCE_SESSIONS) {
    const rows = await repos.attendance.rows((t) => t.where('groupId').equals(groupId));
    return { rows, olderSessions: [], whole: true };
  }
  const newestFirst = [...sessionRows].sort((a, b) => startOf(b) - startOf(a));
  const rows: SealedRow[] = [];
  const sessionsRead = new Set<string>();
  const read = async (batch: readonly SealedRow[]): Promise<SealedRow[]> => {
    const marks = await repos.attendance.rowsWhereAnyOf(
      'appointmentId',
      batch.map((row) => row.id),
    );
    rows.push(...marks);
    for (const row of batch) sessionsRead.add(row.id);
    return marks;
  };
  // First the sessions booked ahead and those of the `months` months up to the latest session
  // that has taken place (by its clear time and status), which hold the latest marks unless its
  // register was not taken; then, until a session with marks is found, twice as many further
  // back each time. Counting from the latest session rather than from today, a group that has
  // not met for a while (a break, or a group that has ended) is read in one request, not two.
  const lastHeld = newestFirst.find((row) => startOf(row) <= now && !cancelled(row));
  let at = newestFirst.findIndex(
    (row) => startOf(row) < subMonths(lastHeld === undefined ? now : startOf(lastHeld), months).getTime(),
  );
  if (at === -1) at = newestFirst.length;
  let latest: SealedRow | undefined;
  for (
    let from = 0, step = Math.max(at, FIRST_SESSIONS);
    latest === undefined && from < newestFirst.length;
    from += step, step *= 2
  ) {
    const batch = newestFirst.slice(from, from + step);
    const marked = new Set((await read(batch)).map((mark) => String(mark.appointmentId)));
    // Not a session still to come (a member excused ahead of it): the chart counts back from one that took place.
    latest = batch.find((row) => marked.has(row.id) && !cancelled(row) && startOf(row) <= now);
    at = from + batch.length;
  }
  if (latest === undefined) return { rows, olderSessions: unread(newestFirst, sessionsRead), whole: false };
  // The rest of the sessions within `months` of that one.
  const since = subMonths(startOf(latest), months).getTime();
  const end = newestFirst.findIndex((row, i) => i >= at && startOf(row) <= since);
  if (end !== at) await read(newestFirst.slice(at, end === -1 ? undefined : end));
  // Sessions read from further back (a batch that found the latest reached past it) are left to
  // the second step with the other older ones, so no more is opened first than the year needs.
  const recent = new Set(newestFirst.filter((row) => sessionsRead.has(row.id) && startOf(row) > since).map((row) => row.id));
  return {
    rows: rows.filter((mark) => recent.has(String(mark.appointmentId))),
    olderSessions: unread(newestFirst, recent),
    whole: false,
  };
}
