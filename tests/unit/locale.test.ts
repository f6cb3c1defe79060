import { afterEach, describe, expect, it } from 'vitest';
import {
  displayClockText,
  displayDateText,
  displayDay,
  displayHourLabel,
  displayTime,
  setDisplayFormat,
} from '../../shared/locale/format';
import { parseDateText, parseTimeText } from '../../shared/locale/parse';
import { canonicalZone, decideComputerZone, zoneChoices, zoneMatches } from '../../shared/locale/zones';
import { expandSeries, formatClock, instantFromZoned, weeklyRule, zonedParts } from '../../shared/scheduling';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { SettingsService } from '../../electron/main/services/settings';

afterEach(() => setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' }));

describe('time-zone names', () => {
  it('maps the legacy names Chromium still reports to the current ones', () => {
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('Asia/Saigon')).toBe('Asia/Ho_Chi_Minh');
    expect(canonicalZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(canonicalZone('America/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalZone('Australia/ACT')).toBe('Australia/Sydney');
    expect(canonicalZone('Australia/Adelaide')).toBe('Australia/Adelaide');
  });

  it('refuses names the platform does not know', () => {
    expect(canonicalZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalZone('')).toBeNull();
  });

  it('offers each zone once under its current name, and finds it by an old name or a city', () => {
    const choices = zoneChoices(Intl.supportedValuesOf('timeZone'));
    expect(choices).toContain('Asia/Kolkata');
    expect(choices).not.toContain('Asia/Calcutta');
    expect(choices).toContain('Europe/Kyiv');
    expect(new Set(choices).size).toBe(choices.length);
    expect(choices.filter((z) => zoneMatches(z, 'calcutta'))).toEqual(['Asia/Kolkata']);
    expect(choices.filter((z) => zoneMatches(z, 'new york'))).toEqual(['America/New_York']);
    expect(choices.filter((z) => zoneMatches(z, 'ADELAIDE'))).toEqual(['Australia/Adelaide']);
  });
});

describe('the computer’s zone at start-up', () => {
  it('becomes the practice zone at first run', () => {
    expect(decideComputerZone({}, 'Asia/Calcutta')).toEqual({ kind: 'adopt', timeZone: 'Asia/Kolkata' });
  });

  it('asks once when the computer moves, and not again for the zone answered', () => {
    const stored = { timeZone: 'Australia/Sydney', computerTimeZone: 'Australia/Sydney' };
    expect(decideComputerZone(stored, 'Asia/Kolkata')).toEqual({
      kind: 'ask',
      computerTimeZone: 'Asia/Kolkata',
      practiceTimeZone: 'Australia/Sydney',
    });
    // Kept Sydney while in Kolkata: not asked again in Kolkata, quietly noted back home.
    expect(decideComputerZone({ timeZone: 'Australia/Sydney', computerTimeZone: 'Asia/Kolkata' }, 'Asia/Calcutta')).toEqual({
      kind: 'unchanged',
    });
    expect(decideComputerZone({ timeZone: 'Australia/Sydney', computerTimeZone: 'Asia/Kolkata' }, 'Australia/Sydney')).toEqual({
      kind: 'remember',
      computerTimeZone: 'Australia/Sydney',
    });
  });

  it('asks a clinician upgrading from a version that never looked at the computer’s zone', () => {
    expect(decideComputerZone({ timeZone: 'Europe/London' }, 'Australia/Sydney').kind).toBe('ask');
  });

  it('is kept by the settings service, which never asks twice for one zone', () => {
    const settings = new SettingsService(new MemoryStore(), 'Asia/Saigon');
    // Before the page reports, main's own zone stands in.
    expect(settings.get().timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(settings.reportComputerZone('Australia/Adelaide')).toMatchObject({
      settings: { timeZone: 'Australia/Adelaide' },
      zoneChanged: null,
    });
    expect(settings.reportComputerZone('Asia/Calcutta').zoneChanged).toEqual({
      computerTimeZone: 'Asia/Kolkata',
      practiceTimeZone: 'Australia/Adelaide',
    });
    settings.update({ computerTimeZone: 'Asia/Kolkata' });
    expect(settings.reportComputerZone('Asia/Kolkata').zoneChanged).toBeNull();
    expect(settings.get().timeZone).toBe('Australia/Adelaide');
    expect(() => settings.update({ timeZone: 'Nowhere/Special' })).toThrow(/not a time zone/);
    expect(settings.update({ timeZone: 'Europe/Kiev' }).timeZone).toBe('Europe/Kyiv');
  });
});

describe('dates and times in the clinician’s format', () => {
  const evening = Date.UTC(2026, 5, 1, 8, 5); // 18:05 in Sydney, Monday 1 June 2026

  it('uses a 24-hour clock in en-GB and a 12-hour one in en-US', () => {
    setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' });
    expect(displayTime(evening, 'Australia/Sydney')).toBe('18:05');
    expect(formatClock(Date.UTC(2026, 4, 31, 23, 0), 'Australia/Sydney')).toBe('09:00');
    expect(displayDay(evening, 'Australia/Sydney')).toBe('Monday 1 June');
    expect(displayDateText('2026-06-01')).toBe('01/06/2026');
    expect(displayHourLabel(14)).toBe('14:00');
    setDisplayFormat({ locale: 'en-US', hourCycle: 'auto' });
    expect(displayHourLabel(14)).toMatch(/^2\sPM$/);
    expect(displayTime(evening, 'Australia/Sydney')).toMatch(/^6:05\sPM$/);
    expect(displayDay(evening, 'Australia/Sydney')).toBe('Monday, June 1');
    expect(displayDateText('2026-06-01')).toBe('06/01/2026');
  });

  it('lets the clinician override the locale’s clock', () => {
    setDisplayFormat({ locale: 'en-US', hourCycle: 'h23' });
    expect(displayClockText('18:05')).toBe('18:05');
    setDisplayFormat({ locale: 'en-GB', hourCycle: 'h12' });
    expect(displayClockText('18:05')).toMatch(/^6:05\spm$/i);
  });

  it('reads typed dates in the locale’s order, and ISO dates in any locale', () => {
    setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' });
    expect(parseDateText('1/6/2026')).toEqual({ ok: true, value: '2026-06-01' });
    expect(parseDateText('2026-06-01')).toEqual({ ok: true, value: '2026-06-01' });
    setDisplayFormat({ locale: 'en-US', hourCycle: 'auto' });
    expect(parseDateText('1/6/2026')).toEqual({ ok: true, value: '2026-01-06' });
    setDisplayFormat({ locale: 'de-DE', hourCycle: 'auto' });
    expect(parseDateText('01.06.2026')).toEqual({ ok: true, value: '2026-06-01' });
  });

  it('explains a date or time that cannot be', () => {
    setDisplayFormat({ locale: 'en-GB', hourCycle: 'auto' });
    expect(parseDateText('31/02/2026')).toEqual({
      ok: false,
      message: 'That month has no day 31. Type the date as dd/mm/yyyy, for example 23/11/2026.',
    });
    expect(parseDateText('1/6/26')).toMatchObject({ ok: false, message: expect.stringContaining('four digits') });
    expect(parseDateText('next Tuesday')).toMatchObject({ ok: false });
    expect(parseTimeText('25:00')).toMatchObject({ ok: false, message: expect.stringContaining('Hours go up to 23') });
    expect(parseTimeText('13 pm')).toMatchObject({ ok: false, message: expect.stringContaining('1 to 12') });
  });

  it('reads times on either clock', () => {
    expect(parseTimeText('9:30')).toEqual({ ok: true, value: '09:30' });
    expect(parseTimeText('930')).toEqual({ ok: true, value: '09:30' });
    expect(parseTimeText('9.30 pm')).toEqual({ ok: true, value: '21:30' });
    expect(parseTimeText('12:15 AM')).toEqual({ ok: true, value: '00:15' });
    expect(parseTimeText('12 p.m.')).toEqual({ ok: true, value: '12:00' });
    // What the 12-hour display writes (with its narrow no-break space) reads back the same.
    setDisplayFormat({ locale: 'en-US', hourCycle: 'auto' });
    expect(parseTimeText(displayClockText('21:30'))).toEqual({ ok: true, value: '21:30' });
  });
});

describe('a weekly series across both Australian clock changes', () => {
  it('stays at 09:00 in Sydney and Adelaide, in April and in October', () => {
    for (const timeZone of ['Australia/Sydney', 'Australia/Adelaide']) {
      for (const [month, day] of [
        [3, 30],
        [9, 28],
      ] as const) {
        const nine = instantFromZoned({ year: 2026, month, day, hour: 9, minute: 0 }, timeZone);
        const occurrences = expandSeries(
          {
            id: 'series-1',
            kind: 'supervision',
            rrule: weeklyRule({ weekdays: [1], count: 3 }),
            dtstart: nine,
            timeZone,
            durationMinutes: 60,
            cancelled: [],
            moved: [],
            title: '',
            createdAt: 0,
            updatedAt: 0,
          },
          { from: nine - 86_400_000, to: nine + 30 * 86_400_000 },
        );
        expect(occurrences).toHaveLength(3);
        for (const o of occurrences) expect(zonedParts(o.start, timeZone)).toMatchObject({ weekday: 1, hour: 9, minute: 0 });
        // One of the gaps is an hour longer or shorter than a week: the clock changed in between.
        const gaps = occurrences.slice(1).map((o, i) => (o.start - occurrences[i]!.start) / 3_600_000);
        expect(gaps.some((g) => g !== 168)).toBe(true);
      }
    }
  });
});
