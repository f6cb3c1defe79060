/**
 * Turning the attendance form into records, and attendance into words: the chart's text
 * summary, the CSV rows, and which follow-up flags are new. Pure; the screen does the I/O.
 */
import { newId } from '../../../shared/ids';
import { ATTENDED_MARKS, MARK_LABELS, latestMarks } from '../../../shared/groups/attendance';
import type { AttendanceCsvRow, AttendanceRate, SessionAttendancePoint } from '../../../shared/groups/attendance';
import type { Appointment, Attendance, AttendanceMark } from '../../../shared/records';

export interface GuestEntry {
  /** Given when the guest is added, so saving twice updates one record instead of adding a second. */
  id?: string;
  name: string;
  mark: AttendanceMark;
}

/** Keys for quick entry: one letter per mark, chosen so the common ones sit under the left hand. */
export const MARK_KEYS: Readonly<Record<string, AttendanceMark>> = {
  p: 'present',
  l: 'late',
  e: 'left-early',
  n: 'absent-notice',
  a: 'absent-no-notice',
  x: 'excused',
};

export const MARK_KEY_HINT = 'P present, L late, E left early, N absent with notice, A absent without notice, X excused';

/**
 * The records to save for one session: one per member (updating the row already there, so
 * re-saving corrects rather than duplicates) and one per guest. Members without a mark are skipped.
 */
export function attendanceToSave(
  existing: readonly Attendance[],
  session: Pick<Appointment, 'id' | 'start' | 'groupId'>,
  marks: Readonly<Record<string, AttendanceMark | undefined>>,
  guests: readonly GuestEntry[],
  now: number,
  makeId: () => string = newId,
): Attendance[] {
  const groupId = session.groupId ?? '';
  const forSession = latestMarks(existing.filter((row) => row.appointmentId === session.id));
  const out: Attendance[] = [];
  for (const [clientId, mark] of Object.entries(marks)) {
    if (mark === undefined) continue;
    const before = forSession.find((row) => row.clientId === clientId);
    if (before !== undefined) {
      if (before.mark !== mark) out.push({ ...before, mark, updatedAt: now });
      continue;
    }
    out.push({
      id: makeId(),
      appointmentId: session.id,
      groupId,
      clientId,
      mark,
      sessionAt: session.start,
      createdAt: now,
      updatedAt: now,
    });
  }
  for (const guest of guests) {
    const name = guest.name.trim();
    if (name === '') continue;
    const before = guest.id === undefined ? undefined : forSession.find((row) => row.id === guest.id);
    if (before !== undefined) {
      if (before.mark !== guest.mark || before.guestName !== name)
        out.push({ ...before, guestName: name, mark: guest.mark, updatedAt: now });
      continue;
    }
    out.push({
      id: guest.id ?? makeId(),
      appointmentId: session.id,
      groupId,
      guestName: name,
      mark: guest.mark,
      sessionAt: session.start,
      createdAt: now,
      updatedAt: now,
    });
  }
  return out;
}

const percent = (rate: number): string => `${Math.round(rate * 100)}%`;

/**
 * The chart's text alternative: what a sighted clinician takes from the chart at a glance,
 * said in a sentence or two for a screen reader (and shown to everyone beneath the chart).
 */
export function describeAttendanceTrend(
  points: readonly SessionAttendancePoint[],
  overallRate: number | null,
  formatDate: (instant: number) => string,
): string {
  const taken = points.filter((point) => point.rate !== null);
  const first = taken[0];
  const last = taken[taken.length - 1];
  if (first === undefined || last === undefined) return 'No attendance has been recorded for this group yet.';
  const sessions = taken.length === 1 ? '1 session' : `${taken.length} sessions`;
  const span =
    taken.length === 1
      ? `on ${formatDate(first.sessionAt)}`
      : `from ${formatDate(first.sessionAt)} to ${formatDate(last.sessionAt)}`;
  const overall =
    overallRate === null ? '' : ` Overall, members attended ${percent(overallRate)} of the sessions they were expected at.`;
  const latest = ` At the latest session, ${last.attended} attended and ${last.absent} ${last.absent === 1 ? 'was' : 'were'} absent.`;
  return `Attendance recorded for ${sessions} ${span}.${overall}${latest}`;
}

export interface NamedSession {
  id: string;
  start: number;
}

/** CSV rows, oldest session first, members by name; rows for people or sessions no longer on file still export. */
export function attendanceCsvRows(
  attendance: readonly Attendance[],
  groupName: string,
  nameOf: (clientId: string) => string,
  formatDate: (instant: number) => string,
): AttendanceCsvRow[] {
  return latestMarks(attendance)
    .map((row) => ({
      sessionAt: row.sessionAt,
      row: {
        date: formatDate(row.sessionAt),
        group: groupName,
        member: row.clientId === undefined ? `${row.guestName ?? 'Guest'} (guest)` : nameOf(row.clientId),
        mark: row.mark,
      },
    }))
    .sort((a, b) => a.sessionAt - b.sessionAt || a.row.member.localeCompare(b.row.member))
    .map(({ row }) => row);
}

/** "6 of 8 attended", or that attendance is not yet taken. */
export function sessionSummary(rows: readonly Attendance[]): string {
  const marks = latestMarks(rows);
  if (marks.length === 0) return 'Attendance not taken';
  const attended = marks.filter((row) => ATTENDED_MARKS.has(row.mark)).length;
  return `${attended} of ${marks.length} attended`;
}

export const markLabel = (mark: AttendanceMark): string => MARK_LABELS[mark];

/** "83% (5 of 6)", or the long form for the history dialog. */
export function formatRate(rate: AttendanceRate, long = false): string {
  if (rate.rate === null) return long ? 'No sessions counted yet.' : 'No sessions yet';
  const percent = `${Math.round(rate.rate * 100)}%`;
  if (!long) return `${percent} (${rate.attended} of ${rate.counted})`;
  const excused =
    rate.excused > 0 ? ` ${rate.excused} excused ${rate.excused === 1 ? 'session is' : 'sessions are'} not counted.` : '';
  return `Attended ${rate.attended} of ${rate.counted} expected sessions (${percent}).${excused}`;
}
