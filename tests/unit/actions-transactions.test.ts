/**
 * Workflows that write several records commit them together: a failure between the writes
 * (here, the second table refusing its write, as a full disk or a crash would) leaves the
 * database holding every record of the workflow or none of them.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Table } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import type { Deps } from '../../renderer/src/data/deps';
import { createRepositories } from '../../renderer/src/data/repositories';
import { isUnreadable } from '../../renderer/src/data/repository';
import { bookSeries, moveAppointment, setAppointmentStatus } from '../../renderer/src/calendar/actions';
import { recordAttendance, saveGroup } from '../../renderer/src/groups/actions';
import { signNote } from '../../renderer/src/notes/actions';
import type { HoldspaceApi } from '../../shared/api';
import type { PageAuditEvent } from '../../shared/audit';
import type { Appointment, Attendance, Group, Note, Series } from '../../shared/records';
import { signableDraft } from './helpers/notes';

const T0 = Date.UTC(2026, 2, 10, 10);
const HOUR = 3_600_000;

/** A stand-in for main: "seals" by base64-encoding and keeps what the audit trail was told. */
function fakeMain() {
  const audit: PageAuditEvent[] = [];
  let counter = 0;
  const holdspace = {
    vault: {
      seal: async ({ items }: { items: { plaintext: string }[] }) => ({
        ok: true,
        value: {
          envelopes: items.map((i) => ({
            v: 1,
            kid: 'k',
            alg: 'A256GCM',
            iv: `iv${counter++}`,
            ct: Buffer.from(i.plaintext).toString('base64'),
          })),
        },
      }),
      open: async ({ items }: { items: { envelope: { ct: string } }[] }) => ({
        ok: true,
        value: { results: items.map((i) => ({ ok: true, plaintext: Buffer.from(i.envelope.ct, 'base64').toString() })) },
      }),
    },
    audit: {
      record: async ({ events }: { events: PageAuditEvent[] }) => {
        audit.push(...events);
        return { ok: true, value: {} };
      },
    },
  };
  return { holdspace: holdspace as unknown as HoldspaceApi, audit };
}

/** Makes every write to this table fail, as a full disk or a crash between the writes would. */
function failWritesTo(table: Table): void {
  const refuse = (): never => {
    throw new Error('The disk is full.');
  };
  table.hook('creating', refuse);
  table.hook('updating', refuse);
  table.hook('deleting', refuse);
}

let main: ReturnType<typeof fakeMain>;
let db: HoldspaceDb;
let deps: Deps;

beforeEach(async () => {
  main = fakeMain();
  (globalThis as unknown as { window: unknown }).window = { holdspace: main.holdspace, dispatchEvent: () => true };
  db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
  deps = { repos: createRepositories(db, main.holdspace), api: main.holdspace };
});
afterEach(() => {
  db.close();
  delete (globalThis as unknown as { window?: unknown }).window;
});

const draft = (): Note => signableDraft(T0);

async function opened<T extends { id: string }>(
  repo: { get(id: string): Promise<T | { kind: 'unreadable' } | undefined> },
  id: string,
) {
  const found = await repo.get(id);
  if (found !== undefined && isUnreadable(found)) throw new Error(`${id} could not be opened`);
  return found as T | undefined;
}

describe('signing a note', () => {
  it('stores the signed note and removes its draft together, then records the signature in the audit trail', async () => {
    await deps.repos.drafts.save([draft()]);
    const signed = await signNote(deps, draft(), { now: T0 + HOUR });
    expect((await opened<Note>(deps.repos.notes, 'note-1'))?.status).toBe('signed');
    expect(await db.drafts.count()).toBe(0);
    expect(main.audit).toEqual([
      { action: 'update', kind: 'note', recordId: 'note-1' },
      { action: 'sign', kind: 'note', recordId: 'note-1', contentHash: signed.contentHash },
    ]);
    // The search index learns of both: the note put and the draft removed.
    expect(await db.searchIndex.count()).toBe(3);
  });

  it('keeps the draft and stores no signed note when removing the draft fails', async () => {
    await deps.repos.drafts.save([draft()]);
    const indexBefore = await db.searchIndex.count();
    failWritesTo(db.drafts);
    await expect(signNote(deps, draft(), { now: T0 + HOUR })).rejects.toThrow();
    // Never a signed note beside its still-editable draft.
    expect(await db.notes.count()).toBe(0);
    expect((await opened<Note>(deps.repos.drafts, 'note-1'))?.status).toBe('draft');
    expect(await db.searchIndex.count()).toBe(indexBefore);
    expect(main.audit).toEqual([]);
  });
});

