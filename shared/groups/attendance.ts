/**
 * Group attendance: rates, history, per-session counts for charts, early warning of members
 * drifting away (consecutive absences), which agreement a session's register is checked
 * against, and CSV export. Cancelled sessions did not take place, so marks recorded on them
 * count nowhere: not in rates, history, the chart or follow-up flags.
 */
import type { AgreementSignature, AgreementVersion, Appointment, Attendance, AttendanceMark } from '../records';
import { guardCsvCell } from '../transfer/csv-cells';

export const MARK_LABELS: Readonly<Record<AttendanceMark, string>> = {
  present: 'Present',
  late: 'Late',
  'left-early': 'Left early',
  'absent-notice': 'Absent (gave notice)',
  'absent-no-notice': 'Absent (no notice)',
  excused: 'Excused',
};

/** Marks that mean the member was in the session for at least part of it. */
export const ATTENDED_MARKS: ReadonlySet<AttendanceMark> = new Set(['present', 'late', 'left-early']);
/** Marks that mean the member was expected and did not come. */
export const ABSENT_MARKS: ReadonlySet<AttendanceMark> = new Set(['absent-notice', 'absent-no-notice']);

/**
 * Whether a session was called off: cancelled, or cancelled late. It has no register, and any
 * marks recorded before it was called off would otherwise count as absences for a session that
 * did not happen.
 */
export function isCancelledSession(session: Pick<Appointment, 'status'>): boolean {
  return session.status === 'cancelled' || session.status === 'late-cancel';
}

/**
 * Attendance without the rows for cancelled sessions. Rows for a session not in the list (a
 * session record that can't be read) are kept, as they were recorded for a session that took place.
 */
export function withoutCancelledSessions(
  attendance: readonly Attendance[],
  sessions: readonly Pick<Appointment, 'id' | 'status'>[],
): Attendance[] {
  const cancelled = new Set(sessions.filter(isCancelledSession).map((session) => session.id));
  return attendance.filter((row) => !cancelled.has(row.appointmentId));
}

export interface AttendanceRate {
  /** Sessions attended: present, late or left early. */
  attended: number;
  /** The denominator: every mark except excused. */
  counted: number;
  excused: number;
  /** attended / counted, from 0 to 1; null when nothing counts yet (no marks, or only excused ones). */
  rate: number | null;
}

/**
 * Attendance rate = sessions attended ÷ sessions expected.
 * Attended: present, late, left early (they came, even if not for all of it).
 * Expected: every mark except excused. An excused session (agreed in advance, e.g. surgery)
 * is left out entirely so it neither helps nor hurts; absences with notice still count as missed.
 */
export function attendanceRate(marks: readonly AttendanceMark[]): AttendanceRate {
  let attended = 0;
  let excused = 0;
  for (const mark of marks) {
    if (ATTENDED_MARKS.has(mark)) attended += 1;
    else if (mark === 'excused') excused += 1;
  }
  const counted = marks.length - excused;
  return { attended, counted, excused, rate: counted === 0 ? null : attended / counted };
}

/**
 * One mark per person per session: if a mark was recorded twice (corrected, or entered on two
 * devices), the most recently updated wins. Guests have no client id, so each guest row stands.
 */
export function latestMarks(attendance: readonly Attendance[]): Attendance[] {
  const byPersonAndSession = new Map<string, Attendance>();
  for (const row of attendance) {
    const key = row.clientId === undefined ? `guest:${row.id}` : `${row.appointmentId}\u0000${row.clientId}`;
    const existing = byPersonAndSession.get(key);
    if (existing === undefined || row.updatedAt >= existing.updatedAt) byPersonAndSession.set(key, row);
  }
  return [...byPersonAndSession.values()];
}

export interface MemberHistory {
  /** The member's marks, oldest session first. */
  entries: { appointmentId: string; sessionAt: number; mark: AttendanceMark }[];
  rate: AttendanceRate;
}

/**
 * One member's attendance in one group, kept even after they leave the group. Pass the group's
 * sessions: marks on cancelled ones are left out, as in `groupAttendanceOverTime`.
 */
