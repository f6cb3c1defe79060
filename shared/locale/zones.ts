/**
 * IANA time-zone names as a clinician should see them. Chromium and Node (through ICU) still
 * report and list some zones by names the tz database retired long ago (Asia/Calcutta for
 * Asia/Kolkata, Europe/Kiev for Europe/Kyiv, America/Buenos_Aires for
 * America/Argentina/Buenos_Aires), so every name is mapped to the current one through
 * countries-and-timezones' alias table, which follows the tz database's `backward` file.
 */
import { getAllTimezones, getTimezone } from 'countries-and-timezones';
import { isValidTimeZone } from '../scheduling/time';

/** The current IANA name for `name` (itself if current), or null if the platform does not know the zone. */
export function canonicalZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '' || !isValidTimeZone(trimmed)) return null;
  let current = trimmed;
  // An alias can point at another alias in older tables; a few steps always reach the end.
  for (let step = 0; step < 4; step += 1) {
    const next = getTimezone(current)?.aliasOf;
    if (!next || next === current || !isValidTimeZone(next)) break;
    current = next;
  }
  return current;
}

/** True when two names mean the same zone (Asia/Calcutta and Asia/Kolkata). */
export function sameZone(a: string, b: string): boolean {
  return (canonicalZone(a) ?? a) === (canonicalZone(b) ?? b);
}

/**
 * The zones to offer in a picker, from the platform's list (`Intl.supportedValuesOf('timeZone')`),
 * each under its current name once, sorted. Region-less and legacy names (US/Eastern, Etc/GMT+5)
 * collapse into the zone they stand for.
 */
export function zoneChoices(supported: readonly string[]): string[] {
  const names = new Set<string>();
  for (const name of supported) {
    const current = canonicalZone(name);
    if (current && (current.includes('/') || current === 'UTC')) names.add(current);
  }
  return [...names].sort((a, b) => a.localeCompare(b, 'en'));
}

/** "Australia/Sydney" → "Australia / Sydney" words a screen reader and a search both handle. */
export function zoneLabel(zone: string): string {
  return zone.replaceAll('_', ' ').replaceAll('/', ' / ');
}

let formerNames: Map<string, string[]> | undefined;
/** Current zone → the names it had before (Asia/Kolkata → Asia/Calcutta), built once. */
function formerNamesOf(zone: string): readonly string[] {
  if (!formerNames) {
    formerNames = new Map();
    for (const tz of Object.values(getAllTimezones({ deprecated: true }))) {
      if (!tz.aliasOf) continue;
      const current = canonicalZone(tz.aliasOf) ?? tz.aliasOf;
      formerNames.set(current, [...(formerNames.get(current) ?? []), tz.name]);
    }
  }
  return formerNames.get(zone) ?? [];
}

/** Case- and accent-insensitive match of a search against a zone's name ("kolk", "new york", "calcutta"). */
export function zoneMatches(zone: string, query: string): boolean {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLocaleLowerCase('en')
      .replace(/[_/\s-]+/g, ' ')
      .trim();
  const q = fold(query);
  if (q === '') return true;
  if (fold(zone).includes(q)) return true;
  // A search for an old name ("Calcutta", "Saigon", "Kiev") finds the zone it became.
  return formerNamesOf(zone).some((name) => fold(name).includes(q));
}

/** What the computer's zone means for the clinician's setting, decided when the app starts. */
export type ComputerZoneDecision =
  /** First run: the setting takes the computer's zone. */
  | { kind: 'adopt'; timeZone: string }
  /** Nothing to say: same zone as last time, or the practice's zone already. */
  | { kind: 'unchanged' }
  /** The computer's zone is new but is the practice's zone already: remember it quietly. */
  | { kind: 'remember'; computerTimeZone: string }
  /** The computer moved to a zone not yet asked about: ask which zone to show times in. */
  | { kind: 'ask'; computerTimeZone: string; practiceTimeZone: string };

/**
 * `stored` is what the settings file holds (undefined when it has never been written), so a first
 * run is told apart from a clinician who chose a zone. `computerTimeZone` is the zone last seen and
 * answered for; asking again for the same zone would be nagging.
 */
export function decideComputerZone(
  stored: { timeZone?: string | undefined; computerTimeZone?: string | null | undefined },
  reportedZone: string,
): ComputerZoneDecision {
  const computer = canonicalZone(reportedZone);
  if (!computer) return { kind: 'unchanged' };
  const practice = stored.timeZone === undefined ? null : canonicalZone(stored.timeZone);
  if (practice === null) return { kind: 'adopt', timeZone: computer };
  const seen = stored.computerTimeZone ? canonicalZone(stored.computerTimeZone) : null;
  if (seen === computer) return { kind: 'unchanged' };
  if (practice === computer) return { kind: 'remember', computerTimeZone: computer };
  return { kind: 'ask', computerTimeZone: computer, practiceTimeZone: practice };
}
