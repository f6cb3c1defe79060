import ICAL from 'ical.js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { displayDateTime } from '../../shared/locale/format';
import { expandSeries } from '../../shared/scheduling';
import { instantFromZoned } from '../../shared/scheduling/time';
import { MAX_IMPORT_SESSIONS, MAX_SERIES_SESSIONS, buildImport, parseIcs } from '../../shared/transfer/ics-import';

/**
 * A bad part of a calendar file skips that event with a reason the clinician can read; it never
 * refuses the whole file, crashes, or hangs the import or the calendar afterwards.
 */

const NOW = Date.UTC(2026, 0, 1);
let counter = 0;
const newId = () => `id-${++counter}`;
const cal = (body: string, zones = '') => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n${zones}${body}END:VCALENDAR\r\n`;
const ev = (lines: string, uid = 'u1', summary = 'Session with Ann') =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:${summary}\r\n${lines}END:VEVENT\r\n`;
const START = 'DTSTART:20260105T090000Z\r\nDTEND:20260105T095000Z\r\n';
const weekly = (uid = 'u1', summary = 'Session with Ann') => ev(`${START}RRULE:FREQ=WEEKLY;COUNT=4\r\n`, uid, summary);
const moved = (lines: string, uid = 'u1') => ev(`RECURRENCE-ID:20260112T090000Z\r\n${lines}`, uid, 'Session with Ann (moved)');
const parse = (text: string, zone = 'Europe/London') => parseIcs(text, zone, { now: NOW });
const build = (text: string, zone = 'Europe/London') =>
  buildImport(parse(text, zone).events, () => ({ type: 'other' }), { now: NOW, newId });
const starts = (text: string) => build(text).appointments.map((a) => new Date(a.start).toISOString());
const reasons = (text: string, zone = 'Europe/London') => parse(text, zone).skipped.map((s) => s.reason);
const london = (y: number, m: number, d: number, h: number) =>
  instantFromZoned({ year: y, month: m, day: d, hour: h, minute: 0 }, 'Europe/London');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a large file', () => {
  test('finds each series’ moved sessions by UID once, not by searching the file for every event', () => {
    const singles = Array.from({ length: 300 }, (_, i) =>
      ev('DTSTART:20260210T090000Z\r\nDTEND:20260210T095000Z\r\n', `single-${i}`, `Session with Client ${i}`),
    ).join('');
    const text = cal(
      weekly('a', 'Session with Ann') +
        weekly('b', 'Session with Bea') +
        singles +
        moved('DTSTART:20260113T100000Z\r\nDTEND:20260113T105000Z\r\n', 'a') +
        moved('DTSTART:20260114T100000Z\r\nDTEND:20260114T105000Z\r\n', 'b'),
    );
    const lookups = vi.spyOn(ICAL.Component.prototype, 'getAllSubcomponents');
    const parsed = parse(text);
    // ical.js, left to itself, searches every VEVENT in the file for each event's exceptions.
    expect(lookups.mock.calls.filter(([name]) => name === 'vevent')).toHaveLength(1);
    expect(parsed.events).toHaveLength(302);
    const byUid = new Map(parsed.events.map((e) => [e.uid, e.moved.map((m) => new Date(m.start).toISOString())]));
    expect(byUid.get('a')).toEqual(['2026-01-13T10:00:00.000Z']);
    expect(byUid.get('b')).toEqual(['2026-01-14T10:00:00.000Z']);
  });
});

