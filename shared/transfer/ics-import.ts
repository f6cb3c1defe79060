/**
 * Calendar import (.ics, RFC 5545) with ical.js: reads a file exported from Google Calendar,
 * Outlook, another practice system or Holdspace itself into events the clinician previews,
 * and, once they have matched each person to a client, a group or "Other", into the series
 * and appointments Holdspace stores. Pure: nothing is written here.
 *
 * ical.js forgives a great deal (it turns "T250000" into the next day), so the file's
 * structure and every date-time are checked first, line by line, and a bad file is refused
 * with the line that failed rather than imported wrongly. Past that, a bad event (or one moved
 * session of a series) is skipped with the reason and the rest of the file is read; nothing in
 * a file can make a series with more sessions than Holdspace keeps, or none at all.
 */
import ICAL from 'ical.js';
import { findIana } from 'windows-iana';
import type { Appointment, AppointmentKind, Series } from '../records';
import { displayDateTime } from '../locale/format';
import { countOccurrences, expandSeries, validateRule } from '../scheduling/recurrence';
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

/** The furthest any real time zone is from UTC (Kiribati, +14:00). */
const MAX_ZONE_OFFSET_SECONDS = 14 * 3600;
/** A UTC offset as ical.js keeps it: "+0530" in the file is "+05:30" here. */
const UTC_OFFSET = /^[+-](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Whether a VTIMEZONE in the file can be used: one with no rules would read every time as
 * UTC, and one with a broken offset throws when a time is read. A zone that cannot is treated
 * as unknown, so its times are read in the clinician's zone, with a notice.
 */
function isUsableZone(vtz: ICAL.Component): boolean {
  try {
    const rules = [...vtz.getAllSubcomponents('standard'), ...vtz.getAllSubcomponents('daylight')];
    if (rules.length === 0) return false;
    for (const rule of rules) {
      if (!rule.hasProperty('dtstart')) return false;
      for (const name of ['tzoffsetfrom', 'tzoffsetto']) {
        // The text as written: ical.js quietly turns "+2359" into -03:01.
        const written: unknown = rule.getFirstProperty(name)?.jCal[3];
        const m = typeof written === 'string' ? UTC_OFFSET.exec(written) : null;
        if (!m || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return false;
        if (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) > MAX_ZONE_OFFSET_SECONDS) return false;
      }
    }
    const zone = new ICAL.Timezone(vtz);
    for (const month of [1, 7]) zone.utcOffset(ICAL.Time.fromData({ year: 2026, month, day: 15, hour: 12 }));
    return true;
  } catch {
    return false;
  }
}

/** How times are read: the zones the file defines usably, the clinician's for the rest, and the zones read that way. */
interface Zones {
  usable: Set<string>;
  fallback: string;
  unknown: Set<string>;
  /** Zones defined in the file, with no IANA name, that a repeating event starts in. */
  unnamedRepeating: Set<string>;
}

/**
 * The IANA zone a TZID names: itself, or the zone a Windows name stands for (Outlook and
 * Exchange write "Eastern Standard Time", mapped by CLDR's table in `windows-iana`), so a series
 * from them repeats across clock changes as it does for the organiser.
 */
function ianaZoneOf(tzid: string | undefined): string | undefined {
  if (!tzid) return undefined;
  if (isValidTimeZone(tzid)) return tzid;
  return findIana(tzid.trim()).find((zone) => isValidTimeZone(zone));
}

/** An ICAL.Time as an instant: IANA zones (and Windows names for them) through the platform's database, others through the file's VTIMEZONE. */
function instantOf(time: ICAL.Time, tzid: string | undefined, zones: Zones): number {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute };
  const seconds = time.second * 1000;
  if (time.zone === ICAL.Timezone.utcTimezone)
    return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const iana = ianaZoneOf(tzid);
  if (iana) return instantFromZoned(wall, iana) + seconds;
  if (tzid && zones.usable.has(tzid) && time.zone && time.zone.tzid === tzid && time.zone !== ICAL.Timezone.localTimezone) {
    try {
      return time.toUnixTime() * 1000;
    } catch {
      // The file's definition of the zone fails for this time: read it as the clinician's, with the notice.
    }
  }
  if (tzid) zones.unknown.add(tzid);
  return instantFromZoned(wall, zones.fallback) + seconds;
}

const MAX_SESSION_MS = 12 * 3_600_000;

type TimesProblem = 'no start' | 'all day' | 'ends first' | 'too long';

/**
 * An event's start and end, or what is wrong with them. `zone` is the TZID to assume where the
 * event names none, and `duration` the length to assume when it has no end.
 */
