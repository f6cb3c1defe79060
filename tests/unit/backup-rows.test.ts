import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { copySealedRows, countSealedRows } from '../../renderer/src/data/backup-rows';
import { BACKUP_READ_MEASURE } from '../../renderer/src/data/backup-timing';
import { database, openDatabase } from '../../renderer/src/data/db';

const row = (id: string, bytes: number) => ({
  id,
  v: 1,
  env: { v: 1, kid: 'k', alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(bytes) },
});

describe('reading sealed rows for an automatic backup', () => {
  it('keeps every page near the byte target (large search shards one or two at a time, small rows many), and misses no row', async () => {
    const db = await openDatabase(database());
    await db.table('clients').bulkPut(Array.from({ length: 3_000 }, (_, i) => row(`c${String(i).padStart(5, '0')}`, 200)));
    await db.table('searchIndex').bulkPut(Array.from({ length: 16 }, (_, i) => ({ ...row(`base-${i}`, 300_000), shard: i })));
    const pages: { table: string; rows: number; bytes: number }[] = [];
    const seen = new Set<string>();
    const copied = await copySealedRows({
      pageSize: 1_000,
      targetPageBytes: 256 * 1024,
      yieldBetweenPages: true,
      send: async (table, rows) => {
        for (const r of rows) seen.add(`${table}/${r.id}`);
        pages.push({ table, rows: rows.length, bytes: rows.reduce((n, r) => n + r.env.ct.length, 0) });
      },
    });
    expect(copied).toBe(3_016);
    expect(seen.size).toBe(3_016);
    expect(await countSealedRows()).toBe(3_016);
    // No page of more than one row exceeds the target; a shard bigger than the target goes alone.
    for (const p of pages) if (p.rows > 1) expect(p.bytes).toBeLessThanOrEqual(256 * 1024);
    expect(pages.filter((p) => p.table === 'searchIndex').every((p) => p.rows === 1)).toBe(true);
    // Small rows travel many to a page (not one by one), up to the row cap.
    expect(Math.max(...pages.filter((p) => p.table === 'clients').map((p) => p.rows))).toBe(1_000);
  });

  it('leaves one timing entry per backup: the time spent reading, apart from the time main takes to append, and no record data', async () => {
    const db = await openDatabase(database());
    await db.table('clients').bulkPut(Array.from({ length: 40 }, (_, i) => row(`t${String(i).padStart(3, '0')}`, 100)));
    performance.clearMeasures(BACKUP_READ_MEASURE);
    const before = performance.now();
    const copied = await copySealedRows({
      pageSize: 10,
      // Main takes 30 ms to append each page: waiting for it is not reading.
      send: () => new Promise((resolve) => setTimeout(resolve, 30)),
    });
    const took = performance.now() - before;
    const entries = performance.getEntriesByName(BACKUP_READ_MEASURE, 'measure') as PerformanceMeasure[];
    expect(entries).toHaveLength(1);
    const detail = entries[0]!.detail as { readMs: number; rows: number };
    expect(detail.rows).toBe(copied);
    expect(Object.keys(detail).sort()).toEqual(['readMs', 'rows']);
    expect(detail.readMs).toBeGreaterThan(0);
    expect(took).toBeGreaterThanOrEqual((copied / 10) * 30 - 5);
    expect(detail.readMs).toBeLessThan(took - 60);
    expect(entries[0]!.duration).toBeGreaterThanOrEqual(detail.readMs);
  });
});
