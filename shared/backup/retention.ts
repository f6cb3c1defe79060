/**
 * Which automatic backups to keep in the backup folder: the newest 3 from today, the newest
 * of each of the 14 days before today, and the newest of each of the 12 months before this
 * month. Days and months are the clinician's (their time zone), so a backup at 00:30 on a
 * summer-time morning belongs to that morning, not to the UTC day before.
 *
 * Only files whose names are exactly what Holdspace gives an automatic backup are ever put
 * up for removal: a manual backup, a renamed copy or anyone else's file in the same folder
 * is never touched. The names carry the moment in UTC (never a client's or group's name,
 * since file names end up in folder listings and sync indexes).
 */
import { zonedParts } from '../scheduling/time';

export const AUTO_BACKUP_EXTENSION = '.holdspace-backup';
const NAME_PREFIX = 'Holdspace auto-backup ';
const NAME_PATTERN = /^Holdspace auto-backup (\d{4})-(\d{2})-(\d{2}) (\d{2})\.(\d{2})\.(\d{2}) UTC\.holdspace-backup$/;

export const RETENTION = Object.freeze({ today: 3, days: 14, months: 12 });

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "Holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup" (seconds precision, UTC). */
export function autoBackupName(instant: number): string {
  const d = new Date(instant);
  return (
    `${NAME_PREFIX}${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())} UTC${AUTO_BACKUP_EXTENSION}`
  );
}

/** The moment an automatic backup was written, from its name; null for any other name (including impossible dates). */
export function parseAutoBackupName(name: string): number | null {
  const m = NAME_PATTERN.exec(name);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const instant = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March: such a name is not one Holdspace wrote.
  return autoBackupName(instant) === name ? instant : null;
}

export interface RetentionPlan {
  /** Our files to keep, newest first. */
  keep: string[];
  /** Our files beyond the retention set, oldest first. */
  remove: string[];
  /** Files that are not Holdspace's automatic backups: never removed. */
  ignored: string[];
}

/** Days since 1970-01-01 on the clinician's calendar (23- and 25-hour days count as one). */
const localDay = (instant: number, timeZone: string): number => {
  const p = zonedParts(instant, timeZone);
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
};
const localMonth = (instant: number, timeZone: string): number => {
  const p = zonedParts(instant, timeZone);
  return p.year * 12 + (p.month - 1);
};

/**
 * @param protect names that are kept whatever their date (the backup just written and verified).
 * A file dated after `now` (a clock that was wrong) is kept and takes no one's place.
 */
export function planRetention(
  names: readonly string[],
  now: number,
  timeZone: string,
  protect: readonly string[] = [],
): RetentionPlan {
  const ours: { name: string; at: number }[] = [];
  const ignored: string[] = [];
  for (const name of names) {
    const at = parseAutoBackupName(name);
    if (at === null) ignored.push(name);
    else ours.push({ name, at });
  }
  ours.sort((a, b) => b.at - a.at || (a.name < b.name ? -1 : 1));
  const keep = new Set<string>(protect.filter((n) => ours.some((o) => o.name === n)));
  const today = localDay(now, timeZone);
  const thisMonth = localMonth(now, timeZone);
  let fromToday = 0;
  const daysKept = new Set<number>();
  const monthsKept = new Set<number>();
  for (const { name, at } of ours) {
    if (at > now) {
      keep.add(name);
      continue;
    }
    const day = localDay(at, timeZone);
    const month = localMonth(at, timeZone);
    if (day === today) {
      if (fromToday < RETENTION.today) keep.add(name);
      fromToday += 1;
    } else if (day >= today - RETENTION.days && !daysKept.has(day)) {
      daysKept.add(day);
      keep.add(name);
    }
    if (month < thisMonth && month >= thisMonth - RETENTION.months && !monthsKept.has(month)) {
      monthsKept.add(month);
      keep.add(name);
    }
  }
  return {
    keep: ours.filter((o) => keep.has(o.name)).map((o) => o.name),
    remove: ours
      .filter((o) => !keep.has(o.name))
      .map((o) => o.name)
      .reverse(),
    ignored,
  };
}
