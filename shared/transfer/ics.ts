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
import { isValidTimeZone } from '../scheduling/time';

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

/**
 * The events of a date range. A series leaves as one event with its RRULE, EXDATEs for its
 * cancelled occurrences and an override event (RECURRENCE-ID) for each moved one, so a
 * calendar program shows the same sessions; single appointments leave as they are, and
 * cancelled ones not at all (a calendar shows time that is held).
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
  for (const a of input.appointments) {
    if (a.seriesId && seriesById.has(a.seriesId)) {
      seriesShown.add(a.seriesId);
      continue;
    }
    if (a.status === 'cancelled' || a.end <= range.from || a.start >= range.to) continue;
    events.push({ uid: uidOf(a.id), summary: summaryOf(a), category: a.kind, start: a.start, end: a.end, exdates: [] });
  }
  for (const id of seriesShown) {
    const s = seriesById.get(id)!;
    const summary = summaryOf(s);
    const duration = s.durationMinutes * 60_000;
    // The rule's own first occurrence may have been moved or cancelled; DTSTART stays the rule's.
    events.push({
      uid: uidOf(s.id),
      summary,
      category: s.kind,
      start: s.dtstart,
      end: s.dtstart + duration,
      rrule: s.rrule.replace(/^RRULE:/i, ''),
      exdates: [...s.cancelled].sort((a, b) => a - b),
    });
    for (const move of s.moved) {
      if (s.cancelled.includes(move.original)) continue;
      events.push({
        uid: uidOf(s.id),
        summary,
        category: s.kind,
        start: move.start,
        end: move.end,
        exdates: [],
        recurrenceId: move.original,
      });
    }
  }
  return {
    timeZone: input.timeZone,
    calendarName: 'Holdspace',
    events: events.sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid)),
  };
}
