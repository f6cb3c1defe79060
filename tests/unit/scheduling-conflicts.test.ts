import { describe, it, expect } from 'vitest';
import { APPOINTMENT_KINDS } from '../../shared/records';
import type { AppointmentKind, AppointmentStatus } from '../../shared/records';
import { defaultSettings } from '../../shared/settings';
import type { Settings } from '../../shared/settings';
import type { BookingCandidate, BookingContext, IndexedAppointment } from '../../shared/scheduling';
import { AppointmentIndex, checkBooking, instantFromZoned } from '../../shared/scheduling';

const LONDON = 'Europe/London';
const MIN = 60_000;

/** Wall-clock time in London in June 2026 (BST); 15 June is a Monday. */
function at(day: number, hhmm: string, timeZone = LONDON, month = 6): number {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return instantFromZoned({ year: 2026, month, day, hour, minute }, timeZone);
}

let nextId = 0;
function appt(
  kind: AppointmentKind,
  day: number,
  from: string,
  to: string,
  extra: Partial<IndexedAppointment> = {},
): IndexedAppointment {
  nextId += 1;
  return { id: `appt-${nextId}`, kind, status: 'scheduled', start: at(day, from), end: at(day, to), ...extra };
}

function booking(
  kind: AppointmentKind,
  day: number,
  from: string,
  to: string,
  extra: Partial<BookingCandidate> = {},
): BookingCandidate {
  return { kind, start: at(day, from), end: at(day, to), ...extra };
}

/** Settings under which nothing is soft-flagged, so each test switches on only the rule it is about. */
function relaxedSettings(patch: Partial<Settings> = {}): Settings {
  const base = defaultSettings();
  return {
    ...base,
    timeZone: LONDON,
    bufferMinutes: 0,
    workingHours: { start: '00:00', end: '00:00', days: [0, 1, 2, 3, 4, 5, 6] },
    groupBlocks: [],
    ...patch,
    limits: {
      targetIndividualShare: 0.6,
      maxClinicalHoursPerDay: 16,
      maxClinicalHoursPerWeek: 80,
      maxSessionsPerDay: 20,
      breakAfterConsecutiveSessions: 12,
      ...patch.limits,
    },
  };
}

interface MembershipSpan {
  clientId: string;
  groupId: string;
  joinedAt?: number;
  leftAt?: number;
}

function context(
  appointments: IndexedAppointment[],
  settings: Settings = relaxedSettings(),
  memberships: MembershipSpan[] = [],
  extra: Partial<BookingContext> = {},
): BookingContext {
  return {
    index: new AppointmentIndex(appointments),
    settings,
    activeGroupIdsForClient: (clientId: string, instant: number) =>
      memberships
        .filter((m) => m.clientId === clientId && (m.joinedAt ?? -Infinity) <= instant && instant < (m.leftAt ?? Infinity))
        .map((m) => m.groupId),
    ...extra,
  };
}

const codes = (items: { code: string }[]) => items.map((i) => i.code);

