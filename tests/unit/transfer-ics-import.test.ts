import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderIcs } from '../../electron/main/services/export-ics';
import type { Appointment, Client, Series } from '../../shared/records';
import { clientSchema, groupSchema } from '../../shared/records';
import { expandSeries } from '../../shared/scheduling';
import { instantFromZoned } from '../../shared/scheduling/time';
import { planIcsExport } from '../../shared/transfer/ics-plan';
import { IcsImportError, buildImport, parseIcs } from '../../shared/transfer/ics-import';
import type { ImportTarget, ImportedEvent } from '../../shared/transfer/ics-import';
import { suggestTarget } from '../../shared/transfer/ics-match';

const london = (y: number, m: number, d: number, h: number, min = 0) =>
  instantFromZoned({ year: y, month: m, day: d, hour: h, minute: min }, 'Europe/London');
const newYork = (y: number, m: number, d: number, h: number, min = 0) =>
  instantFromZoned({ year: y, month: m, day: d, hour: h, minute: min }, 'America/New_York');
let counter = 0;
const newId = () => `id-${++counter}`;
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/ics', name), 'utf8');

const errorOf = (text: string): IcsImportError => {
  try {
    parseIcs(text, 'Europe/London');
  } catch (error) {
    if (error instanceof IcsImportError) return error;
    throw error;
  }
  throw new Error('parsed');
};

