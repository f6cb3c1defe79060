import { describe, expect, it } from 'vitest';
import type { Series } from '../../shared/records';
import { expandSeries, validateRule } from '../../shared/scheduling';
import { countOccurrences, lastOccurrence } from '../../shared/scheduling/recurrence';

/**
 * rrule searches on to the year 9999 for a rule's next date and lists every date of a rule it
 * is asked for the last of, so a rule that never happens, or one with a huge COUNT, would stall
 * the calendar or an export for seconds, minutes or for good. These check the bounds.
 */

const utc = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

function series(rrule: string, dtstart = utc('2026-01-05T09:00:00Z'), extra: Partial<Series> = {}): Series {
  return {
    id: 'series-1',
    kind: 'admin',
    rrule,
    dtstart,
    timeZone: 'Europe/London',
    durationMinutes: 50,
    cancelled: [],
    moved: [],
    title: '',
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}

const iso = (instants: number[]) => instants.map((t) => new Date(t).toISOString());

describe('validateRule refuses several sessions a day, however the rule is written', () => {
  it.each(['FREQ=DAILY;BYHOUR=9,14', 'FREQ=WEEKLY;BYDAY=MO;BYMINUTE=0,30', 'FREQ=DAILY;BYSECOND=0,30', 'FREQ=HOURLY'])(
    '%s',
    (rule) => {
      expect(validateRule(rule)).toBe('Sessions can repeat daily, weekly, monthly or yearly, but not several times a day.');
    },
  );

  it.each(['FREQ=DAILY;BYHOUR=9;BYMINUTE=30', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', 'FREQ=WEEKLY;BYDAY=MO,TH'])(
    'but not one session a day: %s',
    (rule) => {
      expect(validateRule(rule)).toBeNull();
    },
  );
});

describe('lastOccurrence does not list a rule without end', () => {
  it('gives the last session of an ordinary series', () => {
    expect(lastOccurrence(series('FREQ=WEEKLY;COUNT=4'))).toBe(utc('2026-01-26T09:00:00Z'));
    expect(lastOccurrence(series('FREQ=WEEKLY;UNTIL=20260127T000000Z'))).toBe(utc('2026-01-26T09:00:00Z'));
    // 5,000 days on is 13 September 2039, in summer time: 09:00 in London is 08:00 UTC.
    expect(lastOccurrence(series('FREQ=DAILY;COUNT=5000'))).toBe(utc('2039-09-13T08:00:00Z'));
    expect(lastOccurrence(series('FREQ=WEEKLY'))).toBeNull();
  });

  it('gives up, as for a series with no end, on one too long to list', () => {
    // rrule would list 100 million dates (minutes, or out of memory) to find the last.
    expect(lastOccurrence(series('FREQ=DAILY;COUNT=100000000'))).toBeNull();
    expect(lastOccurrence(series('FREQ=DAILY;UNTIL=99991231T000000Z'))).toBeNull();
  });

  it('finds nothing, quickly, for a rule that never happens', () => {
    expect(lastOccurrence(series('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3'))).toBeNull();
    expect(lastOccurrence(series('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20300101T000000Z'))).toBeNull();
    expect(lastOccurrence(series('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=99991231T000000Z'))).toBeNull();
  });
});

describe('expansion over a window is bounded', () => {
  it('a stored rule that never happens expands to nothing, week after week', () => {
    for (const rule of [
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20300101T000000Z',
      'FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31',
    ]) {
      for (let week = 0; week < 2; week++) {
        const from = utc('2026-06-01T00:00:00Z') + 7 * DAY * week;
        expect(expandSeries(series(rule), { from, to: from + 7 * DAY })).toEqual([]);
      }
    }
  });

  it('still finds every session of a rule that started long before the window', () => {
    const daily = series('FREQ=DAILY', utc('1990-01-01T09:00:00Z'));
    const week = expandSeries(daily, { from: utc('2026-01-05T00:00:00Z'), to: utc('2026-01-12T00:00:00Z') });
    expect(iso(week.map((o) => o.start))).toEqual(
      Array.from({ length: 7 }, (_, i) => new Date(utc('2026-01-05T09:00:00Z') + i * DAY).toISOString()),
    );
    const biennial = series('FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29', utc('2000-03-01T09:00:00Z'));
    // Leap days in even years from 2002: 2004, 2008, … and every fourth year after.
    expect(
      iso(expandSeries(biennial, { from: utc('2027-01-01T00:00:00Z'), to: utc('2029-01-01T00:00:00Z') }).map((o) => o.start)),
    ).toEqual(['2028-02-29T09:00:00.000Z']);
  });

  it('keeps a session moved into the window from a rule time outside it', () => {
    const weekly = series('FREQ=WEEKLY;COUNT=10', utc('2026-01-05T09:00:00Z'), {
      moved: [{ original: utc('2026-01-05T09:00:00Z'), start: utc('2026-06-01T09:00:00Z'), end: utc('2026-06-01T10:00:00Z') }],
    });
    expect(expandSeries(weekly, { from: utc('2026-06-01T00:00:00Z'), to: utc('2026-06-02T00:00:00Z') })).toHaveLength(1);
  });
});

describe('countOccurrences', () => {
  it('counts the rule’s sessions in a range, no further than asked', () => {
    const range = { from: utc('2026-01-05T00:00:00Z'), to: utc('2026-02-02T00:00:00Z') };
    expect(countOccurrences(series('FREQ=WEEKLY'), range, 100)).toBe(4);
    expect(countOccurrences(series('FREQ=DAILY'), range, 10)).toBe(10);
    expect(countOccurrences(series('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'), range, 10)).toBe(0);
    expect(countOccurrences(series('FREQ=DAILY;UNTIL=20251201T000000Z'), range, 10)).toBe(0);
  });
});