describe('hard conflicts: the clinician is double-booked', () => {
  for (const existingKind of APPOINTMENT_KINDS) {
    for (const newKind of APPOINTMENT_KINDS) {
      it(`flags ${newKind} booked over ${existingKind}`, () => {
        const existing = appt(existingKind, 16, '10:00', '11:00');
        const result = checkBooking(booking(newKind, 16, '10:30', '11:30'), context([existing]));
        expect(result.hard.filter((c) => c.code === 'double-booked')).toEqual([
          expect.objectContaining({ appointmentIds: [existing.id] }),
        ]);
      });
    }
  }

  it('says what is already booked, in the clinician’s time zone', () => {
    const group = appt('group', 16, '18:00', '19:30');
    const result = checkBooking(booking('individual', 16, '18:30', '19:20'), context([group]));
    expect(result.hard).toEqual([
      { code: 'double-booked', message: 'You already have a group session from 18:00 to 19:30.', appointmentIds: [group.id] },
    ]);
  });

  it('names the client only when the caller supplies a name for display', () => {
    const session = appt('individual', 16, '10:00', '10:50', { clientId: 'c1' });
    const withName = checkBooking(
      booking('admin', 16, '10:15', '10:45'),
      context([session], relaxedSettings(), [], { clientName: () => 'Sam' }),
    );
    expect(withName.hard[0]?.message).toBe('You already have an individual session with Sam from 10:00 to 10:50.');
    const withoutName = checkBooking(booking('admin', 16, '10:15', '10:45'), context([session]));
    expect(withoutName.hard[0]?.message).toBe('You already have an individual session from 10:00 to 10:50.');
  });

  it('does not flag sessions that only touch end to start', () => {
    const result = checkBooking(booking('individual', 16, '11:00', '11:50'), context([appt('individual', 16, '10:00', '11:00')]));
    expect(result.hard).toEqual([]);
  });

  it('ignores cancelled, late-cancelled and no-show appointments, but not completed ones', () => {
    const freed: AppointmentStatus[] = ['cancelled', 'late-cancel', 'no-show'];
    for (const status of freed) {
      const result = checkBooking(
        booking('individual', 16, '10:00', '10:50'),
        context([appt('group', 16, '10:00', '11:00', { status })]),
      );
      expect(result.hard, status).toEqual([]);
    }
    const completed = checkBooking(
      booking('individual', 16, '10:00', '10:50'),
      context([appt('group', 16, '10:00', '11:00', { status: 'completed' })]),
    );
    expect(codes(completed.hard)).toEqual(['double-booked']);
  });

  it('lets the caller decide which appointments hold time', () => {
    const tentative = appt('admin', 16, '10:00', '11:00');
    const result = checkBooking(
      booking('individual', 16, '10:00', '10:50'),
      context([tentative], relaxedSettings(), [], { occupies: (a) => a.kind !== 'admin' }),
    );
    expect(result.hard).toEqual([]);
  });

  it('refuses a session that ends before it starts', () => {
    const result = checkBooking({ kind: 'individual', start: at(16, '11:00'), end: at(16, '10:00') }, context([]));
    expect(result.hard).toEqual([{ code: 'invalid-time', message: 'The session needs to end after it starts.' }]);
  });
});

describe('moving an appointment', () => {
  it('does not conflict with its own old time, whether identified on the candidate or in the context', () => {
    const existing = appt('individual', 16, '10:00', '10:50', { clientId: 'c1' });
    const neighbour = appt('individual', 16, '12:00', '12:50');
    const settings = relaxedSettings({ bufferMinutes: 15 });
    const viaCandidate = checkBooking(
      booking('individual', 16, '10:20', '11:10', { id: existing.id }),
      context([existing, neighbour], settings),
    );
    expect(viaCandidate).toEqual({ hard: [], soft: [] });
    const viaContext = checkBooking(
      booking('individual', 16, '10:20', '11:10'),
      context([existing, neighbour], settings, [], { excludeId: existing.id }),
    );
    expect(viaContext).toEqual({ hard: [], soft: [] });
    // Without excluding it, the same move clashes with the old slot.
    expect(
      codes(checkBooking(booking('individual', 16, '10:20', '11:10'), context([existing, neighbour], settings)).hard),
    ).toEqual(['double-booked']);
  });

  it('still conflicts with other appointments', () => {
    const moving = appt('individual', 16, '10:00', '10:50');
    const other = appt('supervision', 16, '14:00', '15:00');
    const result = checkBooking(booking('individual', 16, '14:30', '15:20', { id: moving.id }), context([moving, other]));
    expect(result.hard.map((c) => c.appointmentIds)).toEqual([[other.id]]);
  });
});

