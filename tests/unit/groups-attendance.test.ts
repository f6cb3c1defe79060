import { describe, expect, it } from 'vitest';
import type { AgreementSignature, AgreementVersion, AppointmentStatus, Attendance, AttendanceMark } from '../../shared/records';
import { canMarkPresent } from '../../shared/groups/agreements';
import {
  agreementInForceAt,
  agreementToSignFor,
  attendanceByMember,
  attendanceCsv,
  attendanceRate,
  consecutiveAbsenceFlags,
  groupAttendanceOverTime,
  isCancelledSession,
  memberHistory,
  newFlags,
  toCsv,
  withoutCancelledSessions,
} from '../../shared/groups/attendance';

const WEEK = 7 * 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 18);
const sessions = Array.from({ length: 8 }, (_, index) => ({
  id: `s${index + 1}`,
  start: T0 + index * WEEK,
  status: 'completed' as AppointmentStatus,
}));

/** The sessions with some of them called off. */
const withStatus = (statuses: Record<number, AppointmentStatus>) =>
  sessions.map((session, index) => ({ ...session, status: statuses[index] ?? session.status }));

function mark(clientId: string | undefined, sessionIndex: number, value: AttendanceMark, updatedAt = 0): Attendance {
  const session = sessions[sessionIndex];
  if (session === undefined) throw new Error('no such session');
  return {
    id: `${clientId ?? 'guest'}-${session.id}-${updatedAt}`,
    appointmentId: session.id,
    groupId: 'g1',
    clientId,
    guestName: clientId === undefined ? 'Guest' : undefined,
    mark: value,
    sessionAt: session.start,
    createdAt: updatedAt,
    updatedAt,
  };
}

describe('attendanceRate', () => {
  it('counts present, late and left-early as attended and leaves excused out of the denominator', () => {
    expect(attendanceRate(['present', 'late', 'left-early', 'absent-notice', 'absent-no-notice', 'excused'])).toEqual({
      attended: 3,
      counted: 5,
      excused: 1,
      rate: 0.6,
    });
  });

  it('is null when nothing counts yet', () => {
    expect(attendanceRate([]).rate).toBeNull();
    expect(attendanceRate(['excused', 'excused']).rate).toBeNull();
    expect(attendanceRate(['absent-notice']).rate).toBe(0);
    expect(attendanceRate(['present']).rate).toBe(1);
  });
});

describe('memberHistory and groupAttendanceOverTime', () => {
  it('orders a member’s history and uses the latest correction of a mark', () => {
    const rows = [
      mark('ana', 2, 'present'),
      mark('ana', 0, 'absent-no-notice', 1),
      mark('ana', 0, 'excused', 5),
      mark('ben', 1, 'present'),
    ];
    const history = memberHistory(rows, 'g1', 'ana', sessions);
    expect(history.entries.map((entry) => [entry.appointmentId, entry.mark])).toEqual([
      ['s1', 'excused'],
      ['s3', 'present'],
    ]);
    expect(history.rate.rate).toBe(1);
  });

  it('gives per-session counts for the chart, including guests and skipping cancelled sessions', () => {
    const rows = [
      mark('ana', 0, 'present'),
      mark('ben', 0, 'absent-notice'),
      mark(undefined, 0, 'present'),
      mark('ana', 1, 'late'),
      mark('ben', 1, 'excused'),
    ];
    const points = groupAttendanceOverTime(rows, [sessions[1]!, { ...sessions[2]!, status: 'cancelled' }, sessions[0]!]);
    expect(
      points.map((point) => [point.appointmentId, point.attended, point.absent, point.excused, point.guests, point.rate]),
    ).toEqual([
      ['s1', 2, 1, 0, 1, 2 / 3],
      ['s2', 1, 0, 1, 0, 1],
    ]);
    expect(points[0]?.byMark.present).toBe(2);
  });
});

