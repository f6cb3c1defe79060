import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, HoldspaceDb, openDatabase, willUpgrade } from '../../renderer/src/data/db';
import {
  LATEST_VERSION,
  MIGRATIONS,
  TABLES,
  backupRestorableFrom,
  declareSchema,
  latestStores,
} from '../../renderer/src/data/schema';
import { RECORD_TABLES } from '../../shared/envelope';

const envelope = { v: 1 as const, kid: 'k', alg: 'A256GCM' as const, iv: 'aaaa', ct: 'bbbb' };

function oldDb(indexedDB: InstanceType<typeof IDBFactory>, upTo: number): Dexie {
  const db = new Dexie('holdspace', { indexedDB, IDBKeyRange });
  declareSchema(db, upTo);
  return db;
}

describe('database migrations', () => {
  it('are numbered from 1 without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('declare, step by step, exactly the stores each published version declared', () => {
    // The steps are derived from the table list: an edit there must not change a published step.
    expect(MIGRATIONS.map((m) => m.stores)).toEqual([
      {
        clients: 'id, status, archived',
        groups: 'id, archived',
        memberships: 'id, groupId, clientId, status',
        appointments: 'id, start, end, kind, status, clientId, groupId, seriesId',
        notes: 'id, appointmentId, clientId, groupId, sessionAt, status, template',
        drafts: 'id, updatedAt',
        attendance: 'id, appointmentId, groupId, clientId, sessionAt',
        agreements: 'id, groupId, version',
        signatures: 'id, groupId, clientId, agreementId',
        measures: 'id, clientId, kind, takenAt',
        meta: 'key',
      },
      {
        series: 'id, kind, clientId, groupId',
        appointments: 'id, start, end, kind, status, clientId, groupId, seriesId, [kind+start]',
      },
      { searchIndex: 'id, shard' },
      { noteLinks: '[appointmentId+noteId], noteId' },
      {
        notes: 'id, appointmentId, clientId, groupId, sessionAt, status, template, [clientId+sessionAt], [groupId+sessionAt]',
      },
      {
        appointments: 'id, start, end, kind, status, clientId, groupId, seriesId, [kind+start], [clientId+end]',
      },
    ]);
  });

  it('end with one table per sealed record table, plus the note links and meta, each declared by some step', async () => {
    expect(Object.keys(latestStores()).sort()).toEqual([...RECORD_TABLES, 'noteLinks', 'meta'].sort());
    const versions = Object.values(TABLES).flatMap((byVersion) => Object.keys(byVersion).map(Number));
    expect(versions.every((v) => MIGRATIONS.some((m) => m.version === v))).toBe(true);
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    expect(db.tables.map((t) => t.name).sort()).toEqual([...RECORD_TABLES, 'noteLinks', 'meta'].sort());
    for (const name of RECORD_TABLES) expect(await db[name].count()).toBe(0);
    db.close();
  });

  it('1 → 2 keeps every row and adds the series table and the [kind+start] index', async () => {
    const indexedDB = new IDBFactory();
    const v1 = oldDb(indexedDB, 1);
    await v1.open();
    await v1.table('appointments').bulkPut([
      { id: 'a1', v: 1, env: envelope, start: 100, end: 200, kind: 'individual', status: 'scheduled' },
      { id: 'a2', v: 1, env: envelope, start: 300, end: 400, kind: 'group', status: 'scheduled', groupId: 'g1' },
    ]);
    await v1.table('clients').put({ id: 'c1', v: 1, env: envelope, status: 'active', archived: 0 });
    v1.close();

    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }));
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.clients.get('c1')).toMatchObject({ env: envelope, status: 'active' });
    const groups = await db.appointments.where('[kind+start]').between(['group', 0], ['group', Infinity]).toArray();
    expect(groups.map((r) => r.id)).toEqual(['a2']);
    await db.series.put({ id: 's1', v: 1, env: envelope, kind: 'group' });
    expect(await db.series.count()).toBe(1);
    db.close();
  });

  it('2 → 3 keeps every row and adds the sealed search index table, read by shard', async () => {
    const indexedDB = new IDBFactory();
    const v2 = oldDb(indexedDB, 2);
    await v2.open();
    await v2.table('notes').put({ id: 'n1', v: 1, env: envelope, sessionAt: 100, status: 'signed', template: 'soap' });
    await v2.table('drafts').put({ id: 'd1', v: 1, env: envelope, updatedAt: 5 });
    v2.close();

    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }));
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.notes.get('n1')).toMatchObject({ env: envelope, status: 'signed' });
    expect(await db.drafts.get('d1')).toMatchObject({ env: envelope, updatedAt: 5 });
    // Nothing to carry over: an index that is missing is built from the notes on first search.
    expect(await db.searchIndex.count()).toBe(0);
    await db.searchIndex.bulkPut([
      { id: 'base-3', v: 1, env: envelope, shard: 3, kind: 'base', seq: 0 },
      { id: 'delta-1', v: 1, env: envelope, shard: 3, kind: 'delta', seq: 1 },
      { id: 'delta-2', v: 1, env: envelope, shard: 4, kind: 'delta', seq: 2 },
    ]);
    expect((await db.searchIndex.where('shard').equals(3).toArray()).map((r) => r.id).sort()).toEqual(['base-3', 'delta-1']);
    db.close();
  });

  it('3 → 4 keeps every row and adds the clear note links store, read by session and by note', async () => {
    const indexedDB = new IDBFactory();
    const v3 = oldDb(indexedDB, 3);
    await v3.open();
    await v3.table('notes').put({ id: 'n1', v: 1, env: envelope, appointmentId: 'a1', sessionAt: 100, status: 'signed' });
    v3.close();

    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }));
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.notes.get('n1')).toMatchObject({ env: envelope, appointmentId: 'a1' });
    // Built from the notes the first time the backlog finds it out of step with them.
    expect(await db.noteLinks.count()).toBe(0);
    await db.noteLinks.bulkPut([
      { appointmentId: 'a1', noteId: 'n1' },
      { appointmentId: '', noteId: 'n2' },
    ]);
    expect(await db.noteLinks.toCollection().primaryKeys()).toEqual([
      ['', 'n2'],
      ['a1', 'n1'],
    ]);
    expect(await db.noteLinks.where('noteId').equals('n1').count()).toBe(1);
    db.close();
  });

  it('4 → 5 keeps every note and reads a client’s or a group’s notes by session time, newest first', async () => {
    const indexedDB = new IDBFactory();
    const v4 = oldDb(indexedDB, 4);
    await v4.open();
    await v4.table('notes').bulkPut([
      { id: 'n1', v: 1, env: envelope, clientId: 'c1', sessionAt: 300, status: 'signed' },
      { id: 'n2', v: 1, env: envelope, clientId: 'c1', sessionAt: 100, status: 'signed' },
      { id: 'n3', v: 1, env: envelope, clientId: 'c2', sessionAt: 200, status: 'signed' },
      { id: 'g1', v: 1, env: envelope, groupId: 'g', sessionAt: 250, status: 'signed' },
      { id: 'g2', v: 1, env: envelope, groupId: 'g', sessionAt: 50, status: 'signed' },
    ]);
    v4.close();

    // The screen says an upgrade is under way (IndexedDB builds the indexes from every note), then not again.
    expect(await willUpgrade(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }))).toBe(true);
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }));
    expect(await willUpgrade(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }))).toBe(false);
    expect(await willUpgrade(new HoldspaceDb('never-made', { indexedDB, IDBKeyRange }))).toBe(false);
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.notes.count()).toBe(5);
    const newest = (index: string, key: string) =>
      db.notes.where(index).between([key, Dexie.minKey], [key, Dexie.maxKey]).reverse().primaryKeys();
    expect(await newest('[clientId+sessionAt]', 'c1')).toEqual(['n1', 'n2']);
    expect(await newest('[groupId+sessionAt]', 'g')).toEqual(['g1', 'g2']);
    db.close();
  });

  it('5 → 6 keeps every appointment and reads a client’s from a given end onwards, soonest first', async () => {
    const indexedDB = new IDBFactory();
    const v5 = oldDb(indexedDB, 5);
    await v5.open();
    await v5.table('appointments').bulkPut([
      { id: 'past', v: 1, env: envelope, clientId: 'c1', start: 100, end: 150, kind: 'individual', status: 'completed' },
      { id: 'later', v: 1, env: envelope, clientId: 'c1', start: 900, end: 950, kind: 'individual', status: 'scheduled' },
      { id: 'soon', v: 1, env: envelope, clientId: 'c1', start: 500, end: 550, kind: 'individual', status: 'scheduled' },
      { id: 'other', v: 1, env: envelope, clientId: 'c2', start: 600, end: 650, kind: 'individual', status: 'scheduled' },
      { id: 'group', v: 1, env: envelope, groupId: 'g', start: 700, end: 750, kind: 'group', status: 'scheduled' },
    ]);
    v5.close();

    expect(await willUpgrade(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }))).toBe(true);
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange }));
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.appointments.count()).toBe(5);
    const from = (clientId: string, end: number) =>
      db.appointments.where('[clientId+end]').between([clientId, end], [clientId, Dexie.maxKey]).primaryKeys();
    expect(await from('c1', 200)).toEqual(['soon', 'later']);
    expect(await from('c1', 0)).toEqual(['past', 'soon', 'later']);
    expect(await from('c2', 200)).toEqual(['other']);
    // It only adds an index: a backup made at version 5 restores as it is.
    expect(backupRestorableFrom(5)).toBe(true);
    db.close();
  });

  it('refuses a database written by a newer Holdspace, with a clear message, and leaves it alone', async () => {
    const indexedDB = new IDBFactory();
    const newer = new Dexie('holdspace', { indexedDB, IDBKeyRange });
    newer.version(LATEST_VERSION + 5).stores({ clients: 'id', future: 'id' });
    await newer.open();
    await newer.table('future').put({ id: 'x' });
    newer.close();

    const error = await openDatabase(new HoldspaceDb('holdspace', { indexedDB, IDBKeyRange })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect((error as Error).message).toMatch(/newer version of Holdspace/);

    const again = new Dexie('holdspace', { indexedDB, IDBKeyRange });
    again.version(LATEST_VERSION + 5).stores({ clients: 'id', future: 'id' });
    await again.open();
    expect(await again.table('future').count()).toBe(1);
    again.close();
  });
});