describe('hard conflicts: a client in their group and an individual session at once', () => {
  const groupSession = appt('group', 16, '18:00', '19:30', { groupId: 'g1' });
  const member: MembershipSpan = { clientId: 'c1', groupId: 'g1', joinedAt: at(1, '09:00') };

  it('flags an individual session over a group the client belongs to', () => {
    const result = checkBooking(
      booking('individual', 16, '18:30', '19:20', { clientId: 'c1' }),
      context([groupSession], relaxedSettings(), [member], { clientName: (id) => (id === 'c1' ? 'Sam' : undefined) }),
    );
    expect(result.hard).toContainEqual({
      code: 'client-in-group',
      message: 'Sam is a member of a group that meets from 18:00 to 19:30.',
      appointmentIds: [groupSession.id],
    });
  });

  it('names the group when the caller supplies its name, and says "this client" without a client name', () => {
    const result = checkBooking(
      booking('individual', 16, '18:30', '19:20', { clientId: 'c1' }),
      context([groupSession], relaxedSettings(), [member], { groupName: () => 'Tuesday grief circle' }),
    );
    expect(result.hard.find((c) => c.code === 'client-in-group')?.message).toBe(
      'This client is a member of Tuesday grief circle, which meets from 18:00 to 19:30.',
    );
  });

  it('flags a group session booked over a member’s individual session', () => {
    const individual = appt('individual', 16, '18:00', '18:50', { clientId: 'c1' });
    const result = checkBooking(
      booking('group', 16, '18:00', '19:30', { groupId: 'g1' }),
      context([individual], relaxedSettings(), [member]),
    );
    expect(result.hard).toContainEqual({
      code: 'client-in-group',
      message: 'A member of this group has an individual session from 18:00 to 18:50.',
      appointmentIds: [individual.id],
    });
  });

  it('does not flag a client who has left the group, or has not joined yet, or belongs to a different group', () => {
    const candidate = booking('individual', 16, '18:30', '19:20', { clientId: 'c1' });
    const left = { ...member, leftAt: at(10, '12:00') };
    const notYetJoined = { ...member, joinedAt: at(20, '12:00') };
    const otherGroup = { ...member, groupId: 'g2' };
    for (const membership of [left, notYetJoined, otherGroup]) {
      const result = checkBooking(candidate, context([groupSession], relaxedSettings(), [membership]));
      expect(codes(result.hard)).toEqual(['double-booked']);
    }
  });
});

describe('soft: protected group time', () => {
  const settings = relaxedSettings({ groupBlocks: [{ weekday: 2, start: '17:00', end: '21:00' }] });

  it('warns about an individual session inside a group block', () => {
    const result = checkBooking(booking('individual', 16, '17:30', '18:20'), context([], settings));
    expect(result.soft).toEqual([
      { code: 'group-block', message: 'This is in the time you keep for groups on Tuesdays, from 17:00 to 21:00.' },
    ]);
  });

  it('does not warn for a group session there, on another weekday, or just before the block', () => {
    expect(checkBooking(booking('group', 16, '17:30', '19:00'), context([], settings)).soft).toEqual([]);
    expect(checkBooking(booking('individual', 17, '17:30', '18:20'), context([], settings)).soft).toEqual([]);
    expect(checkBooking(booking('individual', 16, '16:10', '17:00'), context([], settings)).soft).toEqual([]);
  });

  it('reads the block in the clinician’s zone, not UTC', () => {
    // 16:30 UTC is 17:30 in London (inside the block) but 12:30 in New York (outside it).
    const candidate = {
      kind: 'individual' as const,
      start: Date.parse('2026-06-16T16:30:00Z'),
      end: Date.parse('2026-06-16T17:20:00Z'),
    };
    expect(codes(checkBooking(candidate, context([], settings)).soft)).toEqual(['group-block']);
    expect(checkBooking(candidate, context([], { ...settings, timeZone: 'America/New_York' })).soft).toEqual([]);
  });
});

describe('soft: buffers between clinical sessions', () => {
  const settings = relaxedSettings({ bufferMinutes: 10 });

  it('warns when a session starts too soon after the previous one', () => {
    const previous = appt('individual', 16, '09:00', '09:50');
    const result = checkBooking(booking('individual', 16, '09:55', '10:45'), context([previous], settings));
    expect(result.soft).toEqual([
      {
        code: 'buffer-before',
        message: 'This is 5 minutes after your previous session; your minimum buffer is 10 minutes.',
        appointmentIds: [previous.id],
      },
    ]);
  });

  it('warns when a session ends too close to the next one', () => {
    const next = appt('group', 16, '11:00', '12:30');
    const result = checkBooking(booking('individual', 16, '10:05', '10:55'), context([next], settings));
    expect(result.soft).toEqual([
      {
        code: 'buffer-after',
        message: 'This ends 5 minutes before your next session; your minimum buffer is 10 minutes.',
        appointmentIds: [next.id],
      },
    ]);
  });

  it('says so plainly when sessions are back to back', () => {
    const result = checkBooking(
      booking('individual', 16, '09:50', '10:40'),
      context([appt('individual', 16, '09:00', '09:50')], settings),
    );
    expect(result.soft[0]?.message).toBe('This starts as soon as your previous session ends; your minimum buffer is 10 minutes.');
  });

  it('is satisfied by exactly the buffer, and ignores non-clinical neighbours and cancelled sessions', () => {
    const neighbours = [
      appt('individual', 16, '09:00', '09:50'),
      appt('admin', 16, '10:50', '11:30'),
      appt('individual', 16, '10:55', '11:45', { status: 'cancelled' }),
    ];
    expect(checkBooking(booking('individual', 16, '10:00', '10:50'), context(neighbours, settings)).soft).toEqual([]);
  });

  it('does not apply to admin time, or when the buffer is zero', () => {
    const previous = appt('individual', 16, '09:00', '09:50');
    expect(checkBooking(booking('admin', 16, '09:50', '10:20'), context([previous], settings)).soft).toEqual([]);
    expect(
      checkBooking(booking('individual', 16, '09:50', '10:40'), context([previous], relaxedSettings({ bufferMinutes: 0 }))).soft,
    ).toEqual([]);
  });
});

