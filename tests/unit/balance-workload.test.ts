import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentKind, AppointmentStatus } from '../../shared/records';
import { APPOINTMENT_KINDS, CLINICAL_KINDS, isClinicalKind } from '../../shared/records';
import { defaultSettings } from '../../shared/settings';
import type { Settings } from '../../shared/settings';
import { findSkippedBreaks, hoursByFormat, thisWeekAndRollingFourWeeks, workloadSummary } from '../../shared/balance/workload';

const LONDON = 'Europe/London';
const HOUR = 3_600_000;

/** A wall-clock time in London, month 1-based so the tests read like a diary. */
const at = (month: number, day: number, hour: number, minute = 0, zone = LONDON) =>
  new TZDate(2026, month - 1, day, hour, minute, zone).getTime();

let seq = 0;
function appt(kind: AppointmentKind, start: number, minutes: number, status: AppointmentStatus = 'completed'): Appointment {
  seq += 1;
  return {
    id: `a${seq}`,
    kind,
    status,
    start,
    end: start + minutes * 60_000,
    clientId: kind === 'individual' ? `c${seq}` : undefined,
    groupId: kind === 'group' ? 'g1' : undefined,
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
  };
}

function settingsWith(limits: Partial<Settings['limits']> = {}, bufferMinutes = 10): Settings {
  const settings = defaultSettings();
  return { ...settings, bufferMinutes, limits: { ...settings.limits, ...limits } };
}

/** The week of Monday 23 March 2026: the clocks go forward at 01:00 on Sunday 29 March. */
function springWeek(): Appointment[] {
  const ind = (d: number, h: number, m = 0, status: AppointmentStatus = 'completed') =>
    appt('individual', at(3, d, h, m), 50, status);
  return [
    // Monday: four sessions with 10-minute gaps (a proper break each time).
    ind(23, 9),
    ind(23, 10),
    ind(23, 11),
    ind(23, 12),
    // Tuesday: four sessions 5 minutes apart — one skipped break.
    ind(24, 9),
    ind(24, 9, 55),
    ind(24, 10, 50),
    ind(24, 11, 45),
    // Wednesday: two individual and an evening group.
    ind(25, 9),
    ind(25, 10),
    appt('group', at(3, 25, 18), 90),
    // Thursday: an evening group.
    appt('group', at(3, 26, 18), 90),
    // Friday: one individual.
    ind(27, 9),
    // Sunday after the clock change (BST): one individual and a group, still booked.
    ind(29, 10, 0, 'scheduled'),
    appt('group', at(3, 29, 14), 90, 'scheduled'),
    // Not worked: cancelled, no-show, late cancellation.
    ind(27, 11, 0, 'cancelled'),
    ind(27, 12, 0, 'no-show'),
    ind(26, 10, 0, 'late-cancel'),
    // Other time.
    appt('admin', at(3, 23, 13), 120),
    appt('supervision', at(3, 25, 12), 60),
    appt('self-care', at(3, 27, 13), 60),
    // Outside the week: late Sunday before it, and Monday 00:30 BST after it (= 23:30 UTC on Sunday,
    // inside a naive UTC week).
    ind(22, 23, 30),
    ind(30, 0, 30),
  ];
}

