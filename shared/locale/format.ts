/**
 * The one place dates and times become text, in the clinician's locale and hour cycle
 * ("09:00" in en-GB, "9:00 AM" in en-US, or whichever clock the clinician chose).
 *
 * The display format is held here for the whole page rather than passed to every call: it
 * is a presentation preference like ICU's default locale, read by every screen and every
 * message the scheduling core writes, and threading it through each of those calls would
 * change every signature without changing any meaning. The renderer sets it from Settings
 * (`setDisplayFormat`) before the first screen draws; until then, and in main, it is en-GB
 * with its 24-hour clock.
 */

export type HourCycle = 'auto' | 'h12' | 'h23';

export interface DisplayFormat {
  /** A BCP 47 tag such as "en-GB" or "en-US". */
  locale: string;
  /** "auto" follows the locale; h12 and h23 override it. */
  hourCycle: HourCycle;
}

const FALLBACK: DisplayFormat = { locale: 'en-GB', hourCycle: 'auto' };
let current: DisplayFormat = FALLBACK;
const formatters = new Map<string, Intl.DateTimeFormat>();
const localeUsesTwelveHours = new Map<string, boolean>();
const hourLabelFormats = new Map<string, Intl.DateTimeFormat>();

/** A tag Intl understands, or null (a hand-edited "xx_YY" or an empty string). */
export function supportedLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? null;
  } catch {
    return null;
  }
}

export function setDisplayFormat(format: DisplayFormat): void {
  const locale = supportedLocale(format.locale) ?? FALLBACK.locale;
  if (locale === current.locale && format.hourCycle === current.hourCycle) return;
  current = { locale, hourCycle: format.hourCycle };
  formatters.clear();
}

export function displayFormat(): DisplayFormat {
  return current;
}

/** The clinician's date format as a PDF request carries it, so printed dates read as the screen's. */
export function pdfDateFormat(): { locale: string; hourCycle: DisplayFormat['hourCycle'] } {
  return { locale: current.locale, hourCycle: current.hourCycle };
}

/** True when times read on a 12-hour clock ("9:00 AM") in the current display format. */
export function usesTwelveHourClock(format: DisplayFormat = current): boolean {
  if (format.hourCycle !== 'auto') return format.hourCycle === 'h12';
  // Asked for every hour label and time field a screen renders: one formatter per locale, not one per call.
  let twelve = localeUsesTwelveHours.get(format.locale);
  if (twelve === undefined) {
    const cycle = new Intl.DateTimeFormat(format.locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    twelve = cycle === 'h11' || cycle === 'h12';
    localeUsesTwelveHours.set(format.locale, twelve);
  }
  return twelve;
}

type Style =
  'time' | 'day' | 'weekday' | 'shortDay' | 'dayMonthYear' | 'shortDate' | 'numericDate' | 'monthYear' | 'dayMonth' | 'dateTime';

const STYLES: Record<Style, Intl.DateTimeFormatOptions> = {
  time: { hour: 'numeric', minute: '2-digit' },
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  weekday: { weekday: 'long' },
  shortDay: { weekday: 'short', day: 'numeric', month: 'short' },
  dayMonthYear: { day: 'numeric', month: 'long', year: 'numeric' },
  shortDate: { day: 'numeric', month: 'short', year: 'numeric' },
  numericDate: { day: '2-digit', month: '2-digit', year: 'numeric' },
  monthYear: { month: 'long', year: 'numeric' },
  dayMonth: { day: 'numeric', month: 'long' },
  dateTime: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' },
};

/** The formatter for a style in a given display format (the page's own, or one passed to main for a PDF). */
function makeFormatter(style: Style, timeZone: string, format: DisplayFormat): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { ...STYLES[style], timeZone };
  if ('hour' in options) {
    const twelve = usesTwelveHourClock(format);
    options.hourCycle = twelve ? 'h12' : 'h23';
    // A 24-hour clock reads best with a leading zero ("09:00"); a 12-hour one without ("9:00 AM").
    options.hour = twelve ? 'numeric' : '2-digit';
  }
  return new Intl.DateTimeFormat(format.locale, options);
}

function formatter(style: Style, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = makeFormatter(style, timeZone, current);
    formatters.set(key, f);
  }
  return f;
}

/**
 * A formatting function for one display format, independent of the page's: main uses it to
 * write dates in a PDF as the clinician sees them on screen ("1 Jun 2026", "Jun 1, 2026").
 */
export function formatterFor(
  format: DisplayFormat,
  style: 'shortDate' | 'dateTime' | 'dayMonthYear',
  timeZone: string,
): (instant: number) => string {
  const locale = supportedLocale(format.locale) ?? FALLBACK.locale;
  const f = makeFormatter(style, timeZone, { locale, hourCycle: format.hourCycle });
  return (instant) => f.format(instant);
}

