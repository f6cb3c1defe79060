/**
 * Writes the records of one import across several tables in a single IndexedDB transaction,
 * so an import is all or nothing: everything is sealed first (one IPC call per table, never
 * inside the transaction, which would commit early), then every row is put at once.
 */
import type { PageAuditEvent } from '../../../shared/audit';
import { api, unwrap } from '../app/api';
import { database } from '../data/db';
import type { SealedRow } from '../data/db';
import type { Repository } from '../data/repository';

export interface Batch<T extends { id: string }> {
  repo: Repository<T>;
  records: readonly T[];
}

/** Build with `batch(repo, records)` so each batch's records are checked against its repository's type. */
export const batch = <T extends { id: string }>(repo: Repository<T>, records: readonly T[]): Batch<{ id: string }> =>
  ({ repo, records }) as unknown as Batch<{ id: string }>;

export async function writeTogether(batches: readonly Batch<{ id: string }>[]): Promise<void> {
  const prepared: { table: Repository<{ id: string }>['spec']['table']; rows: SealedRow[]; events: PageAuditEvent[] }[] = [];
  for (const { repo, records } of batches) {
    if (records.length === 0) continue;
    const { spec } = repo;
    const valid = records.map((r) => spec.schema.parse(r));
    const { envelopes } = await unwrap(
      api().vault.seal({
        items: valid.map((r) => ({
          id: r.id,
          table: spec.table,
          schemaVersion: spec.schemaVersion,
          plaintext: JSON.stringify(r),
        })),
      }),
    );
    prepared.push({
      table: spec.table,
      rows: valid.map((r, i) => ({ ...spec.clear(r), id: r.id, v: spec.schemaVersion, env: envelopes[i]! })),
      events: valid.map((r) => ({ action: 'create' as const, kind: spec.kind, recordId: r.id })),
    });
  }
  if (prepared.length === 0) return;
  const db = database();
  const tables = prepared.map((p) => db[p.table]);
  await db.transaction('rw', tables, async () => {
    for (const p of prepared) await db[p.table].bulkPut(p.rows);
  });
  const events = prepared.flatMap((p) => p.events);
  for (let i = 0; i < events.length; i += 10_000) await unwrap(api().audit.record({ events: events.slice(i, i + 10_000) }));
}

/** Removes records an import has just created (its undo), in one transaction, each removal audited. */
export async function removeTogether(batches: readonly Batch<{ id: string }>[]): Promise<void> {
  const db = database();
  const live = batches.filter((b) => b.records.length > 0);
  if (live.length === 0) return;
  await db.transaction(
    'rw',
    live.map((b) => db[b.repo.spec.table]),
    async () => {
      for (const b of live) await db[b.repo.spec.table].bulkDelete(b.records.map((r) => r.id));
    },
  );
  const events: PageAuditEvent[] = live.flatMap((b) =>
    b.records.map((r) => ({ action: 'delete' as const, kind: b.repo.spec.kind, recordId: r.id })),
  );
  for (let i = 0; i < events.length; i += 10_000) await unwrap(api().audit.record({ events: events.slice(i, i + 10_000) }));
}
