/**
 * Recurring sessions (RFC 5545 RRULE via the `rrule` library).
 *
 * A weekly 18:00 group in London meets at 18:00 on the clinician's clock in both GMT and BST,
 * so the rule is expanded on wall-clock time, not on instants. rrule's own `tzid` support returns
 * "floating" Dates whose UTC fields are the local time, which is easy to misread; instead we hand
 * rrule a floating frame we built ourselves (local wall-clock written into UTC fields, where there
 * are no clock changes) and convert each result back to a real instant through the zone.
 */
import { RRule } from 'rrule';
import type { Options as RRuleOptions } from 'rrule';
import type { Series } from '../records';
import type { InstantRange } from './time';
import { MINUTE_MS, instantFromZoned, isValidTimeZone, zonedParts } from './time';

export interface Occurrence {
  seriesId: string;
  /** Where the rule puts this occurrence; the key that exceptions refer to. */
  originalStart: number;
  start: number;
  end: number;
  cancelled: boolean;
  moved: boolean;
}

export interface ExpandOptions {
  /** Cancelled occurrences are returned flagged (so the calendar can strike them through) unless this is false. */
  includeCancelled?: boolean;
}

const DAY_MS = 24 * 60 * MINUTE_MS;

/** Enough slack that no clock change (at most a few hours) can push a real occurrence out of the window. */
const FLOATING_MARGIN_MS = DAY_MS;

const RULE_PREFIX = /^RRULE:/i;
const UTC_UNTIL = /(?:^|;)UNTIL=\d{8}T\d{6}Z(?:;|$)/i;
const DATE_ONLY_UNTIL = /(?:^|;)UNTIL=\d{8}(?:;|$)/i;

/** Local wall-clock time of `instant` in `timeZone`, written into the UTC fields of a Date. */
function toFloating(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const belowMinute = ((instant % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) + belowMinute;
}

function fromFloating(floating: Date, timeZone: string): number {
  const wallClock = {
    year: floating.getUTCFullYear(),
    month: floating.getUTCMonth() + 1,
    day: floating.getUTCDate(),
    hour: floating.getUTCHours(),
    minute: floating.getUTCMinutes(),
  };
  const belowMinute = floating.getTime() % MINUTE_MS;
  return instantFromZoned(wallClock, timeZone) + belowMinute;
}

function stripPrefix(ruleText: string): string {
  return ruleText.trim().replace(RULE_PREFIX, '');
}

const SUB_DAILY = new Set<number>([RRule.HOURLY, RRule.MINUTELY, RRule.SECONDLY]);

/** More than one hour, minute or second of the day (BYHOUR=9,14) would be several sessions a day. */
const severalValues = (value: unknown): boolean => Array.isArray(value) && new Set(value).size > 1;

/**
 * Why a rule can't be used, in words a clinician can act on, or null when it is fine. The
 * first session's date and time are stored separately from the rule (Series.dtstart), so a
 * rule carrying its own start date is refused rather than silently ignored.
 */
export function validateRule(ruleText: string): string | null {
  const text = stripPrefix(ruleText);
  if (text === '') return 'Choose how often this repeats.';
  if (/[\r\n]/.test(text) || /(?:^|;)DTSTART/i.test(text)) {
    return 'The repeat pattern should not include its own start date; the first session’s date is set separately.';
  }
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(text);
  } catch {
    return 'This repeat pattern could not be read. Please choose the days and how often it repeats again.';
  }
  if (options.freq === undefined || options.freq === null) {
    return 'Say how often this repeats, for example weekly.';
  }
  if (
    SUB_DAILY.has(options.freq) ||
    severalValues(options.byhour) ||
    severalValues(options.byminute) ||
    severalValues(options.bysecond)
  ) {
    return 'Sessions can repeat daily, weekly, monthly or yearly, but not several times a day.';
  }
  // rrule accepts "COUNT=abc" and "INTERVAL=0" without complaint; both would produce nonsense.
  if (options.interval !== undefined && !(Number.isInteger(options.interval) && options.interval >= 1)) {
    return 'How often it repeats must be a whole number of at least 1 (for example, every 2 weeks).';
  }
  if (options.count !== undefined && options.count !== null && !(Number.isInteger(options.count) && options.count >= 1)) {
    return 'The number of sessions must be a whole number of at least 1.';
  }
  if (options.count && options.until) {
    return 'Choose either an end date or a number of sessions, not both.';
  }
  if (options.until && Number.isNaN(options.until.getTime())) {
    return 'The end date of this repeat pattern could not be read.';
  }
  try {
    new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 5, 9, 0)) }).toString();
  } catch {
    return 'This repeat pattern could not be read. Please choose the days and how often it repeats again.';
  }
  return null;
}

export interface WeeklyRuleInput {
  /** 0 = Sunday … 6 = Saturday, as in settings. */
  weekdays: readonly number[];
  /** Every N weeks; 1 when omitted. */
  interval?: number;
  /** Stop after this many sessions. */
  count?: number;
  /** Last instant a session may start at (inclusive). */
  until?: number;
}

