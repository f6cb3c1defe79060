import Dexie from 'dexie';
import type { Table } from 'dexie';
import type { Envelope, RecordTable } from '../../../shared/envelope';
import { DB_NAME, LATEST_VERSION, declareSchema } from './schema';
import { currentRecordsName, removeReplacedRecords } from './records-directory';

/** A stored row: clear index fields, the record's schema version and its sealed envelope. */
export interface SealedRow {
  id: string;
  v: number;
  env: Envelope;
  [clearField: string]: unknown;
}

/** A row's clear session time (notes, attendance), 0 when it has none. */
export const sessionAtOf = (row: SealedRow): number => (typeof row.sessionAt === 'number' ? row.sessionAt : 0);

/** A row of the clear `noteLinks` store: a signed note and its session ('' for none). See note-links.ts. */
export interface NoteLink {
  appointmentId: string;
  noteId: string;
}

export class DatabaseTooNewError extends Error {
  constructor() {
    super(
      'These records were saved by a newer version of Holdspace. Install the newer version to open them. Nothing has been changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** A handle on every table of schema.ts's list: sealed rows in the record tables, markers in `meta`. */
export type DbTables = { [K in RecordTable]: Table<SealedRow, string> } & {
  meta: Table<MetaRow, string>;
  /** Clear, derived: which session each signed note belongs to (see note-links.ts). */
  noteLinks: Table<NoteLink, [string, string]>;
};

interface DbOptions {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

// Dexie puts a handle on the instance for each table schema.ts declares: what DbTables describes
// (as the `table!: Table` fields this replaces did, without writing the list a second time).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface HoldspaceDb extends DbTables {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class HoldspaceDb extends Dexie {
  constructor(name = DB_NAME, options: DbOptions = {}) {
    // Strict durability: a write is reported done only once it is on disk.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    declareSchema(this);
  }
}

/** Opens the database, refusing (not guessing at) one written by a newer Holdspace. */
export async function openDatabase(db: HoldspaceDb): Promise<HoldspaceDb> {
  try {
    await db.open();
  } catch (error) {
    const name = (error as { name?: string; inner?: { name?: string } })?.name;
    const inner = (error as { inner?: { name?: string } })?.inner?.name;
    if (name === 'VersionError' || inner === 'VersionError') throw new DatabaseTooNewError();
    throw error;
  }
  // Dexie 4 will open a newer database as-is rather than fail; we refuse instead of guessing
  // what its unknown tables and fields mean. (IndexedDB's version is Dexie's times ten.)
  const installed = Math.max(db.verno, db.backendDB().version / 10);
  if (installed > LATEST_VERSION) {
    db.close();
    throw new DatabaseTooNewError();
  }
  return db;
}

/**
 * Whether opening `db` will upgrade a database written by an earlier Holdspace: IndexedDB then
 * builds the new version's indexes from every row, once (about a quarter of a minute for ten
 * years of notes here), and the screen should say so rather than sit blank.
 */
export async function willUpgrade(db: HoldspaceDb): Promise<boolean> {
  const factory = (db as unknown as { _deps?: { indexedDB?: IDBFactory } })._deps?.indexedDB ?? indexedDB;
  const found = (await factory.databases?.())?.find((d) => d.name === db.name);
  return found?.version !== undefined && found.version > 0 && found.version < LATEST_VERSION * 10;
}

let shared: HoldspaceDb | undefined;
let currentName = DB_NAME;
/** The database holding the records (see records-directory.ts), once `findRecordsDatabase` has found it. */
export const database = (): HoldspaceDb => (shared ??= new HoldspaceDb(currentName));

/**
 * At start-up, before anything reads the records: the database the directory names (a restore
 * wrote a new one), and the ones it replaced deleted in the background.
 */
export async function findRecordsDatabase(): Promise<void> {
  const name = await currentRecordsName();
  if (shared && shared.name !== name) {
    shared.close();
    shared = undefined;
  }
  currentName = name;
  void removeReplacedRecords(name).catch(() => undefined); // tried again at the next start
}

/**
 * After a restore has named `next` as the records' database: the page uses it from now on
 * (repositories follow, see repositories.ts), and the database it replaced is deleted.
 */
export function switchDatabase(next: HoldspaceDb): void {
  const previous = shared;
  shared = next;
  currentName = next.name;
  if (previous && previous !== next) previous.close();
  void removeReplacedRecords(next.name).catch(() => undefined); // tried again at the next start
}
