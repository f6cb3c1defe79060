import { describe, expect, it } from 'vitest';
import { NewestFirstMerge, batchedSource, listSource } from '../../renderer/src/notes/newest-first';

type Entry = { at: number; id: string };

/** A source over rows already newest first, counting the reads and the rows they returned. */
function counted(rows: readonly Entry[], keep: (e: Entry) => boolean = () => true) {
  const reads: { offset: number; limit: number }[] = [];
  let offset = 0;
  const source = batchedSource<Entry, Entry>(
    async (limit) => {
      reads.push({ offset, limit });
      const batch = rows.slice(offset, offset + limit);
      offset += batch.length;
      return batch;
    },
    (row) => (keep(row) ? row : undefined),
    { first: 2, most: 8 },
  );
  return { source, reads, rowsRead: () => reads.reduce((n, r) => n + Math.max(0, Math.min(r.limit, rows.length - r.offset)), 0) };
}

const desc = (prefix: string, times: number[]): Entry[] => times.map((at, i) => ({ at, id: `${prefix}${i}` }));

describe('a timeline merged newest first from several sources', () => {
  it('gives the same order as sorting everything, and reads only as far as asked', async () => {
    const own = counted(desc('o', [100, 90, 80, 20, 10]));
    const groupA = counted(desc('a', [95, 60, 50, 40, 30, 5]));
    const groupB = counted(
      desc(
        'b',
        Array.from({ length: 40 }, (_, i) => 70 - i),
      ),
    );
    const ready = [
      { at: 85, id: 'm0' },
      { at: 1, id: 'm1' },
    ];
    const merged = new NewestFirstMerge<Entry>([own.source, groupA.source, groupB.source, listSource(ready)]);
    await merged.ensure(4);
    expect(merged.entries.map((e) => e.id)).toEqual(['o0', 'a0', 'o1', 'm0']);
    expect(merged.complete).toBe(false);
    // The long group, none of whose entries is among the first four, was read no further than its
    // first batch (a source reads ahead only once it is taken from).
    expect(groupB.rowsRead()).toBe(2);
    await merged.ensure(6);
    expect(merged.entries.map((e) => e.id).slice(4)).toEqual(['o2', 'b0']);
    // Taking its first entry read the next batch ahead of need.
    expect(groupB.rowsRead()).toBe(2 + 4);

    await merged.ensure(Number.MAX_SAFE_INTEGER);
    const everything = [
      ...desc('o', [100, 90, 80, 20, 10]),
      ...desc('a', [95, 60, 50, 40, 30, 5]),
      ...desc(
        'b',
        Array.from({ length: 40 }, (_, i) => 70 - i),
      ),
      ...ready,
    ];
    expect(merged.entries.map((e) => e.at)).toEqual(everything.map((e) => e.at).sort((x, y) => y - x));
    expect(new Set(merged.entries.map((e) => e.id)).size).toBe(everything.length);
    expect(merged.complete).toBe(true);
    // Batches double up to the most: the forty rows took 2 + 4 + 8 + 8 + 8 + 8 (+ an empty read).
    expect(groupB.reads.map((r) => r.limit)).toEqual([2, 4, 8, 8, 8, 8, 8]);
  });

  it('leaves out rows a source filters, reading on past a batch of them', async () => {
    const rows = desc('g', [50, 40, 30, 20, 10, 5]).map((e, i) => ({ ...e, signed: i >= 4 }));
    let offset = 0;
    const source = batchedSource<(typeof rows)[number], Entry>(
      async (limit) => {
        const batch = rows.slice(offset, offset + limit);
        offset += batch.length;
        return batch;
      },
      (row) => (row.signed ? { at: row.at, id: row.id } : undefined),
      { first: 2 },
    );
    const merged = new NewestFirstMerge([source]);
    await merged.ensure(10);
    expect(merged.entries.map((e) => e.id)).toEqual(['g4', 'g5']);
  });

  it('serves two callers one after the other, never interleaving, and recovers from a failed read', async () => {
    // While IndexedDB is busy, reads past the first batch fail: the read ahead quietly, the read the merge waits for aloud.
    let busy = true;
    let offset = 0;
    const source = batchedSource<Entry, Entry>(
      async (limit) => {
        if (offset === 2 && busy) throw new Error('IndexedDB was busy');
        const batch = desc('x', [9, 8, 7, 6, 5, 4]).slice(offset, offset + limit);
        offset += batch.length;
        return batch;
      },
      (row) => row,
      { first: 2 },
    );
    const merged = new NewestFirstMerge([source]);
    const first = merged.ensure(3);
    const second = merged.ensure(2);
    await expect(first).rejects.toThrow('IndexedDB was busy');
    await second;
    expect(merged.entries.map((e) => e.id)).toEqual(['x0', 'x1']);
    busy = false;
    await merged.ensure(6);
    expect(merged.entries.map((e) => e.id)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
  });
});