describe('thisWeekAndRollingFourWeeks', () => {
  it('gives a 167-hour week across the spring clock change, starting Monday at local midnight', () => {
    const { thisWeek, rollingFourWeeks } = thisWeekAndRollingFourWeeks(at(3, 25, 12), LONDON);
    expect(thisWeek.from).toBe(Date.UTC(2026, 2, 23, 0, 0));
    expect(thisWeek.to).toBe(Date.UTC(2026, 2, 29, 23, 0)); // Monday 30 March 00:00 BST
    expect((thisWeek.to - thisWeek.from) / HOUR).toBe(167);
    expect(rollingFourWeeks.to).toBe(thisWeek.to);
    expect(rollingFourWeeks.from).toBe(Date.UTC(2026, 2, 2, 0, 0));
    expect((rollingFourWeeks.to - rollingFourWeeks.from) / HOUR).toBe(4 * 168 - 1);
  });

  it('gives a 169-hour week across the autumn clock change', () => {
    const { thisWeek } = thisWeekAndRollingFourWeeks(at(10, 22, 12), LONDON);
    expect(thisWeek.from).toBe(Date.UTC(2026, 9, 18, 23, 0)); // Monday 19 October 00:00 BST
    expect(thisWeek.to).toBe(Date.UTC(2026, 9, 26, 0, 0)); // Monday 26 October 00:00 GMT
    expect((thisWeek.to - thisWeek.from) / HOUR).toBe(169);
  });

  it('treats Sunday late evening as the end of the week and Monday 00:00 as the next one', () => {
    expect(thisWeekAndRollingFourWeeks(at(3, 29, 23, 59), LONDON).thisWeek.from).toBe(at(3, 23, 0));
    expect(thisWeekAndRollingFourWeeks(at(3, 30, 0, 0), LONDON).thisWeek.from).toBe(at(3, 30, 0));
  });

  it('uses the given zone, not London', () => {
    const { thisWeek } = thisWeekAndRollingFourWeeks(Date.UTC(2026, 2, 10, 12), 'America/New_York');
    expect(thisWeek.from).toBe(Date.UTC(2026, 2, 9, 4, 0)); // Monday 9 March 00:00 EDT
    expect((thisWeek.to - thisWeek.from) / HOUR).toBe(168);
  });
});

describe('workloadSummary: spring week in London', () => {
  const { thisWeek } = thisWeekAndRollingFourWeeks(at(3, 25, 12), LONDON);
  const summary = workloadSummary(springWeek(), thisWeek, LONDON, settingsWith());

  it('adds 12 × 50 minutes individual and 3 × 90 minutes group, ignoring cancelled, no-show and late-cancel', () => {
    expect(summary.hours.individual).toBe(10);
    expect(summary.hours.group).toBe(4.5);
    expect(summary.clinicalHours).toBe(14.5);
    expect(summary.hours.admin).toBe(2);
    expect(summary.hours.supervision).toBe(1);
    expect(summary.hours['self-care']).toBe(1);
  });

  it('gives an individual share of 69% and says it is above a 60% target', () => {
    expect(summary.individualShare).toBeCloseTo(10 / 14.5, 10);
    expect(Math.round((summary.individualShare ?? 0) * 100)).toBe(69);
    expect(summary.shareStatus).toBe('above-target');
    expect(summary.shareVerdict).toBe(
      'Individual work is 69% of your clinical hours, above your 60% target: groups had less of your time than you planned.',
    );
  });

  it('counts sessions per local calendar day, with a 23-hour Sunday', () => {
    expect(summary.days.map((day) => day.date)).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
    expect(summary.days.map((day) => day.sessions)).toEqual([4, 4, 3, 1, 1, 0, 2]);
    const sunday = summary.days[6]!;
    expect((sunday.to - sunday.from) / HOUR).toBe(23);
    expect(sunday.clinicalHours).toBeCloseTo(50 / 60 + 1.5, 4);
  });

  it('finds the one run of four sessions without a 10-minute break', () => {
    expect(summary.skippedBreaks).toHaveLength(1);
    const run = summary.skippedBreaks[0]!;
    expect(run.date).toBe('2026-03-24');
    expect(run.sessions).toBe(4);
    expect(run.start).toBe(at(3, 24, 9));
    expect(run.end).toBe(at(3, 24, 12, 35));
  });

  it('is within the default limits', () => {
    expect(summary.daysOverLimit).toEqual([]);
    expect(summary.weeks).toHaveLength(1);
    expect(summary.weeks[0]!.clinicalHours).toBe(14.5);
    expect(summary.weeksOverLimit).toEqual([]);
  });

  it('flags days over the sessions or hours limit and the week over the weekly limit', () => {
    const tight = workloadSummary(
      springWeek(),
      thisWeek,
      LONDON,
      settingsWith({ maxSessionsPerDay: 3, maxClinicalHoursPerDay: 3, maxClinicalHoursPerWeek: 14 }),
    );
    expect(tight.daysOverLimit.map((day) => day.date)).toEqual(['2026-03-23', '2026-03-24', '2026-03-25']);
    expect(tight.days.slice(0, 2).every((day) => day.overSessions && day.overHours)).toBe(true);
    // Wednesday: 3 sessions (not over 3) but 1h40 + 1h30 = 3.17 hours (over 3).
    const wednesday = tight.days[2]!;
    expect(wednesday.overSessions).toBe(false);
    expect(wednesday.overHours).toBe(true);
    expect(tight.weeksOverLimit.map((week) => week.weekOf)).toEqual(['2026-03-23']);
    const roomy = workloadSummary(springWeek(), thisWeek, LONDON, settingsWith({ maxClinicalHoursPerWeek: 15 }));
    expect(roomy.weeksOverLimit).toEqual([]);
  });

  it('rates no-shows and late cancellations over sessions that were due', () => {
    // Due = 13 completed + 1 no-show + 1 late-cancel; the 2 still-booked Sunday sessions and the cancelled one are not due.
    expect(summary.attendance).toEqual({
      due: 15,
      completed: 13,
      noShows: 1,
      lateCancels: 1,
      noShowRate: 1 / 15,
      lateCancelRate: 1 / 15,
    });
  });
});

