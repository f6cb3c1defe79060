/**
 * Small zone-aware calendar helpers for the Balance feature. Every boundary is computed in the
 * clinician's IANA zone, so a day crossing a clock change is 23 or 25 hours long and a week is
 * 167 or 169 hours. Instants are epoch milliseconds, as in shared/records.ts.
 */
import { tz } from '@date-fns/tz';
import { addDays, addWeeks, format, startOfDay, startOfWeek } from 'date-fns';
import { displayLongDate, displayShortDay, displayTime } from '../locale/format';

/** A half-open span of instants: `from` is included, `to` is not. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Start of the local calendar day containing `instant`. */
export function startOfLocalDay(instant: number, timeZone: string): number {
  return startOfDay(instant, { in: tz(timeZone) }).getTime();
}

/**
 * The start of the local day `days` days after the day starting at `dayStart` (DST-safe, unlike
 * adding 24 hours). Taken as the start of that day, not the same clock time: where a clock
 * change skips midnight (Santiago, Havana) the day starts at 01:00, and the days after it at 00:00.
 */
export function addLocalDays(dayStart: number, days: number, timeZone: string): number {
  return startOfLocalDay(addDays(dayStart, days, { in: tz(timeZone) }).getTime(), timeZone);
}

/** Monday 00:00 local time of the week containing `instant`. */
export function startOfLocalWeek(instant: number, timeZone: string): number {
  return startOfWeek(instant, { weekStartsOn: 1, in: tz(timeZone) }).getTime();
}

/** The start of the week `weeks` weeks on (its Monday's first instant, as {@link addLocalDays}). */
export function addLocalWeeks(weekStart: number, weeks: number, timeZone: string): number {
  return startOfLocalDay(addWeeks(weekStart, weeks, { in: tz(timeZone) }).getTime(), timeZone);
}

/** The local calendar date as 2026-03-23, used as a stable key for days. */
export function localDateKey(instant: number, timeZone: string): string {
  return format(instant, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/** 24-hour clock time such as 14:00, the way a UK clinician reads a diary. */
export function localTime(instant: number, timeZone: string): string {
  return displayTime(instant, timeZone);
}

/** A short date a clinician reads at a glance, such as "Tue 24 Mar". */
export function localShortDate(instant: number, timeZone: string): string {
  return displayShortDay(instant, timeZone);
}

/** A date spelled out for screen readers, such as "Monday 23 March 2026". */
export function localLongDate(instant: number, timeZone: string): string {
  return displayLongDate(instant, timeZone);
}

/** Local midnights of every calendar day that overlaps the range, in order. */
export function localDaysInRange(range: TimeRange, timeZone: string): number[] {
  const days: number[] = [];
  for (let day = startOfLocalDay(range.from, timeZone); day < range.to; day = addLocalDays(day, 1, timeZone)) days.push(day);
  return days;
}

/** Monday midnights of every week that overlaps the range, in order. */
export function localWeeksInRange(range: TimeRange, timeZone: string): number[] {
  const weeks: number[] = [];
  for (let week = startOfLocalWeek(range.from, timeZone); week < range.to; week = addLocalWeeks(week, 1, timeZone))
    weeks.push(week);
  return weeks;
}