function timesOf(
  event: ICAL.Event,
  assumed: { zone: string | undefined; duration: number },
  zones: Zones,
): { start: number; end: number } | { problem: TimesProblem } {
  if (!event.startDate) return { problem: 'no start' };
  if (event.startDate.isDate) return { problem: 'all day' };
  const startZone = tzidOf(event, 'dtstart') ?? assumed.zone;
  const start = instantOf(event.startDate, startZone, zones);
  const hasEnd = event.component.hasProperty('dtend') || event.component.hasProperty('duration');
  const end =
    hasEnd && !event.endDate.isDate
      ? instantOf(event.endDate, tzidOf(event, 'dtend') ?? startZone, zones)
      : start + assumed.duration;
  if (!(end > start)) return { problem: 'ends first' };
  if (end - start > MAX_SESSION_MS) return { problem: 'too long' };
  return { start, end };
}

const EVENT_PROBLEMS: Record<TimesProblem, string> = {
  'no start': 'It has no start time.',
  'all day': 'All-day events are not sessions; add them by hand if you need them.',
  'ends first': 'It ends before it starts.',
  'too long': 'It lasts longer than 12 hours, longer than any session.',
};

/** The same problems in a session moved within a series: "The session of … was moved …". */
const MOVED_PROBLEMS: Record<TimesProblem, string> = {
  'no start': 'without a new time',
  'all day': 'to a whole day rather than a time',
  'ends first': 'to a time that ends before it starts',
  'too long': 'to a time lasting more than 12 hours',
};

/** One repeating event keeps at most this many sessions, and one import adds at most this many. */
export const MAX_SERIES_SESSIONS = 5_000;
export const MAX_IMPORT_SESSIONS = 25_000;

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const SKIP = {
  unreadable: 'Part of it could not be read, so it was left out; add it by hand if you need it.',
  never:
    'It never happens: its repeat pattern gives no dates between its start and two years from now (such as 30 February, or an end before the start).',
  tooMany: `It has more than ${thousands(MAX_SERIES_SESSIONS)} sessions, more than Holdspace keeps in one repeating series. Shorten it in your calendar, or add it by hand.`,
  full: `One import can add at most ${thousands(MAX_IMPORT_SESSIONS)} sessions and this file has more, so this event was left out. Import it from a smaller file.`,
  orphan: 'It changes one session of a repeating event that is not in the file; add it by hand if you need it.',
  movedUnreadable: 'One changed session of this series could not be read, so it is left out; the rest of the series is imported.',
};

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

/** Recurring events are kept as far as this past their first session, or today, whichever is later. */
const MATERIALISE_AHEAD_MS = 2 * 366 * 86_400_000;
const materialiseUntil = (start: number, now: number) => Math.max(start, now) + MATERIALISE_AHEAD_MS;

/**
 * Reads an .ics file. Throws IcsImportError with the failing line when it cannot be used at all;
 * an event that cannot be used is skipped with the reason, and the rest of the file is read.
 * `now` (default: the clock) is where the two years of sessions a repeating event is kept for start.
 */
