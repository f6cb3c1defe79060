import { describe, it, expect } from 'vitest';
import type { Series } from '../../shared/records';
import { describeRule, expandSeries, instantFromZoned, validateRule, weeklyRule, zonedParts } from '../../shared/scheduling';

const utc = (iso: string) => Date.parse(iso);

function series(overrides: Partial<Series> = {}): Series {
  return {
    id: 'series-1',
    kind: 'group',
    groupId: 'group-1',
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    dtstart: utc('2026-01-06T18:00:00Z'), // Tuesday 18:00 in London (GMT)
    timeZone: 'Europe/London',
    durationMinutes: 90,
    cancelled: [],
    moved: [],
    title: '',
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

const localTimes = (starts: number[], timeZone: string) =>
  starts.map((s) => {
    const p = zonedParts(s, timeZone);
    return `${p.month}/${p.day} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  });

describe('expandSeries keeps the local time across clock changes', () => {
  it('keeps a weekly 18:00 London group at 18:00 through the spring change', () => {
    const occurrences = expandSeries(series(), { from: utc('2026-03-16T00:00:00Z'), to: utc('2026-04-13T00:00:00Z') });
    expect(
      localTimes(
        occurrences.map((o) => o.start),
        'Europe/London',
      ),
    ).toEqual(['3/17 18:00', '3/24 18:00', '3/31 18:00', '4/7 18:00']);
    // Before the change 18:00 is 18:00 UTC; after it, 17:00 UTC.
    expect(occurrences[1]?.start).toBe(utc('2026-03-24T18:00:00Z'));
    expect(occurrences[2]?.start).toBe(utc('2026-03-31T17:00:00Z'));
    expect(occurrences[2]?.end).toBe(utc('2026-03-31T18:30:00Z'));
  });

  it('keeps it at 18:00 through the autumn change', () => {
    const occurrences = expandSeries(series(), { from: utc('2026-10-19T00:00:00Z'), to: utc('2026-11-02T00:00:00Z') });
    expect(occurrences.map((o) => o.start)).toEqual([utc('2026-10-20T17:00:00Z'), utc('2026-10-27T18:00:00Z')]);
  });

  it('keeps a Monday 09:00 New York session at 09:00 through both of its changes', () => {
    const newYork = series({
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      dtstart: instantFromZoned({ year: 2026, month: 1, day: 5, hour: 9, minute: 0 }, 'America/New_York'),
      timeZone: 'America/New_York',
      durationMinutes: 50,
    });
    const spring = expandSeries(newYork, { from: utc('2026-03-01T00:00:00Z'), to: utc('2026-03-15T00:00:00Z') });
    expect(spring.map((o) => o.start)).toEqual([utc('2026-03-02T14:00:00Z'), utc('2026-03-09T13:00:00Z')]);
    const autumn = expandSeries(newYork, { from: utc('2026-10-25T00:00:00Z'), to: utc('2026-11-08T00:00:00Z') });
    expect(autumn.map((o) => o.start)).toEqual([utc('2026-10-26T13:00:00Z'), utc('2026-11-02T14:00:00Z')]);
  });

  it('keeps a late-evening New York session on its local weekday even though UTC has moved to the next day', () => {
    const lateEvening = series({
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      dtstart: instantFromZoned({ year: 2026, month: 1, day: 5, hour: 21, minute: 0 }, 'America/New_York'),
      timeZone: 'America/New_York',
    });
    const occurrences = expandSeries(lateEvening, { from: utc('2026-01-01T00:00:00Z'), to: utc('2026-01-20T00:00:00Z') });
    expect(occurrences.map((o) => zonedParts(o.start, 'America/New_York').weekday)).toEqual([1, 1]);
    expect(occurrences[0]?.start).toBe(utc('2026-01-06T02:00:00Z'));
  });
});

describe('expandSeries applies exceptions', () => {
  const range = { from: utc('2026-01-05T00:00:00Z'), to: utc('2026-02-02T00:00:00Z') };
  const second = utc('2026-01-13T18:00:00Z');
  const third = utc('2026-01-20T18:00:00Z');
  const movedThird = { original: third, start: utc('2026-01-21T17:00:00Z'), end: utc('2026-01-21T18:30:00Z') };

  it('returns a cancelled occurrence flagged, and a moved one at its new time', () => {
    const occurrences = expandSeries(series({ cancelled: [second], moved: [movedThird] }), range);
    expect(occurrences).toEqual([
      {
        seriesId: 'series-1',
        originalStart: utc('2026-01-06T18:00:00Z'),
        start: utc('2026-01-06T18:00:00Z'),
        end: utc('2026-01-06T19:30:00Z'),
        cancelled: false,
        moved: false,
      },
      {
        seriesId: 'series-1',
        originalStart: second,
        start: second,
        end: utc('2026-01-13T19:30:00Z'),
        cancelled: true,
        moved: false,
      },
      { seriesId: 'series-1', originalStart: third, start: movedThird.start, end: movedThird.end, cancelled: false, moved: true },
      {
        seriesId: 'series-1',
        originalStart: utc('2026-01-27T18:00:00Z'),
        start: utc('2026-01-27T18:00:00Z'),
        end: utc('2026-01-27T19:30:00Z'),
        cancelled: false,
        moved: false,
      },
    ]);
  });

  it('leaves cancelled occurrences out when asked', () => {
    const occurrences = expandSeries(series({ cancelled: [second] }), range, { includeCancelled: false });
    expect(occurrences.map((o) => o.originalStart)).not.toContain(second);
    expect(occurrences).toHaveLength(3);
  });

  it('shows a session moved into the range from outside it, and hides one moved out of it', () => {
    const movedIn = {
      original: utc('2026-02-03T18:00:00Z'),
      start: utc('2026-01-30T10:00:00Z'),
      end: utc('2026-01-30T11:30:00Z'),
    };
    const movedOut = {
      original: utc('2026-01-27T18:00:00Z'),
      start: utc('2026-02-10T10:00:00Z'),
      end: utc('2026-02-10T11:30:00Z'),
    };
    const occurrences = expandSeries(series({ moved: [movedIn, movedOut] }), range);
    expect(occurrences.map((o) => o.start)).toEqual([
      utc('2026-01-06T18:00:00Z'),
      utc('2026-01-13T18:00:00Z'),
      utc('2026-01-20T18:00:00Z'),
      movedIn.start,
    ]);
  });

  it('ignores a move whose original time is no longer part of the rule', () => {
    const stale = { original: utc('2026-02-04T18:00:00Z'), start: utc('2026-01-30T10:00:00Z'), end: utc('2026-01-30T11:30:00Z') };
    const occurrences = expandSeries(series({ moved: [stale] }), range);
    expect(occurrences.map((o) => o.start)).not.toContain(stale.start);
  });
});

describe('expandSeries range and limits', () => {
  it('includes a session that started before the range but is still running', () => {
    const occurrences = expandSeries(series(), { from: utc('2026-01-06T19:00:00Z'), to: utc('2026-01-07T00:00:00Z') });
    expect(occurrences.map((o) => o.start)).toEqual([utc('2026-01-06T18:00:00Z')]);
  });

  it('stops after COUNT sessions', () => {
    const occurrences = expandSeries(series({ rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' }), {
      from: 0,
      to: utc('2027-01-01T00:00:00Z'),
    });
    expect(occurrences).toHaveLength(3);
  });

  it('reads a UTC UNTIL as a real instant, not as local time', () => {
    const newYork = series({
      rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260303T013000Z',
      dtstart: instantFromZoned({ year: 2026, month: 2, day: 23, hour: 21, minute: 0 }, 'America/New_York'),
      timeZone: 'America/New_York',
    });
    // 21:00 on Monday 2 March in New York is 02:00 UTC on 3 March: after UNTIL.
    const occurrences = expandSeries(newYork, { from: 0, to: utc('2027-01-01T00:00:00Z') });
    expect(occurrences.map((o) => o.start)).toEqual([utc('2026-02-24T02:00:00Z')]);
  });

  it('treats a date-only UNTIL as including that day', () => {
    const occurrences = expandSeries(series({ rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120' }), {
      from: 0,
      to: utc('2027-01-01T00:00:00Z'),
    });
    expect(occurrences.map((o) => o.start).at(-1)).toBe(utc('2026-01-20T18:00:00Z'));
  });

  it('refuses to expand an unreadable rule, with a message a clinician can act on', () => {
    expect(() => expandSeries(series({ rrule: 'FREQ=WEEKLY;INTERVAL=0' }), { from: 0, to: 1 })).toThrow(/at least 1/);
  });
});

describe('weeklyRule, describeRule, validateRule', () => {
  it('builds a fortnightly Monday and Thursday rule', () => {
    expect(weeklyRule({ weekdays: [4, 1], interval: 2, count: 10 })).toBe('FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2;COUNT=10');
  });

  it('maps Sunday (0 in settings) to SU and puts an end date in UTC', () => {
    expect(weeklyRule({ weekdays: [0], until: utc('2026-06-01T12:00:00Z') })).toBe('FREQ=WEEKLY;BYDAY=SU;UNTIL=20260601T120000Z');
  });

  it('produces a rule that expands on the chosen days', () => {
    const rule = weeklyRule({ weekdays: [1, 4] });
    const occurrences = expandSeries(series({ rrule: rule, dtstart: utc('2026-01-05T10:00:00Z') }), {
      from: utc('2026-01-05T00:00:00Z'),
      to: utc('2026-01-12T00:00:00Z'),
    });
    expect(occurrences.map((o) => zonedParts(o.start, 'Europe/London').weekday)).toEqual([1, 4]);
  });

  it('refuses a rule with no days', () => {
    expect(() => weeklyRule({ weekdays: [] })).toThrow('Choose at least one day of the week.');
  });

  it('describes a rule in plain English', () => {
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH')).toBe('Every 2 weeks on Monday, Thursday');
    expect(describeRule('RRULE:FREQ=WEEKLY;BYDAY=TU')).toBe('Every week on Tuesday');
    expect(describeRule('nonsense')).toBe('Repeats on a pattern that could not be read');
  });

  it('accepts good rules', () => {
    expect(validateRule('FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2')).toBeNull();
    expect(validateRule('RRULE:FREQ=MONTHLY;BYDAY=+1TU;COUNT=12')).toBeNull();
  });

  it('explains what is wrong with bad rules', () => {
    expect(validateRule('')).toBe('Choose how often this repeats.');
    expect(validateRule('FOO=BAR')).toMatch(/could not be read/);
    expect(validateRule('FREQ=WEEKLY;BYDAY=XX')).toMatch(/could not be read/);
    expect(validateRule('BYDAY=MO')).toMatch(/how often/);
    expect(validateRule('FREQ=HOURLY')).toMatch(/not several times a day/);
    expect(validateRule('FREQ=WEEKLY;INTERVAL=0')).toMatch(/at least 1/);
    expect(validateRule('FREQ=WEEKLY;COUNT=abc')).toMatch(/number of sessions/);
    expect(validateRule('FREQ=WEEKLY;COUNT=3;UNTIL=20260601T000000Z')).toMatch(/not both/);
    expect(validateRule('DTSTART:20260101T100000Z\nRRULE:FREQ=WEEKLY')).toMatch(/start date/);
  });
});
