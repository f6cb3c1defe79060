/**
 * When an automatic backup is due, and when the clinician should be reminded that one is
 * missing. Pure: the page asks main, main answers with these functions and its own clock.
 */
import { z } from 'zod';
import { zonedParts } from '../scheduling/time';

export const MINUTE_MS = 60_000;

export const backupScheduleSchema = z.discriminatedUnion('kind', [
  /** The first time Holdspace is unlocked each day (and again that day only after a failure). */
  z.object({ kind: z.literal('daily') }).strict(),
  /** Once records have been changing for this many minutes since the last backup began. */
  z
    .object({
      kind: z.literal('after-changes'),
      minutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60),
    })
    .strict(),
]);
export type BackupSchedule = z.infer<typeof backupScheduleSchema>;
export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { kind: 'daily' };

/** Why the folder could not take a backup, in a few kinds the clinician can act on. */
export const BACKUP_FAILURES = ['unreachable', 'denied', 'full', 'verify-failed', 'interrupted', 'other'] as const;
export type BackupFailureKind = (typeof BACKUP_FAILURES)[number];

export interface BackupHistory {
  lastSuccessAt: number | null;
  /** The last failed attempt since the last success, and how many failed in a row. */
  lastFailure: { at: number; kind: BackupFailureKind; attempts: number } | null;
  /** The first change to the records not yet in a backup (a backup under way does not clear it until it is verified). */
  firstChangeAt: number | null;
}

/** After a failure: 5, 10, 20, 40 minutes, then hourly. The previous backups stay in place meanwhile. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5 * MINUTE_MS * 2 ** Math.max(0, attempts - 1), 60 * MINUTE_MS);
}

export type BackupDecision =
  | { due: true; reason: 'first' | 'new-day' | 'changes' | 'retry' }
  | { due: false; reason: 'done-today' | 'no-changes' | 'changes-recent' | 'waiting-to-retry'; nextCheckAt: number | null };

const sameLocalDay = (a: number, b: number, timeZone: string): boolean => {
  const x = zonedParts(a, timeZone);
  const y = zonedParts(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};

/** Is a backup due now? Asked while Holdspace is unlocked: right after unlocking, then every little while. */
export function backupDecision(input: {
  schedule: BackupSchedule;
  history: BackupHistory;
  now: number;
  timeZone: string;
}): BackupDecision {
  const { schedule, history, now, timeZone } = input;
  const { lastSuccessAt, lastFailure, firstChangeAt } = history;
  if (lastFailure && (lastSuccessAt === null || lastFailure.at >= lastSuccessAt)) {
    // A failed attempt was due when it ran, so it stays due; it waits only to give a drive time to come back.
    const at = lastFailure.at + retryDelayMs(lastFailure.attempts);
    // A failure "in the future" means the clock was set back since: waiting for that moment
    // could hold every backup off for as long as the clock was wrong, so it is retried now.
    return now >= at || lastFailure.at > now
      ? { due: true, reason: 'retry' }
      : { due: false, reason: 'waiting-to-retry', nextCheckAt: at };
  }
  if (lastSuccessAt === null) return { due: true, reason: 'first' };
  if (schedule.kind === 'daily') {
    return sameLocalDay(lastSuccessAt, now, timeZone) && lastSuccessAt <= now
      ? { due: false, reason: 'done-today', nextCheckAt: null }
      : { due: true, reason: 'new-day' };
  }
  if (firstChangeAt === null) return { due: false, reason: 'no-changes', nextCheckAt: null };
  const at = firstChangeAt + schedule.minutes * MINUTE_MS;
  // As above: a change dated after now was made before the clock was set back, so it is not recent.
  return now >= at || firstChangeAt > now
    ? { due: true, reason: 'changes' }
    : { due: false, reason: 'changes-recent', nextCheckAt: at };
}

export type BackupReminder =
  | { kind: 'failed'; failure: BackupFailureKind; at: number; lastSuccessAt: number | null }
  | { kind: 'overdue'; lastSuccessAt: number };

/**
 * What the clinician is told on Today and in Settings: a failed attempt (with its kind), or
 * a backup long overdue (daily: none for two days; after changes: changes waiting for an hour
 * past the schedule). Nothing while automatic backups are off or all is well.
 */
export function backupReminder(input: {
  folderSet: boolean;
  schedule: BackupSchedule;
  history: BackupHistory;
  now: number;
}): BackupReminder | null {
  const { folderSet, schedule, history, now } = input;
  if (!folderSet) return null;
  const { lastSuccessAt, lastFailure, firstChangeAt } = history;
  if (lastFailure && (lastSuccessAt === null || lastFailure.at >= lastSuccessAt)) {
    return { kind: 'failed', failure: lastFailure.kind, at: lastFailure.at, lastSuccessAt };
  }
  if (lastSuccessAt === null) return null;
  const overdue =
    schedule.kind === 'daily'
      ? now - lastSuccessAt > 2 * 24 * 60 * MINUTE_MS
      : firstChangeAt !== null && now - firstChangeAt > (schedule.minutes + 60) * MINUTE_MS;
  return overdue ? { kind: 'overdue', lastSuccessAt } : null;
}
