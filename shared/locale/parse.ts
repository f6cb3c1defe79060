/**
 * Reading a date or a time the clinician typed, in their own format. A date is accepted in the
 * locale's numeric order ("1/6/2026" in en-GB is 1 June; in en-US it is January 6) or as an ISO
 * date ("2026-06-01", which no locale misreads); a time on either clock ("9:30", "09:30",
 * "9.30 pm", "21:30", "930"). Anything else gets a message saying how to write it.
 */
import { displayClockText, displayDateText, numericDatePattern, usesTwelveHourClock } from './format';

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

const pad2 = (n: number): string => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dateExample(): string {
  return displayDateText('2026-11-23');
}

/** "yyyy-mm-dd" from typed text, or a message a clinician understands. */
export function parseDateText(text: string): Parsed {
  const { order, hint } = numericDatePattern();
  const howTo = `Type the date as ${hint}, for example ${dateExample()}.`;
  const groups = text.trim().match(/\d+/g);
  if (!groups || groups.length !== 3 || /[^\d\s./\-,]/u.test(text.trim())) return { ok: false, message: howTo };
  let year: number;
  let month: number;
  let day: number;
  const [first, second, third] = groups as [string, string, string];
  if (first.length === 4) {
    // ISO order, whatever the locale.
    [year, month, day] = [Number(first), Number(second), Number(third)];
  } else {
    const at = (part: 'day' | 'month' | 'year') => Number(groups[order.indexOf(part)]);
    const yearText = groups[order.indexOf('year')] ?? '';
    if (yearText.length !== 4) return { ok: false, message: `Write the year in full (four digits). ${howTo}` };
    [year, month, day] = [at('year'), at('month'), at('day')];
  }
  if (month < 1 || month > 12) return { ok: false, message: `There is no month ${month}. ${howTo}` };
  if (year < 1900 || year > 2200) return { ok: false, message: `The year ${year} looks mistyped. ${howTo}` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, message: `That month has no day ${day}. ${howTo}` };
  return { ok: true, value: `${year}-${pad2(month)}-${pad2(day)}` };
}

export function timeExample(): string {
  return displayClockText('14:30');
}

/** "HH:mm" (24-hour) from typed text, or a message a clinician understands. */
export function parseTimeText(text: string): Parsed {
  const howTo = usesTwelveHourClock()
    ? `Type a time such as ${displayClockText('09:00')} or ${timeExample()}.`
    : `Type a time such as ${displayClockText('09:00')} or ${timeExample()} (24-hour clock).`;
  const normalised = text.trim().toLowerCase().replace(/\s+/g, ' ');
  // Day periods in the common English forms; other locales type a 24-hour time.
  const match = /^(\d{1,2})(?:[:.h ]?(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|a|p)?$/u.exec(normalised);
  if (!match) return { ok: false, message: howTo };
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const period = match[3]?.[0];
  if (minute > 59) return { ok: false, message: `Minutes go up to 59. ${howTo}` };
  if (period) {
    if (hour < 1 || hour > 12) return { ok: false, message: `With am or pm, the hour is 1 to 12. ${howTo}` };
    hour = (hour % 12) + (period === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return { ok: false, message: `Hours go up to 23. ${howTo}` };
  }
  return { ok: true, value: `${pad2(hour)}:${pad2(minute)}` };
}