describe('cancelled sessions count nowhere', () => {
  // Marks recorded for sessions 2 and 3 before they were called off.
  const rows = [
    mark('ana', 0, 'present'),
    mark('ana', 1, 'absent-notice'),
    mark('ana', 2, 'absent-no-notice'),
    mark('ana', 3, 'present'),
    mark('ben', 0, 'present'),
    mark('ben', 1, 'present'),
  ];
  const calledOff = withStatus({ 1: 'cancelled', 2: 'late-cancel' });

  it('treats cancelled and late-cancelled sessions as called off, and no other status', () => {
    expect(calledOff.filter(isCancelledSession).map((session) => session.id)).toEqual(['s2', 's3']);
    expect((['scheduled', 'completed', 'no-show'] as const).some((status) => isCancelledSession({ status }))).toBe(false);
  });

  it('leaves them out of a member’s history and rate, as the chart does', () => {
    const history = memberHistory(rows, 'g1', 'ana', calledOff);
    expect(history.entries.map((entry) => entry.appointmentId)).toEqual(['s1', 's4']);
    expect(history.rate).toEqual({ attended: 2, counted: 2, excused: 0, rate: 1 });
    expect(groupAttendanceOverTime(rows, calledOff.slice(0, 4)).map((point) => point.appointmentId)).toEqual(['s1', 's4']);
    // Before they were called off, the same marks count.
    expect(memberHistory(rows, 'g1', 'ana', sessions).rate.rate).toBe(0.5);
  });

  it('leaves them out of the group’s overall rate, keeping rows for sessions it doesn’t know', () => {
    const unknown = { ...mark('ben', 4, 'absent-no-notice'), appointmentId: 'unreadable' };
    const kept = withoutCancelledSessions([...rows, unknown], calledOff);
    expect(kept.map((row) => `${row.clientId}:${row.appointmentId}`)).toEqual(['ana:s1', 'ana:s4', 'ben:s1', 'ben:unreadable']);
    expect(attendanceRate(kept.map((row) => row.mark)).rate).toBe(0.75);
  });

  it('neither raises nor extends a run of absences', () => {
    const absentOnlyWhenCancelled = [mark('ana', 0, 'present'), mark('ana', 1, 'absent-notice'), mark('ana', 2, 'absent-notice')];
    expect(consecutiveAbsenceFlags(attendanceByMember(absentOnlyWhenCancelled), calledOff.slice(0, 3))).toEqual([]);

    // A present mark on a cancelled session doesn't break the run either side of it.
    const missedAround = [mark('ana', 0, 'absent-notice'), mark('ana', 1, 'present'), mark('ana', 2, 'absent-no-notice')];
    const flags = consecutiveAbsenceFlags(attendanceByMember(missedAround), withStatus({ 1: 'cancelled' }).slice(0, 3));
    expect(flags.map((flag) => flag.missedAppointmentIds)).toEqual([['s1', 's3']]);
  });
});

describe('the agreement a session’s register is checked against', () => {
  const DAY = 86_400_000;
  const MARCH = (day: number) => Date.UTC(2026, 2, day, 18);
  const version = (n: number, createdAt: number): AgreementVersion => ({
    id: `v${n}`,
    groupId: 'g1',
    version: n,
    title: 'Group agreement',
    clauses: [{ heading: 'Privacy', body: 'What is said here stays here.' }],
    createdAt,
    updatedAt: createdAt,
  });
  const signed = (clientId: string, n: number): AgreementSignature => ({
    id: `sig-${clientId}-${n}`,
    groupId: 'g1',
    clientId,
    agreementId: `v${n}`,
    version: n,
    method: 'wet-ink',
    signedOn: '2026-03-01',
    createdAt: MARCH(1),
    updatedAt: MARCH(1),
  });
  // Version 1 saved on 1 March, version 2 on 10 March.
  const versions = [version(2, MARCH(10)), version(1, MARCH(1) - DAY)];
  const permission = (clientId: string, sessionStart: number, signatures: AgreementSignature[]) =>
    canMarkPresent(clientId, agreementToSignFor(clientId, sessionStart, versions, signatures), signatures, 'present');

  it('is the latest version saved at or before the session began', () => {
    expect(agreementInForceAt(versions, MARCH(7))?.version).toBe(1);
    expect(agreementInForceAt(versions, MARCH(10))?.version).toBe(2);
    expect(agreementInForceAt(versions, MARCH(14))?.version).toBe(2);
    expect(agreementInForceAt(versions, MARCH(1) - 2 * DAY)).toBeUndefined();
  });

  it('lets a member who signed version 1 be marked present at a session held before version 2', () => {
    const signatures = [signed('ana', 1)];
    expect(permission('ana', MARCH(7), signatures)).toEqual({ allowed: true });
    // Sessions under version 2 still need version 2.
    expect(permission('ana', MARCH(14), signatures)).toEqual({
      allowed: false,
      reason:
        'The group agreement has changed since this member signed it. Ask them to sign the current version (version 2) before marking them as attending.',
    });
  });

  it('needs no signature for a session held before the group had an agreement', () => {
    expect(permission('ben', MARCH(1) - 2 * DAY, [])).toEqual({ allowed: true });
  });

  it('accepts a later version for an earlier session, and asks for the current one when none covers it', () => {
    // Only the current version can be signed, so signing it covers sessions held under version 1.
    expect(permission('ben', MARCH(7), [signed('ben', 2)])).toEqual({ allowed: true });
    expect(permission('ben', MARCH(7), [])).toEqual({
      allowed: false,
      reason:
        'This member hasn’t signed the group agreement yet. Ask them to sign it (version 2) before marking them as attending.',
    });
    // Another member's or another group's signature covers no one else.
    expect(permission('ben', MARCH(7), [signed('ana', 2), { ...signed('ben', 2), groupId: 'g2' }]).allowed).toBe(false);
  });

  it('always allows absences', () => {
    expect(canMarkPresent('ben', agreementToSignFor('ben', MARCH(7), versions, []), [], 'absent-notice')).toEqual({
      allowed: true,
    });
  });
});

