/**
 * An in-memory index answering "which appointments overlap [from, to)?" without scanning a
 * ten-year practice (about 40,000 appointments) on every keystroke of the booking dialog.
 *
 * Layout: one array sorted by (start, id), plus the longest duration present. Anything that
 * overlaps [from, to) must start after `from - longestDuration` and before `to`, so a query is
 * two binary searches plus a walk over that slice: O(log n + k + s), where s counts appointments
 * starting within one longest-duration before `from` that end before it. Sessions are hours long,
 * so s is a handful; an augmented interval tree would guarantee O(log n + k) even with a stray
 * week-long entry, but costs far more code for no difference a clinician could notice.
 *
 * Edits splice the array (O(n) memmove: microseconds at 40,000 entries), which is simpler and, at
 * this size, as fast in practice as a balanced tree.
 */
import type { AppointmentKind, AppointmentStatus } from '../records';

/** The clear (unsealed) fields the index needs; a full Appointment satisfies this. */
export interface IndexedAppointment {
  id: string;
  start: number;
  end: number;
  kind: AppointmentKind;
  status: AppointmentStatus;
  clientId?: string;
  groupId?: string;
}

export type AppointmentFilter<T extends IndexedAppointment = IndexedAppointment> = (appointment: T) => boolean;

/** Cancelled, late-cancelled and no-show appointments leave the time free, so they can't clash. */
export const occupiesTime: AppointmentFilter = (a) => a.status === 'scheduled' || a.status === 'completed';

/** For views that show everything, including cancelled sessions struck through. */
export const everyAppointment: AppointmentFilter = () => true;

interface Entry<T> {
  // Copied out of the value so a caller mutating its object can't silently break the ordering.
  start: number;
  end: number;
  id: string;
  value: T;
}

function compareKeys(aStart: number, aId: string, bStart: number, bId: string): number {
  if (aStart !== bStart) return aStart - bStart;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

export class AppointmentIndex<T extends IndexedAppointment = IndexedAppointment> {
  private entries: Entry<T>[] = [];
  private readonly byId = new Map<string, Entry<T>>();
  /** Duration → how many entries have it, so the longest stays exact after removals. */
  private readonly durationCounts = new Map<number, number>();
  private longestDuration = 0;

  constructor(appointments: Iterable<T> = []) {
    for (const value of appointments) {
      const existing = this.byId.get(value.id);
      if (existing) this.forgetDuration(existing);
      const entry = { start: value.start, end: value.end, id: value.id, value };
      this.byId.set(value.id, entry);
      this.countDuration(entry);
    }
    // One sort instead of n splices when loading the whole practice at unlock.
    this.entries = [...this.byId.values()].sort((a, b) => compareKeys(a.start, a.id, b.start, b.id));
  }

  get size(): number {
    return this.entries.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.value;
  }

  /** Adds the appointment, or replaces the one with the same id (its times may have changed). */
  upsert(value: T): void {
    this.remove(value.id);
    const entry = { start: value.start, end: value.end, id: value.id, value };
    this.entries.splice(this.positionOf(entry.start, entry.id), 0, entry);
    this.byId.set(entry.id, entry);
    this.countDuration(entry);
  }

  insert(value: T): void {
    this.upsert(value);
  }

  update(value: T): void {
    this.upsert(value);
  }

  /** True if an appointment with that id was there. */
  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    const position = this.positionOf(entry.start, entry.id);
    if (this.entries[position] !== entry) throw new Error('The appointment index is out of order.');
    this.entries.splice(position, 1);
    this.byId.delete(id);
    this.forgetDuration(entry);
    return true;
  }

  /**
   * Appointments overlapping the half-open range [from, to) that pass `filter`, in start order.
   * Touching is not overlapping: a session ending at 10:00 does not overlap one starting at 10:00.
   * The filter is required so every caller decides whether cancelled sessions count.
   */
  overlapping(from: number, to: number, filter: AppointmentFilter<T>): T[] {
    const found: T[] = [];
    if (!(to > from)) return found;
    const entries = this.entries;
    for (let i = this.firstStartingAtOrAfter(from - this.longestDuration); i < entries.length; i++) {
      const entry = entries[i] as Entry<T>;
      if (entry.start >= to) break;
      if (entry.end > from && filter(entry.value)) found.push(entry.value);
    }
    return found;
  }

  /** Every appointment in start order; for tests and bulk exports, not for per-keystroke use. */
  values(): T[] {
    return this.entries.map((e) => e.value);
  }

  /** Index of the first entry whose key is >= (start, id). */
  private positionOf(start: number, id: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.entries[mid] as Entry<T>;
      if (compareKeys(entry.start, entry.id, start, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private firstStartingAtOrAfter(instant: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry<T>).start < instant) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private countDuration(entry: Entry<T>): void {
    const duration = Math.max(0, entry.end - entry.start);
    this.durationCounts.set(duration, (this.durationCounts.get(duration) ?? 0) + 1);
    if (duration > this.longestDuration) this.longestDuration = duration;
  }

  private forgetDuration(entry: Entry<T>): void {
    const duration = Math.max(0, entry.end - entry.start);
    const count = (this.durationCounts.get(duration) ?? 0) - 1;
    if (count > 0) {
      this.durationCounts.set(duration, count);
      return;
    }
    this.durationCounts.delete(duration);
    // Distinct durations are few (50, 60, 90 minutes…), so recomputing the longest is cheap.
    if (duration === this.longestDuration) this.longestDuration = Math.max(0, ...this.durationCounts.keys());
  }
}
