import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, test } from 'vitest';
import { renderIcs } from '../../electron/main/services/export-ics';
import type { Appointment, Series } from '../../shared/records';
import { expandSeries } from '../../shared/scheduling';
import { instantFromZoned } from '../../shared/scheduling/time';
import { eventSummary, initialsOf } from '../../shared/transfer/ics';
import { planIcsExport } from '../../shared/transfer/ics-plan';

const TZ = 'Europe/London';
const at = (y: number, m: number, d: number, h: number, min = 0, tz = TZ) =>
  instantFromZoned({ year: y, month: m, day: d, hour: h, minute: min }, tz);
const STAMP = Date.UTC(2027, 0, 1);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'holdspace-ics-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const base = { title: '', location: '12 Private Road', overrideReason: '', createdAt: 0, updatedAt: 0 };
/** Weekly Monday 10:00 London session across the 28 March 2027 clock change: 15 Mar … 12 Apr, 22 Mar cancelled, 5 Apr moved to 14:00. */
const series: Series = {
  id: 'series-jane',
  kind: 'individual',
  clientId: 'client-jane',
  rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=5',
  dtstart: at(2027, 3, 15, 10),
  timeZone: TZ,
  durationMinutes: 50,
  cancelled: [at(2027, 3, 22, 10)],
  moved: [{ original: at(2027, 4, 5, 10), start: at(2027, 4, 5, 14), end: at(2027, 4, 5, 14, 50) }],
  title: '',
  createdAt: 0,
  updatedAt: 0,
};
const occurrences: Appointment[] = expandSeries(series, { from: at(2027, 3, 1, 0), to: at(2027, 5, 1, 0) }).map((o, i) => ({
  ...base,
  id: `occ-${i}`,
  kind: 'individual',
  status: o.cancelled ? 'cancelled' : 'scheduled',
  start: o.start,
  end: o.end,
  clientId: 'client-jane',
  seriesId: series.id,
}));
const appointments: Appointment[] = [
  ...occurrences,
  {
    ...base,
    id: 'group-1',
    kind: 'group',
    status: 'scheduled',
    start: at(2027, 3, 30, 18),
    end: at(2027, 3, 30, 19, 30),
    groupId: 'group-grief',
  },
  {
    ...base,
    id: 'single-omar',
    kind: 'individual',
    status: 'completed',
    start: at(2027, 3, 26, 9),
    end: at(2027, 3, 26, 9, 50),
    clientId: 'client-omar',
  },
  {
    ...base,
    id: 'cancelled-omar',
    kind: 'individual',
    status: 'cancelled',
    start: at(2027, 3, 27, 9),
    end: at(2027, 3, 27, 9, 50),
    clientId: 'client-omar',
  },
  {
    ...base,
    id: 'supervision-1',
    kind: 'supervision',
    status: 'scheduled',
    start: at(2027, 3, 29, 12),
    end: at(2027, 3, 29, 13),
  },
];
const names: Record<string, string> = {
  'client-jane': 'Jane Smith',
  'client-omar': 'Omar Haddad',
  'group-grief': 'Tuesday Grief Group',
};
const plan = (detail: 'none' | 'initials' | 'full') =>
  planIcsExport({
    range: { from: at(2027, 3, 1, 0), to: at(2027, 5, 1, 0) },
    timeZone: TZ,
    detail,
    appointments,
    series: [series],
    clientName: (id) => names[id],
    groupName: (id) => names[id],
  });

