/**
 * Puts a synthetic practice (tests/fixtures) into a running app's IndexedDB, sealed by the
 * harness's own vault in the exact row shape the repositories write, as the bench does. For
 * screens that need years of records behind them.
 */
import type { LaunchedApp } from './harness';
import { RECORD_SPECS } from '../../renderer/src/data/record-specs';
import type { SyntheticPractice } from '../fixtures/synthetic-practice';
import { practiceTables } from '../fixtures/synthetic-practice';

export async function seedPractice(app: LaunchedApp, practice: SyntheticPractice): Promise<void> {
  for (const [table, records] of practiceTables(practice)) await seedRecords(app, table, records);
}

/** Seals records of one table and puts their rows in, as the repositories would have written them. */
export async function seedRecords(
  app: LaunchedApp,
  table: keyof typeof RECORD_SPECS,
  records: readonly unknown[],
): Promise<void> {
  const spec = RECORD_SPECS[table] as { clear: (r: unknown) => Record<string, unknown>; schemaVersion: number };
  for (let i = 0; i < records.length; i += 1000) {
    const slice = records.slice(i, i + 1000) as { id: string }[];
    const envelopes = app.services.vault.seal(
      slice.map((r) => ({ id: r.id, table, schemaVersion: spec.schemaVersion, plaintext: JSON.stringify(r) })),
    );
    const rows = slice.map((r, j) => ({ ...spec.clear(r), id: r.id, v: spec.schemaVersion, env: envelopes[j] }));
    await putRows(app, table, rows);
  }
}

/** Puts already-sealed rows straight into one IndexedDB store of the page, in one transaction. */
export async function putRows(app: LaunchedApp, store: string, rows: readonly unknown[]): Promise<void> {
  await app.page.evaluate(
    async ({ store, json }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('holdspace');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(store, 'readwrite');
      for (const row of JSON.parse(json) as unknown[]) tx.objectStore(store).put(row);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { store, json: JSON.stringify(rows) },
  );
}