export function memberHistory(
  attendance: readonly Attendance[],
  groupId: string,
  clientId: string,
  sessions: readonly Pick<Appointment, 'id' | 'status'>[],
): MemberHistory {
  const own = attendance.filter((row) => row.groupId === groupId && row.clientId === clientId);
  const entries = latestMarks(withoutCancelledSessions(own, sessions))
    .sort((a, b) => a.sessionAt - b.sessionAt)
    .map((row) => ({ appointmentId: row.appointmentId, sessionAt: row.sessionAt, mark: row.mark }));
  return { entries, rate: attendanceRate(entries.map((entry) => entry.mark)) };
}

export interface SessionAttendancePoint {
  appointmentId: string;
  sessionAt: number;
  /** Members and guests who came (present, late, left early). */
  attended: number;
  /** Members absent, with or without notice. */
  absent: number;
  excused: number;
  /** Drop-in guests who came; included in `attended`. */
  guests: number;
  byMark: Record<AttendanceMark, number>;
  /** Attendance rate for the session, as in `attendanceRate`; null before attendance is taken. */
  rate: number | null;
}

const emptyMarkCounts = (): Record<AttendanceMark, number> => ({
  present: 0,
  late: 0,
  'left-early': 0,
  'absent-notice': 0,
  'absent-no-notice': 0,
  excused: 0,
});

/**
 * Per-session counts for the attendance chart, oldest first. Cancelled sessions are left out:
 * they would show as zero attendance, which is not what happened.
 */
export function groupAttendanceOverTime(
  attendance: readonly Attendance[],
  sessions: readonly Pick<Appointment, 'id' | 'start' | 'status'>[],
): SessionAttendancePoint[] {
  const rowsBySession = new Map<string, Attendance[]>();
  for (const row of latestMarks(attendance)) {
    const rows = rowsBySession.get(row.appointmentId);
    if (rows === undefined) rowsBySession.set(row.appointmentId, [row]);
    else rows.push(row);
  }
  return sessions
    .filter((session) => !isCancelledSession(session))
    .sort((a, b) => a.start - b.start)
    .map((session) => {
      const rows = rowsBySession.get(session.id) ?? [];
      const byMark = emptyMarkCounts();
      let guests = 0;
      for (const row of rows) {
        byMark[row.mark] += 1;
        if (row.clientId === undefined && ATTENDED_MARKS.has(row.mark)) guests += 1;
      }
      const rate = attendanceRate(rows.map((row) => row.mark));
      return {
        appointmentId: session.id,
        sessionAt: session.start,
        attended: rate.attended,
        absent: byMark['absent-notice'] + byMark['absent-no-notice'],
        excused: byMark.excused,
        guests,
        byMark,
        rate: rate.rate,
      };
    });
}

/** Groups attendance rows by member (guests are left out), ready for `consecutiveAbsenceFlags`. */
export function attendanceByMember(attendance: readonly Attendance[]): Map<string, Attendance[]> {
  const byMember = new Map<string, Attendance[]>();
  for (const row of attendance) {
    if (row.clientId === undefined) continue;
    const rows = byMember.get(row.clientId);
    if (rows === undefined) byMember.set(row.clientId, [row]);
    else rows.push(row);
  }
  return byMember;
}

export interface AbsenceFlag {
  clientId: string;
  /**
   * Identifies this run of absences (member + the first session missed in it). The same run
   * keeps the same key as it grows, so it is flagged once; a new run after attending gets a new key.
   */
  key: string;
  /** The sessions missed in this run, oldest first. */
  missedAppointmentIds: string[];
  firstMissedAt: number;
  lastMissedAt: number;
  message: string;
}

/**
 * Members whose last `threshold` (or more) expected sessions were all absences. A session
 * counts as expected when the member has a mark for it other than excused: excused sessions,
 * cancelled sessions and sessions before they joined or after they left neither break nor
 * extend a run.
 */