describe('calendar import (.ics)', () => {
  test('a Google Calendar export: a weekly series across the US clock change with an exception and a moved session, attendees, and what is skipped', () => {
    const parsed = parseIcs(fixture('google-calendar.ics'), 'Europe/London');
    expect(parsed.skipped.map((s) => [s.summary, s.reason])).toEqual([
      ['Conference', 'All-day events are not sessions; add them by hand if you need them.'],
      ['Intake – Sam Lee', 'Cancelled in the file.'],
    ]);
    const [maria, supervision] = parsed.events;
    expect(maria!.who).toBe('Maria García');
    expect(maria!.attendees).toEqual([{ name: 'Maria García', email: 'maria.garcia@example.com' }]);
    expect(maria!.timeZone).toBe('America/New_York');
    expect(supervision!.kindHint).toBe('supervision');
    expect(supervision!.start).toBe(Date.UTC(2027, 2, 10, 15));

    const plan = buildImport(
      parsed.events,
      (e) => (e.who === 'Maria García' ? { type: 'client', id: 'client-maria' } : { type: 'other' }),
      { now: 0, newId },
    );
    const sessions = plan.appointments.filter((a) => a.clientId === 'client-maria').map((a) => [a.start, a.end - a.start]);
    expect(sessions).toEqual([
      [newYork(2027, 3, 4, 17), 50 * 60_000],
      [newYork(2027, 3, 19, 9), 50 * 60_000],
      [newYork(2027, 3, 25, 17), 50 * 60_000],
    ]);
    expect(plan.series).toHaveLength(1);
    expect(plan.series[0]).toMatchObject({
      clientId: 'client-maria',
      kind: 'individual',
      timeZone: 'America/New_York',
      cancelled: [newYork(2027, 3, 11, 17)],
    });
    const other = plan.appointments.find((a) => !a.clientId)!;
    expect(other).toMatchObject({ kind: 'supervision', title: 'Peer supervision' });
  });

  test('a bad file is refused with the line that failed', () => {
    expect(errorOf('Name,Email\nJane,jane@example.com\n').message).toMatch(/not a calendar file/);
    const badLine = errorOf(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20270301T100000Z\r\nthis line is broken\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    expect(badLine.line).toBe(5);
    expect(badLine.message).toBe('Line 5 of the file could not be read (“this line is broken”). Nothing has been imported.');
    const badTime = errorOf('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270301T250000Z\nEND:VEVENT\nEND:VCALENDAR\n');
    expect(badTime.message).toMatch(/^Line 3 of the file has a date or time that is not real/);
    expect(
      errorOf('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270301T100000Z\nRRULE:FREQ=WEEKLY;COUNT=x\nEND:VEVENT\nEND:VCALENDAR')
        .line,
    ).toBe(4);
    expect(errorOf('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270301T100000Z\n').message).toMatch(
      /^Line 2 of the file begins a “VEVENT” that never ends/,
    );
    expect(errorOf('BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VCALENDAR').line).toBe(3);
    expect(errorOf('').message).toBe('That file is empty. Nothing has been imported.');
  });

  test('an hourly rule is skipped with the reason, not imported as something else', () => {
    const parsed = parseIcs(
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20270301T100000Z\nDTEND:20270301T105000Z\nRRULE:FREQ=HOURLY;COUNT=3\nSUMMARY:Session\nEND:VEVENT\nEND:VCALENDAR',
      'Europe/London',
    );
    expect(parsed.events).toEqual([]);
    expect(parsed.skipped[0]!.reason).toMatch(/not several times a day/);
  });

  test('round trip: exporting a schedule and importing the file reproduces every session, series and exception', () => {
    const base = { title: '', location: '', overrideReason: '', createdAt: 0, updatedAt: 0 };
    const series: Series = {
      id: 'series-1',
      kind: 'individual',
      clientId: 'client-jane',
      rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8',
      dtstart: london(2027, 3, 16, 18),
      timeZone: 'Europe/London',
      durationMinutes: 50,
      cancelled: [london(2027, 3, 25, 18)],
      moved: [{ original: london(2027, 3, 30, 18), start: london(2027, 3, 31, 9), end: london(2027, 3, 31, 10) }],
      title: '',
      createdAt: 0,
      updatedAt: 0,
    };
    const groupSeries: Series = {
      ...series,
      id: 'series-2',
      kind: 'group',
      clientId: undefined,
      groupId: 'group-grief',
      rrule: 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20270421T230000Z',
      dtstart: london(2027, 3, 17, 19),
      durationMinutes: 90,
      cancelled: [],
      moved: [],
    };
    delete groupSeries.clientId;
    const window = { from: london(2027, 3, 1, 0), to: london(2027, 6, 1, 0) };
    const occurrences = (s: Series): Appointment[] =>
      expandSeries(s, window, { includeCancelled: false }).map((o, i) => ({
        ...base,
        id: `${s.id}-${i}`,
        kind: s.kind,
        status: 'scheduled',
        start: o.start,
        end: o.end,
        seriesId: s.id,
        ...(s.clientId ? { clientId: s.clientId } : {}),
        ...(s.groupId ? { groupId: s.groupId } : {}),
      }));
    const original: Appointment[] = [
      ...occurrences(series),
      ...occurrences(groupSeries),
      {
        ...base,
        id: 'single',
        kind: 'individual',
        status: 'scheduled',
        start: london(2027, 3, 27, 10),
        end: london(2027, 3, 27, 10, 50),
        clientId: 'client-omar',
      },
      {
        ...base,
        id: 'care',
        kind: 'self-care',
        status: 'scheduled',
        start: london(2027, 3, 29, 13),
        end: london(2027, 3, 29, 13, 30),
      },
    ];
    const names: Record<string, string> = {
      'client-jane': 'Jane Smith',
      'client-omar': 'Omar Haddad',
      'group-grief': 'Tuesday Grief Group',
    };
    const text = renderIcs(
      planIcsExport({
        range: window,
        timeZone: 'Europe/London',
        detail: 'full',
        appointments: original,
        series: [series, groupSeries],
        clientName: (id) => names[id],
        groupName: (id) => names[id],
      }),
      0,
    );
    const parsed = parseIcs(text, 'Europe/London');
    expect(parsed.skipped).toEqual([]);
    const byName = Object.fromEntries(Object.entries(names).map(([id, name]) => [name, id]));
    const target = (who: string): ImportTarget => {
      const id = byName[who];
      if (!id) return { type: 'other' };
      return id.startsWith('group') ? { type: 'group', id } : { type: 'client', id };
    };
    const plan = buildImport(parsed.events, (e) => target(e.who), { now: london(2027, 3, 1, 0), newId });
    const shape = (a: Appointment) => `${a.kind} ${a.clientId ?? a.groupId ?? '-'} ${a.start} ${a.end}`;
    expect(plan.appointments.map(shape).sort()).toEqual(original.map(shape).sort());
    // The same rule, whatever order its parts are written in.
    const rule = (text: string) => text.split(';').sort().join(';');
    expect(plan.series.map((s) => [s.kind, rule(s.rrule), s.dtstart, s.cancelled, s.moved])).toEqual(
      [series, groupSeries].map((s) => [s.kind, rule(s.rrule), s.dtstart, s.cancelled, s.moved]),
    );
  });
});

describe('matching people in an imported calendar', () => {
  const client = (id: string, name: string, extra: Partial<Client> = {}): Client =>
    clientSchema.parse({ id, name, createdAt: 0, updatedAt: 0, ...extra });
  const clients = [
    client('c1', 'Jane Smith', { email: 'jane@example.com' }),
    client('c2', 'John Smith'),
    client('c3', 'Omar Haddad', { preferredName: 'Omi' }),
  ];
  const groups = [groupSchema.parse({ id: 'g1', name: 'Tuesday Grief Group', createdAt: 0, updatedAt: 0 })];
  const event = (who: string, extra: Partial<ImportedEvent> = {}) => ({ who, attendees: [], ...extra });

  test('suggests only when exactly one client or group fits', () => {
    expect(suggestTarget(event('jane smith'), clients, groups)).toEqual({ type: 'client', id: 'c1' });
    expect(suggestTarget(event('Someone', { attendees: [{ name: '', email: 'JANE@example.com' }] }), clients, groups)).toEqual({
      type: 'client',
      id: 'c1',
    });
    expect(suggestTarget(event('Omi'), clients, groups)).toEqual({ type: 'client', id: 'c3' });
    expect(suggestTarget(event('O.H.'), clients, groups)).toEqual({ type: 'client', id: 'c3' });
    // J.S. fits both Jane and John Smith: no guess.
    expect(suggestTarget(event('J.S.'), clients, groups)).toEqual({ type: 'other' });
    expect(suggestTarget(event('Group: TGG', { kindHint: 'group' }), clients, groups)).toEqual({ type: 'group', id: 'g1' });
    expect(suggestTarget(event('Session'), clients, groups)).toEqual({ type: 'other' });
  });
});

describe('an Outlook calendar, whose zones have Windows names', () => {
  const vtimezone = (tzid: string) => [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:STANDARD',
    'DTSTART:16011104T020000',
    'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010311T020000',
    'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ];
  const outlook = (tzid: string) =>
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
      ...vtimezone(tzid),
      'BEGIN:VEVENT',
      'UID:sup-1',
      'SUMMARY:Supervision',
      'DTSTAMP:20260101T000000Z',
      `DTSTART;TZID=${tzid}:20260223T090000`,
      `DTEND;TZID=${tzid}:20260223T100000`,
      'RRULE:FREQ=WEEKLY;COUNT=8',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');

  test('a weekly 09:00 in "Eastern Standard Time" stays at 09:00 in New York across both clock changes, for a clinician in London', () => {
    const parsed = parseIcs(outlook('Eastern Standard Time'), 'Europe/London');
    expect(parsed.notices).toEqual([]);
    expect(parsed.events[0]!.timeZone).toBe('America/New_York');
    const ids = (() => {
      let n = 0;
      return () => `id-${n++}`;
    })();
    const plan = buildImport(parsed.events, () => ({ type: 'other' }), { now: Date.UTC(2026, 0, 1), newId: ids });
    const clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    // New York moves its clocks on 8 March, London on 29 March: between them the gap is four hours, not five.
    expect(plan.appointments).toHaveLength(8);
    expect(new Set(plan.appointments.map((a) => clock.format(a.start)))).toEqual(new Set(['09:00']));
    expect(plan.appointments.map((a) => new Date(a.start).getUTCHours())).toEqual([14, 14, 13, 13, 13, 13, 13, 13]);
  });

  test('for a clinician in New York, the same file needs no notice', () => {
    const parsed = parseIcs(outlook('Eastern Standard Time'), 'America/New_York');
    expect(parsed.notices).toEqual([]);
    expect(parsed.events[0]!.timeZone).toBe('America/New_York');
  });

  test('a zone the file defines under a name no table knows is said to repeat at the clinician’s clock time', () => {
    const parsed = parseIcs(outlook('Head office time'), 'Europe/London');
    expect(parsed.events[0]!.start).toBe(Date.UTC(2026, 1, 23, 14));
    expect(parsed.notices).toEqual([
      'Repeating events in the file’s time zone “Head office time” keep their clock time in Europe/London from their first session on; if that zone changes its clocks on other dates, check the sessions after a clock change.',
    ]);
  });
});
