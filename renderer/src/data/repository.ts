/**
 * Sealed repositories: the only way features read and write records. A save seals the
 * batch through one IPC call *before* the IndexedDB transaction opens, and a read opens
 * the envelopes *after* it has ended: awaiting IPC inside a transaction would let
 * IndexedDB commit it early.
 */
import Dexie, { cmp } from 'dexie';
import type { Collection, Table } from 'dexie';
import type { z } from 'zod';
import type { AuditAction } from '../../../shared/audit';
import type { HoldspaceApi } from '../../../shared/api';
import type { RecordTable } from '../../../shared/envelope';
import type { NoteTable, SearchDelta, SearchDoc } from '../../../shared/notes/search-index';
import { noteKey } from '../../../shared/notes/search-index';
import { clearFieldsMatch } from '../../../shared/clear-fields';
import { unwrap } from '../app/api';
import type { HoldspaceDb, SealedRow } from './db';
import { requestResult } from './idb-request';
import { SEARCH_TABLE, prepareDelta } from './search-segments';
import { laneFor } from './main-lane';
import { commitTogether, recordAudit } from './sealed-writes';
import type { SealedWrite } from './sealed-writes';

/** Records opened per IPC call. */
const OPEN_BATCH = 5_000;

/** Records opened per IPC call for work no one is waiting on (see main-lane.ts): a click waits behind one such call at most. */
const BACKGROUND_BATCH = 100;

export interface OpenOptions {
  /**
   * Work that fills in behind a screen already shown: it waits while any other open is in
   * flight and goes in small requests, so the clinician's next click is answered first.
   */
  background?: boolean;
  /** Once aborted (the screen that asked has gone), no further request is made to main: the call rejects. */
  signal?: AbortSignal;
}

/** A row that could not be opened, in place of its record; `kind` tells it apart from any record. */
export interface Unreadable {
  kind: 'unreadable';
  id: string;
  /** Shown on the record: tampered, damaged, or saved under another key. */
  reason: 'tampered' | 'unknown-key' | 'malformed' | 'invalid' | 'mismatch' | 'newer';
}

/** Each record (or unreadable row) once, by id: two reads that overlap would otherwise list one damaged row twice. */
export const uniqueById = <T extends { id: string }>(items: readonly T[]): T[] => [
  ...new Map(items.map((item) => [item.id, item])).values(),
];

export interface Opened<T> {
  records: T[];
  unreadable: Unreadable[];
}

export const UNREADABLE_MESSAGE: Record<Unreadable['reason'], string> = {
  tampered: 'This record could not be opened: it has been altered or damaged on disk. It has not been deleted.',
  'unknown-key': 'This record was saved under a different vault key and cannot be opened here.',
  malformed: 'This record is damaged and cannot be opened. It has not been deleted.',
  invalid: 'This record opened but its contents are not in the expected form. It has not been deleted.',
  mismatch:
    'This record could not be trusted: the index stored beside it (dates, status, links) has been altered on disk and no longer matches it. It has not been deleted.',
  newer: 'This record was saved by a newer version of Holdspace. Install the newer version to open it. It has not been changed.',
};

/** What a repository asks of main: sealing and opening through the vault, and the audit trail. */
export interface RecordsApi {
  vault: Pick<HoldspaceApi['vault'], 'seal' | 'open'>;
  audit: Pick<HoldspaceApi['audit'], 'record'>;
}

export interface RepositorySpec<T extends { id: string }> {
  table: RecordTable;
  /** Record kind named in the audit trail. */
  kind: string;
  /** The payload version records are written at (bound into each envelope, and kept in clear as `v`). */
  schemaVersion: number;
  /**
   * Brings a payload written at an older version (`fromVersion`, from 1 up) to `schemaVersion`.
   * Runs when a row is opened, after decrypting and before `schema` parses it; the record is
   * sealed at the current version the next time it is saved. Without it, an older payload is
   * reported unreadable rather than guessed at. Clear index fields are checked against the
   * upgraded record, so a change to them needs an IndexedDB schema step that rewrites them.
   */
  upgrade?: (fromVersion: number, data: unknown) => unknown;
  schema: z.ZodType<T>;
  /** The clear, indexable fields: ids, instants, kind, status. Never names or text. */
  clear: (record: T) => Record<string, string | number | boolean | undefined>;
  /** Whether writes are recorded in the audit trail (drafts are not: they change every few seconds). */
  audited?: boolean;
  /**
   * Records found by note search: each save or removal also writes a sealed delta to the
   * search index, in the same transaction, so the stored index never falls behind.
   */
  searchable?: { table: NoteTable; doc: (record: T) => SearchDoc };
  /**
   * A clear store derived from the rows' clear fields (note links), written in the same
   * transaction as the rows so it never disagrees with them.
   */
  derived?: { table: string; write: (db: HoldspaceDb, rows: readonly SealedRow[]) => Promise<void> };
}