/** rrule numbers weekdays from Monday = 0; settings (and JavaScript) from Sunday = 0. */
const RRULE_WEEKDAYS = [RRule.SU, RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA] as const;

/** A weekly RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10". */
export function weeklyRule(input: WeeklyRuleInput): string {
  const days = [...new Set(input.weekdays)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  if (days.length === 0) throw new RangeError('Choose at least one day of the week.');
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) throw new RangeError('Choose days from Sunday to Saturday.');
  const interval = input.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1)
    throw new RangeError('Choose how many weeks apart the sessions are (at least 1).');
  if (input.count !== undefined && input.until !== undefined) {
    throw new RangeError('Choose either an end date or a number of sessions, not both.');
  }
  if (input.count !== undefined && (!Number.isInteger(input.count) || input.count < 1)) {
    throw new RangeError('The number of sessions must be a whole number of at least 1.');
  }
  const options: Partial<RRuleOptions> = {
    freq: RRule.WEEKLY,
    byweekday: days.map((d) => RRULE_WEEKDAYS[d] ?? RRule.MO),
  };
  if (interval > 1) options.interval = interval;
  if (input.count !== undefined) options.count = input.count;
  if (input.until !== undefined) options.until = new Date(input.until);
  return stripPrefix(RRule.optionsToString(options));
}

/** "Every 2 weeks on Monday, Thursday", or a plain fallback if the rule can't be read. */
export function describeRule(ruleText: string): string {
  if (validateRule(ruleText) !== null) return 'Repeats on a pattern that could not be read';
  const text = new RRule(RRule.parseString(stripPrefix(ruleText))).toText();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the rule of a series needs: the rule, its first session and the zone it repeats in. */
type SeriesRule = Pick<Series, 'rrule' | 'dtstart' | 'timeZone'>;

/** Builds the rule in the floating frame; throws with a clinician-readable message if the rule is unusable. */
function floatingRule(series: SeriesRule): RRule {
  const problem = validateRule(series.rrule);
  if (problem !== null) throw new Error(problem);
  if (!isValidTimeZone(series.timeZone)) throw new Error(`The time zone “${series.timeZone}” is not recognised.`);
  const text = stripPrefix(series.rrule);
  const options: Partial<RRuleOptions> = RRule.parseString(text);
  options.dtstart = new Date(toFloating(series.dtstart, series.timeZone));
  // Our own frame replaces rrule's tzid handling; leaving a tzid in would apply the zone twice.
  options.tzid = null;
  if (options.until) {
    if (UTC_UNTIL.test(text)) {
      // RFC 5545: with a zoned DTSTART, UNTIL is a UTC instant. Move it into the same floating frame.
      options.until = new Date(toFloating(options.until.getTime(), series.timeZone));
    } else if (DATE_ONLY_UNTIL.test(text)) {
      // "Until 1 June" includes sessions on 1 June, so the bound is the end of that local day.
      const u = options.until;
      options.until = new Date(Date.UTC(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), 23, 59, 59, 999));
    }
    // Otherwise UNTIL is already a local (floating) time and means what it says.
  }
  return new RRule(options);
}

/** At least how long one step of rrule's search lasts, by frequency (a month is at least 28 days). */
const STEP_MS: Record<number, number> = {
  [RRule.YEARLY]: 365 * DAY_MS,
  [RRule.MONTHLY]: 28 * DAY_MS,
  [RRule.WEEKLY]: 7 * DAY_MS,
  [RRule.DAILY]: DAY_MS,
  [RRule.HOURLY]: 60 * MINUTE_MS,
  [RRule.MINUTELY]: MINUTE_MS,
  [RRule.SECONDLY]: 1000,
};

class SearchLimitReached extends Error {}

/**
 * Runs `search` (a walk through `rule`'s occurrences) but stops it once rrule has stepped past
 * `to` (a floating time), and says whether it finished on its own.
 *
 * rrule looks for the next occurrence all the way to the year 9999, so a rule that never
 * happens (every 30 February, or an end before the start) takes many seconds to say nothing,
 * and it has no limit of its own. It does read `options.interval` twice for every day, week,
 * month or year it steps through, so counting those reads bounds the search. The budget allows
 * twice that, so a later rrule that reads it more often still searches at least as far as `to`.
 */
function searchUpTo(rule: RRule, to: number, search: () => void): boolean {
  const options = rule.options;
  const interval = options.interval;
  const stepMs = (STEP_MS[options.freq] ?? 1000) * Math.max(1, interval);
  const steps = Math.max(0, Math.ceil((to - options.dtstart.getTime()) / stepMs)) + 2;
  const budget = 4 * steps + 8;
  let reads = 0;
  Object.defineProperty(options, 'interval', {
    configurable: true,
    enumerable: true,
    get: () => {
      reads += 1;
      if (reads > budget) throw new SearchLimitReached();
      return interval;
    },
  });
  try {
    search();
    return true;
  } catch (error) {
    if (error instanceof SearchLimitReached) return false;
    throw error;
  } finally {
    Object.defineProperty(options, 'interval', { configurable: true, enumerable: true, writable: true, value: interval });
  }
}