describe('rules that would make too many sessions', () => {
  test('a rule several times a day is skipped with the reason, however it is written', () => {
    const minutes = Array.from({ length: 60 }, (_, i) => i).join(',');
    for (const rule of [
      'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,10,20,30,40,50',
      `FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=${minutes}`,
      'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9,14',
      'FREQ=DAILY;BYSECOND=0,30',
    ]) {
      const text = cal(ev(`${START}RRULE:${rule}\r\n`));
      expect(reasons(text)).toEqual(['Sessions can repeat daily, weekly, monthly or yearly, but not several times a day.']);
      expect(build(text).appointments).toEqual([]);
    }
    // One hour and minute only sets the time of day.
    expect(starts(cal(ev(`${START}RRULE:FREQ=WEEKLY;COUNT=2;BYHOUR=9;BYMINUTE=0\r\n`)))).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-12T09:00:00.000Z',
    ]);
  });

  test('a huge number of sessions is skipped with the reason', () => {
    const tooMany = `It has more than 5,000 sessions, more than Holdspace keeps in one repeating series. Shorten it in your calendar, or add it by hand.`;
    expect(MAX_SERIES_SESSIONS).toBe(5_000);
    expect(reasons(cal(ev(`${START}RRULE:FREQ=DAILY;COUNT=100000000\r\n`)))).toEqual([tooMany]);
    // Every day since 2005 and on for two years: more than 5,000 sessions, whatever the rule says.
    expect(reasons(cal(ev('DTSTART:20050103T090000Z\r\nDTEND:20050103T095000Z\r\nRRULE:FREQ=DAILY\r\n')))).toEqual([tooMany]);
    const most = parse(cal(ev(`${START}RRULE:FREQ=DAILY;COUNT=5000\r\n`)));
    expect(most.skipped).toEqual([]);
    expect(most.events[0]!.rrule).toBe('FREQ=DAILY;COUNT=5000');
  });

  test('one import adds at most so many sessions; the events past that are skipped with the reason', () => {
    expect(MAX_IMPORT_SESSIONS).toBe(25_000);
    // Each daily series makes about 730 sessions (to two years from now): 40 would be over 29,000.
    const series = Array.from({ length: 40 }, (_, i) => ev(`${START}RRULE:FREQ=DAILY\r\n`, `daily-${i}`, `Break ${i}`));
    const parsed = parse(cal(series.join('')));
    expect(parsed.skipped.length).toBeGreaterThan(0);
    expect(new Set(parsed.skipped.map((s) => s.reason))).toEqual(
      new Set([
        'One import can add at most 25,000 sessions and this file has more, so this event was left out. Import it from a smaller file.',
      ]),
    );
    const plan = buildImport(parsed.events, () => ({ type: 'other' }), { now: NOW, newId });
    expect(plan.appointments.length).toBeLessThanOrEqual(MAX_IMPORT_SESSIONS);
    expect(plan.appointments.length + 730).toBeGreaterThan(MAX_IMPORT_SESSIONS);
  });
});

describe('rules that never happen', () => {
  const never =
    'It never happens: its repeat pattern gives no dates between its start and two years from now (such as 30 February, or an end before the start).';

  test('are skipped with the reason, not imported as a series with no sessions', () => {
    expect(reasons(cal(ev(`${START}RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\n`)))).toEqual([never]);
    expect(reasons(cal(ev(`${START}RRULE:FREQ=WEEKLY;UNTIL=20251201T000000Z\r\n`)))).toEqual([never]);
    expect(build(cal(ev(`${START}RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\n`))).series).toEqual([]);
  });

  test('a rare one that happens within two years is kept', () => {
    const leapDay = cal(
      ev('DTSTART:20270301T090000Z\r\nDTEND:20270301T095000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\r\n'),
    );
    expect(parse(leapDay).skipped).toEqual([]);
    expect(starts(leapDay)).toEqual(['2028-02-29T09:00:00.000Z']);
    // The first leap day after 5 January 2026 is more than two years away: nothing to import yet.
    expect(reasons(cal(ev(`${START}RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\r\n`)))).toEqual([never]);
  });
});

describe('moved sessions get the same checks as the series', () => {
  const series = weekly();

  test.each([
    ['longer than 12 hours', 'DTSTART:20260112T090000Z\r\nDTEND:20360112T090000Z\r\n', 'to a time lasting more than 12 hours'],
    ['ending before it starts', 'DTSTART:20260112T100000Z\r\nDTEND:20260112T090000Z\r\n', 'to a time that ends before it starts'],
    ['to a whole day', 'DTSTART;VALUE=DATE:20260113\r\n', 'to a whole day rather than a time'],
    ['without a time', '', 'without a new time'],
  ])('a session moved %s is left out with the reason, the rest of the series kept', (_, lines, phrase) => {
    const text = cal(series + moved(lines));
    const parsed = parse(text);
    expect(parsed.skipped).toEqual([
      {
        index: 1,
        summary: expect.any(String),
        reason: `The session of ${displayDateTime(Date.UTC(2026, 0, 12, 9), 'Europe/London')} was moved ${phrase}, so it is left out; the rest of the series is imported.`,
      },
    ]);
    expect(parsed.events[0]!.moved).toEqual([]);
    expect(parsed.events[0]!.exdates).toEqual([Date.UTC(2026, 0, 12, 9)]);
    expect(starts(text)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-19T09:00:00.000Z', '2026-01-26T09:00:00.000Z']);
  });

  test('a good move is kept, and one with no end keeps the series’ length', () => {
    const plan = build(cal(series + moved('DTSTART:20260113T140000Z\r\n')));
    expect(plan.appointments.map((a) => [new Date(a.start).toISOString(), (a.end - a.start) / 60_000])).toEqual([
      ['2026-01-05T09:00:00.000Z', 50],
      ['2026-01-13T14:00:00.000Z', 50],
      ['2026-01-19T09:00:00.000Z', 50],
      ['2026-01-26T09:00:00.000Z', 50],
    ]);
  });

  test('a moved session whose series is not in the file is listed, not lost', () => {
    const parsed = parse(cal(weekly('a') + moved('DTSTART:20260113T100000Z\r\nDTEND:20260113T105000Z\r\n', 'elsewhere')));
    expect(parsed.events).toHaveLength(1);
    expect(parsed.skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, 'It changes one session of a repeating event that is not in the file; add it by hand if you need it.'],
    ]);
  });
});