describe('consecutive absence flags', () => {
  const flagsAfter = (rows: Attendance[], sessionCount: number, threshold?: number) =>
    consecutiveAbsenceFlags(attendanceByMember(rows), sessions.slice(0, sessionCount), threshold);

  it('flags members whose last two expected sessions were absences, skipping excused ones', () => {
    const rows = [
      mark('ana', 0, 'present'),
      mark('ana', 1, 'absent-notice'),
      mark('ana', 2, 'excused'),
      mark('ana', 3, 'absent-no-notice'),
      mark('ben', 0, 'absent-no-notice'),
      mark('ben', 1, 'present'),
      mark('ben', 2, 'absent-no-notice'),
      mark('ben', 3, 'left-early'),
    ];
    const flags = flagsAfter(rows, 4);
    expect(flags.map((flag) => [flag.clientId, flag.missedAppointmentIds])).toEqual([['ana', ['s2', 's4']]]);
    expect(flags[0]?.message).toMatch(/missed the last 2 sessions/);
    expect(flagsAfter(rows, 4, 3)).toEqual([]);
  });

  it('fires once per run of absences, and again only after the member attended and missed again', () => {
    const history: Attendance[] = [];
    const raised: string[] = [];
    const notified: number[] = [];
    const script: AttendanceMark[] = [
      'present',
      'absent-no-notice',
      'absent-notice',
      'absent-no-notice',
      'present',
      'absent-notice',
      'absent-notice',
      'absent-notice',
    ];
    script.forEach((value, index) => {
      history.push(mark('ana', index, value));
      const fresh = newFlags(raised, flagsAfter(history, index + 1));
      for (const flag of fresh) {
        raised.push(flag.key);
        notified.push(index + 1);
      }
    });
    // Flagged after session 3 (second miss) and session 7 (second miss of the new run), never in between.
    expect(notified).toEqual([3, 7]);
  });

  it('also works with only the previous run’s keys kept', () => {
    const rows = [mark('ana', 0, 'absent-notice'), mark('ana', 1, 'absent-notice')];
    const first = flagsAfter(rows, 2);
    const later = flagsAfter([...rows, mark('ana', 2, 'absent-notice')], 3);
    expect(newFlags([], first)).toHaveLength(1);
    expect(
      newFlags(
        first.map((flag) => flag.key),
        later,
      ),
    ).toEqual([]);
  });

  it('accepts a plain object keyed by member', () => {
    expect(
      consecutiveAbsenceFlags({ ana: [mark('ana', 0, 'absent-notice'), mark('ana', 1, 'absent-notice')] }, sessions),
    ).toHaveLength(1);
  });
});

describe('attendance CSV', () => {
  it('writes RFC 4180 CSV with a header, CRLF and quoted fields', () => {
    const csv = attendanceCsv([
      { date: '2026-01-05', group: 'Grief, loss & change', member: 'Zoë "Zo" Martin', mark: 'present' },
      { date: '2026-01-05', group: 'Grief', member: 'Line\nbreak', mark: 'absent-notice' },
    ]);
    expect(csv).toBe(
      'Date,Group,Member,Attendance\r\n' +
        '2026-01-05,"Grief, loss & change","Zoë ""Zo"" Martin",Present\r\n' +
        '2026-01-05,Grief,"Line\nbreak",Absent (gave notice)\r\n',
    );
  });

  it.each(['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'])(
    'neutralises formula-like cell %j',
    (cell) => {
      const line = toCsv(['Member'], [[cell]]).split('\r\n')[1] ?? '';
      expect(line.replace(/^"/, '').startsWith(`'${cell.slice(0, 1)}`)).toBe(true);
    },
  );

  it('leaves ordinary cells alone', () => {
    expect(toCsv(['a', 'b'], [['Ana', "O'Brien"]])).toBe("a,b\r\nAna,O'Brien\r\n");
  });
});
