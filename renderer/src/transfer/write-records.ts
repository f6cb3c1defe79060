/**
 * Writes the records of one import across several tables in a single IndexedDB transaction,
 * so an import is all or nothing: everything is sealed first (one IPC call per table, never
 * inside the transaction, which would commit early), then every row is put at once
 * (`commitTogether`, data/sealed-writes.ts).
 */
import type { PageAuditEvent } from '../../../shared/audit';
import { api } from '../app/api';
import { database } from '../data/db';
import { commitTogether, recordAudit } from '../data/sealed-writes';
import type { SealedWrite } from '../data/sealed-writes';
import type { Repository } from '../data/repository';

export interface Batch<T extends { id: string }> {
  repo: Repository<T>;
  records: readonly T[];
}

/** Build with `batch(repo, records)` so each batch's records are checked against its repository's type. */
export const batch = <T extends { id: string }>(repo: Repository<T>, records: readonly T[]): Batch<{ id: string }> =>
  ({ repo, records }) as unknown as Batch<{ id: string }>;

export async function writeTogether(batches: readonly Batch<{ id: string }>[]): Promise<void> {
  const prepared: SealedWrite[] = [];
  for (const { repo, records } of batches) if (records.length > 0) prepared.push(await repo.prepareSave(records, 'create'));
  await recordAudit(api(), await commitTogether(prepared));
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
  await recordAudit(api(), events);
}
