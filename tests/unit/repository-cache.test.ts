import { IDBFactory, IDBIndex, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import type { SealedRow } from '../../renderer/src/data/db';
import { createRepositories } from '../../renderer/src/data/repositories';
import { isUnreadable } from '../../renderer/src/data/repository';
import type { RecordsApi } from '../../renderer/src/data/repository';
import type { Client } from '../../shared/records';
import { fakeRecordsApi } from './helpers/records-api';

const client = (i: number): Client => ({
  id: `c${String(i).padStart(6, '0')}`,
  name: `Client ${i}`,
  preferredName: '',
  pronouns: '',
  dateOfBirth: '',
  email: '',
  phone: '',
  address: '',
  emergencyContact: '',
  status: 'active',
  presentingConcerns: '',
  modalities: [],
  defaultSessionMinutes: 50,
  telehealthUrl: '',
  archived: false,
  createdAt: 1,
  updatedAt: 1,
});

let fake: ReturnType<typeof fakeRecordsApi>;
beforeEach(() => {
  fake = fakeRecordsApi();
});

describe('sealed repositories', () => {
  it('open many records in bounded batches, then reuse what they opened until a row changes', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const writer = createRepositories(db, fake.api).clients;
    await writer.save(
      Array.from({ length: 12_000 }, (_, i) => client(i)),
      'create',
    );

    // A fresh repository (a new page) has nothing opened yet: three calls of at most 5,000.
    const reader = createRepositories(db, fake.api).clients;
    const first = await reader.all();
    expect(first.records).toHaveLength(12_000);
    expect(fake.openCalls).toEqual([5_000, 5_000, 2_000]);

    fake.openCalls.length = 0;
    expect((await reader.all()).records).toHaveLength(12_000);
    expect(fake.openCalls).toEqual([]);

    // Someone else changed one record: only that row is opened again, and the new text is seen.
    await writer.save([{ ...client(42), name: 'Renamed Client' }], 'update');
    const again = await reader.all();
    expect(fake.openCalls).toEqual([1]);
    expect(again.records.find((c) => c.id === 'c000042')?.name).toBe('Renamed Client');
    db.close();
  });

  it('hand every record over a batch at a time as each is opened, for a screen to start on the first', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace-batches', { indexedDB: new IDBFactory(), IDBKeyRange }));
    await createRepositories(db, fake.api).clients.save(
      Array.from({ length: 12_000 }, (_, i) => client(i)),
      'create',
    );
    const reader = createRepositories(db, fake.api).clients;
    const seen: { size: number; opened: number; total: number }[] = [];
    const whole = await reader.allInBatches((batch, opened, total) => seen.push({ size: batch.records.length, opened, total }));
    expect(seen).toEqual([
      { size: 5_000, opened: 5_000, total: 12_000 },
      { size: 5_000, opened: 10_000, total: 12_000 },
      { size: 2_000, opened: 12_000, total: 12_000 },
    ]);
    expect(whole.records.map((c) => c.id)).toEqual((await reader.all()).records.map((c) => c.id));
    db.close();
  });

  it('tell a screen when there is nothing to hand over', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace-empty', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const seen: [number, number][] = [];
    await createRepositories(db, fake.api).clients.allInBatches((_batch, opened, total) => seen.push([opened, total]));
    expect(seen).toEqual([[0, 0]]);
    db.close();
  });

  it('open a record once when two panels ask for it at the same moment, each getting its own answer', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace-twice', { indexedDB: new IDBFactory(), IDBKeyRange }));
    await createRepositories(db, fake.api).clients.save([client(1), client(2), client(3)], 'create');
    // A damaged record asked for by both is reported to both.
    await db.clients.update('c000003', { status: 'discharged' });
    const reader = createRepositories(db, fake.api).clients;
    const rows = await reader.rows((t) => t.toCollection());
    fake.openCalls.length = 0;
    const [a, b, c] = await Promise.all([reader.openRows(rows), reader.openRows(rows.slice(0, 2)), reader.openRows(rows)]);
    // The damaged one, never kept as opened, is asked for again by the third on its own.
    expect(fake.openCalls).toEqual([3, 1]);
    for (const answer of [a, b, c]) expect(answer.records.map((r) => r.name)).toEqual(['Client 1', 'Client 2']);
    for (const answer of [a, c]) expect(answer.unreadable).toEqual([{ kind: 'unreadable', id: 'c000003', reason: 'mismatch' }]);
    expect(b.unreadable).toEqual([]);
    db.close();
  });

  it('report a record whose clear index fields were altered or added on disk, as with a damaged record', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace-clear', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repo = createRepositories(db, fake.api).clients;
    await repo.save([client(1), client(2), client(3)], 'create');
    // Someone with the disk marks an active client discharged in the index, and adds a field to another.
    await db.clients.update('c000001', { status: 'discharged' });
    await db.clients.update('c000002', { clientId: 'c000999' } as never);
    for (const reader of [repo, createRepositories(db, fake.api).clients]) {
      const { records, unreadable } = await reader.all();
      expect(records.map((c) => c.id)).toEqual(['c000003']);
      expect(unreadable).toEqual([
        { kind: 'unreadable', id: 'c000001', reason: 'mismatch' },
        { kind: 'unreadable', id: 'c000002', reason: 'mismatch' },
      ]);
      // One record asked for by id says the same, and is told apart by its kind alone.
      const one = await reader.get('c000001');
      expect(one !== undefined && isUnreadable(one) && one.reason).toBe('mismatch');
      const fine = await reader.get('c000003');
      expect(fine !== undefined && !isUnreadable(fine) && fine.name).toBe(client(3).name);
    }
    db.close();
  });
});