/** "09:00" or "9:00 AM". */
export const displayTime = (instant: number, timeZone: string): string => formatter('time', timeZone).format(instant);
/** "Monday 1 June" or "Monday, June 1". */
export const displayDay = (instant: number, timeZone: string): string => formatter('day', timeZone).format(instant);
/** "Monday". */
export const displayWeekday = (instant: number, timeZone: string): string => formatter('weekday', timeZone).format(instant);
/** "Mon 1 Jun" or "Mon, Jun 1". */
export const displayShortDay = (instant: number, timeZone: string): string => formatter('shortDay', timeZone).format(instant);
/** "Monday 1 June 2026" or "Monday, June 1, 2026". */
export const displayLongDate = (instant: number, timeZone: string): string =>
  // Built from two parts: ICU's own full date puts a comma after the weekday ("Monday, 1 June
  // 2026"), which reads badly inside a sentence that lists days with commas.
  `${displayWeekday(instant, timeZone)} ${formatter('dayMonthYear', timeZone).format(instant)}`;
/** "1 Jun 2026" or "Jun 1, 2026". */
export const displayShortDate = (instant: number, timeZone: string): string => formatter('shortDate', timeZone).format(instant);
/** "1 June 2026" or "June 1, 2026". */
export const displayDate = (instant: number, timeZone: string): string => formatter('dayMonthYear', timeZone).format(instant);
/** "June 2026". */
export const displayMonthYear = (instant: number, timeZone: string): string => formatter('monthYear', timeZone).format(instant);
/** "1 June" or "June 1". */
export const displayDayMonth = (instant: number, timeZone: string): string => formatter('dayMonth', timeZone).format(instant);
/** "Monday 1 June 2026 at 09:00" or "Monday, June 1, 2026 at 9:00 AM". */
export const displayDateTime = (instant: number, timeZone: string): string => formatter('dateTime', timeZone).format(instant);

/** A wall-clock time kept as "HH:mm" (working hours, protected blocks) in the display format. */
export function displayClockText(hhmm: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) return hhmm;
  return displayTime(Date.UTC(2000, 0, 3, Number(match[1]), Number(match[2])), 'UTC');
}

/** An hour on a time axis: "09:00" on a 24-hour clock, "9 AM" on a 12-hour one (short enough for a narrow gutter). */
export function displayHourLabel(hour: number): string {
  if (!usesTwelveHourClock()) return displayClockText(`${String(hour).padStart(2, '0')}:00`);
  let f = hourLabelFormats.get(current.locale);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(current.locale, { hour: 'numeric', hourCycle: 'h12', timeZone: 'UTC' });
    hourLabelFormats.set(current.locale, f);
  }
  return f.format(Date.UTC(2000, 0, 3, hour));
}

/** A calendar date kept as "yyyy-mm-dd" in the short numeric form ("01/06/2026", "06/01/2026"). */
export function displayDateText(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return formatter('numericDate', 'UTC').format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}

/** Which order day, month and year are written in, and the separator ("dd/mm/yyyy" → ['day','month','year'], '/'). */
export function numericDatePattern(): { order: ('day' | 'month' | 'year')[]; separator: string; hint: string } {
  const parts = formatter('numericDate', 'UTC').formatToParts(Date.UTC(2026, 10, 23, 12));
  const order: ('day' | 'month' | 'year')[] = [];
  let separator = '/';
  for (const part of parts) {
    if (part.type === 'day' || part.type === 'month' || part.type === 'year') order.push(part.type);
    else if (part.type === 'literal' && order.length === 1) separator = part.value;
  }
  const hintPart = { day: 'dd', month: 'mm', year: 'yyyy' } as const;
  return { order, separator, hint: order.map((p) => hintPart[p]).join(separator) };
}

/** How a format writes a fixed moment ("Monday 1 June 2026, 01/06/2026, 14:30"), to show beside a choice. */
export function formatSample(format: DisplayFormat): string {
  const locale = supportedLocale(format.locale) ?? FALLBACK.locale;
  const at = Date.UTC(2026, 5, 1, 14, 30);
  const twelve = usesTwelveHourClock({ locale, hourCycle: format.hourCycle });
  const part = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(at);
  return [
    `${part({ weekday: 'long' })} ${part({ day: 'numeric', month: 'long', year: 'numeric' })}`,
    part({ day: '2-digit', month: '2-digit', year: 'numeric' }),
    part({ hour: twelve ? 'numeric' : '2-digit', minute: '2-digit', hourCycle: twelve ? 'h12' : 'h23' }),
  ].join(', ');
}

/** A count in the display locale ("140,759" in en-GB, "140.759" in de-DE). */
export const displayCount = (n: number): string => new Intl.NumberFormat(current.locale).format(n);

/**
 * When something happened, as a clinician says it: "09:14 today", "16:40 yesterday", or
 * "Mon 23 Nov, 09:14" further back (days are the practice's, in its zone).
 */
export function displayWhen(instant: number, now: number, timeZone: string): string {
  const time = displayTime(instant, timeZone);
  const behind = localDayNumber(now, timeZone) - localDayNumber(instant, timeZone);
  if (behind === 0) return `${time} today`;
  if (behind === 1) return `${time} yesterday`;
  return `${displayShortDay(instant, timeZone)}, ${time}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Days since 1970-01-01 on the zone's calendar: 23- and 25-hour days around a clock change count as one. */
export function localDayNumber(instant: number, timeZone: string): number {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000);
}
