/**
 * Calendar export planning: the events of a date range, each series cut to it (see
 * cutSeries). Runs in the renderer; main formats the result (export-ics.ts).
 */
import type { Appointment, AppointmentKind, Series } from '../records';
import type { Occurrence } from '../scheduling/recurrence';
import { expandSeries, lastOccurrence } from '../scheduling/recurrence';
import type { IcsEvent, IcsExportRequest, IcsNameDetail } from './ics';
import { eventSummary } from './ics';

const DAY_MS = 24 * 60 * 60_000;

export interface IcsPlanInput {
  range: { from: number; to: number };
  timeZone: string;
  detail: IcsNameDetail;
  /** Appointments overlapping the range (single ones and materialised occurrences). */
  appointments: readonly Appointment[];
  /** The series any of those occurrences belong to. */
  series: readonly Series[];
  clientName: (id: string) => string | undefined;
  groupName: (id: string) => string | undefined;
}

const uidOf = (id: string): string => `${id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 70) || 'event'}@holdspace`;

/** A UTC date-time as RFC 5545 writes it in UNTIL ("20270412T090000Z"). */
function utcStamp(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The rule with its end (COUNT or UNTIL) replaced by UNTIL at `until`, inclusive. */
function ruleUntil(rule: string, until: number): string {
  const parts = rule
    .replace(/^RRULE:/i, '')
    .split(';')
    .filter((part) => part !== '' && !/^(COUNT|UNTIL)=/i.test(part));
  return [...parts, `UNTIL=${utcStamp(until)}`].join(';');
}

interface SeriesEvents {
  master?: IcsEvent;
  overrides: IcsEvent[];
  singles: IcsEvent[];
}

/**
 * A series cut to the range: only the occurrences that overlap it (where they are held, moves
 * applied, cancelled ones left out) may appear in a calendar that imports the file. The master
 * event starts at the first of them whose rule time lies in the range and its rule ends (UNTIL)
 * at the last, so nothing before or after the range repeats; the rule text stays as it is when
 * the whole series lies inside. Rule times in between that are not held there (cancelled, or
 * moved out of the range) become EXDATEs; moved ones held in the range become overrides. A
 * session moved into the range from a rule time outside it leaves as an event of its own.
 * The result is expanded again, in the export's zone as a calendar program would, and if it
 * does not give exactly the sessions shown (a series kept in another zone, a rule that does not
 * survive a new start), every session leaves as an event of its own instead.
 */
function cutSeries(s: Series, range: { from: number; to: number }, timeZone: string, summary: string): SeriesEvents {
  const duration = s.durationMinutes * 60_000;
  const uid = uidOf(s.id);
  const ownUid = (original: number) => `${uid.replace(/@holdspace$/, '').slice(0, 60)}-${original.toString(36)}@holdspace`;
  const shown = expandSeries(s, range, { includeCancelled: false });
  const single = (o: Occurrence): IcsEvent => ({
    uid: ownUid(o.originalStart),
    summary,
    category: s.kind,
    start: o.start,
    end: o.end,
    exdates: [],
  });
  const inRule = (o: Occurrence) => o.originalStart < range.to && o.originalStart + duration > range.from;
  const ruled = shown.filter(inRule);
  const loose = shown.filter((o) => !inRule(o)).map(single);
  if (ruled.length === 0) return { overrides: [], singles: loose };
  const originals = ruled.map((o) => o.originalStart);
  const first = Math.min(...originals);
  const last = Math.max(...originals);
  const kept = new Set(originals);
  // Rule times between the first and the last that are not held in the range: cancelled, or
  // moved out of it. (A stale exception that is no rule time would be a harmless EXDATE; the
  // read-back below checks the result either way.)
  const exdates = [...new Set([...s.cancelled, ...s.moved.map((m) => m.original)])]
    .filter((t) => t > first && t < last && !kept.has(t))
    .sort((a, b) => a - b);
  const whole = first === s.dtstart && last === lastOccurrence(s);
  const rrule = whole ? s.rrule.replace(/^RRULE:/i, '') : ruleUntil(s.rrule, last);
  const moved = ruled.filter((o) => o.moved);
  const master: IcsEvent = { uid, summary, category: s.kind, start: first, end: first + duration, rrule, exdates };
  const overrides: IcsEvent[] = moved.map((o) => ({
    uid,
    summary,
    category: s.kind,
    start: o.start,
    end: o.end,
    exdates: [],
    recurrenceId: o.originalStart,
  }));
  // Read back as a calendar program would: the rule from DTSTART in the file's zone, EXDATEs and overrides applied.
  let check: Occurrence[] = [];
  try {
    check = expandSeries(
      {
        ...s,
        rrule,
        dtstart: first,
        timeZone,
        cancelled: exdates,
        moved: moved.map((o) => ({ original: o.originalStart, start: o.start, end: o.end })),
      },
      { from: first - duration - DAY_MS, to: last + duration + DAY_MS },
      { includeCancelled: false },
    );
  } catch {
    check = [];
  }
  const key = (o: Occurrence) => `${o.start}-${o.end}`;
  if (check.map(key).join() !== ruled.map(key).join()) return { overrides: [], singles: shown.map(single) };
  return { master, overrides, singles: loose };
}

/**
 * The events of a date range. A series leaves as one event with its RRULE cut to the range
 * (see cutSeries), EXDATEs for its cancelled occurrences and an override event (RECURRENCE-ID)
 * for each moved one, so a calendar program shows the same sessions and none outside the
 * range; single appointments leave as they are, and cancelled ones not at all (a calendar
 * shows time that is held).
 */
export function planIcsExport(input: IcsPlanInput): IcsExportRequest {
  const { range, detail } = input;
  const events: IcsEvent[] = [];
  const summaryOf = (r: { kind: AppointmentKind; clientId?: string | undefined; groupId?: string | undefined }) =>
    eventSummary(
      r.kind,
      {
        ...(r.clientId ? { clientName: input.clientName(r.clientId) } : {}),
        ...(r.groupId ? { groupName: input.groupName(r.groupId) } : {}),
      },
      detail,
    );
  const seriesById = new Map(input.series.map((s) => [s.id, s] as const));
  const seriesShown = new Set<string>();
  const single = (a: Appointment) => {
    if (a.status === 'cancelled' || a.end <= range.from || a.start >= range.to) return;
    events.push({ uid: uidOf(a.id), summary: summaryOf(a), category: a.kind, start: a.start, end: a.end, exdates: [] });
  };
  for (const a of input.appointments) {
    if (a.seriesId && seriesById.has(a.seriesId)) seriesShown.add(a.seriesId);
    else single(a);
  }
  for (const id of seriesShown) {
    const s = seriesById.get(id)!;
    let cut: SeriesEvents;
    try {
      cut = cutSeries(s, range, input.timeZone, summaryOf(s));
    } catch {
      // A rule Holdspace can no longer read: its sessions leave one by one, as booked.
      for (const a of input.appointments) if (a.seriesId === id) single(a);
      continue;
    }
    if (cut.master) events.push(cut.master);
    events.push(...cut.overrides, ...cut.singles);
  }
  return {
    timeZone: input.timeZone,
    calendarName: 'Holdspace',
    events: events.sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid)),
  };
}