export class Repository<T extends { id: string }> {
  /**
   * Records already opened this session, by id, with the nonce of the envelope they came
   * from: a row whose envelope is unchanged is not sent to main again. Ten years of notes
   * reopen in the time it takes to read the rows. Lives only in memory; locking reloads
   * the page, which drops it.
   */
  private readonly opened = new Map<string, { iv: string; record: T }>();
  /** Rows being opened by a call still waiting on main, by id: what a second call for them waits for. */
  private readonly inFlight = new Map<string, { iv: string | undefined; done: Promise<void>; background: boolean }>();

  constructor(
    /** The database the repository reads and writes (derived stores, such as note links, are read through it). */
    readonly db: HoldspaceDb,
    private readonly api: RecordsApi,
    readonly spec: RepositorySpec<T>,
  ) {}

  private get table(): Table<SealedRow, string> {
    return this.db[this.spec.table];
  }

  async save(records: readonly T[], action: Extract<AuditAction, 'create' | 'update'> = 'update'): Promise<void> {
    if (records.length === 0) return;
    await recordAudit(this.api, await commitTogether([await this.prepareSave(records, action)]));
  }

  /**
   * Validates and seals records for a write, without writing: `commitTogether` then writes
   * them, with any other repository's prepared writes, in one transaction.
   */
  async prepareSave(records: readonly T[], action: Extract<AuditAction, 'create' | 'update'> = 'update'): Promise<SealedWrite> {
    const valid = records.map((r) => this.spec.schema.parse(r));
    const searchable = this.spec.searchable;
    const deltas = searchable ? valid.map((r) => prepareDelta({ op: 'put', doc: searchable.doc(r) })) : [];
    const { envelopes } =
      valid.length === 0
        ? { envelopes: [] }
        : await unwrap(
            this.api.vault.seal({
              items: [
                ...valid.map((r) => ({
                  id: r.id,
                  table: this.spec.table,
                  schemaVersion: this.spec.schemaVersion,
                  plaintext: JSON.stringify(r),
                })),
                ...deltas.map((d) => ({ id: d.id, table: SEARCH_TABLE, schemaVersion: 1, plaintext: d.plaintext })),
              ],
            }),
          );
    return {
      db: this.db,
      table: this.spec.table,
      put: valid.map((r, i) => ({ ...this.spec.clear(r), id: r.id, v: this.spec.schemaVersion, env: envelopes[i]! })),
      remove: [],
      ...(this.spec.derived ? { derived: this.spec.derived } : {}),
      deltas,
      deltaEnvelopes: envelopes.slice(valid.length),
      audit: this.spec.audited === false ? [] : valid.map((r) => ({ action, kind: this.spec.kind, recordId: r.id })),
      committed: () => valid.forEach((r, i) => this.opened.set(r.id, { iv: envelopes[i]!.iv, record: r })),
    };
  }

  async get(id: string): Promise<T | Unreadable | undefined> {
    const row = await this.table.get(id);
    if (!row) return undefined;
    const { records, unreadable } = await this.openRows([row]);
    return records[0] ?? unreadable[0];
  }

  async all(): Promise<Opened<T>> {
    return this.openRows(await this.table.toArray());
  }

  /**
   * Every record, handed over a batch at a time as each is opened (`opened` so far out of
   * `total` rows), so a screen can start on the first while main decrypts the next.
   * Resolves with the whole.
   */
  async allInBatches(onBatch: (batch: Opened<T>, opened: number, total: number) => void): Promise<Opened<T>> {
    const rows = await this.table.toArray();
    const whole: Opened<T> = { records: [], unreadable: [] };
    if (rows.length === 0) onBatch(whole, 0, 0);
    for (let start = 0; start < rows.length; start += OPEN_BATCH) {
      const batch = await this.openRows(rows.slice(start, start + OPEN_BATCH));
      whole.records.push(...batch.records);
      whole.unreadable.push(...batch.unreadable);
      onBatch(batch, Math.min(rows.length, start + OPEN_BATCH), rows.length);
    }
    return whole;
  }

