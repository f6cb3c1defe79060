import { describe, it, expect } from 'vitest';
import {
  HOUR_MS,
  dayRange,
  formatClock,
  formatSpan,
  instantFromZoned,
  minutesOfDay,
  weekRange,
  zonedParts,
} from '../../shared/scheduling';
import { setDisplayFormat } from '../../shared/locale/format';
import { clockChangeAt, dateField, instantFromFields, timeField } from '../../renderer/src/calendar/time-ui';

const utc = (iso: string) => Date.parse(iso);
const hoursIn = (range: { from: number; to: number }) => (range.to - range.from) / HOUR_MS;

describe('weekRange', () => {
  it('gives a 167-hour week across the spring clock change in London, starting and ending at local midnight', () => {
    const week = weekRange(utc('2026-03-25T12:00:00Z'), 'Europe/London');
    expect(week.from).toBe(utc('2026-03-23T00:00:00Z')); // Monday 00:00 GMT
    expect(week.to).toBe(utc('2026-03-29T23:00:00Z')); // Monday 00:00 BST
    expect(hoursIn(week)).toBe(167);
  });

  it('gives a 169-hour week across the autumn clock change in London', () => {
    const week = weekRange(utc('2026-10-21T12:00:00Z'), 'Europe/London');
    expect(week.from).toBe(utc('2026-10-18T23:00:00Z'));
    expect(week.to).toBe(utc('2026-10-26T00:00:00Z'));
    expect(hoursIn(week)).toBe(169);
  });

  it('gives 167 and 169 hours across the New York clock changes and 168 in an ordinary week', () => {
    expect(hoursIn(weekRange(utc('2026-03-04T15:00:00Z'), 'America/New_York'))).toBe(167);
    expect(hoursIn(weekRange(utc('2026-10-28T15:00:00Z'), 'America/New_York'))).toBe(169);
    expect(hoursIn(weekRange(utc('2026-06-17T15:00:00Z'), 'America/New_York'))).toBe(168);
  });

  it('puts late Sunday evening in the week that started the previous Monday, by local time not UTC', () => {
    // 23:30 on Sunday 14 June in New York is already Monday in UTC.
    const week = weekRange(utc('2026-06-15T03:30:00Z'), 'America/New_York');
    expect(zonedParts(week.from, 'America/New_York')).toMatchObject({ year: 2026, month: 6, day: 8, weekday: 1, hour: 0 });
  });

  it('can start weeks on Sunday', () => {
    const week = weekRange(utc('2026-06-17T12:00:00Z'), 'Europe/London', 0);
    expect(zonedParts(week.from, 'Europe/London')).toMatchObject({ month: 6, day: 14, weekday: 0, hour: 0, minute: 0 });
    expect(hoursIn(week)).toBe(168);
  });
});

describe('dayRange', () => {
  it('is 23 hours on the spring change day, 25 on the autumn one, 24 otherwise', () => {
    expect(hoursIn(dayRange(utc('2026-03-29T12:00:00Z'), 'Europe/London'))).toBe(23);
    expect(hoursIn(dayRange(utc('2026-10-25T12:00:00Z'), 'Europe/London'))).toBe(25);
    expect(hoursIn(dayRange(utc('2026-06-16T12:00:00Z'), 'Europe/London'))).toBe(24);
  });

  it('starts at local midnight', () => {
    const day = dayRange(utc('2026-06-16T00:30:00Z'), 'Europe/London');
    expect(day.from).toBe(utc('2026-06-15T23:00:00Z'));
  });
});

