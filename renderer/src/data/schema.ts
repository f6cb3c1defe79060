/**
 * The IndexedDB schema, one numbered step per version, append-only. Rows keep in clear
 * only what queries need and what identifies no one: random ids, foreign ids, instants,
 * kind, status and the record's schema version (`v`). Everything else is in `env`.
 *
 * Never edit a published step: add the next one. Each step has a test in
 * tests/unit/db-migrations.test.ts that builds the previous version, migrates and checks.
 */
import type Dexie from 'dexie';

export const DB_NAME = 'holdspace';

type Stores = Record<string, string | null>;
interface Step {
  version: number;
  stores: Stores;
  /**
   * Whether rows backed up under the previous version restore unchanged under this one
   * (steps that only add tables or indexes). A step that changes rows must say false, and
   * backups from before it are refused with a message rather than restored wrongly.
   */
  backupRowsUnchanged: boolean;
  upgrade?: (tx: Parameters<NonNullable<Parameters<ReturnType<Dexie['version']>['upgrade']>[0]>>[0]) => Promise<void> | void;
}

export const MIGRATIONS: readonly Step[] = [
  {
    version: 1,
    backupRowsUnchanged: true,
    stores: {
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
  },
  {
    // Recurring series get their own table, and the calendar's week query reads
    // appointments by [kind+start] so a lane can be fetched on its own.
    version: 2,
    backupRowsUnchanged: true,
    stores: {
      series: 'id, kind, clientId, groupId',
      appointments: 'id, start, end, kind, status, clientId, groupId, seriesId, [kind+start]',
    },
    upgrade: async (tx) => {
      await tx.table('meta').put({ key: 'migratedTo2At', value: Date.now() });
    },
  },
  {
    // The note search index, sealed in segments (one per shard, plus a delta per note saved
    // since), so the first search after unlocking loads it instead of opening every note.
    // Nothing to migrate: an index that is missing is built from the notes on first search.
    version: 3,
    // Adds a table only; a backup from before it restores without one and the index is rebuilt at the first search.
    backupRowsUnchanged: true,
    stores: {
      searchIndex: 'id, shard',
    },
  },
  {
    // Which session each signed note belongs to, keyed by [appointmentId+noteId] (both already
    // clear beside the note), so the note backlog reads them in one request instead of walking
    // every note. Nothing to migrate: the store is built from the notes' index fields the first
    // time the backlog finds it does not match them (see data/note-links.ts).
    version: 4,
    // Adds a store only, and it is not in backups (a restore builds it from the restored notes).
    backupRowsUnchanged: true,
    stores: {
      noteLinks: '[appointmentId+noteId], noteId',
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

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