describe('signing a note whose session has moved since the draft was linked to it', () => {
  const session: Appointment = {
    id: 'appt-1',
    kind: 'individual',
    status: 'scheduled',
    start: T0,
    end: T0 + 50 * 60_000,
    clientId: 'client-1',
    title: '',
    location: '',
    overrideReason: '',
    createdAt: T0,
    updatedAt: T0,
  };
  const linked = (): Note => ({ ...draft(), appointmentId: 'appt-1' });

  it('cannot sign before the session takes place at its new time, and signs at that time once it has', async () => {
    await deps.repos.appointments.save([session], 'create');
    await deps.repos.drafts.save([linked()]);
    // The client rescheduled a week later, for an hour.
    await moveAppointment(deps, session, { start: T0 + 7 * 24 * HOUR, end: T0 + 7 * 24 * HOUR + HOUR });
    await expect(signNote(deps, linked(), { now: T0 + 2 * HOUR })).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'sessionAt', message: expect.stringMatching(/hasn’t happened yet/) })],
    });
    expect(await db.notes.count()).toBe(0);
    const signed = await signNote(deps, linked(), { now: T0 + 8 * 24 * HOUR });
    expect(signed.sessionAt).toBe(T0 + 7 * 24 * HOUR);
    expect(signed.durationMinutes).toBe(60);
  });
});

async function weeklySeries(): Promise<{ series: Series; appointments: Appointment[] }> {
  return bookSeries(
    deps,
    { kind: 'individual', clientId: 'client-1', firstStart: T0, durationMinutes: 50, weekdays: [2], count: 4 },
    'UTC',
  );
}

describe('moving and cancelling one occurrence of a series', () => {
  it('saves the moved occurrence and the exception on its series together', async () => {
    const { series, appointments } = await weeklySeries();
    const second = appointments[1]!;
    await moveAppointment(deps, second, { start: second.start + HOUR, end: second.end + HOUR });
    expect((await opened<Appointment>(deps.repos.appointments, second.id))?.start).toBe(second.start + HOUR);
    expect((await opened<Series>(deps.repos.series, series.id))?.moved).toEqual([
      { original: second.start, start: second.start + HOUR, end: second.end + HOUR },
    ]);
  });

  it('leaves the occurrence where it was when the series exception cannot be written', async () => {
    const { series, appointments } = await weeklySeries();
    const second = appointments[1]!;
    failWritesTo(db.series);
    await expect(moveAppointment(deps, second, { start: second.start + HOUR, end: second.end + HOUR })).rejects.toThrow();
    expect((await opened<Appointment>(deps.repos.appointments, second.id))?.start).toBe(second.start);
    expect((await opened<Series>(deps.repos.series, series.id))?.moved).toEqual([]);
  });

  it('leaves the occurrence scheduled when cancelling it cannot record the exception', async () => {
    const { series, appointments } = await weeklySeries();
    const third = appointments[2]!;
    failWritesTo(db.series);
    await expect(setAppointmentStatus(deps, third, 'cancelled')).rejects.toThrow();
    expect((await opened<Appointment>(deps.repos.appointments, third.id))?.status).toBe('scheduled');
    expect((await opened<Series>(deps.repos.series, series.id))?.cancelled).toEqual([]);
  });

  it('cancels the occurrence and records it on the series', async () => {
    const { series, appointments } = await weeklySeries();
    const third = appointments[2]!;
    await setAppointmentStatus(deps, third, 'cancelled');
    expect((await opened<Appointment>(deps.repos.appointments, third.id))?.status).toBe('cancelled');
    expect((await opened<Series>(deps.repos.series, series.id))?.cancelled).toEqual([third.start]);
  });
});

