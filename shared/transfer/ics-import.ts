/**
 * Calendar import (.ics, RFC 5545) with ical.js: reads a file exported from Google Calendar,
 * Outlook, another practice system or Holdspace itself into events the clinician previews,
 * and, once they have matched each person to a client, a group or "Other", into the series
 * and appointments Holdspace stores. Pure: nothing is written here.
 *
 * ical.js forgives a great deal (it turns "T250000" into the next day), so the file's
 * structure and every date-time are checked first, line by line, and a bad file is refused
 * with the line that failed rather than imported wrongly.
 */
import ICAL from 'ical.js';
import type { Appointment, AppointmentKind, Series } from '../records';
import { expandSeries, validateRule } from '../scheduling/recurrence';
import { instantFromZoned, isValidTimeZone } from '../scheduling/time';
import { kindFromCategory } from './ics-kinds';

export class IcsImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'IcsImportError';
  }
}

export interface ImportAttendee {
  name: string;
  email: string;
}

export interface ImportedEvent {
  /** Position in the file, for keys and messages. */
  index: number;
  uid: string;
  summary: string;
  start: number;
  end: number;
  /** The kind the file says (CATEGORIES, or a summary such as "Supervision"), if it says one. */
  kindHint?: AppointmentKind;
  attendees: ImportAttendee[];
  /** Who the event is with, as the clinician will match it: the attendees, else the name in the summary, else the summary. */
  who: string;
  /** Recurring events: the rule, the zone it repeats in, and its exceptions. */
  rrule?: string;
  timeZone: string;
  exdates: number[];
  moved: { original: number; start: number; end: number }[];
}

export interface SkippedEvent {
  index: number;
  summary: string;
  reason: string;
}

export interface ParsedCalendar {
  events: ImportedEvent[];
  skipped: SkippedEvent[];
  /** Things the clinician should know before confirming (a zone read as their own, say). */
  notices: string[];
}

const fail = (line: number, what: string, text?: string): never => {
  const shown = text === undefined ? '' : ` (“${text.length > 80 ? `${text.slice(0, 80)}…` : text}”)`;
  throw new IcsImportError(`Line ${line} of the file ${what}${shown}. Nothing has been imported.`, line);
};

const CONTENT_LINE = /^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/;
const TIME_PROPERTIES = new Set(['DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE']);

function isRealDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0') as string[];
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  return date.getUTCMonth() === +mo! - 1 && date.getUTCDate() === +d! && +h <= 23 && +mi <= 59 && +s <= 60;
}

/** The structural check, with line numbers as the clinician's editor would show them. */
function checkStructure(text: string): void {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const logical: { line: number; text: string }[] = [];
  physical.forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && logical.length > 0) logical[logical.length - 1]!.text += raw.slice(1);
    else if (raw.trim() !== '') logical.push({ line: i + 1, text: raw });
  });
  if (logical.length === 0) throw new IcsImportError('That file is empty. Nothing has been imported.');
  if (logical[0]!.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    throw new IcsImportError(
      'That is not a calendar file: an iCalendar (.ics) file starts with “BEGIN:VCALENDAR” on line 1. Export the calendar as .ics and try again. Nothing has been imported.',
      1,
    );
  }
  const open: { name: string; line: number }[] = [];
  let ended = false;
  for (const { line, text: content } of logical) {
    if (ended) fail(line, 'comes after the end of the calendar', content);
    if (!CONTENT_LINE.test(content)) fail(line, 'could not be read', content);
    const colon = content.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const head = content.slice(0, colon);
    const value = content.slice(colon + 1);
    const name = head.split(';')[0]!.toUpperCase();
    if (name === 'BEGIN') open.push({ name: value.trim().toUpperCase(), line });
    else if (name === 'END') {
      const top = open.pop();
      if (!top || top.name !== value.trim().toUpperCase()) fail(line, `ends a “${value.trim()}” that was not begun`, content);
      if (open.length === 0) ended = true;
    } else if (TIME_PROPERTIES.has(name) && open.at(-1)?.name === 'VEVENT') {
      for (const part of value.split(','))
        if (!isRealDateTime(part.trim())) fail(line, 'has a date or time that is not real', content);
    } else if (name === 'RRULE' && open.at(-1)?.name === 'VEVENT') {
      try {
        ICAL.Recur.fromString(value);
      } catch {
        fail(line, 'has a repeat rule that could not be read', content);
      }
    }
  }
  if (open.length > 0) {
    const last = open.at(-1)!;
    fail(last.line, `begins a “${last.name}” that never ends: the file may be cut short`);
  }
}

