import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import {
  agreementsPanelText,
  dashboardPeriods,
  localDateToInstant,
  nextGroupSessions,
  weeklyBreakdown,
  weeklyHoursText,
} from '../../shared/balance/dashboard';
import type { Appointment, AppointmentKind, AppointmentStatus } from '../../shared/records';
import { defaultSettings } from '../../shared/settings';

const LONDON = 'Europe/London';
const at = (month: number, day: number, hour: number, minute = 0) =>
  new TZDate(2026, month - 1, day, hour, minute, LONDON).getTime();

let seq = 0;
function appt(
  kind: AppointmentKind,
  start: number,
  minutes: number,
  status: AppointmentStatus = 'scheduled',
  groupId?: string,
): Appointment {
  seq += 1;
  return {
    id: `a${seq}`,
    kind,
    status,
    start,
    end: start + minutes * 60_000,
    clientId: kind === 'individual' ? `c${seq}` : undefined,
    groupId: kind === 'group' ? (groupId ?? 'g1') : undefined,
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
  };
}

describe('localDateToInstant', () => {
  it('reads a local date as noon that day in the zone', () => {
    expect(localDateToInstant('2026-03-29', LONDON)).toBe(at(3, 29, 12));
  });
  it('refuses dates that do not exist and text that is not a date', () => {
    expect(localDateToInstant('2026-02-30', LONDON)).toBeNull();
    expect(localDateToInstant('29/03/2026', LONDON)).toBeNull();
    expect(localDateToInstant('', LONDON)).toBeNull();
  });
});

describe('dashboardPeriods', () => {
  it('runs from the Monday of the chosen week, and four weeks back from its end', () => {
    const periods = dashboardPeriods(at(3, 26, 15), LONDON);
    expect(periods.weekOf).toBe('2026-03-23');
    expect(periods.week).toEqual({ from: at(3, 23, 0), to: at(3, 30, 0) });
    expect(periods.fourWeeks).toEqual({ from: at(3, 2, 0), to: at(3, 30, 0) });
  });
  it('treats Sunday as the last day of its week', () => {
    expect(dashboardPeriods(at(3, 29, 23), LONDON).weekOf).toBe('2026-03-23');
  });
});

describe('weeklyBreakdown', () => {
  it('gives one summary per week, oldest first, with each week’s own hours by format', () => {
    const appointments = [
      appt('individual', at(3, 3, 9), 60, 'completed'),
      appt('group', at(3, 12, 18), 90, 'completed'),
      appt('individual', at(3, 24, 9), 50),
      appt('individual', at(3, 24, 10), 50, 'no-show'),
    ];
    const periods = dashboardPeriods(at(3, 24, 12), LONDON);
    const weeks = weeklyBreakdown(appointments, periods.fourWeeks, LONDON, defaultSettings());
    expect(weeks.map((w) => w.weekOf)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
    expect(weeks.map((w) => [w.summary.hours.individual, w.summary.hours.group])).toEqual([
      [1, 0],
      [0, 1.5],
      [0, 0],
      [0.8333, 0],
    ]);
  });
});

describe('nextGroupSessions', () => {
  it('finds each group’s soonest booked session from now on, soonest group first', () => {
    const now = at(3, 24, 12);
    const appointments = [
      appt('group', at(3, 23, 18), 90, 'completed', 'grief'),
      appt('group', at(3, 31, 18), 90, 'scheduled', 'grief'),
      appt('group', at(3, 25, 18), 90, 'cancelled', 'grief'),
      appt('group', at(3, 26, 18), 90, 'scheduled', 'anxiety'),
      appt('group', at(4, 2, 18), 90, 'scheduled', 'anxiety'),
      appt('individual', at(3, 24, 15), 50),
    ];
    expect(nextGroupSessions(appointments, now)).toEqual([
      { groupId: 'anxiety', startsAt: at(3, 26, 18) },
      { groupId: 'grief', startsAt: at(3, 31, 18) },
    ]);
  });
  it('is empty when no group is booked ahead', () => {
    expect(nextGroupSessions([appt('group', at(3, 1, 18), 90, 'completed')], at(3, 24, 12))).toEqual([]);
  });
});

describe('weeklyHoursText', () => {
  it('reads out each week’s hours by format and flags a week over the limit', () => {
    const appointments = [appt('individual', at(3, 24, 9), 60, 'completed'), appt('group', at(3, 25, 18), 90, 'completed')];
    const periods = dashboardPeriods(at(3, 24, 12), LONDON);
    const weeks = weeklyBreakdown(appointments, periods.fourWeeks, LONDON, defaultSettings()).slice(2);
    expect(weeklyHoursText(weeks, LONDON, 2)).toBe(
      'Clinical hours per week (weekly limit 2 hours): week of 16 March, 0 hours individual and 0 hours group; ' +
        'week of 23 March, 1 hour individual and 1.5 hours group, over your weekly limit.',
    );
  });
});

describe('agreementsPanelText', () => {
  const row = (groupId: string, currentVersion: number | null, unsignedCount: number) => ({
    groupId,
    nextSessionAt: at(3, 26, 18),
    currentVersion,
    unsignedCount,
    unsignedClientIds: [],
  });
  it('does not call a group without an agreement "all signed"', () => {
    expect(agreementsPanelText([row('g1', null, 0)], { g1: 'Grief Circle' }, LONDON)).toBe(
      '1 group booked ahead has no agreement written yet.',
    );
  });
  it('reports members still to sign and groups without an agreement separately', () => {
    expect(agreementsPanelText([row('g1', 2, 2), row('g2', null, 0), row('g3', null, 0)], { g1: 'Grief Circle' }, LONDON)).toBe(
      'Grief Circle, meeting Thursday 26 March 2026 at 18:00: 2 members still to sign. 2 groups booked ahead have no agreement written yet.',
    );
  });
  it('says so when nothing is booked', () => {
    expect(agreementsPanelText([], {}, LONDON)).toBe('No group sessions are booked ahead.');
  });
});
