/**
 * The group form's schedule: weekdays, a start time, a first date and a number of sessions,
 * turned into what the calendar's booking needs. Pure, so it is tested without a browser.
 */
import { instantFromZoned, weeklyRule } from '../../../shared/scheduling';

export interface ScheduleForm {
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: readonly number[];
  /** "18:00" */
  startTime: string;
  /** "2026-03-14": the first session is on this date or the next chosen weekday after it. */
  firstDate: string;
  durationMinutes: number;
  count: number;
}

export type ScheduleResult =
  | { ok: true; firstStart: number; rule: string; weekdays: number[]; durationMinutes: number; count: number }
  | { ok: false; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MAX_SESSIONS_PER_SCHEDULE = 104;

/**
 * Checks the schedule and finds the first session: the first date that falls on a chosen
 * weekday, on or after the date given. A clinician who picks "Thursdays, starting 1 March"
 * means the first Thursday from then, not a session on a Sunday.
 */
export function planSchedule(form: ScheduleForm, timeZone: string): ScheduleResult {
  const weekdays = [...new Set(form.weekdays)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort();
  if (weekdays.length === 0) return { ok: false, message: 'Choose at least one day the group meets on.' };
  const date = DATE.exec(form.firstDate);
  if (!date) return { ok: false, message: 'Enter the date of the first session.' };
  const time = TIME.exec(form.startTime);
  if (!time) return { ok: false, message: 'Enter the time the group starts, such as 18:00.' };
  if (!Number.isInteger(form.durationMinutes) || form.durationMinutes < 15 || form.durationMinutes > 480) {
    return { ok: false, message: 'Sessions must last between 15 minutes and 8 hours.' };
  }
  if (!Number.isInteger(form.count) || form.count < 1 || form.count > MAX_SESSIONS_PER_SCHEDULE) {
    return { ok: false, message: `Choose between 1 and ${MAX_SESSIONS_PER_SCHEDULE} sessions.` };
  }
  const [, y, m, d] = date.map(Number) as [number, number, number, number];
  const start = new Date(Date.UTC(y, m - 1, d));
  if (start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d) return { ok: false, message: 'That date does not exist.' };
  // Calendar arithmetic in UTC (no clock changes), then read as wall-clock time in the clinician's zone.
  let offset = 0;
  while (!weekdays.includes((start.getUTCDay() + offset) % 7)) offset += 1;
  const first = new Date(Date.UTC(y, m - 1, d + offset));
  const firstStart = instantFromZoned(
    {
      year: first.getUTCFullYear(),
      month: first.getUTCMonth() + 1,
      day: first.getUTCDate(),
      hour: Number(time[1]),
      minute: Number(time[2]),
    },
    timeZone,
  );
  return {
    ok: true,
    firstStart,
    rule: weeklyRule({ weekdays, count: form.count }),
    weekdays,
    durationMinutes: form.durationMinutes,
    count: form.count,
  };
}

/** A file name the save dialog accepts: no path separators or characters some systems refuse. */
export function safeFileName(base: string, extension: string): string {
  const cleaned = [...base]
    .map((c) => (c.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${cleaned || 'Holdspace export'}.${extension}`;
}
