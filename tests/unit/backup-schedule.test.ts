import { describe, expect, it } from 'vitest';
import { backupDecision, backupReminder, retryDelayMs } from '../../shared/backup/schedule';
import type { BackupHistory } from '../../shared/backup/schedule';
import { displayCount, displayWhen, setDisplayFormat } from '../../shared/locale/format';

const utc = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const none: BackupHistory = { lastSuccessAt: null, lastFailure: null, firstChangeAt: null };
const daily = { kind: 'daily' as const };
const every30 = { kind: 'after-changes' as const, minutes: 30 };

describe('is an automatic backup due?', () => {
  it('the first one is due at once, whatever the schedule', () => {
    const now = utc('2026-11-30T09:00:00Z');
    expect(backupDecision({ schedule: daily, history: none, now, timeZone: 'Europe/London' })).toEqual({
      due: true,
      reason: 'first',
    });
    expect(backupDecision({ schedule: every30, history: none, now, timeZone: 'Europe/London' }).due).toBe(true);
  });

  it('daily: once per day of the clinician’s calendar', () => {
    const history = { ...none, lastSuccessAt: utc('2026-11-30T08:00:00Z') };
    const at = (iso: string, timeZone = 'Europe/London') => backupDecision({ schedule: daily, history, now: utc(iso), timeZone });
    expect(at('2026-11-30T17:00:00Z')).toMatchObject({ due: false, reason: 'done-today' });
    expect(at('2026-12-01T00:05:00Z')).toEqual({ due: true, reason: 'new-day' });
    // In New York the 08:00 UTC backup was made at 03:00 on the 30th; 04:30 UTC on 1 Dec is still the 30th there.
    expect(at('2026-12-01T04:30:00Z', 'America/New_York')).toMatchObject({ due: false });
    expect(at('2026-12-01T05:30:00Z', 'America/New_York')).toMatchObject({ due: true });
  });

  it('daily across a clock change: 00:30 BST on 30 March is a new day though only 23 hours after 00:30 GMT', () => {
    const history = { ...none, lastSuccessAt: utc('2026-03-29T00:30:00Z') };
    expect(backupDecision({ schedule: daily, history, now: utc('2026-03-29T23:30:00Z'), timeZone: 'Europe/London' }).due).toBe(
      true,
    );
    expect(backupDecision({ schedule: daily, history, now: utc('2026-03-29T22:30:00Z'), timeZone: 'Europe/London' }).due).toBe(
      false,
    );
  });

  it('a clock set back (by hand or a time server) does not hold an automatic backup off until it catches up', () => {
    // The clock read a year ahead when the last change and a failed attempt were recorded; it is right now.
    const ahead = utc('2027-11-30T09:00:00Z');
    const now = utc('2026-11-30T09:05:00Z');
    const lastSuccessAt = utc('2026-11-29T09:00:00Z');
    expect(
      backupDecision({ schedule: every30, history: { ...none, lastSuccessAt, firstChangeAt: ahead }, now, timeZone: 'UTC' }),
    ).toEqual({ due: true, reason: 'changes' });
    const failed = {
      lastSuccessAt,
      firstChangeAt: null,
      lastFailure: { at: ahead, attempts: 1, kind: 'unreachable' as const },
    };
    expect(backupDecision({ schedule: daily, history: failed, now, timeZone: 'UTC' })).toEqual({ due: true, reason: 'retry' });
    // A success recorded a year ahead: a new day by today's clock, so today's backup is made.
    expect(backupDecision({ schedule: daily, history: { ...none, lastSuccessAt: ahead }, now, timeZone: 'UTC' })).toEqual({
      due: true,
      reason: 'new-day',
    });
  });

  it('after changes: due once the first change not in a backup is N minutes old, never without a change', () => {
    const lastSuccessAt = utc('2026-11-30T08:00:00Z');
    const decide = (firstChangeAt: number | null, now: string) =>
      backupDecision({ schedule: every30, history: { ...none, lastSuccessAt, firstChangeAt }, now: utc(now), timeZone: 'UTC' });
    expect(decide(null, '2026-12-05T08:00:00Z')).toMatchObject({ due: false, reason: 'no-changes' });
    const change = utc('2026-11-30T09:00:00Z');
    expect(decide(change, '2026-11-30T09:29:00Z')).toEqual({
      due: false,
      reason: 'changes-recent',
      nextCheckAt: change + 30 * MIN,
    });
    expect(decide(change, '2026-11-30T09:30:00Z')).toEqual({ due: true, reason: 'changes' });
  });

  it('after a failure: tries again later, waiting longer after each failure (up to an hour)', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n) / MIN)).toEqual([5, 10, 20, 40, 60, 60]);
    const failedAt = utc('2026-11-30T09:00:00Z');
    const history: BackupHistory = {
      lastSuccessAt: utc('2026-11-29T09:00:00Z'),
      lastFailure: { at: failedAt, kind: 'unreachable', attempts: 2 },
      firstChangeAt: null,
    };
    const decide = (now: number) => backupDecision({ schedule: daily, history, now, timeZone: 'UTC' });
    expect(decide(failedAt + 9 * MIN)).toEqual({ due: false, reason: 'waiting-to-retry', nextCheckAt: failedAt + 10 * MIN });
    expect(decide(failedAt + 10 * MIN)).toEqual({ due: true, reason: 'retry' });
    // Even with the after-changes schedule and no change since: the failed backup is still owed.
    expect(backupDecision({ schedule: every30, history, now: failedAt + 10 * MIN, timeZone: 'UTC' }).due).toBe(true);
  });
});

