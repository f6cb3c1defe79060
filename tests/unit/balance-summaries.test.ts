import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentKind, AppointmentStatus } from '../../shared/records';
import { defaultSettings } from '../../shared/settings';
import {
  agreementsDueText,
  attendanceText,
  caseloadText,
  limitsText,
  otherHoursText,
  sessionsPerDayText,
  shareSummaryText,
  workloadText,
} from '../../shared/balance/summaries';
import { thisWeekAndRollingFourWeeks, workloadSummary } from '../../shared/balance/workload';

const LONDON = 'Europe/London';
const at = (day: number, hour: number, minute = 0) => new TZDate(2026, 2, day, hour, minute, LONDON).getTime();

let seq = 0;
function appt(kind: AppointmentKind, start: number, minutes: number, status: AppointmentStatus = 'completed'): Appointment {
  seq += 1;
  return {
    id: `a${seq}`,
    kind,
    status,
    start,
    end: start + minutes * 60_000,
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
  };
}

/** 18 hours individual and 6 hours group in the week of 9 March 2026. */
function week(): Appointment[] {
  const appointments: Appointment[] = [];
  for (let day = 9; day <= 11; day += 1)
    for (let hour = 9; hour < 15; hour += 1) appointments.push(appt('individual', at(day, hour), 60));
  appointments.push(appt('group', at(12, 10), 180), appt('group', at(13, 10), 180));
  appointments.push(appt('admin', at(13, 14), 90), appt('supervision', at(12, 15), 60));
  appointments.push(appt('individual', at(13, 16), 60, 'no-show'), appt('individual', at(13, 17), 60, 'late-cancel'));
  return appointments;
}

const settings = defaultSettings();
const range = thisWeekAndRollingFourWeeks(at(11, 12), LONDON).thisWeek;
const summary = workloadSummary(week(), range, LONDON, settings);

describe('workload summaries for screen readers', () => {
  it('reads the share chart as one sentence', () => {
    expect(shareSummaryText('This week', summary)).toBe(
      'This week: 18 hours individual, 6 hours group; individual share 75%, target 60%.',
    );
  });

  it('reads other time, singular and decimal hours', () => {
    expect(otherHoursText(summary)).toBe('Other time: 1.5 hours admin and note writing, 1 hour supervision, 0 hours self-care.');
  });

  it('reads sessions per day with the days over the limit', () => {
    const text = sessionsPerDayText(summary);
    expect(text.startsWith('Sessions per day: Monday 9 March 2026, 6; Tuesday 10 March 2026, 6;')).toBe(true);
    expect(text).toContain('Thursday 12 March 2026, 1;');
    expect(text).toContain('Sunday 15 March 2026, 0.');
    const tight = workloadSummary(week(), range, LONDON, { ...settings, limits: { ...settings.limits, maxSessionsPerDay: 5 } });
    expect(sessionsPerDayText(tight)).toContain('Monday 9 March 2026, 6 (more sessions than your daily limit);');
  });

  it('reads limits, breaks and attendance', () => {
    // Six one-hour sessions back to back on three days: three skipped breaks.
    expect(limitsText(summary)).toBe('Needs attention: 3 skipped breaks.');
    expect(attendanceText(summary)).toBe('Of 22 sessions due, 1 was a no-show (5%) and 1 was cancelled late (5%).');
    const quiet = workloadSummary([], range, LONDON, settings);
    expect(limitsText(quiet)).toBe('Within your limits, with your planned breaks.');
    expect(attendanceText(quiet)).toBe('No sessions with a recorded outcome in this period.');
    expect(shareSummaryText('This week', quiet)).toBe(
      'This week: 0 hours individual, 0 hours group; no clinical hours yet, target 60%.',
    );
  });

  it('puts the headline first in the full text', () => {
    const text = workloadText('This week', summary);
    expect(
      text.startsWith('This week: 18 hours individual, 6 hours group; individual share 75%, target 60%. Individual work is 75%'),
    ).toBe(true);
  });
});

describe('caseload and agreement summaries', () => {
  it('reads the caseload', () => {
    expect(caseloadText({ individualClients: 18, groupMembers: 9, inBoth: 3, total: 24 })).toBe(
      'Active caseload: 24 clients — 18 seen individually, 9 in groups, 3 in both.',
    );
  });

  it('reads only groups with members still to sign', () => {
    const rows = [
      { groupId: 'g1', nextSessionAt: at(30, 18), currentVersion: 2, unsignedCount: 2, unsignedClientIds: ['a', 'b'] },
      { groupId: 'g2', nextSessionAt: at(31, 18), currentVersion: 1, unsignedCount: 0, unsignedClientIds: [] },
    ];
    expect(agreementsDueText(rows, { g1: 'Grief Circle' }, LONDON)).toBe(
      'Grief Circle, meeting Monday 30 March 2026 at 18:00: 2 members still to sign.',
    );
    expect(agreementsDueText(rows.slice(1), {}, LONDON)).toBe('All group members have signed their current agreement.');
  });
});
