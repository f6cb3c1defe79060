/**
 * Calendar export (.ics, RFC 5545): what the renderer sends main, and the pure planning
 * that turns appointments and series into it. Main only formats what it is sent (with
 * ical-generator and the zone's VTIMEZONE), so the privacy decisions are made here, once,
 * where they are unit-tested: by default an event says "Session" or "Group: TGG" and
 * nothing else; no notes, contact details, locations or client ids ever leave.
 */
import { z } from 'zod';
import type { Appointment, AppointmentKind, Series } from '../records';
import { APPOINTMENT_KINDS } from '../records';
import type { Occurrence } from '../scheduling/recurrence';
import { expandSeries, lastOccurrence } from '../scheduling/recurrence';
import { isValidTimeZone } from '../scheduling/time';

const DAY_MS = 24 * 60 * 60_000;

/** How much an exported event says about who it is with. */
export const ICS_NAME_DETAILS = ['none', 'initials', 'full'] as const;
export type IcsNameDetail = (typeof ICS_NAME_DETAILS)[number];

const instant = z.number().int();
const uid = z.string().regex(/^[A-Za-z0-9-]{1,80}@holdspace$/);

export const icsEventSchema = z.object({
  uid,
  summary: z.string().min(1).max(300),
  /** Standard CATEGORIES value naming the kind, so an import can tell supervision from a session. */
  category: z.enum(APPOINTMENT_KINDS),
  start: instant,
  end: instant,
  /** RRULE text without the "RRULE:" prefix; present on a series' master event. */
  rrule: z.string().max(1000).optional(),
  /** Original starts of cancelled occurrences (EXDATE). */
  exdates: z.array(instant).max(5_000).default([]),
  /** On a moved occurrence: the original start it replaces (RECURRENCE-ID). */
  recurrenceId: instant.optional(),
});
export type IcsEvent = z.infer<typeof icsEventSchema>;

export const icsExportRequestSchema = z.object({
  /** The clinician's IANA zone: every DTSTART/DTEND carries it as TZID, with its VTIMEZONE. */
  timeZone: z.string().min(1).max(64).refine(isValidTimeZone, 'a time zone such as Europe/London'),
  calendarName: z.string().max(100).default('Holdspace'),
  events: z.array(icsEventSchema).max(200_000),
});
export type IcsExportRequest = z.input<typeof icsExportRequestSchema>;

/** "Jane van der Berg" → "J.v.d.B."; scripts without case keep their first character per word. */
export function initialsOf(name: string): string {
  return name
    .trim()
    .split(/[\s\u3000]+/u)
    .filter(Boolean)
    .map((word) => `${[...word.normalize('NFC')][0] ?? ''}.`)
    .join('');
}

/** Group names describe the group, not a person; still, only their initials leave by default ("Tuesday Grief Group" → "TGG"). */
const groupInitials = (name: string): string =>
  name
    .trim()
    .split(/[\s\u3000]+/u)
    .filter(Boolean)
    .map((word) => [...word][0]!.toLocaleUpperCase())
    .join('');

export const KIND_SUMMARY: Record<AppointmentKind, string> = {
  individual: 'Session',
  group: 'Group session',
  supervision: 'Supervision',
  admin: 'Admin',
  'self-care': 'Self-care',
};

/**
 * What an exported event is called. "Session", "Group: TGG", "Supervision"… by default;
 * "Session: J.S." with initials; "Session: Jane Smith" / "Group: Tuesday Grief Group" only
 * when the clinician ticks full names.
 */
export function eventSummary(
  kind: AppointmentKind,
  who: { clientName?: string; groupName?: string },
  detail: IcsNameDetail,
): string {
  if (kind === 'group' && who.groupName?.trim()) {
    return `Group: ${detail === 'full' ? who.groupName.trim() : groupInitials(who.groupName)}`;
  }
  if (kind === 'individual' && who.clientName?.trim() && detail !== 'none') {
    return `Session: ${detail === 'full' ? who.clientName.trim() : initialsOf(who.clientName)}`;
  }
  return KIND_SUMMARY[kind];
}

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
  const bare: Series = { ...s, cancelled: [], moved: [] };
  const exdates = expandSeries(bare, { from: first, to: last + 1 })
    .map((o) => o.originalStart)
    .filter((t) => t > first && t < last && !kept.has(t));
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