describe('zonedParts and instantFromZoned', () => {
  it('reads wall-clock time in the zone', () => {
    expect(zonedParts(utc('2026-07-01T17:00:00Z'), 'Europe/London')).toEqual({
      year: 2026,
      month: 7,
      day: 1,
      weekday: 3,
      hour: 18,
      minute: 0,
    });
    expect(zonedParts(utc('2026-01-07T17:00:00Z'), 'Europe/London').hour).toBe(17);
  });

  it('turns wall-clock time back into the right instant in summer and winter', () => {
    expect(instantFromZoned({ year: 2026, month: 7, day: 1, hour: 18, minute: 0 }, 'Europe/London')).toBe(
      utc('2026-07-01T17:00:00Z'),
    );
    expect(instantFromZoned({ year: 2026, month: 1, day: 7, hour: 18, minute: 0 }, 'Europe/London')).toBe(
      utc('2026-01-07T18:00:00Z'),
    );
    expect(instantFromZoned({ year: 2026, month: 1, day: 7, hour: 9, minute: 15 }, 'America/New_York')).toBe(
      utc('2026-01-07T14:15:00Z'),
    );
  });

  it('moves a time skipped by the spring change forward, and picks the first of a repeated autumn time', () => {
    expect(instantFromZoned({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, 'Europe/London')).toBe(
      utc('2026-03-29T01:30:00Z'),
    );
    expect(instantFromZoned({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, 'Europe/London')).toBe(
      utc('2026-10-25T00:30:00Z'),
    );
  });

  it('reports minutes since local midnight', () => {
    expect(minutesOfDay(utc('2026-07-01T17:45:00Z'), 'Europe/London')).toBe(18 * 60 + 45);
    expect(minutesOfDay(utc('2026-07-01T03:05:00Z'), 'America/New_York')).toBe(23 * 60 + 5);
  });
});

describe('formatSpan', () => {
  it('shows local times, and names the day only when it differs', () => {
    expect(formatSpan(utc('2026-07-01T17:00:00Z'), utc('2026-07-01T18:30:00Z'), 'Europe/London')).toBe('from 18:00 to 19:30');
    expect(formatSpan(utc('2026-07-01T22:00:00Z'), utc('2026-07-02T00:00:00Z'), 'Europe/London')).toBe(
      'from 23:00 to Thursday 01:00',
    );
    expect(formatSpan(utc('2026-07-01T22:00:00Z'), utc('2026-07-01T23:00:00Z'), 'Europe/London')).toBe('from 23:00 to 00:00');
  });
});

describe('the time fields', () => {
  it('hold "HH:MM" on the 24-hour clock when the clinician reads a 12-hour clock, and read back to the same instant', () => {
    setDisplayFormat({ locale: 'en-US', hourCycle: 'auto' });
    try {
      const tz = 'America/New_York';
      const start = Date.UTC(2026, 5, 1, 17, 5); // 1:05 PM in New York
      expect(formatClock(start, tz)).toMatch(/PM/);
      expect(timeField(start, tz)).toBe('13:05');
      expect(instantFromFields(dateField(start, tz), timeField(start, tz), tz)).toBe(start);
    } finally {
      setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' });
    }
  });
});

describe('a time typed on a clock-change day', () => {
  it('that the clocks skip does not exist, and says by how much they go forward', () => {
    expect(clockChangeAt('2026-03-08', '02:30', 'America/New_York')).toEqual({
      kind: 'skipped',
      message: '02:30 does not exist on Sunday 8 March 2026: the clocks go forward an hour then. Choose another time.',
    });
    // Lord Howe Island moves its clocks by half an hour; Havana skips midnight itself.
    expect(clockChangeAt('2026-10-04', '02:15', 'Australia/Lord_Howe')?.message).toMatch(/go forward 30 minutes/);
    expect(clockChangeAt('2026-03-08', '00:00', 'America/Havana')?.kind).toBe('skipped');
    expect(clockChangeAt('2026-03-08', '03:00', 'America/New_York')).toBeNull();
  });

  it('that the clocks go back over happens twice, and the first is booked', () => {
    expect(clockChangeAt('2026-11-01', '01:30', 'America/New_York')).toEqual({
      kind: 'twice',
      message:
        '01:30 happens twice on Sunday 1 November 2026, because the clocks go back an hour: Holdspace books the first 01:30, before they go back.',
    });
    expect(clockChangeAt('2026-04-05', '02:45', 'Australia/Sydney')?.kind).toBe('twice');
    expect(clockChangeAt('2026-04-05', '01:45', 'Australia/Lord_Howe')?.message).toMatch(/go back 30 minutes/);
    // The hour after the change, and an ordinary day, name one instant.
    expect(clockChangeAt('2026-11-01', '02:00', 'America/New_York')).toBeNull();
    expect(clockChangeAt('2026-06-01', '01:30', 'America/New_York')).toBeNull();
  });
});
