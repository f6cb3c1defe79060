/**
 * The synthetic practice used by the benchmarks: deterministic, valid against the record
 * schemas, realistic where the benchmarks depend on it (note sizes, names, risk plans).
 */
import { describe, expect, it } from 'vitest';
import {
  agreementVersionSchema,
  appointmentSchema,
  attendanceSchema,
  clientSchema,
  groupSchema,
  measureSchema,
  membershipSchema,
  noteSchema,
  seriesSchema,
  signatureSchema,
} from '../../shared/records';
import { verifyNoteContent } from '../../shared/notes/lifecycle';
import { validateNote } from '../../shared/notes/validation';
import { expandSeries } from '../../shared/scheduling';
import { generatePractice, noteTextSize, practiceTables, seededRandom } from '../fixtures/synthetic-practice';

const SCHEMAS = {
  clients: clientSchema,
  groups: groupSchema,
  memberships: membershipSchema,
  series: seriesSchema,
  appointments: appointmentSchema,
  notes: noteSchema,
  attendance: attendanceSchema,
  agreements: agreementVersionSchema,
  signatures: signatureSchema,
  measures: measureSchema,
} as const;

const small = generatePractice({ seed: 'unit', scale: 0.02 });

describe('generatePractice', () => {
  it('is deterministic: the same seed gives the same practice, another seed a different one', () => {
    const again = generatePractice({ seed: 'unit', scale: 0.02 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    const other = generatePractice({ seed: 'other', scale: 0.02 });
    expect(other.clients.map((c) => c.name)).not.toEqual(small.clients.map((c) => c.name));
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('produces records valid against their schemas, unchanged by parsing (defaults already filled)', () => {
    for (const [table, records] of practiceTables(small)) {
      expect(records.length, table).toBeGreaterThan(0);
      for (const record of records) expect(SCHEMAS[table].parse(record), `${table} ${record.id}`).toEqual(record);
      expect(new Set(records.map((r) => r.id)).size, `${table} ids are unique`).toBe(records.length);
    }
  });

  it('names clients in several scripts, not only Latin', () => {
    const names = generatePractice({ seed: 'names', scale: 0.2 })
      .clients.map((c) => c.name)
      .join(' ');
    expect(names).toMatch(/[\u0400-\u04FF]/); // Cyrillic
    expect(names).toMatch(/[\u4E00-\u9FFF]/); // CJK
    expect(names).toMatch(/[\u0600-\u06FF]/); // Arabic
    expect(names).toMatch(/[À-ž]/); // Latin with diacritics
  });

  it('scales its counts with the scale factor', () => {
    const double = generatePractice({ seed: 'unit', scale: 0.04 });
    for (const key of ['clients', 'appointments', 'notes'] as const) {
      const ratio = double[key].length / small[key].length;
      expect(ratio, key).toBeGreaterThan(1.6);
      expect(ratio, key).toBeLessThan(2.4);
    }
    expect(small.appointments.length).toBeGreaterThan(0.02 * 40_000 * 0.9);
    expect(small.notes.length).toBeGreaterThan(0.02 * 40_000 * 0.8);
  });

  it('writes notes of 1–3 KB in several templates, with risk plans where risk is moderate or high', () => {
    for (const note of small.notes) {
      const size = noteTextSize(note);
      expect(size).toBeGreaterThanOrEqual(1000);
      expect(size).toBeLessThanOrEqual(3072);
      if (note.risk.level === 'moderate' || note.risk.level === 'high') expect(note.risk.plan.length).toBeGreaterThan(0);
      // Past notes are complete enough to sign, and signed ones carry their content hash.
      expect(validateNote(note)).toEqual([]);
    }
    expect(new Set(small.notes.map((n) => n.template)).size).toBeGreaterThanOrEqual(4);
    expect(small.notes.some((n) => n.risk.level === 'moderate' || n.risk.level === 'high')).toBe(true);
  });

  it('signs past notes with a content hash the app accepts', async () => {
    const signed = small.notes.filter((n) => n.status === 'signed').slice(0, 50);
    expect(signed.length).toBe(50);
    for (const note of signed) expect(await verifyNoteContent(note)).toBe(true);
  });

  it('marks attendance for every group session that took place, and rosters change over time', () => {
    const heldGroupSessions = small.appointments.filter((a) => a.kind === 'group' && a.status === 'completed');
    const marked = new Set(small.attendance.map((a) => a.appointmentId));
    for (const session of heldGroupSessions) expect(marked.has(session.id)).toBe(true);
    expect(small.memberships.some((m) => m.status === 'left' && m.leftAt !== undefined)).toBe(true);
    expect(small.appointments.some((a) => a.status === 'no-show')).toBe(true);
    expect(small.appointments.some((a) => a.status === 'cancelled')).toBe(true);
    expect(new Set(small.measures.map((m) => m.kind))).toEqual(new Set(['PHQ-9', 'GAD-7']));
  });

  it('keeps an open group running through its own "today" at every scale, with members and sessions either side', () => {
    for (const scale of [0.01, 0.02, 0.2]) {
      const practice = scale === 0.02 ? small : generatePractice({ seed: 'unit', scale });
      const running = practice.groups.filter((group) => {
        if (group.archived || group.openness !== 'open') return false;
        const sessions = practice.appointments.filter((a) => a.groupId === group.id);
        const members = practice.memberships.filter((m) => m.groupId === group.id && m.status === 'member');
        return (
          sessions.some((a) => a.start < practice.now && a.status === 'completed') &&
          sessions.some((a) => a.start > practice.now && a.status === 'scheduled') &&
          members.length > 0
        );
      });
      expect(running.length, `scale ${scale}`).toBeGreaterThan(0);
    }
  });

  it('can be set in the week of a given day, so the app’s clock and the practice agree, and is the same practice otherwise', () => {
    // A Wednesday afternoon in Sydney's summer, as the bench would pass the day it runs.
    const today = Date.UTC(2026, 11, 2, 3, 9);
    const current = generatePractice({ seed: 'unit', scale: 0.02, today });
    const week = 7 * 86_400_000;
    // Its "today" is that week's Monday, 00:00 in the practice's zone; ten years begin 520 weeks before.
    expect(new Date(current.now).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(current.now - current.startedAt).toBeGreaterThanOrEqual(520 * week - 3_600_000);
    // The same practice, later: the same people and groups, about as many sessions (the
    // clinician's holidays stay at Christmas, New Year and early August, whatever the week).
    expect(current.clients.map((c) => c.name)).toEqual(small.clients.map((c) => c.name));
    expect(current.groups.map((g) => g.name)).toEqual(small.groups.map((g) => g.name));
    const ratio = current.appointments.length / small.appointments.length;
    expect(ratio).toBeGreaterThan(0.97);
    expect(ratio).toBeLessThan(1.03);
    const onHoliday = (p: typeof small) =>
      p.appointments.filter((a) => {
        const d = new Date(a.start);
        return (
          a.kind === 'individual' &&
          a.status !== 'cancelled' &&
          d.getUTCMonth() === 11 &&
          d.getUTCDate() >= 24 &&
          d.getUTCDate() <= 31
        );
      });
    expect(onHoliday(current)).toEqual([]);
    expect(onHoliday(small)).toEqual([]);
    // Its last week before "today" was worked: sessions took place.
    expect(
      current.appointments.some((a) => a.start < current.now && a.start >= current.now - week && a.status === 'completed'),
    ).toBe(true);
    // A group meets that week or the next, and its last register was taken in the week before.
    const groupSessions = current.appointments.filter((a) => a.kind === 'group');
    expect(groupSessions.some((a) => a.start >= current.now && a.start < current.now + 2 * week)).toBe(true);
    const lastMarked = Math.max(...current.attendance.map((a) => a.sessionAt));
    expect(lastMarked).toBeLessThan(current.now);
    expect(lastMarked).toBeGreaterThanOrEqual(current.now - 2 * week);
    expect(() => generatePractice({ seed: 'unit', scale: 0.02, today: Number.NaN })).toThrow(/today/);
  });

  it('materialises appointments that match their series rule', () => {
    const s = small.series.find((x) => x.kind === 'individual' && x.moved.length === 0 && x.cancelled.length > 0)!;
    const occurrences = expandSeries(s, { from: s.dtstart, to: s.dtstart + 600 * 7 * 86_400_000 });
    const booked = small.appointments.filter((a) => a.seriesId === s.id).map((a) => a.start);
    expect(occurrences.map((o) => o.start)).toEqual(booked);
    expect(occurrences.filter((o) => o.cancelled).length).toBe(s.cancelled.length);
  });
});