  async byIds(ids: readonly string[]): Promise<Opened<T>> {
    const rows = (await this.table.bulkGet([...ids])).filter((r): r is SealedRow => r !== undefined);
    return this.openRows(rows);
  }

  /** Rows chosen by index, still sealed: a screen can order and page them by their clear fields, then open a page. */
  async rows(select: (table: Table<SealedRow, string>) => Collection<SealedRow, string>): Promise<SealedRow[]> {
    return select(this.table).toArray();
  }

  /**
   * Rows whose clear `index` field holds any of `values`, still sealed, in index order: one
   * getAll per value, in one read transaction. Dexie's `anyOf` walks a cursor instead, one
   * round trip to IndexedDB per row: the 1,500 notes of a client's groups took a third of a
   * second that way, against a few hundredths here.
   */
  async rowsWhereAnyOf(index: string, values: readonly (string | number)[]): Promise<SealedRow[]> {
    const keys = [...new Set(values)].sort(cmp);
    if (keys.length === 0) return [];
    const table = this.table;
    const parts = await this.db.transaction('r', table, () =>
      Promise.all(keys.map((key) => table.where(index).equals(key).toArray())),
    );
    return parts.flat();
  }

  /**
   * A reader of the rows of one key of a compound [field+time] index (such as notes'
   * [clientId+sessionAt]), newest first, still sealed: each `read(limit)` gives the next `limit`
   * rows (fewer once there are no more). A timeline reads its newest page this way instead of
   * every row of ten years. Each read is one request (getAllRecords, newest first) where
   * IndexedDB has it, so a busy page is not one task per row; otherwise a Dexie cursor.
   */
  newestFirst(index: string, key: string, timeField: string): (limit: number) => Promise<SealedRow[]> {
    // Where the last read ended: its oldest time, and the rows at exactly that time already given
    // (rows sharing a time are read again from the top of that time and skipped).
    let upper: number | undefined;
    let seenAtUpper = new Set<string>();
    const timeOf = (row: SealedRow): number => {
      const t = (row as Record<string, unknown>)[timeField];
      return typeof t === 'number' ? t : 0;
    };
    return async (limit) => {
      const count = limit + seenAtUpper.size;
      const fetched = await this.newestRows(index, key, upper, count);
      const fresh = fetched.filter((row) => !(timeOf(row) === upper && seenAtUpper.has(row.id))).slice(0, limit);
      const last = fresh[fresh.length - 1];
      if (last !== undefined) {
        const at = timeOf(last);
        if (at !== upper) seenAtUpper = new Set();
        upper = at;
        for (const row of fresh) if (timeOf(row) === at) seenAtUpper.add(row.id);
      }
      return fresh;
    };
  }

  /** Up to `count` rows of `key` in a compound [field+time] index at or before `upper`, newest first. */
  private async newestRows(index: string, key: string, upper: number | undefined, count: number): Promise<SealedRow[]> {
    const high = upper === undefined ? [key, Dexie.maxKey] : [key, upper];
    type RecordsIndex = IDBIndex & {
      getAllRecords?: (options: {
        query: IDBKeyRange;
        count: number;
        direction: IDBCursorDirection;
      }) => IDBRequest<{ value: SealedRow }[]>;
    };
    const backend = this.db.backendDB();
    const probe = backend.transaction(this.table.name, 'readonly').objectStore(this.table.name).index(index) as RecordsIndex;
    if (typeof probe.getAllRecords === 'function') {
      // The key range class of the IndexedDB the database was opened with (the page's own in
      // the app; a stand-in in unit tests, where Dexie keeps it as _deps).
      const KeyRange = (this.db as unknown as { _deps?: { IDBKeyRange?: typeof IDBKeyRange } })._deps?.IDBKeyRange ?? IDBKeyRange;
      const query = KeyRange.bound([key, -Infinity], high, false, upper === undefined);
      const records = await requestResult(probe.getAllRecords({ query, count, direction: 'prev' }));
      return records.map((record) => record.value);
    }
    return this.table.where(index).between([key, Dexie.minKey], high, true, true).reverse().limit(count).toArray();
  }

