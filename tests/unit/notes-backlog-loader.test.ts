/**
 * The note backlog has one loader (renderer/src/notes/backlog-data.ts), read from clear index
 * fields, used by the Notes screen, Balance and Today. Here all three are worked out over the
 * same sealed IndexedDB and checked against the backlog computed from every record opened.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { dashboardPeriods } from '../../shared/balance/dashboard';
import { noteBacklog } from '../../shared/notes/backlog';
import type { BacklogAppointment, BacklogItem } from '../../shared/notes/backlog';
import type { Appointment, Note } from '../../shared/records';
import { weekRange } from '../../shared/scheduling';
import { loadBalance } from '../../renderer/src/balance/loadBalance';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import { createRepositories } from '../../renderer/src/data/repositories';
import { KEPT_BACKLOG_KEY, TOUCHED_LIMIT, keepBacklog, readKeptBacklog } from '../../renderer/src/data/kept-backlog';
import {
  backlogFrom,
  checkBacklogInFull,
  loadBacklogInputs,
  loadCurrentBacklog,
  openSessionsOf,
} from '../../renderer/src/notes/backlog-data';
import { newDraft } from '../../renderer/src/notes/note-model';
import { fakeRecordsApi } from './helpers/records-api';

const TZ = 'Europe/London';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 17, 15); // a Wednesday afternoon
const TODAY_DAYS = 30; // as TodayScreen: sessions from 30 days before this week began

function appointment(id: string, kind: Appointment['kind'], status: Appointment['status'], daysAgo: number, owner: string) {
  const start = NOW - daysAgo * DAY - 2 * 3_600_000;
  return {
    id,
    kind,
    status,
    start,
    end: start + 50 * 60_000,
    ...(kind === 'group' ? { groupId: owner } : kind === 'individual' ? { clientId: owner } : {}),
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 1,
    updatedAt: 1,
  } satisfies Appointment;
}

function note(id: string, of: Appointment, status: Note['status'], linked = true): Note {
  const base = newDraft({ now: NOW, audience: of.kind === 'group' ? 'group' : 'individual', appointment: of });
  const { appointmentId: _dropped, ...unlinked } = base;
  return { ...(linked ? base : unlinked), id, status, ...(status === 'signed' ? { signedAt: of.end + DAY } : {}) };
}

const ids = (items: readonly BacklogItem<BacklogAppointment>[]) =>
  items.map((i) => ({ id: i.appointment.id, daysOverdue: i.daysOverdue, draft: i.draftNoteId }));
const sessions = (items: readonly BacklogItem<BacklogAppointment>[]) =>
  items.map((i) => ({ id: i.appointment.id, daysOverdue: i.daysOverdue }));

describe('the note backlog', () => {
  it('checked in full in the background (a span of time per read, one read after another), is the same as read at once, over years with gaps', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repos = createRepositories(db, fakeRecordsApi().api);
    // Sessions over twelve years with three empty years, on and beside the 90-day spans' edges,
    // one starting at the very moment of the check and one after it.
    const SPAN = 90;
    const days = [
      4380,
      4379,
      4000,
      3700,
      3650,
      3649,
      2000,
      1999 - SPAN,
      1000,
      365,
      SPAN * 3,
      SPAN * 3 - 1,
      SPAN * 2 + 1,
      200,
      45,
      10,
      1,
    ];
    const appointments = [
      ...days.map((d, i) => appointment(`appt-${i}`, i % 3 === 0 ? 'group' : 'individual', 'completed', d, `owner-${i % 4}`)),
      { ...appointment('appt-now', 'individual', 'completed', 0, 'owner-1'), start: NOW - 50 * 60_000, end: NOW },
      { ...appointment('appt-at-now', 'individual', 'scheduled', 0, 'owner-2'), start: NOW, end: NOW + 50 * 60_000 },
      appointment('appt-cancelled', 'individual', 'cancelled', 30, 'owner-3'),
      appointment('appt-supervision', 'supervision', 'completed', 30, 'nobody'),
      // Exactly one span after the first individual session (appt-1): on the edge of two reads.
      appointment('appt-edge', 'individual', 'completed', 4379 - SPAN, 'owner-1'),
    ];
    await repos.appointments.save(appointments, 'create');
    // Every third one has its signed note.
    await repos.notes.save(
      appointments.filter((_, i) => i % 3 === 1).map((a, i) => note(`note-${i}`, a, 'signed')),
      'create',
    );
    const reads = vi.spyOn(repos.appointments, 'keys');
    const atOnce = await loadBacklogInputs(repos, NOW);
    const atOnceReads = reads.mock.calls.length;
    reads.mockClear();
    const background = await checkBacklogInFull(repos, NOW, { background: true });
    const byId = (inputs: { appointments: { id: string }[] }) => inputs.appointments.map((a) => a.id).sort();
    expect(byId(background)).toEqual(byId(atOnce));
    const signed = new Set(appointments.filter((_, i) => i % 3 === 1).map((a) => a.id));
    const expected = appointments.filter(
      (a) => a.kind !== 'supervision' && a.status === 'completed' && a.end <= NOW && !signed.has(a.id),
    );
    expect(byId(atOnce)).toEqual(byId({ appointments: expected }));
    expect(expected.map((a) => a.id)).toEqual(expect.arrayContaining(['appt-0', 'appt-now', 'appt-edge']));
    expect(backlogFrom(background, NOW, TZ)).toEqual(backlogFrom(atOnce, NOW, TZ));
    // A span at a time: more reads than at once, but not one per span of the twelve years (empty years skipped).
    expect(reads.mock.calls.length).toBeGreaterThan(atOnceReads + 4);
    expect(reads.mock.calls.length).toBeLessThan(atOnceReads + Math.ceil(4380 / SPAN));
    db.close();
  });

  it('is the same on the Notes screen, Balance and Today (for its month), from clear fields alone, as from every record opened', async () => {
    const fake = fakeRecordsApi();
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repos = createRepositories(db, fake.api);

    const signedLinked = appointment('appt-signed', 'individual', 'completed', 3, 'client-a');
    const unmarked = appointment('appt-unmarked', 'individual', 'scheduled', 1, 'client-b');
    const groupDraft = appointment('appt-group', 'group', 'completed', 10, 'group-a');
    const signedUnlinked = appointment('appt-unlinked', 'individual', 'completed', 60, 'client-a');
    const old = appointment('appt-old', 'individual', 'completed', 90, 'client-c');
    const draftOnScreen = appointment('appt-draft', 'individual', 'completed', 5, 'client-d');
    const appointments = [
      signedLinked,
      unmarked,
      groupDraft,
      signedUnlinked,
      old,
      draftOnScreen,
      appointment('appt-supervision', 'supervision', 'completed', 1, 'nobody'),
      appointment('appt-cancelled', 'individual', 'cancelled', 2, 'client-a'),
      appointment('appt-no-show', 'individual', 'no-show', 2, 'client-b'),
      appointment('appt-late-cancel', 'group', 'late-cancel', 4, 'group-a'),
      appointment('appt-future', 'individual', 'scheduled', -2, 'client-a'),
    ];
    await repos.appointments.save(appointments, 'create');
    await repos.notes.save(
      [
        note('note-signed', signedLinked, 'signed'),
        note('note-group-draft', groupDraft, 'draft'),
        note('note-unlinked', signedUnlinked, 'signed', false),
      ],
      'create',
    );
    await repos.drafts.save([note('draft-open', draftOnScreen, 'draft')]);

    // The truth, from every record opened.
    const opened = {
      appointments: (await repos.appointments.all()).records,
      notes: (await repos.notes.all()).records,
      drafts: (await repos.drafts.all()).records,
    };
    const truth = noteBacklog(opened.appointments, [...opened.notes, ...opened.drafts], NOW, TZ);
    expect(truth.map((i) => i.appointment.id)).toEqual(['appt-old', 'appt-group', 'appt-draft', 'appt-unmarked']);

    // The loader opens nothing, and reads the rows only of sessions without a signed note linked to them.
    fake.openCalls.length = 0;
    const rowsRead = vi.spyOn(repos.appointments, 'rowsByIds');
    const inputs = await loadBacklogInputs(repos, NOW);
    expect(fake.openCalls).toEqual([]);
    expect(rowsRead.mock.calls.flatMap(([asked]) => asked)).not.toContain('appt-signed');

    const notesScreen = backlogFrom(inputs, NOW, TZ, { drafts: opened.drafts });
    const balance = (await loadBalance(repos, dashboardPeriods(NOW, TZ), NOW, TZ)).backlog;
    // Today reads only the sessions of its month, as TodayScreen does.
    const since = weekRange(NOW, TZ).from - TODAY_DAYS * DAY;
    const today = backlogFrom(await loadBacklogInputs(repos, NOW, { from: since }), NOW, TZ, { since });

    expect(ids(notesScreen)).toEqual(ids(truth));
    // Balance and Today have no drafts open, so only a note started in the notes table shows as a draft there.
    expect(sessions(balance)).toEqual(sessions(truth));
    expect(balance.find((i) => i.appointment.id === 'appt-group')?.draftNoteId).toBe('note-group-draft');
    // Today counts the same sessions, from a month before this week.
    expect(sessions(today)).toEqual(sessions(truth).filter((i) => i.id !== 'appt-old'));
    db.close();
  });

  it('is shown from the backlog kept at its last full check, and still matches every session after later changes', async () => {
    const fake = fakeRecordsApi();
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repos = createRepositories(db, fake.api);
    const waiting = appointment('appt-waiting', 'individual', 'completed', 400, 'client-a');
    const written = appointment('appt-written', 'individual', 'completed', 300, 'client-b');
    const cancelled = appointment('appt-cancelled-old', 'group', 'cancelled', 200, 'group-a');
    const recent = appointment('appt-recent', 'individual', 'completed', 2, 'client-c');
    await repos.appointments.save([waiting, written, cancelled, recent], 'create');
    await repos.notes.save([note('note-written', written, 'signed')], 'create');

    // Nothing kept yet: worked out in full, then kept.
    expect(await readKeptBacklog(db)).toBeUndefined();
    const first = await loadCurrentBacklog(repos, NOW);
    expect(backlogFrom(first, NOW, TZ).map((i) => i.appointment.id)).toEqual(['appt-waiting', 'appt-recent']);
    expect((await readKeptBacklog(db))?.checkedAt).toBe(NOW);

    // After the check: the old group session was held after all, a session from months ago is
    // booked after the fact, the old session gets its note, and a new session ends.
    const later = NOW + 3 * DAY;
    const booked = appointment('appt-booked-late', 'individual', 'completed', 120, 'client-d');
    const fresh = { ...appointment('appt-fresh', 'group', 'completed', -2, 'group-a') };
    await repos.appointments.save([{ ...cancelled, status: 'completed' }, booked, fresh], 'update');
    await repos.notes.save([note('note-waiting', waiting, 'signed')], 'create');

    const rowsRead = vi.spyOn(repos.appointments, 'rowsByIds');
    const quick = backlogFrom(await loadCurrentBacklog(repos, later), later, TZ);
    // Only the kept sessions and those since the check are read: not the one written up long ago.
    expect(rowsRead.mock.calls.flatMap(([asked]) => asked)).not.toContain('appt-written');
    const full = backlogFrom(await loadBacklogInputs(repos, later), later, TZ);
    expect(quick.map((i) => i.appointment.id)).toEqual(['appt-cancelled-old', 'appt-booked-late', 'appt-recent', 'appt-fresh']);
    expect(sessions(quick)).toEqual(sessions(full));

    // A full check keeps what it found; the rows of a whole practice give the same (what a restore keeps).
    await checkBacklogInFull(repos, later);
    expect((await readKeptBacklog(db))?.open.sort()).toEqual(full.map((i) => i.appointment.id).sort());
    const rows = { appointments: await db.appointments.toArray(), notes: await db.notes.toArray() };
    expect(openSessionsOf(rows.appointments, rows.notes, later).sort()).toEqual(full.map((i) => i.appointment.id).sort());

    // A kept backlog from another database version, or damaged, is not trusted: worked out in full again.
    await db.meta.put({ key: KEPT_BACKLOG_KEY, value: { version: 1, checkedAt: later, open: [] } });
    expect(sessions(backlogFrom(await loadCurrentBacklog(repos, later), later, TZ))).toEqual(sessions(full));
    await db.meta.put({ key: KEPT_BACKLOG_KEY, value: { checkedAt: 'yesterday', open: 7 } });
    expect(sessions(backlogFrom(await loadCurrentBacklog(repos, later), later, TZ))).toEqual(sessions(full));
    db.close();
  });

  it('takes in sessions written while a full check reads, and keeps nothing over a backlog rewritten meanwhile', async () => {
    const fake = fakeRecordsApi();
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repos = createRepositories(db, fake.api);
    const kept = appointment('appt-kept', 'individual', 'cancelled', 200, 'client-a');
    const noShow = appointment('appt-no-show', 'individual', 'no-show', 15, 'client-b');
    const waiting = appointment('appt-waiting', 'group', 'completed', 300, 'group-a');
    await repos.appointments.save([kept, noShow, waiting], 'create');
    const ids = async (at: number) => backlogFrom(await loadCurrentBacklog(repos, at), at, TZ).map((i) => i.appointment.id);

    // The first check, with nothing kept yet: while it reads, the old cancelled session is found to
    // have been held after all (its write lands after the check read the cancellations).
    const during = (write: () => Promise<void>) => {
      const spy = vi.spyOn(repos.appointments, 'rowsByIds').mockImplementationOnce(async (asked) => {
        const rows = await db.appointments.bulkGet([...asked]);
        await write();
        return rows.filter((r) => r !== undefined);
      });
      return () => spy.mockRestore();
    };
    let restore = during(() => repos.appointments.save([{ ...kept, status: 'completed' }], 'update'));
    await checkBacklogInFull(repos, NOW);
    restore();
    expect(await ids(NOW + DAY)).toEqual(['appt-waiting', 'appt-kept']);

    // A later check, 30 days on: the no-show from two weeks before it is marked held while it reads.
    const later = NOW + 30 * DAY;
    restore = during(() => repos.appointments.save([{ ...noShow, status: 'completed' }], 'update'));
    await checkBacklogInFull(repos, later);
    restore();
    expect(await ids(later + DAY)).toEqual(['appt-waiting', 'appt-kept', 'appt-no-show']);
    expect(sessions(backlogFrom(await loadBacklogInputs(repos, later + DAY), later + DAY, TZ))).toEqual(
      sessions(backlogFrom(await loadCurrentBacklog(repos, later + DAY), later + DAY, TZ)),
    );

    // A restore rewrites the kept backlog while a check reads: the check keeps nothing of its own.
    restore = during(() => db.transaction('rw', db.meta, () => keepBacklog(db, later + 2 * DAY, ['appt-from-the-restore'])));
    await checkBacklogInFull(repos, later + DAY);
    restore();
    expect((await readKeptBacklog(db))?.open).toEqual(['appt-from-the-restore']);

    // Years of past sessions imported at once: past the log's limit, the next screen works it out in full.
    const imported = Array.from({ length: TOUCHED_LIMIT + 1 }, (_, i) =>
      appointment(`appt-imported-${i}`, 'supervision', 'completed', 400 + i / 100, 'nobody'),
    ).map((a) => ({ ...a, kind: 'individual' as const, clientId: 'client-z' }));
    await repos.appointments.save(imported, 'create');
    expect(await readKeptBacklog(db)).toBeUndefined();
    expect((await ids(later + 3 * DAY)).length).toBe(TOUCHED_LIMIT + 1 + 3);
    db.close();
  });
});
