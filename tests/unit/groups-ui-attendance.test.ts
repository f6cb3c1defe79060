import { describe, expect, it } from 'vitest';
import { groupAttendanceOverTime } from '../../shared/groups/attendance';
import type { Attendance } from '../../shared/records';
import {
  attendanceCsvRows,
  attendanceToSave,
  describeAttendanceTrend,
  formatRate,
  sessionSummary,
} from '../../renderer/src/groups/attendance-entry';

const session = { id: 's1', start: Date.UTC(2026, 2, 5, 18), groupId: 'g1' };
const row = (over: Partial<Attendance>): Attendance => ({
  id: 'r1',
  appointmentId: 's1',
  groupId: 'g1',
  clientId: 'c1',
  mark: 'present',
  sessionAt: session.start,
  createdAt: 1,
  updatedAt: 1,
  ...over,
});
let next = 0;
const makeId = () => `new${++next}`;

describe('attendanceToSave', () => {
  it('creates one record per marked member and skips members without a mark', () => {
    const saved = attendanceToSave([], session, { c1: 'present', c2: undefined, c3: 'late' }, [], 100, makeId);
    expect(saved.map((r) => [r.clientId, r.mark, r.appointmentId, r.groupId, r.sessionAt])).toEqual([
      ['c1', 'present', 's1', 'g1', session.start],
      ['c3', 'late', 's1', 'g1', session.start],
    ]);
  });

  it('updates the existing record when a mark is corrected, and leaves unchanged ones alone', () => {
    const existing = [row({ id: 'a', clientId: 'c1', mark: 'present' }), row({ id: 'b', clientId: 'c2', mark: 'present' })];
    const saved = attendanceToSave(existing, session, { c1: 'absent-notice', c2: 'present' }, [], 200, makeId);
    expect(saved).toEqual([{ ...existing[0], mark: 'absent-notice', updatedAt: 200 }]);
  });

  it('adds new guests by name and ignores blank names', () => {
    const saved = attendanceToSave(
      [],
      session,
      {},
      [
        { name: ' Sam ', mark: 'present' },
        { name: '  ', mark: 'late' },
      ],
      5,
      makeId,
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ guestName: 'Sam', mark: 'present' });
    expect(saved[0]?.clientId).toBeUndefined();
  });
});

it('saves a guest under the id given when they were added, so saving again updates the same record', () => {
  const first = attendanceToSave([], session, {}, [{ id: 'guest1', name: 'Sam', mark: 'present' }], 5, makeId);
  expect(first.map((r) => r.id)).toEqual(['guest1']);
  expect(attendanceToSave(first, session, {}, [{ id: 'guest1', name: 'Sam', mark: 'present' }], 6, makeId)).toEqual([]);
  expect(attendanceToSave(first, session, {}, [{ id: 'guest1', name: 'Sam', mark: 'late' }], 7, makeId)).toEqual([
    { ...first[0], mark: 'late', updatedAt: 7 },
  ]);
});

describe('attendance in words', () => {
  const attendance = [
    row({ id: 'a', clientId: 'c1', mark: 'present' }),
    row({ id: 'b', clientId: 'c2', mark: 'absent-no-notice' }),
    row({ id: 'c', clientId: undefined, guestName: 'Sam', mark: 'present' }),
  ];

  it('summarises a session and the trend for screen readers', () => {
    expect(sessionSummary(attendance)).toBe('2 of 3 attended');
    expect(sessionSummary([])).toBe('Attendance not taken');
    const points = groupAttendanceOverTime(attendance, [{ id: 's1', start: session.start, status: 'completed' }]);
    expect(describeAttendanceTrend(points, 0.5, () => '5 Mar')).toBe(
      'Attendance recorded for 1 session on 5 Mar. Overall, members attended 50% of the sessions they were expected at. At the latest session, 2 attended and 1 was absent.',
    );
    expect(describeAttendanceTrend([], null, () => '')).toBe('No attendance has been recorded for this group yet.');
  });

  it('names members and guests in the CSV rows, oldest first', () => {
    const names: Record<string, string> = { c1: 'Zoë', c2: 'Adam' };
    const rows = attendanceCsvRows(
      attendance,
      'Grief group',
      (id) => names[id] ?? '?',
      () => '2026-03-05',
    );
    expect(rows.map((r) => [r.member, r.mark])).toEqual([
      ['Adam', 'absent-no-notice'],
      ['Sam (guest)', 'present'],
      ['Zoë', 'present'],
    ]);
  });

  it('formats a rate short and long', () => {
    expect(formatRate({ attended: 5, counted: 6, excused: 1, rate: 5 / 6 })).toBe('83% (5 of 6)');
    expect(formatRate({ attended: 5, counted: 6, excused: 1, rate: 5 / 6 }, true)).toBe(
      'Attended 5 of 6 expected sessions (83%). 1 excused session is not counted.',
    );
    expect(formatRate({ attended: 0, counted: 0, excused: 0, rate: null })).toBe('No sessions yet');
  });
});
