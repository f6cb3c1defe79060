import { describe, expect, it } from 'vitest';
import type { Attendance, AttendanceMark } from '../../shared/records';
import {
  attendanceByMember,
  attendanceCsv,
  attendanceRate,
  consecutiveAbsenceFlags,
  groupAttendanceOverTime,
  memberHistory,
  newFlags,
  toCsv,
} from '../../shared/groups/attendance';

const WEEK = 7 * 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 18);
const sessions = Array.from({ length: 8 }, (_, index) => ({
  id: `s${index + 1}`,
  start: T0 + index * WEEK,
  status: 'completed' as const,
}));

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
    const history = memberHistory(rows, 'g1', 'ana');
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
