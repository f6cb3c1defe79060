import { describe, it, expect } from 'vitest';
import type { IndexedAppointment } from '../../shared/scheduling';
import { AppointmentIndex, everyAppointment, occupiesTime } from '../../shared/scheduling';

const MIN = 60_000;

function appt(id: string, startMin: number, endMin: number, overrides: Partial<IndexedAppointment> = {}): IndexedAppointment {
  return { id, start: startMin * MIN, end: endMin * MIN, kind: 'individual', status: 'scheduled', ...overrides };
}

const ids = (list: IndexedAppointment[]) => list.map((a) => a.id);

/** A small deterministic generator so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('AppointmentIndex', () => {
  it('finds overlapping appointments in start order, and treats touching as not overlapping', () => {
    const index = new AppointmentIndex([appt('c', 120, 170), appt('a', 0, 50), appt('b', 60, 110)]);
    expect(ids(index.overlapping(40 * MIN, 130 * MIN, everyAppointment))).toEqual(['a', 'b', 'c']);
    expect(ids(index.overlapping(50 * MIN, 60 * MIN, everyAppointment))).toEqual([]);
    expect(ids(index.overlapping(49 * MIN, 61 * MIN, everyAppointment))).toEqual(['a', 'b']);
  });

  it('finds a long appointment that started well before the window', () => {
    const index = new AppointmentIndex([appt('retreat', 0, 3000), appt('short', 2000, 2050)]);
    expect(ids(index.overlapping(2900 * MIN, 2950 * MIN, everyAppointment))).toEqual(['retreat']);
  });

  it('lets the caller leave out appointments that no longer hold time', () => {
    const index = new AppointmentIndex([
      appt('scheduled', 0, 50),
      appt('completed', 0, 50, { status: 'completed' }),
      appt('cancelled', 0, 50, { status: 'cancelled' }),
      appt('late', 0, 50, { status: 'late-cancel' }),
      appt('no-show', 0, 50, { status: 'no-show' }),
    ]);
    expect(ids(index.overlapping(0, 50 * MIN, occupiesTime)).sort()).toEqual(['completed', 'scheduled']);
    expect(index.overlapping(0, 50 * MIN, everyAppointment)).toHaveLength(5);
  });

  it('updates an appointment in place when it is moved, and forgets it when removed', () => {
    const index = new AppointmentIndex([appt('a', 0, 50), appt('b', 100, 150)]);
    index.update(appt('a', 200, 250));
    expect(index.size).toBe(2);
    expect(ids(index.overlapping(0, 60 * MIN, everyAppointment))).toEqual([]);
    expect(ids(index.overlapping(190 * MIN, 260 * MIN, everyAppointment))).toEqual(['a']);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.has('a')).toBe(false);
    expect(ids(index.values())).toEqual(['b']);
  });

  it('stops looking far back once the only long appointment is removed, without losing shorter ones', () => {
    const index = new AppointmentIndex([appt('long', 0, 10_000), appt('x', 5000, 5050)]);
    index.remove('long');
    expect(ids(index.overlapping(5040 * MIN, 5100 * MIN, everyAppointment))).toEqual(['x']);
  });

  it('keeps the later copy when the same id is loaded twice', () => {
    const index = new AppointmentIndex([appt('a', 0, 50), appt('a', 500, 550)]);
    expect(index.size).toBe(1);
    expect(index.get('a')?.start).toBe(500 * MIN);
  });

  it('agrees with a full scan through a long run of random inserts, moves, removals and queries', () => {
    const random = seededRandom(42);
    const index = new AppointmentIndex();
    const truth = new Map<string, IndexedAppointment>();
    for (let step = 0; step < 3000; step++) {
      const roll = random();
      const id = `a${Math.floor(random() * 300)}`;
      if (roll < 0.5) {
        const start = Math.floor(random() * 20_000);
        // Mostly sessions, with the occasional all-day or multi-day entry.
        const length = random() < 0.05 ? Math.floor(random() * 4000) : 30 + Math.floor(random() * 90);
        const status = random() < 0.2 ? 'cancelled' : 'scheduled';
        const a = appt(id, start, start + length, { status });
        index.upsert(a);
        truth.set(id, a);
      } else if (roll < 0.7) {
        expect(index.remove(id)).toBe(truth.delete(id));
      } else {
        const from = Math.floor(random() * 20_000) * MIN;
        const to = from + Math.floor(random() * 600) * MIN;
        const expected = [...truth.values()]
          .filter((a) => a.start < to && a.end > from && occupiesTime(a))
          .map((a) => a.id)
          .sort();
        expect(ids(index.overlapping(from, to, occupiesTime)).sort()).toEqual(expected);
      }
    }
    expect(index.size).toBe(truth.size);
  });
});
