/** Conversions between the form fields (date, HH:MM in the clinician's zone) and instants. */
import { dayRange, instantFromZoned, weekRange, zonedParts } from '../../../shared/scheduling';
import { offsetAt } from '../../../shared/scheduling/time';
import { displayClockText, displayLongDate } from '../../../shared/locale/format';

export const pad = (n: number): string => String(n).padStart(2, '0');

export const dateField = (instant: number, tz: string): string => {
  const p = zonedParts(instant, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
};
/** "HH:MM" on the 24-hour clock, as the time fields hold it whatever clock the clinician reads (not `formatClock`'s "9:00 AM"). */
export const timeField = (instant: number, tz: string): string => {
  const p = zonedParts(instant, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
};

/** `null` when the fields are not a real date and time. */
export function instantFromFields(date: string, time: string, tz: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return instantFromZoned({ year, month, day, hour, minute }, tz);
}

/** Minutes the zone's clock is ahead of UTC at an instant. */
const offsetMinutes = (instant: number, tz: string): number => Math.round(offsetAt(instant, tz) / 60_000);

const amountOf = (minutes: number): string =>
  minutes === 60 ? 'an hour' : minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;

/** A time typed on a clock-change day that does not name one instant. */
export interface ClockChange {
  /** `skipped`: the clocks jump over it (there is no such time). `twice`: the clocks go back over it. */
  kind: 'skipped' | 'twice';
  message: string;
}

/**
 * What a clock change does to a date and time typed in the clinician's zone: a time the clocks
 * skip (02:30 when they go from 02:00 to 03:00) does not exist, and one they go back over
 * (01:30 when they go from 02:00 back to 01:00) happens twice; Holdspace books the first.
 * `null` for an ordinary time, or fields that are not a date and time.
 */
export function clockChangeAt(date: string, time: string, tz: string): ClockChange | null {
  const at = instantFromFields(date, time, tz);
  if (at === null) return null;
  const day = displayLongDate(instantFromFields(date, '12:00', tz) ?? at, tz);
  const shift = Math.abs(offsetMinutes(at + 86_400_000, tz) - offsetMinutes(at - 86_400_000, tz));
  if (dateField(at, tz) !== date || timeField(at, tz) !== time)
    return {
      kind: 'skipped',
      message: `${displayClockText(time)} does not exist on ${day}: the clocks go forward ${amountOf(shift || 60)} then. Choose another time.`,
    };
  if (shift > 0) {
    const again = at + shift * 60_000;
    if (dateField(again, tz) === date && timeField(again, tz) === time)
      return {
        kind: 'twice',
        message: `${displayClockText(time)} happens twice on ${day}, because the clocks go back ${amountOf(shift)}: Holdspace books the first ${displayClockText(time)}, before they go back.`,
      };
  }
  return null;
}

/** The days shown by a view, each as its [from, to) range (a clock-change day is 23 or 25 hours). */
export function daysOf(view: 'week' | 'day', anchor: number, tz: string): { from: number; to: number }[] {
  if (view === 'day') return [dayRange(anchor, tz)];
  const week = weekRange(anchor, tz);
  const days: { from: number; to: number }[] = [];
  let cursor = week.from;
  while (cursor < week.to) {
    const day = dayRange(cursor, tz);
    days.push(day);
    cursor = day.to;
  }
  return days;
}

/** Shifts an instant by whole calendar days, keeping its wall-clock time across clock changes. */
export function addDays(instant: number, days: number, tz: string): number {
  const p = zonedParts(instant, tz);
  const shifted = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return instantFromZoned(
    {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: p.hour,
      minute: p.minute,
    },
    tz,
  );
}

export function addMonths(instant: number, months: number, tz: string): number {
  const p = zonedParts(instant, tz);
  const shifted = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  return instantFromZoned({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: 1, hour: 12, minute: 0 }, tz);
}