  /** `rowsWhereAnyOf`, opened in one batch (or, in the background, in small ones). */
  async queryWhereAnyOf(index: string, values: readonly (string | number)[], options: OpenOptions = {}): Promise<Opened<T>> {
    return this.openRows(await this.rowsWhereAnyOf(index, values), options);
  }

  /** Rows by id, still sealed (missing ids are left out): their clear fields, without opening them. */
  async rowsByIds(ids: readonly string[]): Promise<SealedRow[]> {
    return (await this.table.bulkGet([...ids])).filter((r): r is SealedRow => r !== undefined);
  }

  /** The ids of the rows chosen by index, read from the index alone (no row is read). */
  async keys(select: (table: Table<SealedRow, string>) => Collection<SealedRow, string>): Promise<string[]> {
    return select(this.table).primaryKeys();
  }

  /** Every [value, id] pair of one clear index, in index order, read from the index alone (rows without the field are not in it). */
  async indexEntries(index: string): Promise<[string | number, string][]> {
    const pairs: [string | number, string][] = [];
    await this.table.orderBy(index).eachKey((key, cursor) => {
      pairs.push([key as string | number, String(cursor.primaryKey)]);
    });
    return pairs;
  }

  /** Rows chosen by index (a Collection over clear fields), then opened in one batch. */
  async query(select: (table: Table<SealedRow, string>) => Collection<SealedRow, string>): Promise<Opened<T>> {
    return this.openRows(await select(this.table).toArray());
  }

  /** How many rows there are, or how many an index chooses (counted from the index alone). */
  async count(select?: (table: Table<SealedRow, string>) => Collection<SealedRow, string>): Promise<number> {
    return select ? select(this.table).count() : this.table.count();
  }

  /** Only for records that are not clinical history (drafts); clinical records are archived, never deleted. */
  async remove(id: string): Promise<void> {
    await commitTogether([await this.prepareRemove([id])]);
  }

  /** Seals the search-index removals for a deletion, without writing (see `prepareSave`). */
  async prepareRemove(ids: readonly string[]): Promise<SealedWrite> {
    if (this.spec.audited !== false) throw new Error(`${this.spec.kind} records are archived, never deleted.`);
    const searchable = this.spec.searchable;
    const removal: SearchDelta[] = searchable ? ids.map((id) => ({ op: 'remove', key: noteKey(searchable.table, id) })) : [];
    const deltas = removal.map(prepareDelta);
    const envelopes =
      deltas.length === 0
        ? []
        : (
            await unwrap(
              this.api.vault.seal({
                items: deltas.map((d) => ({ id: d.id, table: SEARCH_TABLE, schemaVersion: 1, plaintext: d.plaintext })),
              }),
            )
          ).envelopes;
    return {
      db: this.db,
      table: this.spec.table,
      put: [],
      remove: [...ids],
      deltas,
      deltaEnvelopes: envelopes,
      audit: [],
      committed: () => ids.forEach((id) => this.opened.delete(id)),
    };
  }