export function parseIcs(text: string, clinicianZone: string, options: { now?: number } = {}): ParsedCalendar {
  const now = options.now ?? Date.now();
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
  const zones: Zones = { usable: new Set(), fallback: clinicianZone, unknown: new Set(), unnamedRepeating: new Set() };
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = vtz.getFirstPropertyValue('tzid');
    if (typeof tzid !== 'string' || !isUsableZone(vtz)) continue;
    try {
      ICAL.TimezoneService.register(vtz);
      zones.usable.add(tzid);
    } catch {
      // Left unknown: its times are read as the clinician's, with the notice.
    }
  }
  const events: ImportedEvent[] = [];
  const skipped: SkippedEvent[] = [];
  const components = root.getAllSubcomponents('vevent');
  const uidOf = (c: ICAL.Component) => String(c.getFirstPropertyValue('uid') ?? '');
  const summaryOf = (c: ICAL.Component) => String(c.getFirstPropertyValue('summary') ?? '').trim();
  const isCancelled = (c: ICAL.Component) => String(c.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
  // The sessions moved or cancelled within a series (RECURRENCE-ID), found once and kept by UID:
  // left to itself, ical.js searches the whole file for each event's, which is slow for thousands.
  const overridesByUid = new Map<string, { index: number; component: ICAL.Component }[]>();
  const seriesUids = new Set<string>();
  components.forEach((component, index) => {
    const uid = uidOf(component);
    if (!component.hasProperty('recurrence-id')) seriesUids.add(uid);
    else if (uid !== '') {
      const mine = overridesByUid.get(uid) ?? [];
      mine.push({ index, component });
      overridesByUid.set(uid, mine);
    }
  });
  let sessions = 0;
  components.forEach((component, index) => {
    const uid = uidOf(component);
    const summary = summaryOf(component) || 'Untitled event';
    const skip = (reason: string) => void skipped.push({ index, summary, reason });
    if (component.hasProperty('recurrence-id')) {
      // Read with its series; one whose series is not in the file would otherwise vanish.
      if ((uid === '' || !seriesUids.has(uid)) && !isCancelled(component)) skip(SKIP.orphan);
      return;
    }
    if (isCancelled(component)) return skip('Cancelled in the file.');
    try {
      const overrides = uid === '' ? [] : (overridesByUid.get(uid) ?? []);
      const exceptions = overrides.map((o) => new ICAL.Event(o.component));
      const event = new ICAL.Event(component, { exceptions });
      const times = timesOf(event, { zone: undefined, duration: 3_600_000 }, zones);
      if ('problem' in times) return skip(EVENT_PROBLEMS[times.problem]);
      const { start, end } = times;
      const startZone = tzidOf(event, 'dtstart');
      const attendees = attendeesOf(event);
      const nameInSummary = summary.replace(SUMMARY_PREFIX, '').trim();
      const who = attendees.length > 0 ? attendees.map((a) => a.name || a.email).join(', ') : nameInSummary || summary;
      const timeZone = ianaZoneOf(startZone) ?? clinicianZone;
      // A zone the file defines under a name Holdspace cannot place: the first session is right, but the series
      // repeats at the same clock time in the clinician's zone, whose clocks may change on other dates.
      if (startZone && ianaZoneOf(startZone) === undefined && event.isRecurring()) zones.unnamedRepeating.add(startZone);
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
        if (sessions + 1 > MAX_IMPORT_SESSIONS) return skip(SKIP.full);
        sessions += 1;
        events.push(base);
        return;
      }
      const rules = event.component.getAllProperties('rrule');
      if (rules.length !== 1 || event.component.hasProperty('rdate'))
        return skip('It repeats in a way Holdspace cannot keep (several rules or extra dates); add it by hand.');
      const rrule = String(rules[0]!.getFirstValue()).replace(/^RRULE:/i, '');
      const problem = validateRule(rrule);
      if (problem) return skip(problem);
      const count = /(?:^|;)COUNT=(\d+)/i.exec(rrule);
      if (count && Number(count[1]) > MAX_SERIES_SESSIONS) return skip(SKIP.tooMany);
      if (sessions >= MAX_IMPORT_SESSIONS) return skip(SKIP.full);
      // Counted no further than either limit, so a rule that would make millions stops early.
      const atMost = Math.min(MAX_SERIES_SESSIONS, MAX_IMPORT_SESSIONS - sessions) + 1;
      const made = countOccurrences(
        { rrule, dtstart: start, timeZone },
        { from: start, to: materialiseUntil(start, now) },
        atMost,
      );
      if (made === 0) return skip(SKIP.never);
      if (made > MAX_SERIES_SESSIONS) return skip(SKIP.tooMany);
      if (sessions + made > MAX_IMPORT_SESSIONS) return skip(SKIP.full);
      const exdates = event.component.getAllProperties('exdate').flatMap((p) => {
        const zone = p.getParameter('tzid');
        return (p.getValues() as ICAL.Time[]).map((t) => instantOf(t, typeof zone === 'string' ? zone : startZone, zones));
      });
      const moved: ImportedEvent['moved'] = [];
      const movedSkips: SkippedEvent[] = [];
      exceptions.forEach((o, i) => {
        const leaveOut = (reason: string) =>
          movedSkips.push({ index: overrides[i]!.index, summary: (o.summary ?? '').trim() || summary, reason });
        // A session that cannot be kept at its new time is not kept at its old one either: it is cancelled.
        let original: number | undefined;
        try {
          original = instantOf(o.recurrenceId, tzidOf(o, 'recurrence-id') ?? startZone, zones);
          if (isCancelled(o.component)) return void exdates.push(original);
          const at = timesOf(o, { zone: startZone, duration: end - start }, zones);
          if (!('problem' in at)) return void moved.push({ original, start: at.start, end: at.end });
          exdates.push(original);
          const when = displayDateTime(original, clinicianZone);
          leaveOut(
            `The session of ${when} was moved ${MOVED_PROBLEMS[at.problem]}, so it is left out; the rest of the series is imported.`,
          );
        } catch {
          if (original !== undefined) exdates.push(original);
          leaveOut(SKIP.movedUnreadable);
        }
      });
      sessions += made;
      for (const m of movedSkips) skipped.push(m);
      events.push({ ...base, rrule, exdates: [...new Set(exdates)].sort((a, b) => a - b), moved });
    } catch {
      skip(SKIP.unreadable);
    }
  });
  const notices = [
    ...[...zones.unknown].map(
      (z) =>
        `The file uses a time zone Holdspace does not know (“${z}”); its times were read as ${clinicianZone}. Check them in the preview.`,
    ),
    ...[...zones.unnamedRepeating]
      .filter((z) => !zones.unknown.has(z))
      .map(
        (z) =>
          `Repeating events in the file’s time zone “${z}” keep their clock time in ${clinicianZone} from their first session on; if that zone changes its clocks on other dates, check the sessions after a clock change.`,
      ),
  ];
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
      appointments.push(mine[0]!);
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
    // One at a time: a long series can be more sessions than a call takes arguments.
    for (const o of expandSeries(s, { from: event.start, to: materialiseUntil(event.start, now) }, { includeCancelled: false })) {
      const a = appointment(o.start, o.end, s.id);
      mine.push(a);
      appointments.push(a);
    }
  }
  return { series, appointments, byEvent };
}