/** A database of 300 saved clients, and their rows in id order. */
async function threeHundredClients(name: string): Promise<{ db: HoldspaceDb; rows: SealedRow[] }> {
  const db = await openDatabase(new HoldspaceDb(name, { indexedDB: new IDBFactory(), IDBKeyRange }));
  await createRepositories(db, fake.api).clients.save(
    Array.from({ length: 300 }, (_, i) => client(i)),
    'create',
  );
  return { db, rows: await db.clients.orderBy('id').toArray() };
}

describe('opening in the background', () => {
  it('waits while a screen’s own open is in flight, goes in small requests, and lets a later click go first', async () => {
    const { db, rows } = await threeHundredClients('holdspace-lane');
    // Main answers only when told to, so what is asked of it, and in what order, can be watched.
    const held: { size: number; answer: () => void }[] = [];
    const open: RecordsApi['vault']['open'] = (input) =>
      new Promise((resolve) => held.push({ size: input.items.length, answer: () => resolve(fake.api.vault.open(input)) }));
    const api: RecordsApi = { ...fake.api, vault: { ...fake.api.vault, open } };
    const reader = createRepositories(db, api).clients;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
    const answerNext = async (size: number) => {
      await settle();
      const next = held.shift();
      expect(next?.size).toBe(size);
      next!.answer();
    };

    const screen = reader.openRows(rows.slice(0, 10));
    const behind = reader.openRows(rows.slice(10), { background: true });
    await settle();
    expect(held.map((h) => h.size)).toEqual([10]); // the background waits for the screen's answer
    await answerNext(10);
    expect((await screen).records).toHaveLength(10);
    await answerNext(100);
    await settle();
    expect(held.map((h) => h.size)).toEqual([100]); // one small request at a time
    // A click while the background's request is with main: its open is asked next, and the
    // background's next request waits for it.
    const click = reader.openRows(rows.slice(295));
    await answerNext(100);
    await answerNext(5);
    expect(held).toEqual([]);
    expect((await click).records.map((c) => c.id)).toEqual(rows.slice(295).map((r) => r.id));
    await answerNext(90);
    const all = await behind;
    expect(all.records.map((c) => c.id)).toEqual(rows.slice(10).map((r) => r.id));
    expect(all.unreadable).toEqual([]);
    db.close();
  });
});

