/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, written from the zone rules this computer
 * has (the ICU data in Node and Chromium, updated with the app), not from a table frozen in
 * a package: Iran and Samoa dropped daylight saving in 2022 and 2021, and Morocco changes
 * its clocks for Ramadan, which a static table gets wrong for years.
 *
 * The zone's clock changes over the span the export needs are found by stepping through it
 * a week at a time (no zone changes its clocks twice in a week) and then narrowing each
 * change to the minute. Each change becomes one observance that applies once (a DTSTART and
 * no RRULE), which every calendar program reads, and a calendar program then places every
 * session at the offset this computer uses for it.
 */
import { offsetAt as zoneOffsetMs } from '../../../shared/scheduling/time';

const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Minutes the zone's clock is ahead of UTC at an instant (the scheduling code's memoised offset). */
const offsetAt = (instant: number, tz: string): number => Math.round(zoneOffsetMs(instant, tz) / MINUTE);

/** "+0530", "-0330" as TZOFFSETFROM/TO write an offset. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** The wall-clock time `instant` reads at a fixed offset, as an observance's DTSTART writes it. */
function wallStamp(instant: number, offset: number): string {
  const d = new Date(instant + offset * MINUTE);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
}

/** The zone's own abbreviation at an instant ("EST", "AEDT"), or its offset ("GMT+3:30") where it has none. */
function nameAt(instant: number, tz: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  // TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma; a colon needs none ("GMT+5:30").
  return (part?.value ?? offsetText(offsetAt(instant, tz))).replace(/[,;\\]/g, (c) => `\\${c}`);
}

interface Change {
  /** First instant at the new offset. */
  at: number;
  from: number;
  to: number;
}

/** Every change of the zone's offset in [from, to), in order. */
export function offsetChanges(tz: string, from: number, to: number): Change[] {
  const changes: Change[] = [];
  let before = from;
  let offset = offsetAt(before, tz);
  while (before < to) {
    const after = Math.min(before + WEEK, to);
    const next = offsetAt(after, tz);
    if (next !== offset) {
      // The last minute at the old offset and the first at the new one.
      let lo = before;
      let hi = after;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (offsetAt(mid, tz) === offset) lo = mid;
        else hi = mid;
      }
      changes.push({ at: hi, from: offset, to: offsetAt(hi, tz) });
      offset = offsetAt(hi, tz);
      before = hi;
      continue;
    }
    before = after;
  }
  return changes;
}

/**
 * The VTIMEZONE block for `tz` covering [from, to) (CRLF line ends), or null for UTC. The
 * first observance starts at `from` with the offset then, so a program never has to guess
 * what came before it.
 */
export function vtimezoneFor(tz: string, from: number, to: number): string | null {
  if (tz === 'UTC' || tz === 'Etc/UTC') return null;
  const start = Math.floor(from / MINUTE) * MINUTE;
  const first = offsetAt(start, tz);
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', at: number, fromOffset: number, toOffset: number): string[] => [
    `BEGIN:${kind}`,
    `DTSTART:${wallStamp(at, fromOffset)}`,
    `TZOFFSETFROM:${offsetText(fromOffset)}`,
    `TZOFFSETTO:${offsetText(toOffset)}`,
    `TZNAME:${nameAt(at, tz)}`,
    `END:${kind}`,
  ];
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`, ...observance('STANDARD', start, first, first)];
  // A change that puts the clocks forward is daylight time, one that puts them back is standard time (calendar
  // programs use only the offsets; the names are for people reading the file).
  for (const change of offsetChanges(tz, start, to))
    lines.push(...observance(change.to > change.from ? 'DAYLIGHT' : 'STANDARD', change.at, change.from, change.to));
  lines.push('END:VTIMEZONE');
  return `${lines.join('\r\n')}\r\n`;
}
