import { describe, expect, it } from 'vitest';
import { planSchedule, safeFileName } from '../../renderer/src/groups/schedule';

const base = { weekdays: [4], startTime: '18:00', firstDate: '2026-03-02', durationMinutes: 90, count: 8 };

describe('planSchedule', () => {
  it('starts on the first chosen weekday on or after the date given', () => {
    // 2 March 2026 is a Monday; the group meets on Thursdays, so it starts on 5 March.
    const plan = planSchedule(base, 'Europe/London');
    expect(plan).toMatchObject({ ok: true, weekdays: [4], count: 8, durationMinutes: 90 });
    if (plan.ok) {
      expect(new Date(plan.firstStart).toISOString()).toBe('2026-03-05T18:00:00.000Z');
      expect(plan.rule).toBe('FREQ=WEEKLY;BYDAY=TH;COUNT=8');
    }
  });

  it('keeps the first date when it is one of the chosen days', () => {
    const plan = planSchedule({ ...base, weekdays: [1, 4] }, 'Europe/London');
    expect(plan.ok && new Date(plan.firstStart).toISOString()).toBe('2026-03-02T18:00:00.000Z');
  });

  it('reads the time as the clinician’s wall clock, after the clocks change', () => {
    const plan = planSchedule({ ...base, firstDate: '2026-04-02' }, 'Europe/London');
    expect(plan.ok && new Date(plan.firstStart).toISOString()).toBe('2026-04-02T17:00:00.000Z');
  });

  it.each([
    [{ weekdays: [] }, 'Choose at least one day the group meets on.'],
    [{ firstDate: '' }, 'Enter the date of the first session.'],
    [{ firstDate: '2026-02-30' }, 'That date does not exist.'],
    [{ startTime: '25:00' }, 'Enter the time the group starts, such as 18:00.'],
    [{ durationMinutes: 5 }, 'Sessions must last between 15 minutes and 8 hours.'],
    [{ count: 0 }, 'Choose between 1 and 104 sessions.'],
  ])('refuses %o with a message for the clinician', (change, message) => {
    expect(planSchedule({ ...base, ...change }, 'Europe/London')).toEqual({ ok: false, message });
  });
});

describe('safeFileName', () => {
  it('replaces characters a save dialog refuses', () => {
    expect(safeFileName('Grief: Thursdays / evening', 'csv')).toBe('Grief Thursdays evening.csv');
    expect(safeFileName('  ', 'pdf')).toBe('Holdspace export.pdf');
  });
});