/** An ICAL.Time as an instant: IANA zones through the platform's database, others through the file's VTIMEZONE. */
function instantOf(time: ICAL.Time, tzid: string | undefined, fallbackZone: string, unknownZones: Set<string>): number {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute };
  const seconds = time.second * 1000;
  if (time.zone === ICAL.Timezone.utcTimezone)
    return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  if (tzid && isValidTimeZone(tzid)) return instantFromZoned(wall, tzid) + seconds;
  if (tzid && time.zone && time.zone.tzid === tzid && time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  if (tzid) unknownZones.add(tzid);
  return instantFromZoned(wall, fallbackZone) + seconds;
}

const SUMMARY_PREFIX = /^(?:(?:individual\s+)?session|appointment|therapy|group(?:\s+session)?)\s*(?:with|:|-|–)\s*/i;

function kindHintOf(event: ICAL.Event): AppointmentKind | undefined {
  for (const prop of event.component.getAllProperties('categories')) {
    for (const value of prop.getValues()) {
      const kind = kindFromCategory(String(value));
      if (kind) return kind;
    }
  }
  const summary = event.summary ?? '';
  if (/^group\b/i.test(summary)) return 'group';
  if (/supervision/i.test(summary)) return 'supervision';
  if (/self[- ]care|break/i.test(summary)) return 'self-care';
  if (/^admin\b|note[- ]writing/i.test(summary)) return 'admin';
  if (/^session\b/i.test(summary)) return 'individual';
  return undefined;
}

function attendeesOf(event: ICAL.Event): ImportAttendee[] {
  const organizer = String(event.component.getFirstPropertyValue('organizer') ?? '')
    .replace(/^mailto:/i, '')
    .toLowerCase();
  const out: ImportAttendee[] = [];
  for (const prop of event.component.getAllProperties('attendee')) {
    const email = String(prop.getFirstValue() ?? '')
      .replace(/^mailto:/i, '')
      .trim();
    const name = String(prop.getParameter('cn') ?? '').trim();
    if (email.toLowerCase() === organizer && organizer !== '') continue;
    if (name || email) out.push({ name, email });
  }
  return out;
}