describe('soft: working hours', () => {
  const settings = relaxedSettings({ workingHours: { start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] } });

  it('accepts a session inside working hours', () => {
    expect(checkBooking(booking('individual', 16, '08:00', '08:50'), context([], settings)).soft).toEqual([]);
    expect(checkBooking(booking('individual', 16, '18:10', '19:00'), context([], settings)).soft).toEqual([]);
  });

  it('warns about a non-working day', () => {
    const result = checkBooking(booking('individual', 20, '10:00', '10:50'), context([], settings));
    expect(result.soft).toEqual([{ code: 'outside-working-hours', message: 'Saturday is not one of your working days.' }]);
  });

  it('warns about starting early and finishing late', () => {
    expect(checkBooking(booking('individual', 16, '07:30', '08:20'), context([], settings)).soft[0]?.message).toBe(
      'This starts at 07:30, before your working day begins at 08:00.',
    );
    expect(checkBooking(booking('group', 16, '18:00', '19:30'), context([], settings)).soft[0]?.message).toBe(
      'This ends at 19:30, after your working day ends at 19:00.',
    );
  });

  it('uses the clinician’s zone: 11:30 UTC is 07:30 in New York', () => {
    const candidate = {
      kind: 'individual' as const,
      start: Date.parse('2026-06-16T11:30:00Z'),
      end: Date.parse('2026-06-16T12:20:00Z'),
    };
    expect(checkBooking(candidate, context([], settings)).soft).toEqual([]);
    expect(codes(checkBooking(candidate, context([], { ...settings, timeZone: 'America/New_York' })).soft)).toEqual([
      'outside-working-hours',
    ]);
  });

  it('does not police self-care time', () => {
    expect(checkBooking(booking('self-care', 20, '07:00', '08:00'), context([], settings)).soft).toEqual([]);
  });

  describe('time kept for groups and protected blocks count as working time', () => {
    // 18 June 2026 is a Thursday; 20 June a Saturday.
    const kept = relaxedSettings({
      workingHours: { start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] },
      groupBlocks: [{ weekday: 4, start: '17:30', end: '21:00' }],
      protectedBlocks: [
        { weekday: 6, start: '09:00', end: '10:30', kind: 'supervision' },
        { weekday: 1, start: '07:00', end: '08:00', kind: 'self-care' },
      ],
    });

    it('a group wholly inside kept group time after the working day raises no warning', () => {
      expect(checkBooking(booking('group', 18, '18:00', '19:30'), context([], kept)).soft).toEqual([]);
      expect(checkBooking(booking('group', 18, '19:30', '21:00'), context([], kept)).soft).toEqual([]);
    });

    it('a group running past the kept time still warns, and says the kept time did not cover it', () => {
      expect(checkBooking(booking('group', 18, '20:00', '21:30'), context([], kept)).soft).toEqual([
        {
          code: 'outside-working-hours',
          message:
            'This ends at 21:30, after your working day ends at 19:00, and not in time you keep for groups, supervision or self-care.',
        },
      ]);
    });

    it('kept group time on another weekday does not cover Thursday evening', () => {
      const tuesdayOnly = { ...kept, groupBlocks: [{ weekday: 2, start: '17:30', end: '21:00' }] };
      expect(codes(checkBooking(booking('group', 18, '18:00', '19:30'), context([], tuesdayOnly)).soft)).toEqual([
        'outside-working-hours',
      ]);
    });

    it('supervision in a protected block on a non-working day is working time', () => {
      expect(checkBooking(booking('supervision', 20, '09:00', '10:30'), context([], kept)).soft).toEqual([]);
      expect(checkBooking(booking('supervision', 20, '10:00', '11:00'), context([], kept)).soft).toEqual([
        { code: 'outside-working-hours', message: 'Saturday is not one of your working days.' },
      ]);
    });

    it('a protected block joined to the working day extends it, with no gap left uncovered', () => {
      // Monday 15 June: self-care 07:00–08:00, then the working day from 08:00.
      expect(checkBooking(booking('admin', 15, '07:15', '08:30'), context([], kept)).soft).toEqual([]);
      // Thursday: work ends 19:00, kept time from 17:30 to 21:00, so 18:30–20:30 is all covered.
      expect(checkBooking(booking('admin', 18, '18:30', '20:30'), context([], kept)).soft).toEqual([]);
    });
  });
});