describe('opening in the background, for a screen that has gone', () => {
  it('makes no further request once its signal is aborted, and a later call for the same rows still gets them', async () => {
    const { db, rows } = await threeHundredClients('holdspace-lane-abort');
    const asked: number[] = [];
    const api: RecordsApi = {
      ...fake.api,
      vault: {
        ...fake.api.vault,
        open: (input) => {
          asked.push(input.items.length);
          // The clinician leaves the screen while its first request is with main.
          left.abort();
          return fake.api.vault.open(input);
        },
      },
    };
    const reader = createRepositories(db, api).clients;
    const left = new AbortController();
    const behind = reader.openRows(rows, { background: true, signal: left.signal });
    await expect(behind).rejects.toThrow();
    expect(asked).toEqual([100]);
    asked.length = 0;
    // Another background call (the screen opened again): nothing is left waiting on the call that stopped,
    // and what it had opened is not asked for again.
    const again = await reader.openRows(rows, { background: true });
    expect(again.records.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    expect(asked).toEqual([100, 100]);
    db.close();
  });

  it('sends one background request at a time, whichever screen’s work it is', async () => {
    const { db, rows } = await threeHundredClients('holdspace-lane-two');
    const held: (() => void)[] = [];
    const api: RecordsApi = {
      ...fake.api,
      vault: {
        ...fake.api.vault,
        open: (input) => new Promise((resolve) => held.push(() => resolve(fake.api.vault.open(input)))),
      },
    };
    const repos = createRepositories(db, api);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
    const first = repos.clients.openRows(rows.slice(0, 150), { background: true });
    const second = createRepositories(db, api).clients.openRows(rows.slice(150), { background: true });
    for (let answered = 0; answered < 4; answered++) {
      await settle();
      expect(held).toHaveLength(1);
      held.shift()!();
    }
    expect((await first).records).toHaveLength(150);
    expect((await second).records).toHaveLength(150);
    db.close();
  });
});

describe('rows chosen by any of several index values', () => {
  it('returns every row of each value asked for, once, in index order, as Dexie’s anyOf would', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repos = createRepositories(db, fake.api);
    const groups = ['g-b', 'g-a', 'g-c', 'g-é'];
    await repos.memberships.save(
      Array.from({ length: 40 }, (_, i) => ({
        id: `m${String(i).padStart(3, '0')}`,
        groupId: groups[i % groups.length]!,
        clientId: `c${i}`,
        status: 'member' as const,
        createdAt: i,
        updatedAt: i,
      })),
      'create',
    );
    const asked = ['g-é', 'g-b', 'g-é', 'g-missing'];
    const expected = await db.memberships.where('groupId').anyOf(asked).toArray();
    const rows = await repos.memberships.rowsWhereAnyOf('groupId', asked);
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(new Set(rows.map((r) => r.groupId))).toEqual(new Set(['g-b', 'g-é']));
    expect(rows).toHaveLength(20);

    // A fresh page (nothing opened yet) opens only the rows chosen, in one call.
    fake.openCalls.length = 0;
    const opened = await createRepositories(db, fake.api).memberships.queryWhereAnyOf('groupId', ['g-c']);
    expect(opened.records.map((m) => m.id).sort()).toEqual([
      'm002',
      'm006',
      'm010',
      'm014',
      'm018',
      'm022',
      'm026',
      'm030',
      'm034',
      'm038',
    ]);
    expect(fake.openCalls).toEqual([10]);

    fake.openCalls.length = 0;
    expect((await repos.memberships.queryWhereAnyOf('groupId', [])).records).toEqual([]);
    expect(fake.openCalls).toEqual([]);
    db.close();
  });
});

describe('rows of one client or group newest first', () => {
  it('read page by page give every row once, newest first, even when many share a session time', async () => {
    const db = await openDatabase(new HoldspaceDb('holdspace-newest', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const envelope = { v: 1 as const, kid: 'k', alg: 'A256GCM' as const, iv: 'aaaa', ct: 'bbbb' };
    // Seven notes at 500 (a group session written up seven times), others around them, and another client's.
    const times = [900, 800, 500, 500, 500, 500, 500, 500, 500, 300, 100];
    await db.notes.bulkPut([
      ...times.map((sessionAt, i) => ({
        id: `n${String(i).padStart(2, '0')}`,
        v: 1,
        env: envelope,
        clientId: 'c1',
        sessionAt,
        status: 'signed',
      })),
      { id: 'other', v: 1, env: envelope, clientId: 'c2', sessionAt: 600, status: 'signed' },
    ]);
    const notes = createRepositories(db, fake.api).notes;
    // Both ways of reading: one getAllRecords request per page, and Dexie's cursor where IndexedDB has no getAllRecords.
    const getAllRecords = Object.getOwnPropertyDescriptor(IDBIndex.prototype, 'getAllRecords');
    expect(getAllRecords).toBeDefined();
    for (const way of ['getAllRecords', 'cursor'] as const) {
      if (way === 'cursor') delete (IDBIndex.prototype as { getAllRecords?: unknown }).getAllRecords;
      try {
        await readsEveryRow(way);
      } finally {
        Object.defineProperty(IDBIndex.prototype, 'getAllRecords', getAllRecords!);
      }
    }
    async function readsEveryRow(way: string): Promise<void> {
      for (const size of [1, 2, 3, 5, 20]) {
        const read = notes.newestFirst('[clientId+sessionAt]', 'c1', 'sessionAt');
        const got: (SealedRow & { sessionAt?: unknown })[] = [];
        for (let batch = await read(size); ; batch = await read(size)) {
          got.push(...batch);
          if (batch.length < size) break;
        }
        expect(
          got.map((r) => r.sessionAt),
          `${way}, ${size} at a time`,
        ).toEqual(times);
        expect(new Set(got.map((r) => r.id)).size).toBe(times.length);
      }
    }
    expect(fake.openCalls).toEqual([]);
    db.close();
  });
});
