/**
 * The stored search index end to end, without a browser: notes saved through the repositories
 * write sealed deltas beside them, a new page loads the index (through the worker's own
 * handler), a missing index is rebuilt once and written back whole, and a note saved while
 * the index is open is found at once.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import { createRepositories } from '../../renderer/src/data/repositories';
import { newDraft } from '../../renderer/src/notes/note-model';
import { NO_FILTERS } from '../../renderer/src/notes/note-search';
import { baseSegmentId } from '../../renderer/src/data/search-segments';
import { createIndexHandler } from '../../renderer/src/notes/search/index-handler';
import type { FromWorker, ToWorker } from '../../renderer/src/notes/search/protocol';
import { NoteSearchService, sectionHoldersIfLoaded } from '../../renderer/src/notes/search/search-service';
import { SEARCH_FORMAT, SEARCH_SHARDS, noteKey, shardOf } from '../../shared/notes/search-index';
import { decodeSegment } from '../../shared/notes/search-segment';
import type { Envelope } from '../../shared/envelope';
import type { Note } from '../../shared/records';
import type { RecordsApi } from '../../renderer/src/data/repository';
import { fakeRecordsApi } from './helpers/records-api';

const { api } = fakeRecordsApi();

/** The worker's handler run in this thread, behind the same message shapes. */
function inThreadWorker(db: HoldspaceDb, options: { received?: ToWorker[]; replyAfterMs?: number } = {}) {
  const worker = {
    onmessage: null as ((event: MessageEvent<FromWorker>) => void) | null,
    onerror: null,
    postMessage: (message: ToWorker) => {
      options.received?.push(message);
      handle(structuredClone(message));
    },
  };
  const handle = createIndexHandler(
    (reply) =>
      setTimeout(
        () => worker.onmessage?.({ data: structuredClone(reply) } as MessageEvent<FromWorker>),
        options.replyAfterMs ?? 0,
      ),
    async () => ({
      notes: await db.notes.toCollection().primaryKeys(),
      drafts: await db.drafts.toCollection().primaryKeys(),
    }),
  );
  return worker as unknown as Worker;
}

const note = (i: number, text: string): Note => ({
  ...newDraft({ now: Date.UTC(2026, 0, 1) + i * 86_400_000, audience: 'individual', clientId: `c${i % 3}` }),
  id: `note-${i}`,
  status: 'signed',
  sections: { subjective: text },
});

/** A database with `count` signed notes, half about an allotment and half about sleep, saved as the app saves them. */
async function practiceWith(count: number) {
  const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
  const writer = createRepositories(db, api);
  await writer.notes.save(
    Array.from({ length: count }, (_, i) => note(i, i % 2 ? 'Talked about the allotment.' : 'Sleep diary reviewed.')),
    'create',
  );
  return { db, writer };
}

/**
 * As many notes on disk as in the index, but not the same ones: note-3 gone without its delta, and
 * note-99 (about a tribunal) come without one, as in a database altered by other means.
 */
async function swapNoteBehindTheIndex(db: HoldspaceDb, writer: ReturnType<typeof createRepositories>): Promise<void> {
  const before = new Set(await db.searchIndex.toCollection().primaryKeys());
  await writer.notes.save([note(99, 'First mention of the tribunal.')], 'create');
  const itsDelta = (await db.searchIndex.toCollection().primaryKeys()).filter((id) => !before.has(id));
  expect(itsDelta).toHaveLength(1);
  await db.searchIndex.bulkDelete(itsDelta);
  await db.notes.delete('note-3');
}

async function searchable(db: HoldspaceDb) {
  const repos = createRepositories(db, api);
  const service = new NoteSearchService(inThreadWorker(db), { db: () => db, repos: () => repos, api: () => api });
  await service.start();
  expect(service.current.error).toBe('');
  expect(service.current.complete).toBe(true);
  return { repos, service, keys: async (q: string) => (await service.search(q, NO_FILTERS)).hits.map((h) => h.key).sort() };
}