export function consecutiveAbsenceFlags(
  attendanceByMemberId: ReadonlyMap<string, readonly Attendance[]> | Readonly<Record<string, readonly Attendance[]>>,
  sessionsInOrder: readonly Pick<Appointment, 'id' | 'start' | 'status'>[],
  threshold = 2,
): AbsenceFlag[] {
  const minimumRun = Math.max(1, Math.floor(threshold));
  const entries =
    attendanceByMemberId instanceof Map ? [...attendanceByMemberId.entries()] : Object.entries(attendanceByMemberId);
  const flags: AbsenceFlag[] = [];

  for (const [clientId, rows] of entries) {
    const markBySession = new Map(latestMarks(rows).map((row) => [row.appointmentId, row.mark]));
    let run: Pick<Appointment, 'id' | 'start'>[] = [];
    for (const session of sessionsInOrder) {
      if (isCancelledSession(session)) continue;
      const mark = markBySession.get(session.id);
      if (mark === undefined || mark === 'excused') continue;
      run = ABSENT_MARKS.has(mark) ? [...run, session] : [];
    }
    const first = run[0];
    const last = run[run.length - 1];
    if (run.length < minimumRun || first === undefined || last === undefined) continue;
    flags.push({
      clientId,
      key: `${clientId}:${first.id}`,
      missedAppointmentIds: run.map((session) => session.id),
      firstMissedAt: first.start,
      lastMissedAt: last.start,
      message: `Has missed the last ${run.length} sessions in a row. Consider checking in with them.`,
    });
  }
  return flags;
}

/**
 * The flags not raised before, so a member is told about once per run of absences rather than
 * after every session they miss. Pass the keys already raised (keep them, or at least the
 * previous run's keys); a member who attends and then misses again starts a new run with a new key.
 */
export function newFlags(previouslyFlagged: Iterable<string>, current: readonly AbsenceFlag[]): AbsenceFlag[] {
  const seen = new Set(previouslyFlagged);
  return current.filter((flag) => !seen.has(flag.key));
}

/**
 * The agreement in force when a session began: of one group's versions, the latest saved at or
 * before its start. Undefined when the group had no agreement yet, so none was needed to take part.
 */
export function agreementInForceAt(versions: readonly AgreementVersion[], at: number): AgreementVersion | undefined {
  return versions
    .filter((version) => version.createdAt <= at)
    .reduce<AgreementVersion | undefined>(
      (latest, version) => (latest === undefined || version.version > latest.version ? version : latest),
      undefined,
    );
}

/**
 * The agreement a member must still sign before they can be marked as attending a session, to
 * pass to `canMarkPresent`; undefined when nothing is needed. A session is held under the
 * version in force when it began, so a version saved later doesn't block its register. A
 * signature on that version or any later one covers it. Otherwise it is the group's current
 * version: the only one a member can sign now.
 */
export function agreementToSignFor(
  clientId: string,
  sessionStart: number,
  versions: readonly AgreementVersion[],
  signatures: readonly AgreementSignature[],
): AgreementVersion | undefined {
  const inForce = agreementInForceAt(versions, sessionStart);
  if (inForce === undefined) return undefined;
  const covered = signatures.some(
    (signature) =>
      signature.clientId === clientId && signature.groupId === inForce.groupId && signature.version >= inForce.version,
  );
  if (covered) return undefined;
  return agreementInForceAt(
    versions.filter((version) => version.groupId === inForce.groupId),
    Number.POSITIVE_INFINITY,
  );
}

export interface AttendanceCsvRow {
  /** Already formatted for the clinician, e.g. "2026-03-14". */
  date: string;
  group: string;
  /** The member's name, or the guest's name. */
  member: string;
  mark: AttendanceMark;
}

export const ATTENDANCE_CSV_HEADER = ['Date', 'Group', 'Member', 'Attendance'] as const;

/** RFC 4180: quote a field containing a comma, quote, CR or LF, doubling any quotes. */
function quoteCsvField(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** CSV text: a header row, then one row per record, CRLF line endings, every cell protected and quoted as needed. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map((cell) => quoteCsvField(guardCsvCell(cell))).join(',') + '\r\n').join('');
}

export function attendanceCsv(rows: readonly AttendanceCsvRow[]): string {
  return toCsv(
    ATTENDANCE_CSV_HEADER,
    rows.map((row) => [row.date, row.group, row.member, MARK_LABELS[row.mark]]),
  );
}
