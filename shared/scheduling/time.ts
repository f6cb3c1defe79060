/**
 * Wall-clock arithmetic in an IANA time zone. Instants are epoch milliseconds; a "day" or a
 * "week" is whatever the clinician's clock says, so a week that crosses a clock change is 167
 * or 169 hours long and must never be computed as `7 * 24 * 3600 * 1000`.
 *
 * Offsets come from the platform's time-zone database through @date-fns/tz, never from a table
 * of our own, so a government moving its clock change next year needs no release from us.
 */
import { tzOffset } from '@date-fns/tz';
import { displayDay, displayTime } from '../locale/format';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export interface ZonedParts {
  year: number;
  /** 1–12, as people write it (not JavaScript's 0–11). */
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday, matching `settings.workingHours.days`. */
  weekday: number;
  hour: number;
  minute: number;
}

export interface WallClockTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export interface InstantRange {
  /** Inclusive. */
  from: number;
  /** Exclusive. */
  to: number;
}

const validZones = new Map<string, boolean>();

/** Memoised: building an Intl formatter costs far more than the rest of a booking check. */
export function isValidTimeZone(timeZone: string): boolean {
  let valid = validZones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    validZones.set(timeZone, valid);
  }
  return valid;
}

/**
 * Zone offsets, memoised per whole minute (clock changes happen on whole minutes, so every instant
 * in a minute shares its offset). Asking the platform's time-zone database costs microseconds per
 * call, and a booking check asks for the same few day boundaries dozens of times; the memo keeps
 * the check well inside its 5 ms budget. It only caches facts about the zone, so the functions
 * here stay pure. The cap bounds memory in a long session.
 */
const offsetMemo = new Map<string, Map<number, number>>();
const OFFSET_MEMO_CAP = 50_000;

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds (NaN for an unknown zone). */
export function offsetAt(instant: number, timeZone: string): number {
  const minute = Math.floor(instant / MINUTE_MS);
  let memo = offsetMemo.get(timeZone);
  if (!memo) {
    memo = new Map();
    offsetMemo.set(timeZone, memo);
  }
  let offset = memo.get(minute);
  if (offset === undefined) {
    if (memo.size >= OFFSET_MEMO_CAP) memo.clear();
    offset = tzOffset(timeZone, new Date(minute * MINUTE_MS)) * MINUTE_MS;
    memo.set(minute, offset);
  }
  return offset;
}

