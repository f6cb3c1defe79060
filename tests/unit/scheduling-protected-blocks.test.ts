import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings';
import type { Settings } from '../../shared/settings';
import type { BookingCandidate } from '../../shared/scheduling';
import { AppointmentIndex, checkBooking, instantFromZoned } from '../../shared/scheduling';

const LONDON = 'Europe/London';
/** 17 June 2026 is a Wednesday (BST). */
const at = (hhmm: string, day = 17): number => {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return instantFromZoned({ year: 2026, month: 6, day, hour, minute }, LONDON);
};

const settings = (protectedBlocks: Settings['protectedBlocks']): Settings => ({
  ...defaultSettings(),
  timeZone: LONDON,
  bufferMinutes: 0,
  workingHours: { start: '00:00', end: '00:00', days: [0, 1, 2, 3, 4, 5, 6] },
  protectedBlocks,
});

const check = (candidate: BookingCandidate, s: Settings) =>
  checkBooking(candidate, { index: new AppointmentIndex([]), settings: s, activeGroupIdsForClient: () => [] });

describe('protected supervision and self-care blocks', () => {
  const lunch = settings([{ weekday: 3, start: '12:30', end: '13:30', kind: 'self-care' }]);

  it('warn when clinical work is booked into protected self-care time', () => {
    const result = check({ kind: 'individual', start: at('13:00'), end: at('13:50'), clientId: 'c1' }, lunch);
    expect(result.hard).toEqual([]);
    expect(result.soft.map((w) => w.code)).toEqual(['protected-block']);
    expect(result.soft[0]!.message).toBe('This is in the self-care time you protect on Wednesdays, from 12:30 to 13:30.');
  });

  it('apply to group sessions and name supervision blocks as such', () => {
    const supervision = settings([{ weekday: 3, start: '09:00', end: '10:00', kind: 'supervision' }]);
    const result = check({ kind: 'group', start: at('09:30'), end: at('11:00'), groupId: 'g1' }, supervision);
    expect(result.soft.map((w) => w.message)).toEqual([
      'This is in the supervision time you protect on Wednesdays, from 09:00 to 10:00.',
    ]);
  });

  it('stay quiet on other days, next to the block, and for the self-care booking itself', () => {
    expect(check({ kind: 'individual', start: at('13:00', 18), end: at('13:50', 18) }, lunch).soft).toEqual([]);
    expect(check({ kind: 'individual', start: at('13:30'), end: at('14:20') }, lunch).soft).toEqual([]);
    expect(check({ kind: 'self-care', start: at('12:30'), end: at('13:30') }, lunch).soft).toEqual([]);
  });
});
