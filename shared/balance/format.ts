/** Plain-English number formatting shared by the Balance texts, so charts and their summaries agree. */

/** Hours to at most one decimal place: "1 hour", "4.5 hours", "10 hours". */
export function formatHours(hours: number): string {
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
}

/** A share from 0 to 1 as a whole percentage: 0.6897 → "69%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Minutes of the clock as "1 hour 40 minutes", for spans a clinician reads in a notification. */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return plural(rest, 'minute');
  if (rest === 0) return plural(hours, 'hour');
  return `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}