export function zonedParts(instant: number, timeZone: string): ZonedParts {
  // Local wall-clock time is the instant shifted by the offset, read through UTC getters (which
  // no host time zone can reinterpret).
  const local = new Date(instant + offsetAt(instant, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

const ONE_DAY_MS = 24 * HOUR_MS;

/**
 * The instant a wall clock in `timeZone` shows the given time, resolved as RFC 5545 does: a time
 * skipped by a spring clock change (01:30 in London on the last Sunday of March) is read with the
 * offset before the gap, so a booking lands at 02:30 rather than vanishing; a time that happens
 * twice in autumn means the first of the two (TZDate's constructor picks the second, which would put
 * a recurring 01:30 session an hour later on one night a year).
 */
export function instantFromZoned(wallClock: WallClockTime, timeZone: string): number {
  const { year, month, day, hour, minute } = wallClock;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Clock changes are months apart, so the offsets a day either side are the only two in play.
  const offsetBefore = offsetAt(wall - ONE_DAY_MS, timeZone);
  const offsetAfter = offsetAt(wall + ONE_DAY_MS, timeZone);
  const readsAsWall = (instant: number) => instant + offsetAt(instant, timeZone) === wall;
  const earlier = wall - Math.max(offsetBefore, offsetAfter);
  const later = wall - Math.min(offsetBefore, offsetAfter);
  if (readsAsWall(earlier)) return earlier;
  if (readsAsWall(later)) return later;
  return wall - offsetBefore;
}

export function minutesOfDay(instant: number, timeZone: string): number {
  const { hour, minute } = zonedParts(instant, timeZone);
  return hour * 60 + minute;
}

/** Calendar arithmetic on a date without a zone: UTC has no clock changes to trip over. */
function addCalendarDays(date: { year: number; month: number; day: number }, days: number) {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function startOfZonedDate(date: { year: number; month: number; day: number }, timeZone: string): number {
  return instantFromZoned({ ...date, hour: 0, minute: 0 }, timeZone);
}

/** The local calendar day containing `instant`: usually 24 hours, 23 or 25 on a clock-change day. */
export function dayRange(instant: number, timeZone: string): InstantRange {
  const today = zonedParts(instant, timeZone);
  return {
    from: startOfZonedDate(today, timeZone),
    to: startOfZonedDate(addCalendarDays(today, 1), timeZone),
  };
}

/** The local week containing `instant`, starting on `weekStartsOn` (0 = Sunday, 1 = Monday). */
export function weekRange(instant: number, timeZone: string, weekStartsOn = 1): InstantRange {
  const today = zonedParts(instant, timeZone);
  const daysIntoWeek = (today.weekday - weekStartsOn + 7) % 7;
  const firstDay = addCalendarDays(today, -daysIntoWeek);
  return {
    from: startOfZonedDate(firstDay, timeZone),
    to: startOfZonedDate(addCalendarDays(firstDay, 7), timeZone),
  };
}

/** Each local day that `range` touches, in order; a session crossing midnight touches two. */
export function daysTouched(range: InstantRange, timeZone: string): InstantRange[] {
  const days: InstantRange[] = [];
  let day = dayRange(range.from, timeZone);
  days.push(day);
  // The guard stops a malformed range (years long) from building an enormous list.
  while (day.to < range.to && days.length < 366) {
    day = dayRange(day.to, timeZone);
    days.push(day);
  }
  return days;
}

/** Parses the settings' "HH:MM" (already validated by the settings schema) into minutes after midnight. */
export function parseClockTime(hhmm: string): number {
  const [hours = '0', mins = '0'] = hhmm.split(':');
  return Number(hours) * 60 + Number(mins);
}

/** The instant a given number of minutes after local midnight on the day that starts at `dayStart`. */
export function instantAtMinutesOfDay(dayStart: number, minutesAfterMidnight: number, timeZone: string): number {
  const date = zonedParts(dayStart, timeZone);
  const nextDay = addCalendarDays(date, Math.floor(minutesAfterMidnight / (24 * 60)));
  const withinDay = minutesAfterMidnight % (24 * 60);
  return instantFromZoned({ ...nextDay, hour: Math.floor(withinDay / 60), minute: withinDay % 60 }, timeZone);
}

/** "18:00" or "6:00 PM": the clinician's locale and hour cycle (shared/locale/format.ts). */
export function formatClock(instant: number, timeZone: string): string {
  return displayTime(instant, timeZone);
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function weekdayName(weekday: number): string {
  return WEEKDAY_NAMES[((weekday % 7) + 7) % 7] ?? '';
}

/** True when two instants fall on the same local calendar day. */
export function isSameZonedDay(a: number, b: number, timeZone: string): boolean {
  const pa = zonedParts(a, timeZone);
  const pb = zonedParts(b, timeZone);
  return pa.year === pb.year && pa.month === pb.month && pa.day === pb.day;
}

/** "from 18:00 to 19:30", naming the weekday only when the span is not on the reference day. */
export function formatSpan(start: number, end: number, timeZone: string, referenceDay: number = start): string {
  const startText = isSameZonedDay(start, referenceDay, timeZone)
    ? formatClock(start, timeZone)
    : `${weekdayName(zonedParts(start, timeZone).weekday)} ${formatClock(start, timeZone)}`;
  // A session ending exactly at midnight ends "at 00:00", not "on Tuesday at 00:00".
  const endText = isSameZonedDay(Math.max(start, end - 1), start, timeZone)
    ? formatClock(end, timeZone)
    : `${weekdayName(zonedParts(end, timeZone).weekday)} ${formatClock(end, timeZone)}`;
  return `from ${startText} to ${endText}`;
}

/** Hours as a clinician would say them: "7 hours", "7.5 hours", "1 hour". */
export function formatHours(durationMs: number): string {
  const hours = Math.round((durationMs / HOUR_MS) * 100) / 100;
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

export function formatMinutes(durationMs: number): string {
  const mins = Math.round(durationMs / MINUTE_MS);
  return `${mins} ${mins === 1 ? 'minute' : 'minutes'}`;
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "Monday 9 March" (or "Monday, March 9"), the way a clinician names a day in a sentence, in their locale. */
export function formatDay(instant: number, timeZone: string): string {
  return displayDay(instant, timeZone);
}
