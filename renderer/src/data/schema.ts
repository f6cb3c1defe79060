/**
 * The IndexedDB schema: one list of tables (`TABLES`) and the numbered steps that built them.
 * Rows keep in clear only what queries need and what identifies no one: random ids, foreign
 * ids, instants, kind, status and the record's schema version (`v`). Everything else is in `env`.
 *
 * Each table says, by version, the indexes declared for it at that step. The database's table
 * handles (db.ts), the tables a backup carries (restore.ts) and every step's stores are derived
 * from it; its names are shared/envelope.ts's RECORD_TABLES plus `noteLinks` (clear, derived) and
 * `meta`, no more and no fewer.
 *
 * Never edit a published step: add the next one (a new version in `MIGRATIONS`, and the indexes
 * it declares under that version in `TABLES`). Each step has a test in
 * tests/unit/db-migrations.test.ts that builds the previous version, migrates and checks.
 */
import type Dexie from 'dexie';
import type { RecordTable } from '../../../shared/envelope';

export const DB_NAME = 'holdspace';

/** Dexie index strings by the version that declared (or changed) them. */
type IndexesByVersion = Readonly<Record<number, string>>;

export const TABLES = {
  clients: { 1: 'id, status, archived' },
  groups: { 1: 'id, archived' },
  memberships: { 1: 'id, groupId, clientId, status' },
  series: { 2: 'id, kind, clientId, groupId' },
  appointments: {
    1: 'id, start, end, kind, status, clientId, groupId, seriesId',
    2: 'id, start, end, kind, status, clientId, groupId, seriesId, [kind+start]',
    6: 'id, start, end, kind, status, clientId, groupId, seriesId, [kind+start], [clientId+end]',
  },
  notes: {
    1: 'id, appointmentId, clientId, groupId, sessionAt, status, template',
    5: 'id, appointmentId, clientId, groupId, sessionAt, status, template, [clientId+sessionAt], [groupId+sessionAt]',
  },
  drafts: { 1: 'id, updatedAt' },
  attendance: { 1: 'id, appointmentId, groupId, clientId, sessionAt' },
  agreements: { 1: 'id, groupId, version' },
  signatures: { 1: 'id, groupId, clientId, agreementId' },
  measures: { 1: 'id, clientId, kind, takenAt' },
  searchIndex: { 3: 'id, shard' },
  /** Clear and derived: which session each signed note belongs to (note-links.ts); rebuilt, never backed up. */
  noteLinks: { 4: '[appointmentId+noteId], noteId' },
  /** Key-value markers in clear (the vault header's copy, the last restore's id): never client data. */
  meta: { 1: 'key' },
} as const satisfies Record<RecordTable | 'noteLinks' | 'meta', IndexesByVersion>;

export type TableName = keyof typeof TABLES;

type Transaction = Parameters<NonNullable<Parameters<ReturnType<Dexie['version']>['upgrade']>[0]>>[0];

interface Step {
  version: number;
  /**
   * Whether rows backed up under the previous version restore unchanged under this one
   * (steps that only add tables or indexes). A step that changes rows must say false, and
   * backups from before it are refused with a message rather than restored wrongly.
   */
  backupRowsUnchanged: boolean;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

const STEPS: readonly Step[] = [
  // Every record table and `meta`.
  { version: 1, backupRowsUnchanged: true },
  // Recurring series get their own table, and the calendar's week query reads
  // appointments by [kind+start] so a lane can be fetched on its own.
  { version: 2, backupRowsUnchanged: true },
  // The note search index, sealed in segments (one per shard, plus a delta per note saved
  // since), so the first search after unlocking loads it instead of opening every note.
  // Nothing to migrate: an index that is missing is built from the notes on first search, and
  // a backup from before it restores without one.
  { version: 3, backupRowsUnchanged: true },
  // Which session each signed note belongs to, keyed by [appointmentId+noteId] (both already
  // clear beside the note), so the note backlog reads them in one request instead of walking
  // every note. Nothing to migrate: the store is built from the notes' index fields the first
  // time the backlog finds it does not match them (see data/note-links.ts). It adds a store
  // only, and it is not in backups (a restore builds it from the restored notes).
  { version: 4, backupRowsUnchanged: true },
  // A client's notes and a group's notes by session time ([clientId+sessionAt], [groupId+sessionAt],
  // all three fields already clear beside each note), so a timeline reads its newest page of notes
  // instead of every note of ten years. IndexedDB builds both indexes from the notes as the
  // database opens; rows and backups are unchanged.
  { version: 5, backupRowsUnchanged: true },
  // A client's appointments by when they end ([clientId+end], both already clear beside each
  // appointment), so a client's page reads their upcoming sessions only, not ten years of past
  // ones. IndexedDB builds the index as the database opens; rows and backups are unchanged.
  { version: 6, backupRowsUnchanged: true },
];

/** The stores a step declares: every table with indexes given under that version. */
export function storesAt(version: number): Record<string, string> {
  const stores: Record<string, string> = {};
  for (const [name, byVersion] of Object.entries(TABLES) as [TableName, IndexesByVersion][]) {
    const indexes = byVersion[version];
    if (indexes !== undefined) stores[name] = indexes;
  }
  return stores;
}

export const MIGRATIONS: readonly (Step & { stores: Record<string, string> })[] = STEPS.map((step) => ({
  ...step,
  stores: storesAt(step.version),
}));

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Every table as it is after the last step, as Dexie schema strings. */
export function latestStores(): Record<TableName, string> {
  const stores: Record<string, string> = {};
  for (const step of MIGRATIONS) Object.assign(stores, step.stores);
  return stores as Record<TableName, string>;
}

/** Whether a backup made at database version `from` can be restored into this version as it is. */
export const backupRestorableFrom = (from: number): boolean =>
  from >= 1 && from <= LATEST_VERSION && MIGRATIONS.every((step) => step.version <= from || step.backupRowsUnchanged);

/** Declares versions 1..upTo on a Dexie instance (tests stop early to build old databases). */
export function declareSchema(db: Dexie, upTo = LATEST_VERSION): void {
  for (const step of MIGRATIONS) {
    if (step.version > upTo) break;
    const v = db.version(step.version).stores(step.stores);
    if (step.upgrade) v.upgrade(step.upgrade);
  }
}