  async openRows(rows: readonly SealedRow[], options: OpenOptions = {}): Promise<Opened<T>> {
    if (rows.length === 0) return { records: [], unreadable: [] };
    const outcome: (T | Unreadable | undefined)[] = rows.map((row) => this.cachedOutcome(row));
    const pending = rows.map((row, i) => ({ row, i })).filter(({ i }) => outcome[i] === undefined);
    // Rows another call is opening right now (two panels of one page asking for the same
    // records) are waited for rather than sent to main twice; but a screen never waits for a
    // background call, which may have many requests still to make.
    const background = options.background === true;
    const inFlight = (row: SealedRow) => {
      const other = this.inFlight.get(row.id);
      return other !== undefined && other.iv === row.env?.iv && (background || !other.background) ? other.done : undefined;
    };
    const shared = pending.filter(({ row }) => inFlight(row) !== undefined);
    const sharedSet = new Set(shared);
    const own = pending.filter((item) => !sharedSet.has(item));
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const { row } of own) this.inFlight.set(row.id, { iv: row.env?.iv, done, background });
    try {
      await this.openThroughMain(own, outcome, options);
    } finally {
      for (const { row } of own) if (this.inFlight.get(row.id)?.done === done) this.inFlight.delete(row.id);
      release();
    }
    if (shared.length > 0) {
      await Promise.all(new Set(shared.map(({ row }) => inFlight(row) ?? Promise.resolve())));
      const again: typeof shared = [];
      for (const item of shared) {
        outcome[item.i] = this.cachedOutcome(item.row);
        if (outcome[item.i] === undefined) again.push(item); // the other call could not open it: ask main for this row's own reason
      }
      await this.openThroughMain(again, outcome, options);
    }
    const records: T[] = [];
    const unreadable: Unreadable[] = [];
    for (const item of outcome) {
      if (item && isUnreadable(item)) unreadable.push(item);
      else if (item) records.push(item);
    }
    return { records, unreadable };
  }

  /** The record opened earlier from this very envelope (same nonce), checked against the row's clear fields; undefined if none. */
  private cachedOutcome(row: SealedRow): T | Unreadable | undefined {
    const cached = this.opened.get(row.id);
    if (!cached || cached.iv !== row.env?.iv) return undefined;
    return this.clearMatches(row, cached.record) ? cached.record : unreadableRecord(row.id, 'mismatch');
  }

  /**
   * Opens rows through main, in batches that keep each IPC message bounded however many years a
   * screen asks for; background work in small batches, each once no other open is in flight.
   */
  private async openThroughMain(
    pending: readonly { row: SealedRow; i: number }[],
    outcome: (T | Unreadable | undefined)[],
    { background = false, signal }: OpenOptions,
  ): Promise<void> {
    const lane = laneFor(this.api);
    const size = background ? BACKGROUND_BATCH : OPEN_BATCH;
    for (let start = 0; start < pending.length; start += size) {
      const batch = pending.slice(start, start + size);
      const request = () => {
        // Checked when the request is about to go (a background one may have waited its turn).
        signal?.throwIfAborted();
        return unwrap(
          this.api.vault.open({
            items: batch.map(({ row }) => ({ id: row.id, table: this.spec.table, schemaVersion: row.v, envelope: row.env })),
          }),
        );
      };
      const { results } = background ? await lane.background(request) : await lane.foreground(request);
      batch.forEach(({ row, i }, k) => {
        outcome[i] = this.parseOpened(row, results[k]!);
      });
    }
  }

  private parseOpened(
    row: SealedRow,
    result: { ok: true; plaintext: string } | { ok: false; reason: Unreadable['reason'] },
  ): T | Unreadable {
    if (!result.ok) return unreadableRecord(row.id, result.reason);
    let data: unknown;
    try {
      data = JSON.parse(result.plaintext);
    } catch {
      return unreadableRecord(row.id, 'invalid');
    }
    if (row.v !== this.spec.schemaVersion) {
      // Written by a newer Holdspace, or older with no way up: never guessed at; left alone and reported.
      if (row.v > this.spec.schemaVersion) return unreadableRecord(row.id, 'newer');
      if (!this.spec.upgrade) return unreadableRecord(row.id, 'invalid');
      try {
        data = this.spec.upgrade(row.v, data);
      } catch {
        return unreadableRecord(row.id, 'invalid');
      }
    }
    const parsed = this.spec.schema.safeParse(data);
    if (!parsed.success) return unreadableRecord(row.id, 'invalid');
    // The clear fields are not sealed: they must be exactly what the record itself gives,
    // or a screen working from them (backlog, calendar, conflicts) would be misled.
    if (!this.clearMatches(row, parsed.data)) return unreadableRecord(row.id, 'mismatch');
    this.opened.set(row.id, { iv: row.env.iv, record: parsed.data });
    return parsed.data;
  }

  /** Whether the row's clear fields are exactly those derived from the record (none altered, none added). */
  clearMatches(row: SealedRow, record: T): boolean {
    return clearFieldsMatch(row as unknown as Record<string, unknown>, record, this.spec.clear(record));
  }
}

export const unreadableRecord = (id: string, reason: Unreadable['reason']): Unreadable => ({ kind: 'unreadable', id, reason });

export function isUnreadable(x: unknown): x is Unreadable {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'unreadable';
}
