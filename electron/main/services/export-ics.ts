/**
 * Formats a calendar export (.ics, RFC 5545) with ical-generator. Every time carries the
 * clinician's zone as TZID, and the zone's VTIMEZONE (written from this computer's zone
 * rules, vtimezone.ts) is included so programs that don't know IANA names still place
 * sessions correctly across clock changes. What each event says was decided in
 * shared/transfer/ics.ts.
 */
import { TZDate } from '@date-fns/tz';
import ical, { ICalEventStatus } from 'ical-generator';
import { icsExportRequestSchema } from '../../../shared/transfer/ics';
import type { IcsExportRequest } from '../../../shared/transfer/ics';
import { KIND_CATEGORY } from '../../../shared/transfer/ics-kinds';
import { zonedParts } from '../../../shared/scheduling/time';
import { vtimezoneFor } from './vtimezone';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const YEAR = 365.25 * 86_400_000;
/** How far past the last session the zone's clock changes are written. */
const VTIMEZONE_YEARS_AHEAD = 20;

/** A local date-time in the zone, as RFC 5545 writes it next to a TZID ("20270302T100000"). */
function localStamp(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  const seconds = Math.floor((((instant % 60_000) + 60_000) % 60_000) / 1000);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(seconds)}`;
}

export function renderIcs(input: IcsExportRequest, stamp: number): string {
  const request = icsExportRequestSchema.parse(input);
  const tz = request.timeZone;
  // No calendar-wide zone: ical-generator would then write DTSTAMP in local time, which RFC 5545 forbids.
  const calendar = ical({ name: request.calendarName, prodId: { company: 'Holdspace', product: 'Holdspace', language: 'EN' } });
  for (const e of request.events) {
    const event = calendar.createEvent({
      id: e.uid,
      start: new TZDate(e.start, tz),
      end: new TZDate(e.end, tz),
      timezone: tz,
      stamp: new Date(stamp),
      summary: e.summary,
      status: ICalEventStatus.CONFIRMED,
      categories: [{ name: KIND_CATEGORY[e.category] }],
    });
    if (e.recurrenceId !== undefined) event.recurrenceId(new TZDate(e.recurrenceId, tz));
    if (e.rrule) {
      const lines = [`RRULE:${e.rrule}`];
      if (e.exdates.length > 0) lines.push(`EXDATE;TZID=${tz}:${e.exdates.map((x) => localStamp(x, tz)).join(',')}`);
      event.repeating(lines.join('\r\n'));
    }
  }
  const text = calendar.toString();
  // The zone's clock changes from a year before the first session to well past the last one
  // (a weekly series runs on from its first session; the file may be kept for years).
  let first = stamp;
  let last = stamp;
  for (const e of request.events) {
    first = Math.min(first, e.start);
    last = Math.max(last, e.end);
  }
  const block = vtimezoneFor(tz, first - YEAR, last + VTIMEZONE_YEARS_AHEAD * YEAR);
  if (!block) return text;
  // The zone's definition goes before the first event, as calendar programs expect.
  const at = text.indexOf('BEGIN:VEVENT');
  return at === -1 ? text.replace('END:VCALENDAR', `${block}END:VCALENDAR`) : text.slice(0, at) + block + text.slice(at);
}