describe('booking a weekly series', () => {
  it('stores no series when its occurrences cannot be written', async () => {
    failWritesTo(db.appointments);
    await expect(weeklySeries()).rejects.toThrow();
    expect(await db.series.count()).toBe(0);
    expect(await db.appointments.count()).toBe(0);
  });

  it('stores the series and all its occurrences', async () => {
    const { series } = await weeklySeries();
    expect(await db.series.count()).toBe(1);
    const stored = await deps.repos.appointments.query((t) => t.where('seriesId').equals(series.id));
    expect(stored.records.map((a) => a.start).sort((a, b) => a - b)).toEqual([0, 1, 2, 3].map((w) => T0 + w * 7 * 24 * HOUR));
  });
});

describe('taking a group register', () => {
  const mark = (id: string, clientId: string, markAs: Attendance['mark']): Attendance => ({
    id,
    appointmentId: 'session-1',
    groupId: 'group-1',
    clientId,
    mark: markAs,
    sessionAt: T0,
    createdAt: T0,
    updatedAt: T0,
  });

  it('writes new and changed marks together, or none of them', async () => {
    await deps.repos.attendance.save([mark('a1', 'client-1', 'present')], 'create');
    // A changed mark for one member and a new mark for another, the update refused.
    db.attendance.hook('updating', () => {
      throw new Error('The disk is full.');
    });
    await expect(
      recordAttendance(deps, [mark('a1', 'client-1', 'absent-notice'), mark('a2', 'client-2', 'present')], ['a1']),
    ).rejects.toThrow();
    expect(await db.attendance.count()).toBe(1);
    expect((await opened<Attendance>(deps.repos.attendance, 'a1'))?.mark).toBe('present');
  });

  it('audits new marks as created and changed ones as updated', async () => {
    await deps.repos.attendance.save([mark('a1', 'client-1', 'present')], 'create');
    main.audit.length = 0;
    await recordAttendance(deps, [mark('a1', 'client-1', 'late'), mark('a2', 'client-2', 'present')], ['a1']);
    expect(main.audit).toEqual([
      { action: 'create', kind: 'attendance', recordId: 'a2' },
      { action: 'update', kind: 'attendance', recordId: 'a1' },
    ]);
    expect((await opened<Attendance>(deps.repos.attendance, 'a1'))?.mark).toBe('late');
  });
});

describe('creating a group with a weekly schedule', () => {
  const group: Group = {
    id: 'group-1',
    name: 'Tuesday grief group',
    focus: 'Grief',
    facilitator: '',
    coFacilitator: '',
    openness: 'closed',
    capacity: 8,
    location: '',
    onlineUrl: '',
    recurrence: '',
    sessionMinutes: 90,
    archived: false,
    createdAt: T0,
    updatedAt: T0,
  };
  const schedule = { firstStart: T0, durationMinutes: 90, weekdays: [2], count: 6 };

  it('stores the group, its series and its sessions', async () => {
    expect(await saveGroup(deps, group, true, schedule, 'UTC')).toBe(6);
    expect(await db.groups.count()).toBe(1);
    expect(await db.series.count()).toBe(1);
    expect(await db.appointments.where('groupId').equals('group-1').count()).toBe(6);
  });

  it('stores no group when its sessions cannot be written, so trying again makes no duplicate', async () => {
    failWritesTo(db.appointments);
    await expect(saveGroup(deps, group, true, schedule, 'UTC')).rejects.toThrow();
    expect(await db.groups.count()).toBe(0);
    expect(await db.series.count()).toBe(0);
  });
});
