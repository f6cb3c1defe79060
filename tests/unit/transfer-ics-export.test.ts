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
import { eventSummary, initialsOf, planIcsExport } from '../../shared/transfer/ics';

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
    for (let next = it.next(); next; next = it.next()) {
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

  test('a series leaves as RRULE with EXDATE and an override, every time with its TZID and VTIMEZONE', () => {
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
    const home = path.join(scratch, 'khal');
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
    const file = path.join(scratch, 'khal.ics');
    fs.writeFileSync(file, renderIcs(plan('none'), STAMP));
    const env = {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CONFIG_HOME: path.join(home, 'cfg'),
      TZ: 'UTC',
    };
    execFileSync('khal', ['-c', config, 'import', '--batch', '-a', 'practice', file], { env, encoding: 'utf8' });
    const listed = execFileSync(
      'khal',
      ['-c', config, 'list', '--format', '{start} {title}', '--day-format', '', '2027-03-01', '2027-04-30'],
      {
        env,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
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