/** Every occurrence ical.js finds in the file, as instants, with its summary. */
function expandWithIcalJs(text: string): { start: number; end: number; summary: string }[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevents = calendar.getAllSubcomponents('vevent');
  const out: { start: number; end: number; summary: string }[] = [];
  const overrides = vevents.map((v) => new ICAL.Event(v)).filter((e) => e.isRecurrenceException());
  for (const v of vevents) {
    const event = new ICAL.Event(v);
    if (event.isRecurrenceException()) continue;
    for (const o of overrides) if (o.uid === event.uid) event.relateException(o);
    if (!event.isRecurring()) {
      out.push({ start: event.startDate.toJSDate().getTime(), end: event.endDate.toJSDate().getTime(), summary: event.summary });
      continue;
    }
    const it = event.iterator();
    // A rule left uncut would repeat for ever; stop well past anything a test exports.
    let guard = 0;
    for (let next = it.next(); next && guard++ < 2_000; next = it.next()) {
      const details = event.getOccurrenceDetails(next);
      out.push({
        start: details.startDate.toJSDate().getTime(),
        end: details.endDate.toJSDate().getTime(),
        summary: details.item.summary,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Imports the file into a scratch khal calendar (London) and lists what khal shows between two dates, "2027-03-15 10:00 Session". */
function khalList(name: string, ics: string, from: string, to: string): string[] {
  const home = path.join(scratch, name);
  const vdir = path.join(home, 'calendar');
  fs.mkdirSync(vdir, { recursive: true });
  const config = path.join(home, 'config');
  fs.writeFileSync(
    config,
    [
      '[calendars]',
      '[[practice]]',
      `path = ${vdir}`,
      '[locale]',
      'timeformat = %H:%M',
      'dateformat = %Y-%m-%d',
      'longdateformat = %Y-%m-%d',
      'datetimeformat = %Y-%m-%d %H:%M',
      'longdatetimeformat = %Y-%m-%d %H:%M',
      'local_timezone = Europe/London',
      'default_timezone = Europe/London',
      '',
    ].join('\n'),
  );
  const file = path.join(scratch, `${name}.ics`);
  fs.writeFileSync(file, ics);
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'cfg'),
    TZ: 'UTC',
  };
  execFileSync('khal', ['-c', config, 'import', '--batch', '-a', 'practice', file], { env, encoding: 'utf8' });
  return execFileSync('khal', ['-c', config, 'list', '--format', '{start} {title}', '--day-format', '', from, to], {
    env,
    encoding: 'utf8',
  })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const expected = [
  { start: at(2027, 3, 15, 10), summary: 'Session' },
  { start: at(2027, 3, 26, 9), summary: 'Session' },
  { start: at(2027, 3, 29, 10), summary: 'Session' },
  { start: at(2027, 3, 29, 12), summary: 'Supervision' },
  { start: at(2027, 3, 30, 18), summary: 'Group: TGG' },
  { start: at(2027, 4, 5, 14), summary: 'Session' },
  { start: at(2027, 4, 12, 10), summary: 'Session' },
];

describe('calendar export (.ics)', () => {
  test('privacy mode names no one: no client names, ids, locations or contact details', () => {
    const text = renderIcs(plan('none'), STAMP);
    for (const secret of ['Jane', 'Smith', 'Omar', 'Grief', 'client-jane', 'client-omar', 'Private Road'])
      expect(text).not.toContain(secret);
    expect(text).toContain('SUMMARY:Group: TGG');
    expect(eventSummary('individual', { clientName: 'Jane Smith' }, 'initials')).toBe('Session: J.S.');
    expect(eventSummary('individual', { clientName: 'Jane Smith' }, 'full')).toBe('Session: Jane Smith');
    expect(initialsOf('Zoë  Ångström')).toBe('Z.Å.');
    expect(initialsOf('王芳')).toBe('王.');
  });

  test('full names appear only when asked for', () => {
    const text = renderIcs(plan('full'), STAMP);
    expect(text).toContain('SUMMARY:Session: Jane Smith');
    expect(text).toContain('SUMMARY:Group: Tuesday Grief Group');
    expect(text).not.toContain('client-jane');
  });

  test('a series wholly inside the range leaves as RRULE with EXDATE and an override, every time with its TZID and VTIMEZONE', () => {
    const text = renderIcs(plan('none'), STAMP);
    expect(text).toContain('DTSTART;TZID=Europe/London:20270315T100000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5');
    expect(text).toContain('EXDATE;TZID=Europe/London:20270322T100000');
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/London:20270405T100000');
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toMatch(/DTSTAMP:20270101T000000Z/);
    // Cancelled single appointments are not shown as held time.
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(5);
  });

  test('ical.js reads every session back at the same instants across the clock change', () => {
    const found = expandWithIcalJs(renderIcs(plan('none'), STAMP));
    expect(found.map(({ start, summary }) => ({ start, summary }))).toEqual(expected);
    expect(
      found.every(
        (f) => f.end - f.start === (f.summary === 'Supervision' ? 60 : f.summary.startsWith('Group') ? 90 : 50) * 60_000,
      ),
    ).toBe(true);
  });

  test('Python icalendar parses the file and sees the same local times', () => {
    const file = path.join(scratch, 'python.ics');
    fs.writeFileSync(file, renderIcs(plan('none'), STAMP));
    const script = [
      'import sys, icalendar',
      'cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())',
      'for ev in cal.walk("VEVENT"):',
      '    s = ev.decoded("dtstart")',
      '    print(str(ev.get("summary")), s.isoformat(), ev.get("rrule").to_ical().decode() if ev.get("rrule") else "-")',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(out).toEqual(
      [
        // Before the clock change at GMT (+00:00), after it at BST (+01:00).
        'Group: TGG 2027-03-30T18:00:00+01:00 -',
        'Session 2027-03-15T10:00:00+00:00 FREQ=WEEKLY;COUNT=5;BYDAY=MO',
        'Session 2027-03-26T09:00:00+00:00 -',
        'Session 2027-04-05T14:00:00+01:00 -',
        'Supervision 2027-03-29T12:00:00+01:00 -',
      ].sort(),
    );
  });

  test('khal imports the file and lists the sessions at their local times either side of the clock change', () => {
    const listed = khalList('khal', renderIcs(plan('none'), STAMP), '2027-03-01', '2027-04-30');
    expect(listed).toEqual([
      '2027-03-15 10:00 Session',
      '2027-03-26 09:00 Session',
      '2027-03-29 10:00 Session',
      '2027-03-29 12:00 Supervision',
      '2027-03-30 18:00 Group: TGG',
      '2027-04-05 14:00 Session',
      '2027-04-12 10:00 Session',
    ]);
  });
});

describe('calendar export of a range cuts each series to it', () => {
  /** 15 March to 12 April 2027 (London), across the 28 March clock change. */
  const range = { from: at(2027, 3, 15, 0), to: at(2027, 4, 12, 0) };
  /** Tuesdays 18:00 since January 2026, for ever. In the range: 23 Mar cancelled; 6 Apr moved to Wed 7 Apr 10:00; 30 Mar moved out to 20 Apr; 9 Mar (before the range) moved into it, to 16 Mar 09:00. Before it: 2 Feb cancelled. */
  const group: Series = {
    id: 'series-group',
    kind: 'group',
    groupId: 'group-grief',
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    dtstart: at(2026, 1, 6, 18),
    timeZone: TZ,
    durationMinutes: 90,
    cancelled: [at(2027, 2, 2, 18), at(2027, 3, 23, 18)],
    moved: [
      { original: at(2027, 4, 6, 18), start: at(2027, 4, 7, 10), end: at(2027, 4, 7, 11, 30) },
      { original: at(2027, 3, 30, 18), start: at(2027, 4, 20, 18), end: at(2027, 4, 20, 19, 30) },
      { original: at(2027, 3, 9, 18), start: at(2027, 3, 16, 9), end: at(2027, 3, 16, 10, 30) },
    ],
    title: '',
    createdAt: 0,
    updatedAt: 0,
  };
  /** Thursdays 08:00 from 25 March 2027, ten sessions: it runs on past the range. */
  const weekly: Series = {
    ...series,
    id: 'series-omar',
    clientId: 'client-omar',
    rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=10',
    dtstart: at(2027, 3, 25, 8),
    cancelled: [],
    moved: [],
  };
  const all = [group, weekly];
  const rows = (s: Series): Appointment[] =>
    expandSeries(s, range).map((o, i) => ({
      ...base,
      id: `${s.id}-${i}`,
      kind: s.kind,
      status: o.cancelled ? 'cancelled' : 'scheduled',
      start: o.start,
      end: o.end,
      seriesId: s.id,
      ...(s.clientId ? { clientId: s.clientId } : {}),
      ...(s.groupId ? { groupId: s.groupId } : {}),
    }));
  const request = (series: Series[], timeZone = TZ) =>
    planIcsExport({
      range,
      timeZone,
      detail: 'none',
      appointments: series.flatMap(rows),
      series,
      clientName: (id) => names[id],
      groupName: (id) => names[id],
    });
  /** What the calendar shows in the range, as London wall-clock text. */
  const local = (t: number) => {
    const p = new Intl.DateTimeFormat('en-CA', {
      timeZone: TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(t);
    const get = (type: string) => p.find((x) => x.type === type)!.value;
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
  };
  const shown = [
    '2027-03-16 09:00 Group: TGG',
    '2027-03-16 18:00 Group: TGG',
    '2027-03-25 08:00 Session',
    '2027-04-01 08:00 Session',
    '2027-04-07 10:00 Group: TGG',
    '2027-04-08 08:00 Session',
  ];
  test('the sessions the app shows in the range (the fixture)', () => {
    expect(
      all
        .flatMap((s) =>
          expandSeries(s, range, { includeCancelled: false }).map(
            (o) => `${local(o.start)} ${s.kind === 'group' ? 'Group: TGG' : 'Session'}`,
          ),
        )
        .sort(),
    ).toEqual(shown);
  });

  test('the rule starts at its first session in the range and ends (UNTIL) at its last; EXDATEs and overrides only within it', () => {
    const text = renderIcs(request(all), STAMP);
    expect(text).toContain('DTSTART;TZID=Europe/London:20270316T180000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270406T170000Z');
    expect(text).toContain('DTSTART;TZID=Europe/London:20270325T080000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270408T070000Z');
    expect(text).not.toContain('COUNT=');
    // 23 March is cancelled and 30 March moved away; 2 February was before the range.
    expect(text).toContain('EXDATE;TZID=Europe/London:20270323T180000,20270330T180000');
    expect(text).not.toContain('20270202');
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/London:20270406T180000');
    // The session moved in from 9 March (a rule time outside the range) is an event of its own.
    expect(text).not.toContain('RECURRENCE-ID;TZID=Europe/London:20270309T180000');
    expect(text).toContain('DTSTART;TZID=Europe/London:20270316T090000');
    expect(text).not.toContain('20270420');
  });

  test('ical.js expands the file to the sessions in the range and nothing else', () => {
    const found = expandWithIcalJs(renderIcs(request(all), STAMP));
    expect(found.map((f) => `${local(f.start)} ${f.summary}`)).toEqual(shown);
    expect(found.every((f) => f.end - f.start === (f.summary === 'Session' ? 50 : 90) * 60_000)).toBe(true);
  });

  test('Python (icalendar with dateutil’s rrule) expands the same sessions at the same local times', () => {
    const file = path.join(scratch, 'cut.ics');
    fs.writeFileSync(file, renderIcs(request(all), STAMP));
    const script = [
      'import re, sys, icalendar',
      'from datetime import datetime, timezone',
      'from dateutil.rrule import rrulestr',
      'cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())',
      'events = list(cal.walk("VEVENT"))',
      'moved = {(str(e["uid"]), e.decoded("recurrence-id")) for e in events if e.get("recurrence-id")}',
      'out = []',
      'for e in events:',
      '    s = e.decoded("dtstart")',
      '    if not e.get("rrule"):',
      '        out.append((s, str(e["summary"])))',
      '        continue',
      '    ex = {d.dt for x in ([e["exdate"]] if not isinstance(e.get("exdate", []), list) else e.get("exdate", [])) for d in x.dts}',
      '    zone = s.tzinfo',
      '    # Expand on the wall clock, then place each time in the zone (pytz zones need localize).',
      '    rule = e["rrule"].to_ical().decode()',
      '    # UNTIL is a UTC instant (RFC 5545): written on the zone’s wall clock for the naive expansion.',
      '    m = re.search(r"UNTIL=(\\d{8}T\\d{6})Z", rule)',
      '    if m:',
      '        u = datetime.strptime(m.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc).astimezone(zone)',
      '        rule = rule.replace(m.group(0), "UNTIL=" + u.strftime("%Y%m%dT%H%M%S"))',
      '    for naive in rrulestr(rule, dtstart=s.replace(tzinfo=None), ignoretz=True):',
      '        t = zone.localize(naive) if hasattr(zone, "localize") else naive.replace(tzinfo=zone)',
      '        if t not in ex and (str(e["uid"]), t) not in moved:',
      '            out.append((t, str(e["summary"])))',
      'for t, summary in sorted(out):',
      '    print(t.strftime("%Y-%m-%d %H:%M"), t.utcoffset().total_seconds() / 3600, summary)',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }).trim().split('\n');
    expect(out).toEqual([
      '2027-03-16 09:00 0.0 Group: TGG',
      '2027-03-16 18:00 0.0 Group: TGG',
      '2027-03-25 08:00 0.0 Session',
      // After the clock change, the same local times at BST.
      '2027-04-01 08:00 1.0 Session',
      '2027-04-07 10:00 1.0 Group: TGG',
      '2027-04-08 08:00 1.0 Session',
    ]);
  });

  test('khal imports the file and lists only the sessions in the range, over years either side', () => {
    const listed = khalList('khal-cut', renderIcs(request(all), STAMP), '2025-06-01', '2028-06-01');
    expect(listed).toEqual(shown);
  });

  test('a series kept in another zone than the export’s (its rule would shift at a clock change) leaves as single sessions', () => {
    // Mondays 10:00 in New York (clocks change on 14 March 2027 there, 28 March in London), exported in London time.
    const ny: Series = {
      ...weekly,
      id: 'series-ny',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      timeZone: 'America/New_York',
      dtstart: at(2027, 1, 4, 10, 0, 'America/New_York'),
    };
    const plan = request([ny]);
    expect(plan.events.some((e) => e.rrule)).toBe(false);
    const found = expandWithIcalJs(renderIcs(plan, STAMP));
    expect(found.map((f) => f.start)).toEqual(expandSeries(ny, range, { includeCancelled: false }).map((o) => o.start));
    expect(found).toHaveLength(4);
  });
});

describe("the exported zone definition (VTIMEZONE) is this computer's zone rules", () => {
  // Iran and Samoa have had no daylight saving since 2022 and 2021; Morocco moves its clocks back for Ramadan;
  // Lord Howe Island moves them by half an hour; Santiago changes them at midnight.
  test.each(['Asia/Tehran', 'Pacific/Apia', 'Africa/Casablanca', 'Australia/Lord_Howe', 'America/Santiago'])(
    'a program that knows only the file places a weekly 09:00 series in %s at 09:00 every week for two years',
    (tz) => {
      const first = instantFromZoned({ year: 2026, month: 1, day: 5, hour: 9, minute: 0 }, tz);
      const weekly: Series = {
        ...series,
        id: `series-${tz}`,
        rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=110',
        dtstart: first,
        timeZone: tz,
        cancelled: [],
        moved: [],
      };
      const range = { from: first - 86_400_000, to: first + 800 * 86_400_000 };
      const sessions = expandSeries(weekly, range).map((o, i): Appointment => ({
        ...base,
        id: `w-${i}`,
        kind: 'individual',
        status: 'scheduled',
        start: o.start,
        end: o.end,
        clientId: 'client-jane',
        seriesId: weekly.id,
      }));
      const text = renderIcs(
        planIcsExport({
          range,
          timeZone: tz,
          detail: 'none',
          appointments: sessions,
          series: [weekly],
          clientName: () => 'X',
          groupName: () => 'G',
        }),
        STAMP,
      );
      // Under a name no program knows, only the file's own definition can place the sessions.
      const found = expandWithIcalJs(text.split(tz).join('Holdspace-Test-Zone')).map((f) => f.start);
      expect(found).toHaveLength(110);
      expect(found).toEqual(sessions.map((s) => s.start));
      const clock = new Intl.DateTimeFormat('en-GB', {
        timeZone: tz,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      expect(new Set(found.map((t) => clock.format(t)))).toEqual(new Set(['Mon 09:00']));
    },
  );
});
