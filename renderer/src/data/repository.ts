/**
 * Sealed repositories: the only way features read and write records. A save seals the
 * batch through one IPC call *before* the IndexedDB transaction opens, and a read opens
 * the envelopes *after* it has ended: awaiting IPC inside a transaction would let
 * IndexedDB commit it early.
 */
import type { Collection, Table } from 'dexie';
import type { z } from 'zod';
import type { AuditAction } from '../../../shared/audit';
import type { SealedTable } from '../../../shared/envelope';
import type { NoteTable, SearchDelta, SearchDoc } from '../../../shared/notes/search-index';
import { noteKey } from '../../../shared/notes/search-index';
import { api, unwrap } from '../app/api';
import type { HoldspaceDb, SealedRow, SealedTableName } from './db';
import { SEARCH_TABLE, announceDeltas, deltaRow, prepareDelta } from './search-segments';
import type { PreparedDelta } from './search-segments';

/** Records opened per IPC call. */
const OPEN_BATCH = 5_000;

/** A row that could not be opened, in place of its record; `kind` tells it apart from any record. */
export interface Unreadable {
  kind: 'unreadable';
  id: string;
  /** Shown on the record: tampered, damaged, or saved under another key. */
  reason: 'tampered' | 'unknown-key' | 'malformed' | 'invalid' | 'mismatch';
}

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
};

export interface RepositorySpec<T extends { id: string }> {
  table: SealedTableName & SealedTable;
  /** Record kind named in the audit trail. */
  kind: string;
  schemaVersion: number;
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

  constructor(
    private readonly db: HoldspaceDb,
    readonly spec: RepositorySpec<T>,
  ) {}

  private get table(): Table<SealedRow, string> {
    return this.db[this.spec.table];
  }

  async save(records: readonly T[], action: Extract<AuditAction, 'create' | 'update'> = 'update'): Promise<void> {
    if (records.length === 0) return;
    const valid = records.map((r) => this.spec.schema.parse(r));
    const searchable = this.spec.searchable;
    const deltas = searchable ? valid.map((r) => prepareDelta({ op: 'put', doc: searchable.doc(r) })) : [];
    const { envelopes } = await unwrap(
      api().vault.seal({
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
    const rows: SealedRow[] = valid.map((r, i) => ({
      ...this.spec.clear(r),
      id: r.id,
      v: this.spec.schemaVersion,
      env: envelopes[i]!,
    }));
    await this.write(rows, [], deltas, envelopes.slice(valid.length));
    valid.forEach((r, i) => this.opened.set(r.id, { iv: envelopes[i]!.iv, record: r }));
    if (this.spec.audited !== false) {
      await unwrap(api().audit.record({ events: valid.map((r) => ({ action, kind: this.spec.kind, recordId: r.id })) }));
    }
  }

  /** Puts and deletes rows, with the search deltas that go with them, in one transaction. */
  private async write(
    rows: readonly SealedRow[],
    deleted: readonly string[],
    deltas: readonly PreparedDelta[],
    deltaEnvelopes: readonly SealedRow['env'][],
  ): Promise<void> {
    const search = this.db.table(SEARCH_TABLE);
    const derived = this.spec.derived;
    const tables = [this.table, ...(deltas.length > 0 ? [search] : []), ...(derived ? [this.db.table(derived.table)] : [])];
    await this.db.transaction('rw', tables, async () => {
      if (rows.length > 0) await this.table.bulkPut([...rows]);
      if (rows.length > 0 && derived) await derived.write(this.db, rows);
      if (deleted.length > 0) await this.table.bulkDelete([...deleted]);
      if (deltas.length > 0) await search.bulkPut(deltas.map((d, i) => deltaRow(d, deltaEnvelopes[i]!)));
    });
    announceDeltas(deltas);
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

  /** Rows chosen by index (a Collection over clear fields), then opened in one batch. */
  async query(select: (table: Table<SealedRow, string>) => Collection<SealedRow, string>): Promise<Opened<T>> {
    return this.openRows(await select(this.table).toArray());
  }

  async count(): Promise<number> {
    return this.table.count();
  }

  /** Only for records that are not clinical history (drafts); clinical records are archived, never deleted. */
  async remove(id: string): Promise<void> {
    if (this.spec.audited !== false) throw new Error(`${this.spec.kind} records are archived, never deleted.`);
    const searchable = this.spec.searchable;
    const removal: SearchDelta[] = searchable ? [{ op: 'remove', key: noteKey(searchable.table, id) }] : [];
    const deltas = removal.map(prepareDelta);
    const envelopes =
      deltas.length === 0
        ? []
        : (
            await unwrap(
              api().vault.seal({
                items: deltas.map((d) => ({ id: d.id, table: SEARCH_TABLE, schemaVersion: 1, plaintext: d.plaintext })),
              }),
            )
          ).envelopes;
    await this.write([], [id], deltas, envelopes);
    this.opened.delete(id);
  }

  async openRows(rows: readonly SealedRow[]): Promise<Opened<T>> {
    if (rows.length === 0) return { records: [], unreadable: [] };
    const outcome: (T | Unreadable | undefined)[] = rows.map((row) => {
      const cached = this.opened.get(row.id);
      if (!cached || cached.iv !== row.env?.iv) return undefined;
      return this.clearMatches(row, cached.record) ? cached.record : unreadableRecord(row.id, 'mismatch');
    });
    const pending = rows.map((row, i) => ({ row, i })).filter(({ i }) => outcome[i] === undefined);
    // Batches keep each IPC message bounded however many years of records a screen asks for.
    for (let start = 0; start < pending.length; start += OPEN_BATCH) {
      const batch = pending.slice(start, start + OPEN_BATCH);
      const { results } = await unwrap(
        api().vault.open({
          items: batch.map(({ row }) => ({ id: row.id, table: this.spec.table, schemaVersion: row.v, envelope: row.env })),
        }),
      );
      batch.forEach(({ row, i }, k) => {
        outcome[i] = this.parseOpened(row, results[k]!);
      });
    }
    const records: T[] = [];
    const unreadable: Unreadable[] = [];
    for (const item of outcome) {
      if (item && isUnreadable(item)) unreadable.push(item);
      else if (item) records.push(item);
    }
    return { records, unreadable };
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
    const expected: Record<string, unknown> = this.spec.clear(record);
    const stored = row as unknown as Record<string, unknown>;
    if (stored.id !== record.id) return false;
    for (const key of new Set([...Object.keys(expected), ...Object.keys(stored)])) {
      if (key === 'id' || key === 'v' || key === 'env') continue;
      if (stored[key] !== expected[key]) return false;
    }
    return true;
  }
}

export const unreadableRecord = (id: string, reason: Unreadable['reason']): Unreadable => ({ kind: 'unreadable', id, reason });

export function isUnreadable(x: unknown): x is Unreadable {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'unreadable';
}