describe('workloadSummary: a week where the clocks skip midnight (Santiago)', () => {
  // Clocks go from 00:00 to 01:00 on Sunday 6 September 2026 in Chile: that day starts at 01:00, the next ones at 00:00.
  const SANTIAGO = 'America/Santiago';
  const week = { from: at(8, 31, 0, 0, SANTIAGO), to: at(9, 14, 0, 0, SANTIAGO) };
  const sessions = [appt('individual', at(9, 8, 0, 30, SANTIAGO), 50), appt('individual', at(9, 6, 1, 30, SANTIAGO), 50)];
  const summary = workloadSummary(sessions, week, SANTIAGO, settingsWith());

  it('starts each day after the change at midnight, and counts a 00:30 session on its own day', () => {
    const clock = (t: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: SANTIAGO, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
    const days = summary.days.map((day) => `${day.date} ${clock(day.from)}`);
    expect(days).toContain('2026-09-06 01:00');
    expect(days).toContain('2026-09-07 00:00');
    expect(days).toContain('2026-09-08 00:00');
    expect(days).toHaveLength(14);
    expect(summary.days.filter((day) => day.sessions > 0).map((day) => day.date)).toEqual(['2026-09-06', '2026-09-08']);
  });
});

describe('workloadSummary: autumn week in London', () => {
  it('keeps Sunday 23:30 GMT in the week and Sunday 23:30 BST of the week before out of it', () => {
    const { thisWeek } = thisWeekAndRollingFourWeeks(at(10, 22, 12), LONDON);
    const appointments = [
      appt('individual', at(10, 18, 23, 30), 60), // Sunday before, 23:30 BST: previous week
      appt('individual', at(10, 19, 0, 30), 60), // Monday 00:30 BST = Sunday 23:30 UTC: this week
      appt('group', at(10, 25, 23, 0), 60), // Sunday 25 October 23:00 GMT, after the clocks went back
      appt('individual', at(10, 26, 0, 30), 60), // next Monday
    ];
    const summary = workloadSummary(appointments, thisWeek, LONDON, settingsWith());
    expect(summary.hours.individual).toBe(1);
    expect(summary.hours.group).toBe(1);
    expect(summary.days.map((day) => day.sessions)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const sunday = summary.days[6]!;
    expect(sunday.date).toBe('2026-10-25');
    expect((sunday.to - sunday.from) / HOUR).toBe(25);
    expect(summary.individualShare).toBe(0.5);
    expect(summary.shareStatus).toBe('below-target');
  });
});

describe('workloadSummary: share verdicts and attendance', () => {
  const week = thisWeekAndRollingFourWeeks(at(3, 11, 12), LONDON).thisWeek;

  it('says on target within 5 points of the target', () => {
    // 6 individual hours, 4 group hours: 60%.
    const appointments = [
      ...Array.from({ length: 6 }, (_, i) => appt('individual', at(3, 9, 9 + i), 60)),
      appt('group', at(3, 10, 9), 240),
    ];
    const summary = workloadSummary(appointments, week, LONDON, settingsWith());
    expect(summary.individualShare).toBe(0.6);
    expect(summary.shareStatus).toBe('on-target');
    expect(summary.shareVerdict).toContain('close to your 60% target');
  });

  it('has no share when there were no clinical hours', () => {
    const summary = workloadSummary([appt('admin', at(3, 9, 9), 60)], week, LONDON, settingsWith());
    expect(summary.individualShare).toBeNull();
    expect(summary.shareStatus).toBe('no-clinical-hours');
    expect(summary.attendance.noShowRate).toBeNull();
    expect(summary.attendance.lateCancelRate).toBeNull();
  });

  it('gives 10% no-shows and 20% late cancellations from 7 completed, 1 no-show and 2 late cancels', () => {
    const statuses: AppointmentStatus[] = [
      ...Array<AppointmentStatus>(7).fill('completed'),
      'no-show',
      'late-cancel',
      'late-cancel',
      'cancelled',
      'cancelled',
      'scheduled',
    ];
    const appointments = statuses.map((status, i) => appt(i % 2 ? 'group' : 'individual', at(3, 9 + (i % 5), 8 + i), 50, status));
    // Supervision no-shows are not client attendance.
    appointments.push(appt('supervision', at(3, 12, 17), 60, 'no-show'));
    const { attendance } = workloadSummary(appointments, week, LONDON, settingsWith());
    expect(attendance.due).toBe(10);
    expect(attendance.noShowRate).toBeCloseTo(0.1, 10);
    expect(attendance.lateCancelRate).toBeCloseTo(0.2, 10);
  });

  it('rejects an empty or reversed range', () => {
    expect(() => workloadSummary([], { from: 10, to: 10 }, LONDON, settingsWith())).toThrow(/end after it starts/);
  });
});

describe('findSkippedBreaks', () => {
  const day = (h: number, m = 0) => at(3, 10, h, m);

  it('treats a gap exactly as long as the buffer as a break', () => {
    const sessions = [
      appt('individual', day(9), 50),
      appt('individual', day(10), 50),
      appt('individual', day(11), 50),
      appt('individual', day(12), 50),
    ];
    expect(findSkippedBreaks(sessions, LONDON, settingsWith({}, 10))).toEqual([]);
    expect(findSkippedBreaks(sessions, LONDON, settingsWith({}, 11))).toHaveLength(1);
  });

  it('allows exactly the limit of sessions in a row', () => {
    const sessions = [appt('individual', day(9), 60), appt('individual', day(10), 60), appt('group', day(11), 60)];
    expect(findSkippedBreaks(sessions, LONDON, settingsWith({ breakAfterConsecutiveSessions: 3 }))).toEqual([]);
    expect(findSkippedBreaks(sessions, LONDON, settingsWith({ breakAfterConsecutiveSessions: 2 }))).toHaveLength(1);
  });

  it('still flags sessions booked end to end when the buffer is zero', () => {
    const sessions = [
      appt('individual', day(9), 60),
      appt('individual', day(10), 60),
      appt('individual', day(11), 60),
      appt('individual', day(12), 60),
    ];
    const runs = findSkippedBreaks(sessions, LONDON, settingsWith({}, 0));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.appointmentIds).toEqual(sessions.map((s) => s.id));
  });

  it('counts a cancelled session as a break and ignores admin time', () => {
    const sessions = [
      appt('individual', day(9), 55),
      appt('individual', day(9, 55), 55),
      appt('individual', day(10, 50), 55, 'cancelled'),
      appt('admin', day(10, 50), 55),
      appt('individual', day(11, 45), 55),
      appt('individual', day(12, 40), 55),
    ];
    expect(findSkippedBreaks(sessions, LONDON, settingsWith())).toEqual([]);
  });

  it('keeps a run going through overlapping bookings', () => {
    const sessions = [
      appt('individual', day(9), 120),
      appt('group', day(9, 30), 60),
      appt('individual', day(11), 50),
      appt('individual', day(11, 50), 50),
    ];
    const runs = findSkippedBreaks(sessions, LONDON, settingsWith());
    expect(runs).toHaveLength(1);
    expect(runs[0]!.sessions).toBe(4);
    expect(runs[0]!.end).toBe(day(12, 40));
  });
});

describe('hours per format: one count for Balance, Today and the calendar header', () => {
  // Monday 2 March 2026: three individual sessions held, one no-show, one late cancellation, one
  // cancelled with notice; one group held; supervision; and a session the Monday after.
  const week = { from: at(3, 2, 0), to: at(3, 9, 0) };
  const list = [
    appt('individual', at(3, 2, 9), 50),
    appt('individual', at(3, 2, 10), 50),
    appt('individual', at(3, 3, 9), 60, 'scheduled'),
    appt('individual', at(3, 3, 11), 50, 'no-show'),
    appt('individual', at(3, 4, 9), 50, 'late-cancel'),
    appt('group', at(3, 4, 18), 90, 'late-cancel'),
    appt('individual', at(3, 5, 9), 50, 'cancelled'),
    appt('group', at(3, 5, 18), 90),
    appt('supervision', at(3, 6, 13), 60),
    appt('individual', at(3, 9, 9), 50),
  ];

  it('leaves out no-shows, late cancellations, cancellations and sessions outside the week', () => {
    const counted = hoursByFormat(list, week);
    expect(counted.sessions.individual).toBe(3);
    expect(counted.hours.individual).toBeCloseTo(50 / 60 + 50 / 60 + 1, 4);
    expect(counted.sessions.group).toBe(1);
    expect(counted.hours.group).toBe(1.5);
    expect(counted.hours.supervision).toBe(1);
    expect(counted.clinicalHours).toBeCloseTo(2 + 2 / 3 + 1.5, 4);
    // 2.67 of 4.17 clinical hours: 64%. Counting the no-show and the late cancellations, as Today
    // and the calendar header used to, said 4.33 of 7.33: 59%.
    expect(counted.individualShare).toBeCloseTo((2 + 2 / 3) / (2 + 2 / 3 + 1.5), 4);
  });

  it('gives the Balance screen the same hours and share for the same week', () => {
    const counted = hoursByFormat(list, week);
    const summary = workloadSummary(list, week, LONDON, settingsWith());
    expect(summary.hours).toEqual(counted.hours);
    expect(summary.clinicalHours).toBe(counted.clinicalHours);
    expect(summary.individualShare).toBe(counted.individualShare);
    // The days' sessions add up to the same count too.
    expect(summary.days.reduce((sum, d) => sum + d.sessions, 0)).toBe(counted.sessions.individual + counted.sessions.group);
  });
});

describe('the clinical kinds', () => {
  it('are individual and group sessions, and nothing else is clinical', () => {
    expect(APPOINTMENT_KINDS.filter(isClinicalKind)).toEqual([...CLINICAL_KINDS]);
    expect(CLINICAL_KINDS).toEqual(['individual', 'group']);
    expect(isClinicalKind('supervision')).toBe(false);
    expect(isClinicalKind(undefined)).toBe(false);
  });
});
