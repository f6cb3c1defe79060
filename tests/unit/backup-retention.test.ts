import { describe, expect, it } from 'vitest';
import { autoBackupName, parseAutoBackupName, planRetention } from '../../shared/backup/retention';

const utc = (iso: string): number => Date.parse(iso);
const name = (iso: string): string => autoBackupName(utc(iso));

describe('automatic backup names', () => {
  it('carry the UTC moment and read back exactly', () => {
    expect(name('2026-11-30T09:14:05Z')).toBe('Holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup');
    expect(parseAutoBackupName(name('2026-11-30T09:14:05Z'))).toBe(utc('2026-11-30T09:14:05Z'));
  });

  it('are recognised only by the exact pattern: anything else is not ours', () => {
    for (const other of [
      'Holdspace backup 2026-11-30.holdspace-backup', // a manual backup
      'Holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup.bak',
      'Copy of Holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup',
      'Holdspace auto-backup 2026-11-30 09.14.05 UTC (1).holdspace-backup',
      'holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup',
      'Holdspace auto-backup 2026-02-30 09.14.05 UTC.holdspace-backup', // no such day
      'Holdspace auto-backup 2026-11-30 24.00.00 UTC.holdspace-backup',
      '.Holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup.1a2b.partial',
      'Holdspace auto-backup 2026-11-30 09.14.05 UTC.holdspace-backup\n',
      'tax return 2026.pdf',
    ]) {
      expect(parseAutoBackupName(other), other).toBeNull();
    }
  });
});

describe('retention: 3 from today, one a day for 14 days, one a month for 12 months', () => {
  const now = utc('2026-11-30T15:00:00Z');

  it('keeps the newest three of today and removes the older ones of today', () => {
    const today = ['08:00', '10:00', '12:00', '14:00', '14:30'].map((t) => name(`2026-11-30T${t}:00Z`));
    const plan = planRetention(today, now, 'Europe/London');
    expect(plan.keep).toEqual([today[4], today[3], today[2]]);
    expect(plan.remove).toEqual([today[0], today[1]]);
  });

  it('keeps the newest of each of the 14 days before today, and of each of the 12 months before this one', () => {
    const names: string[] = [];
    // Two a day, every day for 500 days back.
    for (let d = 1; d <= 500; d++) {
      names.push(autoBackupName(now - d * 86_400_000 - 2 * 3_600_000), autoBackupName(now - d * 86_400_000 - 5 * 3_600_000));
    }
    const plan = planRetention(names, now, 'Europe/London');
    const kept = plan.keep.map((n) => new Date(parseAutoBackupName(n)!).toISOString());
    // 14 daily (29 Nov back to 16 Nov, each at 13:00, the newer of the day) ...
    for (let d = 1; d <= 14; d++) expect(kept).toContain(new Date(now - d * 86_400_000 - 2 * 3_600_000).toISOString());
    expect(kept).not.toContain(new Date(now - 15 * 86_400_000 - 2 * 3_600_000).toISOString());
    // ... and the last of each month from November 2025 to October 2026.
    for (const last of ['2026-10-31', '2026-09-30', '2026-02-28', '2026-01-31', '2025-12-31', '2025-11-30']) {
      expect(kept).toContain(`${last}T13:00:00.000Z`);
    }
    expect(kept.some((k) => k.startsWith('2025-10'))).toBe(false);
    expect(plan.keep).toHaveLength(14 + 12);
    expect(plan.keep.length + plan.remove.length).toBe(names.length);
  });

  it('never puts a file that is not ours up for removal, however old or however it is named', () => {
    const foreign = [
      'Holdspace backup 2020-01-01.holdspace-backup',
      'notes.txt',
      'Holdspace auto-backup 2020-01-01 00.00.00 UTC.holdspace-backup.old',
      'Holdspace auto-backup 2020-13-01 00.00.00 UTC.holdspace-backup',
    ];
    const old = name('2020-01-01T00:00:00Z');
    const plan = planRetention([...foreign, old], now, 'Europe/London');
    expect(plan.remove).toEqual([old]);
    expect(plan.ignored).toEqual(foreign);
  });

  it('keeps the backup just written and any dated in the future (a clock that was wrong)', () => {
    const justWritten = name('2026-11-30T14:59:00Z');
    const future = name('2027-05-01T00:00:00Z');
    const today = ['09:00', '10:00', '11:00'].map((t) => name(`2026-11-30T${t}:00Z`));
    const plan = planRetention([...today, justWritten, future], now, 'Europe/London', [justWritten]);
    expect(plan.keep).toContain(justWritten);
    expect(plan.keep).toContain(future);
    // The future file takes no place among today's three.
    expect(plan.keep).toEqual(expect.arrayContaining([today[2], today[1]]));
    expect(plan.remove).toEqual([today[0]]);
  });

  it('counts days on the clinician’s calendar across a clock change, not UTC days', () => {
    // London, autumn: 23:30 UTC on 24 Oct is 00:30 BST on 25 Oct; 23:30 UTC on 25 Oct is 23:30 GMT on 25 Oct.
    // Same local day (one kept), though two UTC days.
    const autumnNow = utc('2026-10-28T12:00:00Z');
    const a = name('2026-10-24T23:30:00Z');
    const b = name('2026-10-25T23:30:00Z');
    const autumn = planRetention([a, b], autumnNow, 'Europe/London');
    expect(autumn.keep).toEqual([b]);
    expect(autumn.remove).toEqual([a]);
    // In UTC they are two days, both kept: the zone decides.
    expect(planRetention([a, b], autumnNow, 'UTC').keep).toEqual([b, a]);

    // Spring: 00:30 UTC on 29 Mar is 00:30 GMT; 23:30 UTC the same UTC day is 00:30 BST on 30 Mar. Two local days.
    const springNow = utc('2026-04-02T12:00:00Z');
    const c = name('2026-03-29T00:30:00Z');
    const d = name('2026-03-29T23:30:00Z');
    expect(planRetention([c, d], springNow, 'Europe/London').keep).toEqual([d, c]);
    expect(planRetention([c, d], springNow, 'UTC').keep).toEqual([d]);
  });

  it('counts "today" in the clinician’s zone: Sydney’s today started at 13:00 UTC yesterday', () => {
    const sydneyNow = utc('2026-11-30T02:00:00Z'); // 13:00 in Sydney on 30 Nov
    const files = ['2026-11-29T13:30:00Z', '2026-11-29T20:00:00Z', '2026-11-29T23:00:00Z', '2026-11-30T01:00:00Z'].map(name);
    const plan = planRetention(files, sydneyNow, 'Australia/Sydney');
    // All four are today in Sydney: three kept, the oldest removed.
    expect(plan.remove).toEqual([files[0]]);
  });
});