/** The rule's floating times in [from, to], both inclusive, found without searching past `to`. */
function floatingBetween(rule: RRule, from: number, to: number): Date[] {
  const found: Date[] = [];
  searchUpTo(rule, to, () => {
    rule.between(new Date(from), new Date(to), true, (date) => {
      found.push(date);
      return true;
    });
  });
  return found;
}

/**
 * How many times the rule puts a session (exceptions not applied) starting in [range.from,
 * range.to), counting no further than `atMost`: enough to tell a rule that never happens, or
 * one that makes far more sessions than anyone could keep, without listing them all.
 */
export function countOccurrences(series: SeriesRule, range: InstantRange, atMost: number): number {
  const rule = floatingRule(series);
  const from = toFloating(range.from, series.timeZone) - FLOATING_MARGIN_MS;
  const to = toFloating(range.to, series.timeZone) + FLOATING_MARGIN_MS;
  let count = 0;
  if (atMost < 1) return 0;
  searchUpTo(rule, to, () => {
    rule.between(new Date(from), new Date(to), true, (floating) => {
      const start = fromFloating(floating, series.timeZone);
      if (start >= range.from && start < range.to) count += 1;
      return count < atMost;
    });
  });
  return count;
}

/**
 * The occurrences of `series` that overlap [range.from, range.to), in start order, with its
 * exceptions applied: a cancelled occurrence comes back flagged `cancelled` (or is left out when
 * `includeCancelled` is false); a moved one comes back at its new time, and is found by its new
 * time, so a session moved into this week from last week still shows.
 */
export function expandSeries(series: Series, range: InstantRange, options: ExpandOptions = {}): Occurrence[] {
  const includeCancelled = options.includeCancelled ?? true;
  const durationMs = series.durationMinutes * MINUTE_MS;
  const rule = floatingRule(series);
  const cancelled = new Set(series.cancelled);
  const moved = new Map(series.moved.map((m) => [m.original, m] as const));

  const overlapsRange = (start: number, end: number) => start < range.to && end > range.from;
  const occurrenceAt = (originalStart: number): Occurrence => {
    const move = moved.get(originalStart);
    return {
      seriesId: series.id,
      originalStart,
      start: move ? move.start : originalStart,
      end: move ? move.end : originalStart + durationMs,
      cancelled: cancelled.has(originalStart),
      moved: move !== undefined,
    };
  };

  const windowFrom = toFloating(range.from - durationMs, series.timeZone) - FLOATING_MARGIN_MS;
  const windowTo = toFloating(range.to, series.timeZone) + FLOATING_MARGIN_MS;
  const seen = new Set<number>();
  const result: Occurrence[] = [];
  for (const floating of floatingBetween(rule, windowFrom, windowTo)) {
    const originalStart = fromFloating(floating, series.timeZone);
    seen.add(originalStart);
    const occurrence = occurrenceAt(originalStart);
    if (overlapsRange(occurrence.start, occurrence.end)) result.push(occurrence);
  }

  // A session moved here from outside the expanded window. Only trust the move if the rule really
  // has an occurrence at the original time, so a stale exception left over from an edited rule
  // can't conjure a session that no longer exists.
  for (const move of moved.values()) {
    if (seen.has(move.original) || !overlapsRange(move.start, move.end)) continue;
    const floatingOriginal = toFloating(move.original, series.timeZone);
    const hits = floatingBetween(rule, floatingOriginal - 1, floatingOriginal + 1);
    if (hits.some((hit) => fromFloating(hit, series.timeZone) === move.original)) result.push(occurrenceAt(move.original));
  }

  const visible = includeCancelled ? result : result.filter((o) => !o.cancelled);
  return visible.sort((a, b) => a.start - b.start || a.originalStart - b.originalStart);
}

/** lastOccurrence looks this far past the first session, and at most this many sessions, before giving up. */
const LAST_SEARCH_MS = 20 * 366 * DAY_MS;
const LAST_SEARCH_SESSIONS = 10_000;

/**
 * Where the rule puts its last occurrence (an original start, exceptions not applied), or null
 * when the rule repeats for ever (no COUNT or UNTIL), or for longer than is worth listing (more
 * than 10,000 sessions, or past 20 years after the first): a caller treats those alike.
 */
export function lastOccurrence(series: Series): number | null {
  const rule = floatingRule(series);
  const { count, until, dtstart } = rule.options;
  if (!count && !until) return null;
  if (count && count > LAST_SEARCH_SESSIONS) return null;
  const horizon = dtstart.getTime() + LAST_SEARCH_MS;
  const to = until ? Math.min(until.getTime(), horizon) : horizon;
  let last: Date | undefined;
  let seen = 0;
  let tooLong = false;
  const finished = searchUpTo(rule, to, () => {
    rule.all((date) => {
      if (date.getTime() > to || seen >= LAST_SEARCH_SESSIONS) {
        tooLong = true;
        return false;
      }
      last = date;
      seen += 1;
      return true;
    });
  });
  // Stopped at `to` without reaching the rule's end: only an UNTIL inside the horizon means it has no more.
  if (tooLong || (!finished && !(until && until.getTime() <= horizon))) return null;
  return last ? fromFloating(last, series.timeZone) : null;
}
