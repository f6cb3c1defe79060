import { subMonths } from 'date-fns';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import { createRepositories } from '../../renderer/src/data/repositories';
import { recentMarkRows } from '../../renderer/src/groups/recent-marks';
import type { Appointment, Attendance } from '../../shared/records';
import { fakeRecordsApi } from './helpers/records-api';

const WEEK = 7 * 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 30, 12);

const session = (groupId: string, i: number, start: number, status: Appointment['status'] = 'completed'): Appointment => ({
  id: `${groupId}-s${String(i).padStart(4, '0')}`,
  kind: 'group',
  status,
  start,
  end: start + 90 * 60_000,
  groupId,
  title: '',
  location: '',
  overrideReason: '',
  createdAt: 1,
  updatedAt: 1,
});
const mark = (s: Appointment, member: number, sessionAt = s.start): Attendance => ({
  id: `${s.id}-m${member}`,
  appointmentId: s.id,
  groupId: s.groupId!,
  clientId: `client-${member}`,
  mark: member === 2 ? 'absent-notice' : 'present',
  sessionAt,
  createdAt: 1,
  updatedAt: 1,
});

/** Session ids, newest first (the sessions are made oldest first). */
const idsNewestFirst = (sessions: Appointment[]): string[] => sessions.map((s) => s.id).reverse();

async function practiceWith(sessions: Appointment[], marks: Attendance[]) {
  const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
  const repos = createRepositories(db, fakeRecordsApi().api);
  await repos.appointments.save(sessions, 'create');
  await repos.attendance.save(marks, 'create');
  return { db, repos: createRepositories(db, fakeRecordsApi().api) };
}

describe("a group's recent attendance marks", () => {
  it('reads every mark of the sessions within the months before the latest taken session, and names the older sessions', async () => {
    // Five years of weekly sessions up to today, and ten booked ahead (no marks yet).
    const sessions = Array.from({ length: 270 }, (_, i) =>
      session('g1', i, NOW + (i - 259) * WEEK, i >= 260 ? 'scheduled' : 'completed'),
    );
    const past = sessions.slice(0, 260);
    // The latest session was cancelled after its register was taken: the chart leaves it out, so
    // the year is counted back from the one before.
    sessions[259] = { ...sessions[259]!, status: 'cancelled' };
    // A session moved into the last year after its marks were taken keeps their old time.
    const moved = sessions[250]!;
    const marks = past.flatMap((s) => [1, 2, 3].map((m) => mark(s, m, s === moved ? s.start - 3 * 365 * 24 * 3600e3 : s.start)));
    // A mark whose session is gone is no session's: not read here.
    const orphan = { ...mark(session('g1', 9999, NOW - 2 * WEEK), 1) };
    // Another group's marks are never read.
    const other = session('g2', 0, NOW - WEEK);
    const { db, repos } = await practiceWith([...sessions, other], [...marks, orphan, mark(other, 1)]);

    const recent = await recentMarkRows(repos, 'g1', 13, NOW);
    const since = subMonths(sessions[258]!.start, 13).getTime();
    const recentSessions = sessions.filter((s) => s.start > since);
    expect(recent.whole).toBe(false);
    expect(new Set(recent.rows.map((r) => r.appointmentId))).toEqual(
      new Set(recentSessions.filter((s) => s.start <= NOW).map((s) => s.id)),
    );
    expect(recent.rows).toHaveLength(3 * recentSessions.filter((s) => s.start <= NOW).length);
    expect(recent.rows.filter((r) => r.appointmentId === moved.id)).toHaveLength(3);
    expect(recent.olderSessions).toEqual(idsNewestFirst(sessions.filter((s) => s.start <= since)));
    db.close();
  });

  it('counts back from the last session that was taken, when the group has not met for a while', async () => {
    // Ten years of sessions, the last two years' never taken (the group paused), then booked again.
    const sessions = Array.from({ length: 530 }, (_, i) => session('g1', i, NOW + (i - 520) * WEEK, 'scheduled'));
    const taken = sessions.slice(0, 420);
    const { db, repos } = await practiceWith(
      sessions,
      taken.flatMap((s) => [mark(s, 1)]),
    );
    const recent = await recentMarkRows(repos, 'g1', 13, NOW);
    const since = subMonths(taken[419]!.start, 13).getTime();
    expect(recent.rows).toHaveLength(taken.filter((s) => s.start > since).length);
    expect(new Set(recent.rows.map((r) => r.appointmentId))).toEqual(
      new Set(taken.filter((s) => s.start > since).map((s) => s.id)),
    );
    expect(recent.olderSessions).toEqual(idsNewestFirst(sessions.filter((s) => s.start <= since)));
    db.close();
  });

  it('reads a group that stopped meeting months ago in one request, counting back from its last session', async () => {
    // Five years of weekly sessions, the last ten months ago (the group ended).
    const sessions = Array.from({ length: 260 }, (_, i) => session('g1', i, NOW - (43 + 259 - i) * WEEK));
    const { db, repos } = await practiceWith(
      sessions,
      sessions.flatMap((s) => [mark(s, 1), mark(s, 3)]),
    );
    const reads = vi.spyOn(repos.attendance, 'rowsWhereAnyOf');
    const recent = await recentMarkRows(repos, 'g1', 13, NOW);
    const since = subMonths(sessions[259]!.start, 13).getTime();
    const year = sessions.filter((s) => s.start > since);
    expect(new Set(recent.rows.map((r) => r.appointmentId))).toEqual(new Set(year.map((s) => s.id)));
    expect(recent.rows).toHaveLength(2 * year.length);
    expect(recent.olderSessions).toEqual(idsNewestFirst(sessions.filter((s) => s.start <= since)));
    expect(reads).toHaveBeenCalledTimes(1);
    db.close();
  });

  it("reads a small group's marks whole, with any whose session is gone", async () => {
    const sessions = Array.from({ length: 30 }, (_, i) => session('g1', i, NOW - i * WEEK));
    const orphan = mark(session('g1', 999, NOW - 2 * WEEK), 1);
    const { db, repos } = await practiceWith(sessions, [...sessions.map((s) => mark(s, 1)), orphan]);
    const recent = await recentMarkRows(repos, 'g1', 13, NOW);
    expect(recent.whole).toBe(true);
    expect(recent.rows).toHaveLength(31);
    expect(recent.olderSessions).toEqual([]);
    db.close();
  });
});
