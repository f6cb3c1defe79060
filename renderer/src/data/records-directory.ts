/**
 * Which IndexedDB database holds the records. Until the first restore it is `holdspace`
 * (schema.ts's DB_NAME). A restore writes the backup's rows into a new, empty database
 * (`holdspace-records-<restore id>`) instead of clearing the one in use: clearing ten years of
 * rows inside the restore's transaction cost IndexedDB about 12 s at scale 1, and writing over
 * the cleared stores was slower than writing into empty ones. Once the new database holds every
 * row, it is named here, in a small database of its own, with a strict write; only then does main
 * commit the restore. The records are therefore always exactly one database's, whichever moment a
 * crash comes at:
 * - before the new database is named here: the old one is still current and untouched, and the
 *   half-written new one is removed at the next start (main rolls its journal back, as before);
 * - after it is named: the new one is current and carries the restore's marker, so main rolls
 *   the restore forward at the next start, and the old database is removed.
 */
import { requestResult } from './idb-request';
import { DB_NAME } from './schema';

export const DIRECTORY_DB = 'holdspace-directory';
export const RESTORED_PREFIX = 'holdspace-records-';
const STORE = 'current';
const KEY = 'records';

/** A name this directory may hold: the first database, or one a restore wrote. */
const isRecordsName = (name: unknown): name is string =>
  typeof name === 'string' && (name === DB_NAME || (name.startsWith(RESTORED_PREFIX) && name.length > RESTORED_PREFIX.length));

async function openDirectory(factory: IDBFactory): Promise<IDBDatabase> {
  const open = factory.open(DIRECTORY_DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await requestResult(open);
  // Never hold up anything else that opens it.
  db.onversionchange = () => db.close();
  return db;
}

/** The database this directory names, or undefined before the first restore (or if the entry is unreadable). */
export async function namedRecords(factory: IDBFactory = indexedDB): Promise<string | undefined> {
  const db = await openDirectory(factory);
  try {
    const value: unknown = await requestResult(db.transaction(STORE).objectStore(STORE).get(KEY));
    return isRecordsName(value) ? value : undefined;
  } finally {
    db.close();
  }
}

/** The database holding the records: the one named here, `holdspace` when none is. */
export async function currentRecordsName(factory: IDBFactory = indexedDB): Promise<string> {
  return (await namedRecords(factory)) ?? DB_NAME;
}

/** Names the database holding the records, on disk before this resolves. */
export async function nameRecords(name: string, factory: IDBFactory = indexedDB): Promise<void> {
  if (!isRecordsName(name)) throw new Error(`Not a name for the records' database: ${name}`);
  const db = await openDirectory(factory);
  try {
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    tx.objectStore(STORE).put(name, KEY);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB could not save which database holds the records.'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB could not save which database holds the records.'));
    });
  } finally {
    db.close();
  }
}

/** Deletes a database; resolves once it is gone (or, if something still holds it open, once it lets go). */
export const deleteDatabase = (name: string, factory: IDBFactory = indexedDB): Promise<void> =>
  requestResult(factory.deleteDatabase(name)).then(() => undefined);

/**
 * Deletes the records' databases other than `current`: the one a finished restore replaced, and
 * one a restore stopped before naming. Only when the directory names `current`: were the
 * directory lost, the records would be wherever they are, and nothing is deleted on a guess.
 * Returns the names deleted.
 */
export async function removeReplacedRecords(current: string, factory: IDBFactory = indexedDB): Promise<string[]> {
  if ((await namedRecords(factory)) !== current) return [];
  const stale = (await factory.databases())
    .map((info) => info.name)
    .filter((name): name is string => isRecordsName(name) && name !== current);
  await Promise.all(stale.map((name) => deleteDatabase(name, factory)));
  return stale;
}