describe('soft: workload limits', () => {
  it('warns when clinical hours for the day go over the limit, counting only clinical time', () => {
    const settings = relaxedSettings({ limits: { maxClinicalHoursPerDay: 7 } as Settings['limits'] });
    const day = [
      appt('group', 16, '09:00', '12:00'),
      appt('individual', 16, '13:00', '15:30'),
      appt('individual', 16, '16:00', '17:00'),
      appt('admin', 16, '07:00', '09:00'),
    ];
    // 6.5 hours booked; one more hour is 7.5.
    const over = checkBooking(booking('individual', 16, '17:30', '18:30'), context(day, settings));
    expect(over.soft).toEqual([
      expect.objectContaining({
        code: 'daily-hours-limit',
        message: 'This brings your clinical time on Tuesday to 7.5 hours; your daily limit is 7 hours.',
      }),
    ]);
    // Half an hour takes it to exactly 7: allowed.
    expect(checkBooking(booking('individual', 16, '17:30', '18:00'), context(day, settings)).soft).toEqual([]);
    // Admin time never counts.
    expect(checkBooking(booking('admin', 16, '17:30', '18:30'), context(day, settings)).soft).toEqual([]);
  });

  it('warns when the number of sessions in a day goes over the limit', () => {
    const settings = relaxedSettings({ limits: { maxSessionsPerDay: 3 } as Settings['limits'] });
    const three = [
      appt('individual', 16, '09:00', '09:50'),
      appt('individual', 16, '11:00', '11:50'),
      appt('group', 16, '14:00', '15:30'),
    ];
    expect(checkBooking(booking('individual', 16, '17:00', '17:50'), context(three, settings)).soft).toEqual([
      expect.objectContaining({
        code: 'daily-sessions-limit',
        message: 'This would be your 4th session on Tuesday; your limit is 3 sessions a day.',
      }),
    ]);
    expect(checkBooking(booking('individual', 16, '17:00', '17:50'), context(three.slice(1), settings)).soft).toEqual([]);
    // The same sessions on another day don't count towards Tuesday.
    expect(checkBooking(booking('individual', 17, '17:00', '17:50'), context(three, settings)).soft).toEqual([]);
  });

  it('counts a late session that runs past midnight towards the day it started on', () => {
    const settings = relaxedSettings({ limits: { maxSessionsPerDay: 1 } as Settings['limits'] });
    const lateMonday = { ...appt('group', 15, '23:30', '23:59'), end: at(16, '00:30') };
    expect(checkBooking(booking('individual', 16, '10:00', '10:50'), context([lateMonday], settings)).soft).toEqual([]);
    expect(codes(checkBooking(booking('individual', 15, '10:00', '10:50'), context([lateMonday], settings)).soft)).toEqual([
      'daily-sessions-limit',
    ]);
  });

  it('warns when clinical hours for the week go over the limit, counting Monday to Sunday', () => {
    const settings = relaxedSettings({ limits: { maxClinicalHoursPerWeek: 10 } as Settings['limits'] });
    const week = [
      appt('group', 15, '09:00', '12:00'),
      appt('group', 17, '09:00', '12:00'),
      appt('individual', 19, '09:00', '12:30'), // 9.5 hours Monday–Friday
      appt('individual', 14, '09:00', '12:00'), // the Sunday before: a different week
      appt('supervision', 18, '09:00', '12:00'),
    ];
    const result = checkBooking(booking('individual', 21, '10:00', '11:00'), context(week, settings));
    expect(result.soft).toEqual([
      expect.objectContaining({
        code: 'weekly-hours-limit',
        message:
          'This brings your clinical time in the week starting Monday 15 June to 10.5 hours; your weekly limit is 10 hours.',
      }),
    ]);
    expect(checkBooking(booking('individual', 21, '10:00', '10:30'), context(week, settings)).soft).toEqual([]);
  });

  it('asks for a break after too many sessions in a row, where gaps up to the buffer do not count as a break', () => {
    const settings = relaxedSettings({ bufferMinutes: 10, limits: { breakAfterConsecutiveSessions: 3 } as Settings['limits'] });
    const morning = [
      appt('individual', 16, '09:00', '09:50'),
      appt('individual', 16, '10:00', '10:50'),
      appt('group', 16, '11:00', '11:50'),
    ];
    const fourth = checkBooking(booking('individual', 16, '12:00', '12:50'), context(morning, settings));
    expect(fourth.soft).toEqual([
      {
        code: 'break-needed',
        message: 'This makes 4 sessions in a row without a break; you wanted a break after 3 sessions.',
        appointmentIds: morning.map((a) => a.id),
      },
    ]);
    // After a lunch break the run starts again.
    expect(checkBooking(booking('individual', 16, '13:00', '13:50'), context(morning, settings)).soft).toEqual([]);
    // Filling a gap in the middle joins two runs.
    const split = [morning[0]!, morning[1]!, appt('individual', 16, '12:00', '12:50'), appt('individual', 16, '13:00', '13:50')];
    expect(codes(checkBooking(booking('individual', 16, '11:00', '11:50'), context(split, settings)).soft)).toEqual([
      'break-needed',
    ]);
  });
});

