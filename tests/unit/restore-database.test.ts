import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { HoldspaceDb, database, findRecordsDatabase, openDatabase, switchDatabase } from '../../renderer/src/data/db';
import type { SealedRow } from '../../renderer/src/data/db';
import { DIRECTORY_DB, currentRecordsName, nameRecords, removeReplacedRecords } from '../../renderer/src/data/records-directory';
import { RESTORE_MARKER_KEY, replaceRecords, writeRestoredDatabase } from '../../renderer/src/data/restore';
import { KEPT_BACKLOG_KEY } from '../../renderer/src/data/kept-backlog';
import { AUDIT_SEAL_KEY } from '../../renderer/src/audit/audit-seal';
import { repositories } from '../../renderer/src/data/repositories';

const env: SealedRow['env'] = { v: 1, kid: 'k', alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA' };
const DAY = 86_400_000;
const past = Date.now() - 30 * DAY;
const appointment = (id: string, at: number): SealedRow => ({
  id,
  v: 2,
  env,
  start: at,
  end: at + 50 * 60_000,
  kind: 'individual',
  status: 'scheduled',
  clientId: 'c-1',
});
const signedNote = (id: string, appointmentId: string): SealedRow => ({
  id,
  v: 1,
  env,
  appointmentId,
  clientId: 'c-1',
  sessionAt: past,
  status: 'signed',
  template: 'soap',
});

/** A computer whose records hold one client, markers, and nothing else. */
async function computer() {
  const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
  const current = await openDatabase(new HoldspaceDb('holdspace', factory));
  await current.clients.bulkPut([{ id: 'here-1', v: 1, env }]);
  await current.meta.bulkPut([
    { key: 'vaultHeader', value: { kdf: 'argon2id' } },
    { key: 'groups.raisedAbsenceFlags', value: ['g-1/c-1'] },
    { key: AUDIT_SEAL_KEY, value: 'head of this trail' },
    { key: RESTORE_MARKER_KEY, value: 'an earlier restore' },
  ]);
  return { factory, current };
}

const names = async (factory: IDBFactory) => (await factory.databases()).map((d) => d.name).sort();

const backup: { table: string; rows: SealedRow[] }[] = [
  {
    table: 'clients',
    rows: [
      { id: 'back-1', v: 1, env },
      { id: 'back-2', v: 1, env },
    ],
  },
  { table: 'appointments', rows: [appointment('a-signed', past), appointment('a-waiting', past + DAY)] },
  { table: 'notes', rows: [signedNote('n-1', 'a-signed')] },
];

describe('a restore writes a new database and names it only once every row is in', () => {
  it("holds the backup's rows, the links and backlog built from them, this computer's own markers, and the restore's id", async () => {
    const { factory, current } = await computer();
    const counts: number[] = [];
    const restored = await writeRestoredDatabase(current, backup, 'r-1', (done) => counts.push(done), factory);

    expect(restored.name).toBe('holdspace-records-r-1');
    expect(await currentRecordsName(factory.indexedDB)).toBe('holdspace-records-r-1');
    expect((await restored.clients.toArray()).map((r) => r.id)).toEqual(['back-1', 'back-2']);
    expect(await restored.noteLinks.toArray()).toEqual([{ appointmentId: 'a-signed', noteId: 'n-1' }]);
    // The progress bar hears every chunk, up to every row.
    expect(counts).toEqual([2, 4, 5]);
    const meta = new Map((await restored.meta.toArray()).map((row) => [row.key, row.value]));
    expect(meta.get(RESTORE_MARKER_KEY)).toBe('r-1');
    expect(meta.get('vaultHeader')).toEqual({ kdf: 'argon2id' });
    expect(meta.get('groups.raisedAbsenceFlags')).toEqual(['g-1/c-1']);
    // The copy of the replaced trail's head no longer applies; the backlog is the restored records'.
    expect(meta.has(AUDIT_SEAL_KEY)).toBe(false);
    expect((meta.get(KEPT_BACKLOG_KEY) as { open: string[] }).open).toEqual(['a-waiting']);

    // The replaced database is untouched until it is deleted, then only the named one (and the directory) is left.
    expect((await current.clients.toArray()).map((r) => r.id)).toEqual(['here-1']);
    current.close();
    expect(await removeReplacedRecords(restored.name, factory.indexedDB)).toEqual(['holdspace']);
    expect(await names(factory.indexedDB)).toEqual(['holdspace-directory', 'holdspace-records-r-1']);
  });

  it('a write that fails leaves the records where they were, whole, and no new database behind', async () => {
    const { factory, current } = await computer();
    // A row IndexedDB refuses (no id) half-way through.
    const broken = [backup[0]!, { table: 'notes', rows: [{ v: 1, env } as unknown as SealedRow] }];
    await expect(writeRestoredDatabase(current, broken, 'r-2', () => undefined, factory)).rejects.toThrow();

    expect(await currentRecordsName(factory.indexedDB)).toBe('holdspace');
    expect(await names(factory.indexedDB)).toEqual(['holdspace', DIRECTORY_DB]);
    expect((await current.clients.toArray()).map((r) => r.id)).toEqual(['here-1']);
    expect((await current.meta.get(AUDIT_SEAL_KEY))?.value).toBe('head of this trail');
  });

  it('a restore stopped before naming its database leaves it to be deleted at the next start; the records stay', async () => {
    const factory = new IDBFactory();
    const current = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: factory, IDBKeyRange }));
    await current.clients.put({ id: 'here-1', v: 1, env });
    await nameRecords('holdspace', factory);
    // Written in full, then the laptop lost power before the directory named it.
    const orphan = await openDatabase(new HoldspaceDb('holdspace-records-r-3', { indexedDB: factory, IDBKeyRange }));
    await orphan.clients.put({ id: 'back-1', v: 1, env });
    orphan.close();
    current.close();

    expect(await currentRecordsName(factory)).toBe('holdspace');
    expect(await removeReplacedRecords('holdspace', factory)).toEqual(['holdspace-records-r-3']);
    const reopened = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: factory, IDBKeyRange }));
    expect((await reopened.clients.toArray()).map((r) => r.id)).toEqual(['here-1']);
  });

  it('with no directory entry (never restored, or the directory lost) nothing is deleted on a guess', async () => {
    const factory = new IDBFactory();
    (await openDatabase(new HoldspaceDb('holdspace-records-r-4', { indexedDB: factory, IDBKeyRange }))).close();
    (await openDatabase(new HoldspaceDb('holdspace', { indexedDB: factory, IDBKeyRange }))).close();

    expect(await currentRecordsName(factory)).toBe('holdspace');
    expect(await removeReplacedRecords('holdspace', factory)).toEqual([]);
    expect(await names(factory)).toEqual(['holdspace', DIRECTORY_DB, 'holdspace-records-r-4']);
    await expect(nameRecords('not-a-records-database', factory)).rejects.toThrow();
  });

  it('a disk too full for the restored records says so, and changes nothing', async () => {
    await findRecordsDatabase();
    await database().clients.put({ id: 'here-1', v: 1, env });
    const chunks = [...backup];
    const commit = vi.fn(async () => ({ ok: true, value: {} }));
    vi.stubGlobal('window', {
      holdspace: {
        backup: {
          chunk: async ({ index }: { index: number }) => ({ ok: true, value: chunks[index] }),
          prepare: async () => ({ ok: true, value: { restoreId: 'r-full' } }),
          commit,
        },
      },
    });
    // IndexedDB refuses the write part-way for want of space: the markers go in, the first chunk does not.
    // (Dexie's Table.prototype, which every database's tables inherit.)
    const table = Object.getPrototypeOf(Object.getPrototypeOf(database().clients)) as {
      bulkPut: (...args: unknown[]) => Promise<unknown>;
    };
    expect(Object.hasOwn(table, 'bulkPut')).toBe(true);
    const original = table.bulkPut;
    const bulkPut = vi.spyOn(table, 'bulkPut');
    bulkPut.mockImplementationOnce(function (this: unknown, ...args: unknown[]) {
      return original.apply(this, args);
    });
    bulkPut.mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const opened = { damaged: 0, damagedByTable: {}, chunks: chunks.length, records: 5 };
    const error = await replaceRecords(opened, () => undefined).catch((e: unknown) => e);
    bulkPut.mockRestore();

    expect((error as Error).message).toMatch(/not enough free space.*Nothing has been changed/);
    expect(commit).not.toHaveBeenCalled();
    expect(database().name).toBe('holdspace');
    expect((await database().clients.toArray()).map((r) => r.id)).toEqual(['here-1']);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('holdspace-records-r-full');
  });

  it('the page reads the named database from the next start on, and switches to it at once after a restore', async () => {
    // This file's global IndexedDB (fake-indexeddb/auto), as the app's page has; no call reaches main.
    vi.stubGlobal('window', { holdspace: {} });
    await findRecordsDatabase();
    expect(database().name).toBe('holdspace');
    const before = repositories();

    const restored = await writeRestoredDatabase(database(), backup, 'r-5', () => undefined);
    switchDatabase(restored);
    expect(database()).toBe(restored);
    // Repositories built over the replaced database are not used again.
    expect(repositories()).not.toBe(before);
    expect(repositories().clients.db).toBe(restored);

    // A later start (the page reloaded: its modules afresh) finds the restored records by name.
    restored.close();
    vi.resetModules();
    const reloaded = await import('../../renderer/src/data/db');
    expect(reloaded.database).not.toBe(database);
    await reloaded.findRecordsDatabase();
    expect(reloaded.database().name).toBe('holdspace-records-r-5');
    expect((await reloaded.database().clients.toArray()).map((r) => r.id)).toEqual(['back-1', 'back-2']);
    await expect.poll(async () => (await indexedDB.databases()).map((d) => d.name)).not.toContain('holdspace');
  });
});