describe('reminding the clinician', () => {
  const now = utc('2026-11-30T09:00:00Z');
  it('says nothing while automatic backups are off or all is well', () => {
    expect(backupReminder({ folderSet: false, schedule: daily, history: none, now })).toBeNull();
    expect(
      backupReminder({ folderSet: true, schedule: daily, history: { ...none, lastSuccessAt: now - 60 * MIN }, now }),
    ).toBeNull();
  });
  it('reminds after a failed attempt, with its kind, until a backup succeeds', () => {
    const lastFailure = { at: now - MIN, kind: 'full' as const, attempts: 1 };
    expect(backupReminder({ folderSet: true, schedule: daily, history: { ...none, lastFailure }, now })).toEqual({
      kind: 'failed',
      failure: 'full',
      at: now - MIN,
      lastSuccessAt: null,
    });
    const since = { ...none, lastFailure, lastSuccessAt: now };
    expect(backupReminder({ folderSet: true, schedule: daily, history: since, now })).toBeNull();
  });
  it('reminds when a backup was missed: no daily backup for two days, or changes waiting an hour past the schedule', () => {
    const old = { ...none, lastSuccessAt: now - 49 * 60 * MIN };
    expect(backupReminder({ folderSet: true, schedule: daily, history: old, now })).toEqual({
      kind: 'overdue',
      lastSuccessAt: old.lastSuccessAt,
    });
    const waiting = { ...none, lastSuccessAt: now - 200 * MIN, firstChangeAt: now - 91 * MIN };
    expect(backupReminder({ folderSet: true, schedule: every30, history: waiting, now })?.kind).toBe('overdue');
    expect(
      backupReminder({ folderSet: true, schedule: every30, history: { ...waiting, firstChangeAt: now - 89 * MIN }, now }),
    ).toBeNull();
  });
});

describe('"Last backup 09:14 today": when and how many, in the clinician’s format', () => {
  it('says today, yesterday or the date, by the clinician’s calendar across a clock change', () => {
    setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' });
    const tz = 'Europe/London';
    // 00:30 BST on 30 March, 23 hours after 00:30 GMT on 29 March: that was yesterday, not today.
    expect(displayWhen(utc('2026-03-29T00:30:00Z'), utc('2026-03-29T23:30:00Z'), tz)).toBe('00:30 yesterday');
    expect(displayWhen(utc('2026-03-29T23:00:00Z'), utc('2026-03-29T23:30:00Z'), tz)).toBe('00:00 today');
    expect(displayWhen(utc('2026-03-27T09:14:00Z'), utc('2026-03-29T23:30:00Z'), tz)).toBe('Fri 27 Mar, 09:14');
    expect(displayCount(140_759)).toBe('140,759');
    setDisplayFormat({ locale: 'en-US', hourCycle: 'auto' });
    expect(displayWhen(utc('2026-11-30T14:14:00Z'), utc('2026-11-30T18:00:00Z'), 'America/New_York')).toBe('9:14 AM today');
    setDisplayFormat({ locale: 'de-DE', hourCycle: 'auto' });
    expect(displayCount(140_759)).toBe('140.759');
    setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' });
  });
});
