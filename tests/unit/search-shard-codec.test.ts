/**
 * The search worker's shards travel gzip-compressed as base64 text (the vault seals text). A shard
 * written by an earlier Holdspace (MiniSearch's JSON, gzipped by the browser's CompressionStream:
 * standard gzip) must load and be marked for writing again, names and words in any script must come
 * back exactly, and what the worker writes must be plain gzip of the current layout.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { createIndexHandler } from '../../renderer/src/notes/search/index-handler';
import type { FromWorker, ToWorker } from '../../renderer/src/notes/search/protocol';
import { SEARCH_FORMAT, SEARCH_SHARDS, ShardedNoteIndex, noteKey, shardOf } from '../../shared/notes/search-index';
import { decodeSegment } from '../../shared/notes/search-segment';
import type { SearchDelta } from '../../shared/notes/search-index';
import { NO_FILTERS } from '../../renderer/src/notes/note-search';

const TEXTS = [
  'שינה טובה יותר השבוע, פחות מחשבות בלילה.', // Hebrew
  'नींद पहले से बेहतर है; चिंता कम हुई।', // Devanagari
  'Schlaf besser — Grübeln weniger 😊', // Latin with an emoji beyond the BMP
];

function handler() {
  const replies: FromWorker[] = [];
  let settle: () => void = () => undefined;
  const handle = createIndexHandler(
    (reply) => {
      replies.push(reply);
      settle();
    },
    async () => ({ notes: [], drafts: [] }),
  );
  const ask = (message: ToWorker) =>
    new Promise<FromWorker>((resolve) => {
      const before = replies.length;
      settle = () => {
        if (replies.length > before) resolve(replies.at(-1)!);
      };
      handle(message);
    });
  return ask;
}

describe('search index shards on the wire', () => {
  it('loads an older JSON shard gzipped by the standard format, keeps every script exactly, and writes plain gzip back', async () => {
    // One shard holding all three notes (their ids chosen to fall in the same shard).
    const ids: string[] = [];
    for (let i = 0; ids.length < TEXTS.length; i++) {
      const id = `note-${i}`;
      if (shardOf(noteKey('notes', id)) === shardOf(noteKey('notes', 'note-0'))) ids.push(id);
    }
    const shard = shardOf(noteKey('notes', ids[0]!));
    const source = new ShardedNoteIndex();
    source.loadShard(shard, undefined, []);
    const deltas: SearchDelta[] = ids.map((id, i) => ({
      op: 'put',
      doc: { key: noteKey('notes', id), text: TEXTS[i]!, facts: { sessionAt: i, template: 'SOAP', risk: 'none' } },
    }));
    source.apply(deltas);
    // As an earlier Holdspace stored it: MiniSearch's JSON and the filter facts.
    const current = decodeSegment(source.serialize(shard), { fields: ['text'] });
    if (!current.ok) throw new Error('not decoded');
    const facts = [...current.contents.facts];
    const json = JSON.stringify({
      format: SEARCH_FORMAT,
      shards: SEARCH_SHARDS,
      shard,
      index: current.contents.index.toJSON(),
      facts,
    });
    const written = gzipSync(Buffer.from(json, 'utf8')).toString('base64');

    const ask = handler();
    const loaded = await ask({ type: 'load', shard, segment: written, deltas: [] });
    expect(loaded).toMatchObject({ type: 'loaded', shard, usable: true, older: true });
    for (const [word, i] of [
      ['שינה', 0],
      ['नींद', 1],
      ['Grübeln', 2],
    ] as const) {
      const answer = await ask({ type: 'search', id: 1, query: word, filters: NO_FILTERS, window: 10 });
      expect(answer.type === 'answer' && answer.answer.hits.map((h) => h.key)).toEqual([noteKey('notes', ids[i]!)]);
    }

    const back = await ask({ type: 'serialize', id: 2, shard });
    if (back.type !== 'serialized') throw new Error(`unexpected ${back.type}`);
    // Standard gzip of the current layout: the same notes and facts, every script's words intact.
    const reread = decodeSegment(new Uint8Array(gunzipSync(Buffer.from(back.segment, 'base64'))), { fields: ['text'] });
    if (!reread.ok) throw new Error('not decoded');
    expect(reread.older).toBe(false);
    expect([...reread.contents.facts]).toEqual(facts);
    const terms = JSON.stringify(reread.contents.index.toJSON());
    // Terms are kept as search compares them: Latin accents folded away, other scripts' letters and signs as written.
    for (const word of ['שינה', 'नींद', 'grubeln']) expect(terms).toContain(word);
  });

  it('reports a shard that cannot be loaded as unusable, empty and rebuildable, rather than failing search', async () => {
    const ask = handler();
    // A delta with no note key, never written by Holdspace: applying it throws.
    const broken = { op: 'put', doc: { text: 'Sleep diary.', facts: { sessionAt: 0, template: 'SOAP', risk: 'none' } } };
    const loaded = await ask({ type: 'load', shard: 4, segment: undefined, deltas: [broken as unknown as SearchDelta] });
    expect(loaded).toMatchObject({ type: 'loaded', shard: 4, usable: false });
    const counted = await ask({ type: 'count', id: 3 });
    expect(counted).toMatchObject({ type: 'count', indexed: 0 });
  });

  it('loads a shard of a busy year whole (many chunks from the decompressor), and reports one cut short as unusable', async () => {
    // 1,200 notes in one shard: its segment inflates to far more than one chunk of the stream.
    const ids: string[] = [];
    const target = shardOf(noteKey('notes', 'busy-0'));
    for (let i = 0; ids.length < 1200; i++) if (shardOf(noteKey('notes', `busy-${i}`)) === target) ids.push(`busy-${i}`);
    const source = new ShardedNoteIndex();
    source.loadShard(target, undefined, []);
    source.apply(
      ids.map((id, i) => ({
        op: 'put',
        doc: {
          key: noteKey('notes', id),
          text: `${TEXTS[i % 3]} session ${i} word${i} ${i % 7 === 0 ? 'insomnia' : 'routine'} ${'x'.repeat(i % 40)}`,
          facts: { sessionAt: i, template: 'SOAP', risk: 'none' },
        },
      })),
    );
    const bytes = source.serialize(target);
    expect(bytes.length).toBeGreaterThan(100_000);
    const gzipped = gzipSync(bytes);
    const ask = handler();
    const loaded = await ask({ type: 'load', shard: target, segment: gzipped.toString('base64'), deltas: [] });
    expect(loaded).toMatchObject({ type: 'loaded', shard: target, usable: true, older: false });
    const expected = source.search('insomnia', NO_FILTERS).hits.map((h) => h.key);
    expect(expected).toHaveLength(Math.ceil(1200 / 7));
    const answer = await ask({ type: 'search', id: 1, query: 'insomnia', filters: NO_FILTERS, window: 2000 });
    expect(answer.type === 'answer' && answer.answer.hits.map((h) => h.key)).toEqual(expected);
    // A word from deep in the segment (past the first chunks) is there too.
    const last = await ask({ type: 'search', id: 2, query: 'word1199', filters: NO_FILTERS, window: 2000 });
    expect(last.type === 'answer' && last.answer.hits[0]?.key).toBe(noteKey('notes', ids[1199]!));
    // Words one letter off tie in score, in no set order: the same notes, whichever comes first.
    expect(last.type === 'answer' && last.answer.hits.map((h) => h.key).sort()).toEqual(
      source
        .search('word1199', NO_FILTERS)
        .hits.map((h) => h.key)
        .sort(),
    );

    // Only the gzip trailer (its check and length) missing: the inflated bytes are whole and would
    // decode, so it is the stream that must say the shard is cut short.
    const cut = gzipped.subarray(0, gzipped.length - 8).toString('base64');
    const again = handler();
    expect(await again({ type: 'load', shard: target, segment: cut, deltas: [] })).toMatchObject({ usable: false });
    expect(await again({ type: 'count', id: 3 })).toMatchObject({ type: 'count', indexed: 0 });
  });

  it('answers a search sent right behind a load, before the load is answered, from the loaded shard', async () => {
    const key = noteKey('notes', 'order-1');
    const source = new ShardedNoteIndex();
    source.loadShard(shardOf(key), undefined, []);
    source.apply([{ op: 'put', doc: { key, text: TEXTS[0]!, facts: { sessionAt: 1, template: 'SOAP', risk: 'none' } } }]);
    const segment = gzipSync(source.serialize(shardOf(key))).toString('base64');
    const replies: FromWorker[] = [];
    const handle = createIndexHandler(
      (reply) => replies.push(reply),
      async () => ({ notes: [], drafts: [] }),
    );
    // Both at once, as the page sends them: the load's gunzip is awaited, and the search must wait for it.
    handle({ type: 'load', shard: shardOf(key), segment, deltas: [] });
    handle({ type: 'search', id: 7, query: 'שינה', filters: NO_FILTERS, window: 10 });
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    expect(replies[0]).toMatchObject({ type: 'loaded', usable: true });
    expect(replies[1]!.type === 'answer' && replies[1]!.answer.hits.map((h) => h.key)).toEqual([key]);
  });

  it('reports a shard that is not gzip as unusable, so it is rebuilt from the notes', async () => {
    const ask = handler();
    const loaded = await ask({ type: 'load', shard: 3, segment: Buffer.from('not gzip at all').toString('base64'), deltas: [] });
    expect(loaded).toMatchObject({ type: 'loaded', shard: 3, usable: false });
  });
});