/** The TZID parameter of an event's property (DTSTART, DTEND, RECURRENCE-ID), if it has one. */
const tzidOf = (event: ICAL.Event, property: string): string | undefined => {
  const value = event.component.getFirstProperty(property)?.getParameter('tzid');
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Reads an .ics file. Throws IcsImportError with the failing line when it cannot be used. */
export function parseIcs(text: string, clinicianZone: string): ParsedCalendar {
  checkStructure(text);
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^invalid line \(no token ";" or ":"\) /, '') : '';
    throw new IcsImportError(
      `The file could not be read as a calendar${detail ? ` (${detail.slice(0, 100)})` : ''}. Nothing has been imported.`,
    );
  }
  ICAL.TimezoneService.reset();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    try {
      ICAL.TimezoneService.register(vtz);
    } catch {
      // A broken zone definition only matters if an event uses it; then its times fall back below.
    }
  }
  const unknownZones = new Set<string>();
  const events: ImportedEvent[] = [];
  const skipped: SkippedEvent[] = [];
  const vevents = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const overrides = vevents.filter((e) => e.isRecurrenceException());
  vevents.forEach((event, index) => {
    if (event.isRecurrenceException()) return;
    const summary = (event.summary ?? '').trim() || 'Untitled event';
    const skip = (reason: string) => skipped.push({ index, summary, reason });
    if (String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED')
      return skip('Cancelled in the file.');
    if (!event.startDate) return skip('It has no start time.');
    if (event.startDate.isDate) return skip('All-day events are not sessions; add them by hand if you need them.');
    const startZone = tzidOf(event, 'dtstart');
    const start = instantOf(event.startDate, startZone, clinicianZone, unknownZones);
    const end =
      event.endDate && !event.endDate.isDate
        ? instantOf(event.endDate, tzidOf(event, 'dtend') ?? startZone, clinicianZone, unknownZones)
        : start + 3_600_000;
    if (!(end > start)) return skip('It ends before it starts.');
    if (end - start > 12 * 3_600_000) return skip('It lasts longer than 12 hours, longer than any session.');
    const attendees = attendeesOf(event);
    const nameInSummary = summary.replace(SUMMARY_PREFIX, '').trim();
    const who = attendees.length > 0 ? attendees.map((a) => a.name || a.email).join(', ') : nameInSummary || summary;
    const timeZone = startZone && isValidTimeZone(startZone) ? startZone : clinicianZone;
    const kindHint = kindHintOf(event);
    const base: ImportedEvent = {
      index,
      uid: event.uid ?? `event-${index}`,
      summary,
      start,
      end,
      attendees,
      who,
      timeZone,
      exdates: [],
      moved: [],
      ...(kindHint ? { kindHint } : {}),
    };
    if (!event.isRecurring()) {
      events.push(base);
      return;
    }
    const rules = event.component.getAllProperties('rrule');
    if (rules.length !== 1 || event.component.hasProperty('rdate'))
      return skip('It repeats in a way Holdspace cannot keep (several rules or extra dates); add it by hand.');
    const rrule = String(rules[0]!.getFirstValue()).replace(/^RRULE:/i, '');
    const problem = validateRule(rrule);
    if (problem) return skip(problem);
    const exdates = event.component.getAllProperties('exdate').flatMap((p) => {
      const zone = p.getParameter('tzid');
      return (p.getValues() as ICAL.Time[]).map((t) =>
        instantOf(t, typeof zone === 'string' ? zone : startZone, clinicianZone, unknownZones),
      );
    });
    const moved = overrides
      .filter((o) => o.uid === event.uid && o.recurrenceId)
      .flatMap((o) => {
        const original = instantOf(o.recurrenceId, tzidOf(o, 'recurrence-id') ?? startZone, clinicianZone, unknownZones);
        if (String(o.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') {
          exdates.push(original);
          return [];
        }
        const mStart = instantOf(o.startDate, tzidOf(o, 'dtstart') ?? startZone, clinicianZone, unknownZones);
        const mEnd = o.endDate
          ? instantOf(o.endDate, tzidOf(o, 'dtend') ?? tzidOf(o, 'dtstart') ?? startZone, clinicianZone, unknownZones)
          : mStart + (end - start);
        return [{ original, start: mStart, end: mEnd }];
      });
    events.push({ ...base, rrule, exdates: [...new Set(exdates)].sort((a, b) => a - b), moved });
  });
  const notices = [...unknownZones].map(
    (z) =>
      `The file uses a time zone Holdspace does not know (“${z}”); its times were read as ${clinicianZone}. Check them in the preview.`,
  );
  return { events: events.sort((a, b) => a.start - b.start), skipped, notices };
}

/** What the clinician chose for one person (or summary) in the file. */
export type ImportTarget = { type: 'client'; id: string } | { type: 'group'; id: string } | { type: 'other' } | { type: 'skip' };

/** The kind an imported event becomes: the client's or group's, else what the file says, else admin time. */
export function kindFor(event: ImportedEvent, target: ImportTarget): AppointmentKind | null {
  if (target.type === 'skip') return null;
  if (target.type === 'client') return 'individual';
  if (target.type === 'group') return 'group';
  const hint = event.kindHint;
  return hint === 'supervision' || hint === 'self-care' || hint === 'admin' ? hint : 'admin';
}

export interface ImportPlan {
  series: Series[];
  appointments: Appointment[];
  /** The appointments each event (by its index in the file) becomes. */
  byEvent: Map<number, Appointment[]>;
}

/** Recurring events are kept as far as this past their first session, or today, whichever is later. */
const MATERIALISE_AHEAD_MS = 2 * 366 * 86_400_000;

/**
 * The records an import will write: one Series per repeating event (its rule, zone and
 * exceptions kept) with an Appointment per occurrence, one Appointment per single event.
 */
export function buildImport(
  events: readonly ImportedEvent[],
  targetOf: (event: ImportedEvent) => ImportTarget,
  options: { now: number; newId: () => string; overrideReason?: (event: ImportedEvent, start: number) => string },
): ImportPlan {
  const series: Series[] = [];
  const appointments: Appointment[] = [];
  const byEvent = new Map<number, Appointment[]>();
  const { now, newId } = options;
  for (const event of events) {
    const target = targetOf(event);
    const kind = kindFor(event, target);
    if (!kind) continue;
    const who = {
      ...(target.type === 'client' ? { clientId: target.id } : {}),
      ...(target.type === 'group' ? { groupId: target.id } : {}),
    };
    const title = target.type === 'other' ? event.summary.slice(0, 200) : '';
    const appointment = (start: number, end: number, seriesId?: string): Appointment => ({
      id: newId(),
      kind,
      status: 'scheduled',
      start,
      end,
      ...who,
      ...(seriesId ? { seriesId } : {}),
      title,
      location: '',
      overrideReason: options.overrideReason?.(event, start) ?? '',
      createdAt: now,
      updatedAt: now,
    });
    const mine: Appointment[] = [];
    byEvent.set(event.index, mine);
    if (!event.rrule) {
      mine.push(appointment(event.start, event.end));
      appointments.push(...mine);
      continue;
    }
    const s: Series = {
      id: newId(),
      kind,
      ...who,
      rrule: event.rrule,
      dtstart: event.start,
      timeZone: event.timeZone,
      durationMinutes: Math.max(5, Math.min(720, Math.round((event.end - event.start) / 60_000))),
      cancelled: event.exdates,
      moved: event.moved,
      title,
      createdAt: now,
      updatedAt: now,
    };
    series.push(s);
    const until = Math.max(event.start, now) + MATERIALISE_AHEAD_MS;
    for (const o of expandSeries(s, { from: event.start, to: until }, { includeCancelled: false }))
      mine.push(appointment(o.start, o.end, s.id));
    appointments.push(...mine);
  }
  return { series, appointments, byEvent };
}