describe('one bad part skips that event, never the whole file', () => {
  const zone = (tzid: string, from: string, to: string) =>
    `BEGIN:VTIMEZONE\r\nTZID:${tzid}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n${from}\r\n${to}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n`;
  const unknown = (tzid: string, zone: string) =>
    `The file uses a time zone Holdspace does not know (“${tzid}”); its times were read as ${zone}. Check them in the preview.`;

  test.each([
    ['TZOFFSETFROM:+01x0', 'TZOFFSETTO:+0100'],
    ['TZOFFSETFROM:garbage', 'TZOFFSETTO:+0100'],
    ['TZOFFSETFROM:+0100', 'TZOFFSETTO:+2359'],
    ['TZOFFSETFROM:+0100', 'TZOFFSETTO:+1500'],
  ])('an event in a zone whose definition is broken (%s, %s) is read in the clinician’s zone, with the notice', (from, to) => {
    const parsed = parse(
      cal(ev('DTSTART;TZID=Foo:20260105T090000\r\nDTEND;TZID=Foo:20260105T095000\r\n') + weekly('u2'), zone('Foo', from, to)),
    );
    expect(parsed.skipped).toEqual([]);
    expect(parsed.events.map((e) => e.start)).toEqual([london(2026, 1, 5, 9), london(2026, 1, 5, 9)]);
    expect(parsed.notices).toEqual([unknown('Foo', 'Europe/London')]);
  });

  test('a zone defined with no rules is unknown, not UTC', () => {
    const parsed = parse(
      cal(
        ev('DTSTART;TZID=Custom:20260105T090000\r\nDTEND;TZID=Custom:20260105T095000\r\n'),
        'BEGIN:VTIMEZONE\r\nTZID:Custom\r\nEND:VTIMEZONE\r\n',
      ),
      'America/New_York',
    );
    expect(parsed.events.map((e) => new Date(e.start).toISOString())).toEqual(['2026-01-05T14:00:00.000Z']);
    expect(parsed.notices).toEqual([unknown('Custom', 'America/New_York')]);
  });

  test('a zone the file defines properly is still used', () => {
    const parsed = parse(
      cal(
        ev('DTSTART;TZID=Foo:20260105T090000\r\nDTEND;TZID=Foo:20260105T095000\r\n'),
        zone('Foo', 'TZOFFSETFROM:+0300', 'TZOFFSETTO:+0300'),
      ),
    );
    expect(parsed.events.map((e) => new Date(e.start).toISOString())).toEqual(['2026-01-05T06:00:00.000Z']);
    expect(parsed.notices).toEqual([]);
  });

  test('an event that fails in a way nobody foresaw is skipped with a reason naming it; the others are read', () => {
    const isRecurring = ICAL.Event.prototype.isRecurring;
    vi.spyOn(ICAL.Event.prototype, 'isRecurring').mockImplementation(function (this: ICAL.Event) {
      if (this.uid === 'bad') throw new TypeError("Cannot read properties of null (reading 'year')");
      return isRecurring.call(this);
    });
    const parsed = parse(cal(weekly('good') + ev(START, 'bad', 'Session with Bea')));
    expect(parsed.events.map((e) => e.uid)).toEqual(['good']);
    expect(parsed.skipped).toEqual([
      {
        index: 1,
        summary: 'Session with Bea',
        reason: 'Part of it could not be read, so it was left out; add it by hand if you need it.',
      },
    ]);
  });
});

describe('a series stored with a rule that never happens', () => {
  test('expands to nothing straight away, week after week, instead of searching to the year 9999', () => {
    const series = {
      id: 's',
      kind: 'admin' as const,
      rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      dtstart: Date.UTC(2026, 0, 5, 9),
      timeZone: 'Europe/London',
      durationMinutes: 50,
      cancelled: [],
      moved: [{ original: Date.UTC(2026, 0, 6, 9), start: Date.UTC(2026, 5, 2, 9), end: Date.UTC(2026, 5, 2, 10) }],
      title: '',
      createdAt: 0,
      updatedAt: 0,
    };
    // Each of these took rrule 15 seconds or more before: a month of week views.
    for (let week = 0; week < 4; week++) {
      const from = Date.UTC(2026, 5, 1 + 7 * week);
      expect(expandSeries(series, { from, to: from + 7 * 86_400_000 })).toEqual([]);
    }
  });
});