describe('the stored search index', () => {
  it('is kept by the saves themselves, rebuilt once when missing, and loaded from its sealed shards', async () => {
    const { db } = await practiceWith(100);
    // Each save wrote a sealed delta in the same transaction: nothing of the text is in clear.
    const deltas = await db.searchIndex.toArray();
    expect(deltas).toHaveLength(100);
    expect(JSON.stringify(deltas)).not.toMatch(/allotment|diary/i);

    const first = await searchable(db);
    expect(await first.keys('allotment')).toHaveLength(50);

    // As after upgrading: no index at all. The first search rebuilds it from the notes and writes every shard.
    await db.searchIndex.clear();
    const rebuilt = await searchable(db);
    expect(await rebuilt.keys('allotment')).toHaveLength(50);
    const rows = await db.searchIndex.toArray();
    // Every shard holding a note is written whole (an empty one needs no segment).
    const shards = new Set(Array.from({ length: 100 }, (_, i) => shardOf(noteKey('notes', `note-${i}`))));
    expect(shards.size).toBeGreaterThan(SEARCH_SHARDS / 2);
    expect(
      rows
        .filter((r) => r.kind === 'base')
        .map((r) => r.shard as number)
        .sort((a, b) => a - b),
    ).toEqual([...shards].sort((a, b) => a - b));
    expect(rows.filter((r) => r.kind === 'delta')).toHaveLength(0);
    expect(JSON.stringify(rows)).not.toMatch(/allotment|diary/i);

    // A new page loads the shards; a note saved while it is open is found at once, and an edit replaces the old words.
    const page = await searchable(db);
    expect(await page.keys('sleep')).toHaveLength(50);
    await page.repos.notes.save([note(140, 'First mention of the tribunal.')], 'create');
    await page.repos.notes.save([note(1, 'Now about the tribunal instead.')], 'update');
    expect(await page.keys('tribunal')).toEqual(['notes:note-1', 'notes:note-140']);
    expect(await page.keys('allotment')).toHaveLength(49);

    // A draft removed (signed as a note, say) leaves the index with it.
    await page.repos.drafts.save([{ ...note(150, 'Draft about the garden.'), status: 'draft' }], 'create');
    expect(await page.keys('garden')).toEqual(['drafts:note-150']);
    await page.repos.drafts.remove('note-150');
    expect(await page.keys('garden')).toEqual([]);

    // And the next page sees the same, from the shards and the deltas written since.
    const next = await searchable(db);
    expect(await next.keys('tribunal')).toEqual(['notes:note-1', 'notes:note-140']);
    expect(await next.keys('garden')).toEqual([]);
    db.close();
  });

  it('says who has a section of their own in each group note once the index is complete, and nothing before', async () => {
    const { db, writer } = await practiceWith(10);
    const groupNote = (i: number, sections: Record<string, string>): Note => ({
      ...note(i, 'Group discussed sleep.'),
      clientId: undefined,
      groupId: 'g1',
      template: 'GIRP',
      attendeeSections: sections,
    });
    // Ana wrote in both; Ben's section in the second was left blank, so it is not filed on his record.
    await writer.notes.save(
      [groupNote(20, { ana: 'Ana shared.', ben: 'Ben listened.' }), groupNote(21, { ana: 'Ana again.', ben: '  ' })],
      'create',
    );

    const repos = createRepositories(db, api);
    const service = new NoteSearchService(inThreadWorker(db), { db: () => db, repos: () => repos, api: () => api });
    // Not loaded yet: the timeline must open the notes to look.
    expect(await service.sectionHolders(['note-20'])).toBeUndefined();
    await service.start();
    expect(service.current.complete).toBe(true);
    const holders = await service.sectionHolders(['note-20', 'note-21', 'note-1', 'not-a-note']);
    expect(holders).toEqual(
      new Map<string, readonly string[]>([
        ['note-20', ['ana', 'ben']],
        ['note-21', ['ana']],
        ['note-1', []],
      ]),
    );
    // A note saved while the page is open is answered as saved.
    await repos.notes.save([groupNote(21, { ana: 'Ana again.', ben: 'Ben spoke at last.' })], 'update');
    expect((await service.sectionHolders(['note-21']))?.get('note-21')).toEqual(['ana', 'ben']);
    db.close();
  });

  it("leaves a client's timeline to open the notes when the index cannot say, or not soon", async () => {
    const answer = new Map<string, readonly string[]>([['note-1', ['ana']]]);
    expect(await sectionHoldersIfLoaded(['note-1'], { sectionHolders: async () => answer }, 50)).toBe(answer);
    // No index started on this page, none asked for, a failed worker, a worker busy for longer than the wait.
    expect(await sectionHoldersIfLoaded(['note-1'], undefined, 50)).toBeUndefined();
    expect(await sectionHoldersIfLoaded([], { sectionHolders: async () => answer }, 50)).toBeUndefined();
    expect(
      await sectionHoldersIfLoaded(['note-1'], { sectionHolders: () => Promise.reject(new Error('Search stopped.')) }, 50),
    ).toBeUndefined();
    const busy = {
      sectionHolders: () => new Promise<Map<string, readonly string[]>>((resolve) => setTimeout(resolve, 400, answer)),
    };
    const started = Date.now();
    expect(await sectionHoldersIfLoaded(['note-1'], busy, 50)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('loads shards stored by an earlier Holdspace without opening a note, and writes them again in the current layout', async () => {
    const { db } = await practiceWith(60);
    await db.searchIndex.clear();
    await searchable(db); // rebuilt and written whole
    // Every stored shard turned into the layout an earlier Holdspace wrote: MiniSearch's JSON.
    const segmentOf = async (env: Envelope) => {
      const opened = await api.vault.open({ items: [{ id: 'x', table: 'searchIndex', schemaVersion: 1, envelope: env }] });
      if (!opened.ok || !opened.value.results[0]!.ok) throw new Error('not opened');
      return new Uint8Array(gunzipSync(Buffer.from(opened.value.results[0]!.plaintext, 'base64')));
    };
    const bases = (await db.searchIndex.toArray()).filter((row) => row.kind === 'base');
    expect(bases.length).toBeGreaterThan(SEARCH_SHARDS / 2);
    for (const row of bases) {
      const decoded = decodeSegment(await segmentOf(row.env as Envelope), { fields: ['text'] });
      if (!decoded.ok) throw new Error('not decoded');
      const json = JSON.stringify({
        format: SEARCH_FORMAT,
        shards: SEARCH_SHARDS,
        shard: row.shard,
        index: decoded.contents.index.toJSON(),
        facts: [...decoded.contents.facts],
      });
      const sealed = await api.vault.seal({
        items: [{ id: row.id, table: 'searchIndex', schemaVersion: 1, plaintext: gzipSync(json).toString('base64') }],
      });
      if (!sealed.ok) throw new Error('not sealed');
      await db.searchIndex.put({ ...row, env: sealed.value.envelopes[0]! });
    }
    const olderBytes = (
      await Promise.all(bases.map(async (row) => (await segmentOf((await db.searchIndex.get(row.id))!.env as Envelope)).length))
    ).reduce((a, b) => a + b, 0);

    const repos = createRepositories(db, api);
    const service = new NoteSearchService(inThreadWorker(db), { db: () => db, repos: () => repos, api: () => api });
    const repairs: unknown[] = [];
    service.subscribe((p) => p.repair && repairs.push(p.repair));
    await service.start();
    expect(service.current.complete).toBe(true);
    expect(repairs).toEqual([]); // no note was opened to rebuild anything
    expect((await service.search('allotment', NO_FILTERS)).hits).toHaveLength(30);
    // Written again in the current layout, for a faster load at the next unlock.
    await expect
      .poll(async () => {
        const rows = (await db.searchIndex.toArray()).filter((row) => row.kind === 'base');
        const layouts = await Promise.all(
          rows.map(async (row) => decodeSegment(await segmentOf(row.env as Envelope), { fields: ['text'] })),
        );
        return layouts.every((d) => d.ok && !d.older) && rows.length === bases.length;
      })
      .toBe(true);
    const currentBytes = (
      await Promise.all(bases.map(async (row) => (await segmentOf((await db.searchIndex.get(row.id))!.env as Envelope)).length))
    ).reduce((a, b) => a + b, 0);
    expect(currentBytes).toBeLessThan(olderBytes);
    expect((await searchable(db).then((next) => next.keys('sleep'))).length).toBe(30);
    db.close();
  });

  it('rebuilds a shard with a damaged change alone, drops that change, and needs no repair at the next unlock', async () => {
    // An index written whole, then changes saved with the notes written since: one of them no longer opens.
    const { db, writer } = await practiceWith(200);
    await searchable(db);
    await writer.notes.save(
      Array.from({ length: 100 }, (_, i) => note(200 + i, i % 2 ? 'Talked about the allotment.' : 'Sleep diary reviewed.')),
      'create',
    );
    const rowsOf = async (shard: number) =>
      (await db.searchIndex.where('shard').equals(shard).toArray()).map((r) => `${r.kind}:${r.id}`).sort();
    const changed = new Set((await db.searchIndex.toArray()).filter((r) => r.kind === 'delta').map((r) => r.shard as number));
    const damaged = [...changed].find((shard) => changed.has(shard - 1) && changed.has(shard + 1))!;
    const damagedRow = (await db.searchIndex.where('shard').equals(damaged).toArray()).find((r) => r.kind === 'delta')!.id;
    const neighbours = { before: await rowsOf(damaged - 1), after: await rowsOf(damaged + 1) };
    const damagedApi: RecordsApi = {
      ...api,
      vault: {
        ...api.vault,
        open: async (input) => {
          const answer = await api.vault.open(input);
          if (!answer.ok) return answer;
          const results = answer.value.results.map((result, i) =>
            input.items[i]!.id === damagedRow ? ({ ok: false, reason: 'tampered' } as const) : result,
          );
          return { ok: true, value: { results } };
        },
      },
    };
    const repos = createRepositories(db, damagedApi);
    const unlock = async () => {
      const service = new NoteSearchService(
        inThreadWorker(db),
        { db: () => db, repos: () => repos, api: () => damagedApi },
        60_000,
      );
      let repaired = false;
      service.subscribe((p) => (repaired ||= p.repair !== undefined));
      await service.start();
      expect(service.current.error).toBe('');
      expect(service.current.complete).toBe(true);
      return { service, repaired };
    };

    const first = await unlock();
    expect(first.repaired).toBe(true);
    // Every note is found, those of the damaged shard too, indexed again from the notes.
    expect((await first.service.search('allotment', NO_FILTERS)).hits).toHaveLength(150);
    expect((await first.service.search('sleep', NO_FILTERS)).hits).toHaveLength(150);
    // That shard is written again whole, without the damaged change; the others are as stored.
    await expect.poll(() => rowsOf(damaged)).toEqual([`base:${baseSegmentId(damaged)}`]);
    expect({ before: await rowsOf(damaged - 1), after: await rowsOf(damaged + 1) }).toEqual(neighbours);
    first.service.stop();

    // The next unlock finds nothing to repair.
    const next = await unlock();
    expect(next.repaired).toBe(false);
    expect((await next.service.search('sleep', NO_FILTERS)).hits).toHaveLength(150);
    next.service.stop();
    db.close();
  });

  it('answers a search typed while the index loads after one more shard, not after every shard', async () => {
    const { db } = await practiceWith(40);
    await searchable(db); // writes every shard whole, as after the first unlock
    // A worker that takes its time over each shard, as with ten years of notes.
    const received: ToWorker[] = [];
    const repos = createRepositories(db, api);
    const worker = inThreadWorker(db, { received, replyAfterMs: 30 });
    const service = new NoteSearchService(worker, { db: () => db, repos: () => repos, api: () => api });
    const loading = service.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = service.search('allotment', NO_FILTERS);
    const handedOver = received.filter((m) => m.type === 'load').length;
    // Only the shards loaded so far and the one in hand are ahead of the search in the worker's queue.
    expect(handedOver).toBeLessThan(SEARCH_SHARDS / 2);
    await answer;
    expect(received.findIndex((m) => m.type === 'search')).toBe(handedOver);
    await loading;
    expect(service.current.complete).toBe(true);
    expect((await service.search('allotment', NO_FILTERS)).hits).toHaveLength(20);
  });

  it('while the index loads, asks a search on screen again only when its answer is behind: at once after an answer from no shard, then no sooner than the interval', async () => {
    const { db } = await practiceWith(40);
    await searchable(db);
    let loadedNow = 0;
    // The screen: it asks again at each new generation, as the search tab does.
    const watch = async (refreshEveryMs: number, typed: 'before' | 'while loading' | 'never', opening: RecordsApi = api) => {
      const service = new NoteSearchService(
        inThreadWorker(db, { replyAfterMs: 5 }),
        { db: () => db, repos: () => createRepositories(db, opening), api: () => opening },
        60_000,
        refreshEveryMs,
      );
      const askedAt: number[] = [];
      const answers: Promise<unknown>[] = [];
      let generation = 0;
      service.subscribe((p) => {
        loadedNow = p.shardsLoaded;
        if (p.generation === generation) return;
        generation = p.generation;
        if (!p.complete) askedAt.push(p.shardsLoaded);
        answers.push(service.search('sleep', NO_FILTERS));
      });
      // Typed before any shard has loaded: answered from none.
      if (typed === 'before') expect((await service.search('sleep', NO_FILTERS)).shardsLoaded).toBe(0);
      const loading = service.start();
      if (typed === 'while loading') answers.push(service.search('sleep', NO_FILTERS));
      await loading;
      await Promise.all(answers);
      const final = await service.search('sleep', NO_FILTERS);
      service.stop();
      expect(service.current.complete).toBe(true);
      expect(final.hits).toHaveLength(20);
      return askedAt;
    };
    // Asked again once, at the first shard, and not after every later one.
    expect(await watch(60_000, 'before')).toEqual([1]);
    // Nothing on screen: nothing asked again while loading.
    expect(await watch(60_000, 'never')).toEqual([]);
    // With no interval, asked again whenever the last answer is behind and none is waiting:
    // often, but never twice at the same shard count.
    const often = await watch(0, 'before');
    expect(often[0]).toBe(1);
    expect(often.length).toBeGreaterThan(2);
    expect(often.length).toBeLessThan(SEARCH_SHARDS);
    expect(often).toEqual([...new Set(often)].sort((a, b) => a - b));

    // The load stalls after eight shards' reads (main slow to open the rest), with an answer
    // behind on screen: it is asked again once the interval has passed, with no shard loading.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let shardReads = 0;
    const stalling: RecordsApi = {
      ...api,
      vault: {
        ...api.vault,
        open: async (input) => {
          if (input.items.some((item) => item.table === 'searchIndex') && ++shardReads > 8) await held;
          return api.vault.open(input);
        },
      },
    };
    const stalled = watch(300, 'while loading', stalling);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stalledAt = loadedNow;
    release();
    const asked = await stalled;
    expect(stalledAt).toBeGreaterThan(1);
    expect(asked.slice(0, 2)).toEqual([1, stalledAt]);
    db.close();
  });

  it('holds the index load back while a search on screen is being answered, then goes on', async () => {
    const { db } = await practiceWith(40);
    await searchable(db);
    const received: ToWorker[] = [];
    const repos = createRepositories(db, api);
    const service = new NoteSearchService(inThreadWorker(db, { received, replyAfterMs: 20 }), {
      db: () => db,
      repos: () => repos,
      api: () => api,
    });
    const loading = service.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const loads = () => received.filter((m) => m.type === 'load').length;
    let done = (): void => undefined;
    // The page asks the index and opens the notes it shows: as long as that takes.
    const answered = service.answering(async () => {
      const answer = await service.search('allotment', NO_FILTERS);
      await new Promise<void>((resolve) => (done = resolve));
      return answer;
    });
    const atAsk = loads();
    expect(atAsk).toBeLessThan(SEARCH_SHARDS / 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // At most the shard already in hand went over; 300 ms would have loaded many more.
    expect(loads()).toBeLessThanOrEqual(atAsk + 1);
    expect(service.current.complete).toBe(false);
    done();
    expect((await answered).hits.length).toBeGreaterThan(0);
    await loading;
    expect(loads()).toBe(SEARCH_SHARDS);
    expect(service.current.complete).toBe(true);
    expect((await service.search('allotment', NO_FILTERS)).hits).toHaveLength(20);
    db.close();
  });

  it('asks a search on screen again once when the last shard loads, as search is complete; a comparison comes first only for an index never written whole', async () => {
    const watch = async (db: HoldspaceDb) => {
      const repos = createRepositories(db, api);
      const service = new NoteSearchService(inThreadWorker(db), { db: () => db, repos: () => repos, api: () => api }, 60_000);
      const seen: { loaded: number; complete: boolean; repair?: { late?: boolean }; generation: number }[] = [];
      service.subscribe((p) =>
        seen.push({ loaded: p.shardsLoaded, complete: p.complete, repair: p.repair, generation: p.generation }),
      );
      await service.start();
      service.stop();
      const atHalf = seen.filter((p) => p.loaded === SEARCH_SHARDS / 2).at(-1)!.generation;
      const beforeComplete = seen.filter((p) => p.loaded === SEARCH_SHARDS && !p.complete && p.repair === undefined);
      const complete = seen.find((p) => p.complete)!;
      const repairs = seen.flatMap((p) => (p.repair === undefined ? [] : [p.repair]));
      return { atHalf, beforeComplete, complete, repairs, last: seen.at(-1)! };
    };

    // The index holds every note: nothing new to ask between the last shard and search complete.
    const { db, writer } = await practiceWith(40);
    await searchable(db);
    const matching = await watch(db);
    expect(matching.beforeComplete.length).toBeGreaterThan(0);
    expect(new Set(matching.beforeComplete.map((p) => p.generation))).toEqual(new Set([matching.atHalf]));
    expect(matching.complete.generation).toBe(matching.atHalf + 1);
    expect(matching.repairs).toEqual([]);
    expect(matching.last.generation).toBe(matching.atHalf + 1);

    // A note on disk the index does not hold: search is complete as every shard loads all the
    // same, and nothing more is asked until the later check of every id (see the next test).
    const before = new Set(await db.searchIndex.toCollection().primaryKeys());
    await writer.notes.save([note(99, 'First mention of the tribunal.')], 'create');
    await db.searchIndex.bulkDelete((await db.searchIndex.toCollection().primaryKeys()).filter((id) => !before.has(id)));
    const behind = await watch(db);
    expect(behind.complete.generation).toBe(behind.atHalf + 1);
    expect(behind.repairs).toEqual([]);
    expect(behind.last.generation).toBe(behind.atHalf + 1);

    // No index written whole while notes are on disk (the first search after upgrading), with a
    // draft saved since, its change to the index written beside it: the index is built before
    // search is complete, the search asked again over every shard as that starts.
    await db.searchIndex.clear();
    await writer.drafts.save([{ ...note(120, 'Draft about the garden.'), status: 'draft' }], 'create');
    expect(await db.searchIndex.count()).toBe(1);
    const none = await watch(db);
    expect(Math.max(...none.beforeComplete.map((p) => p.generation))).toBe(none.atHalf + 1);
    expect(none.repairs.length).toBeGreaterThan(0);
    expect(none.repairs.some((r) => r.late === true)).toBe(false);
    expect(none.complete.generation).toBeGreaterThan(none.atHalf + 1);
    // And it is written whole, so the next start needs no comparison first.
    expect((await db.searchIndex.toArray()).filter((row) => row.kind === 'base').length).toBeGreaterThan(SEARCH_SHARDS / 2);
    const next = await watch(db);
    expect(next.complete.generation).toBe(next.atHalf + 1);
    expect(next.repairs).toEqual([]);
    db.close();
  });

  it('is complete once every shard is loaded; a later check of every id repairs what the index lacks or holds beyond the notes', async () => {
    const { db, writer } = await practiceWith(40);
    await searchable(db);
    await swapNoteBehindTheIndex(db, writer);
    expect(await db.notes.count()).toBe(40);

    const received: ToWorker[] = [];
    const repos = createRepositories(db, api);
    const service = new NoteSearchService(
      inThreadWorker(db, { received }),
      { db: () => db, repos: () => repos, api: () => api },
      200,
    );
    const seen: { complete: boolean; repairing: boolean; diffs: number }[] = [];
    service.subscribe((p) =>
      seen.push({
        complete: p.complete,
        repairing: p.repair !== undefined,
        diffs: received.filter((m) => m.type === 'diff').length,
      }),
    );
    await service.start();
    // Complete without waiting for the comparison of every id.
    expect(service.current.complete).toBe(true);
    expect(seen.find((p) => p.complete)?.diffs).toBe(0);
    expect((await service.search('tribunal', NO_FILTERS)).hits).toHaveLength(0);

    // Then the comparison finds the difference, says so while it repairs, and search finds the note.
    await expect
      .poll(async () => (await service.search('tribunal', NO_FILTERS)).hits.map((h) => h.key), { timeout: 5000 })
      .toEqual(['notes:note-99']);
    expect(seen.some((p) => !p.complete && p.repairing)).toBe(true);
    await expect.poll(() => service.current.complete).toBe(true);
    expect((await service.search('allotment', NO_FILTERS)).hits.map((h) => h.key)).not.toContain('notes:note-3');
    db.close();
  });

  it('writes nothing once stopped for a restore, and a check that fails says so instead of leaving search preparing', async () => {
    const { db, writer } = await practiceWith(30);
    await searchable(db);
    // The later check would repair this, and write.
    await swapNoteBehindTheIndex(db, writer);
    const repos = createRepositories(db, api);

    // Stopped (a restore begins) before the check: it never runs, and no shard is written.
    const stopped = new NoteSearchService(inThreadWorker(db), { db: () => db, repos: () => repos, api: () => api }, 100);
    await stopped.start();
    expect(stopped.current.complete).toBe(true);
    const rows = JSON.stringify(await db.searchIndex.toArray());
    stopped.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await stopped.search('tribunal', NO_FILTERS)).hits).toHaveLength(0);
    expect(stopped.current.repair).toBeUndefined();
    expect(JSON.stringify(await db.searchIndex.toArray())).toBe(rows);

    // A check that cannot read the notes (the database gone): search stays complete, with a message.
    const failing = new NoteSearchService(inThreadWorker(db), { db: () => db, repos: () => repos, api: () => api }, 100);
    await failing.start();
    db.close();
    await expect.poll(() => failing.current.error, { timeout: 5000 }).toMatch(/could not check its index/);
    expect(failing.current.complete).toBe(true);
    expect(failing.current.repair).toBeUndefined();
  });
});
