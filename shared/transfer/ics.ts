/**
 * Calendar export (.ics, RFC 5545): what the renderer sends main, and the pure planning
 * that turns appointments and series into it. Main only formats what it is sent (with
 * ical-generator and the zone's VTIMEZONE), so the privacy decisions are made here, once,
 * where they are unit-tested: by default an event says "Session" or "Group: TGG" and
 * nothing else; no notes, contact details, locations or client ids ever leave. The plan
 * itself (which events, series cut to the range) is in ics-plan.ts: it expands rules with
 * rrule, which main does not need.
 */
import { z } from 'zod';
import type { AppointmentKind } from '../records';
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