describe('a realistic day with default settings', () => {
  it('books an ordinary Tuesday session without any warnings', () => {
    const settings = { ...defaultSettings(), timeZone: LONDON };
    const result = checkBooking(
      booking('individual', 16, '10:00', '10:50'),
      context([appt('individual', 16, '09:00', '09:50')], settings),
    );
    expect(result).toEqual({ hard: [], soft: [] });
  });

  it('warns, rather than failing, when the time zone setting is not recognised', () => {
    const settings = relaxedSettings({ timeZone: 'Mars/Olympus' });
    const result = checkBooking(booking('individual', 16, '10:00', '10:50'), context([], settings));
    expect(codes(result.soft)).toEqual(['unknown-time-zone']);
  });
});

describe('a ten-year practice', () => {
  it('checks one booking against 40,000 appointments and finds exactly the clashing ones', () => {
    const appointments: IndexedAppointment[] = [];
    const kinds: AppointmentKind[] = ['individual', 'individual', 'group', 'supervision', 'admin'];
    const first = Date.parse('2016-01-04T09:00:00Z');
    for (let i = 0; i < 40_000; i++) {
      const day = Math.floor(i / 11);
      const slot = i % 11;
      const start = first + day * 24 * 60 * MIN + slot * 60 * MIN;
      appointments.push({
        id: `p-${i}`,
        kind: kinds[i % kinds.length]!,
        status: i % 13 === 0 ? 'cancelled' : 'completed',
        start,
        end: start + 50 * MIN,
        clientId: `client-${i % 300}`,
        groupId: `group-${i % 25}`,
      });
    }
    const target = appointments[25_002]!;
    const candidate: BookingCandidate = {
      kind: 'individual',
      start: target.start + 30 * MIN,
      end: target.start + 80 * MIN,
      clientId: 'client-x',
    };
    const expected = appointments
      .filter((a) => a.status !== 'cancelled' && a.start < candidate.end && a.end > candidate.start)
      .map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);
    const result = checkBooking(candidate, context(appointments, defaultSettings()));
    expect(result.hard.flatMap((c) => c.appointmentIds ?? [])).toEqual(expected);
  });
});
