/**
 * How a search index shard is stored and loaded back (shared/notes/search-segment.ts): a shard
 * loaded from its segment answers every search exactly as the one written did, in every script,
 * after notes are changed and removed (and MiniSearch tidies up after them), and when stored
 * again; a shard stored by an earlier Holdspace (MiniSearch's JSON) still loads and is marked
 * for writing again; damaged bytes are refused, never half-loaded.
 */
import { describe, expect, it } from 'vitest';
import { Postings, decodeSegment } from '../../shared/notes/search-segment';
import type { ShardContents } from '../../shared/notes/search-segment';
import { SEARCH_FORMAT, SEARCH_SHARDS, ShardedNoteIndex, noteKey, shardOf } from '../../shared/notes/search-index';
import type { NoteFacts, NoteKey, SearchDelta } from '../../shared/notes/search-index';
import { NO_FILTERS } from '../../renderer/src/notes/note-search';

const WORDS = [
  'sleep',
  'sleeping',
  'panic',
  'train',
  'grounding',
  'sister',
  'allotment',
  'tribunal',
  'Zoë',
  'Łukasz',
  'שינה',
  'नींद',
  '姐姐',
  'พี่สาว',
  'anniversary',
  'boundaries',
];

/** Notes whose words repeat unevenly (so term frequencies and note lengths matter to the order). */
function doc(i: number, facts: Partial<NoteFacts> = {}): SearchDelta {
  const words: string[] = [];
  for (let w = 0; w < 3 + (i % 7); w++) words.push(WORDS[(i * 7 + w * w * 3) % WORDS.length]!);
  if (i % 5 === 0) words.push(words[0]!, words[0]!);
  return {
    op: 'put',
    doc: {
      key: noteKey(i % 9 === 0 ? 'drafts' : 'notes', `n${i}`),
      text: `Session ${i}: ${words.join(' ')}.`,
      facts: {
        sessionAt: 1_700_000_000_000 + i * 86_400_000,
        template: i % 2 ? 'SOAP' : 'DAP',
        risk: i % 11 === 0 ? 'low' : 'none',
        ...(i % 4 === 0 ? { groupId: 'g1', members: ['c1', 'c2'] } : { clientId: `c${i % 3}` }),
        ...facts,
      },
    },
  };
}

const QUERIES = [
  'sleep',
  'slee',
  'sleepng', // a typo, forgiven in longer words
  'panic train',
  'zoe',
  'lukasz',
  'שינה',
  'नींद',
  '姐姐',
  'พี่สาว',
  'session',
  'anniversary boundaries',
  'nothing-like-this',
  '',
];

function fullIndex(deltas: readonly SearchDelta[]): ShardedNoteIndex {
  const index = new ShardedNoteIndex();
  for (let shard = 0; shard < SEARCH_SHARDS; shard++) index.loadShard(shard, undefined, []);
  index.apply(deltas);
  return index;
}

function reloaded(index: ShardedNoteIndex): ShardedNoteIndex {
  const next = new ShardedNoteIndex();
  for (let shard = 0; shard < SEARCH_SHARDS; shard++) expect(next.loadShard(shard, index.serialize(shard), [])).toBe('loaded');
  return next;
}

/**
 * Every answer in full: the notes found, the words each matched, whether it needs checking. Compared
 * as sets: among notes of equal relevance, and among the words a note matched, MiniSearch's order
 * follows its term tree, which any reload (this layout's or its own JSON's) may lay out differently.
 */
function answers(index: ShardedNoteIndex) {
  const filters = [NO_FILTERS, { ...NO_FILTERS, clientId: 'c1' }, { ...NO_FILTERS, template: 'SOAP' as const }];
  return QUERIES.flatMap((q) =>
    filters.map((f) =>
      index
        .search(q, f)
        .hits.map((hit) => `${hit.key} ${hit.check} ${[...hit.terms].sort().join(',')}`)
        .sort(),
    ),
  );
}

const many = Array.from({ length: 400 }, (_, i) => doc(i));

describe('a search index shard, stored and loaded', () => {
  it('answers every search as the index it was written from: the same notes, matching the same words', () => {
    const written = fullIndex(many);
    const loaded = reloaded(written);
    expect(loaded.size).toBe(written.size);
    expect(loaded.keys().sort()).toEqual(written.keys().sort());
    const expected = answers(written);
    expect(expected.some((hits) => hits.length > 20)).toBe(true);
    expect(answers(loaded)).toEqual(expected);
    // And ranks them alike: each note's relevance (term frequencies, note lengths) is as it was.
    const scores = (index: ShardedNoteIndex) =>
      QUERIES.filter((q) => q !== '').map((q) =>
        [...shardsOf(index).values()]
          .flatMap((shard) => shard.index.search(q).map((r) => `${String(r.id)} ${r.score.toPrecision(10)}`))
          .sort(),
      );
    expect(scores(loaded)).toEqual(scores(written));
  });

  it('keeps answering correctly as notes change and go after loading, and stores the result faithfully', async () => {
    const loaded = reloaded(fullIndex(many));
    // Edits (a note's words replaced), removals and new notes, as saves bring them.
    const edits: SearchDelta[] = [
      ...Array.from({ length: 120 }, (_, i): SearchDelta => ({ op: 'remove', key: keyOf(i * 3) })),
      ...Array.from({ length: 60 }, (_, i) => doc(i * 3 + 1, { risk: 'high' })),
      ...Array.from({ length: 50 }, (_, i) => doc(1000 + i)),
    ];
    loaded.apply(edits);
    // MiniSearch tidies postings of removed notes away after enough removals; let it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reference = fullIndex([...many, ...edits]);
    const keysOf = (index: ShardedNoteIndex) => answers(index).map((hits) => hits.map((h) => h.split(' ')[0]));
    expect(keysOf(loaded)).toEqual(keysOf(reference));
    expect(loaded.search('sleep', { ...NO_FILTERS, risk: 'high' }).hits.length).toBeGreaterThan(0);
    // Stored again and loaded: the same answers as before storing.
    const again = reloaded(loaded);
    expect(answers(again)).toEqual(answers(loaded));
  });

  it('loads a shard stored by an earlier Holdspace (MiniSearch JSON) and marks it for writing again', () => {
    const written = fullIndex(many);
    const older = new ShardedNoteIndex();
    for (let shard = 0; shard < SEARCH_SHARDS; shard++) {
      const decoded = decodeSegment(written.serialize(shard), { fields: ['text'] });
      if (!decoded.ok) throw new Error('not decoded');
      const json = JSON.stringify({
        format: SEARCH_FORMAT,
        shards: SEARCH_SHARDS,
        shard,
        index: decoded.contents.index.toJSON(),
        facts: [...decoded.contents.facts],
      });
      expect(older.loadShard(shard, new TextEncoder().encode(json), [])).toBe('older');
    }
    expect(answers(older)).toEqual(answers(written));
    // Written again, it is in the current layout.
    expect(new ShardedNoteIndex().loadShard(5, older.serialize(5), [])).toBe('loaded');
  });

  it('refuses damaged, foreign or misfiled segments instead of loading part of them', () => {
    const written = fullIndex(many);
    const shard = shardOf(keyOf(1));
    const good = written.serialize(shard);
    const refused = (bytes: Uint8Array, as = shard) => {
      const index = new ShardedNoteIndex();
      const result = index.loadShard(as, bytes, []);
      return result === 'unusable' && index.size === 0 && index.isLoaded(as);
    };
    expect(refused(good.subarray(0, good.length - 3))).toBe(true); // cut short
    expect(refused(Uint8Array.from([...good, 1, 2, 3]))).toBe(true); // trailing bytes
    const badHeader = Uint8Array.from(good);
    badHeader[2] = 0xff;
    badHeader[5] = 0x7f;
    expect(refused(badHeader)).toBe(true);
    const newerLayout = Uint8Array.from(good);
    newerLayout[1] = 99;
    expect(refused(newerLayout)).toBe(true);
    expect(refused(new TextEncoder().encode('{"format":2,'))).toBe(true);
    // A header that parses but is not a shard's.
    const odd = new TextEncoder().encode('{"docs":7}');
    const wrongShape = new Uint8Array(6 + odd.length);
    wrongShape.set([0, 1]);
    new DataView(wrongShape.buffer).setUint32(2, odd.length, true);
    wrongShape.set(odd, 6);
    expect(refused(wrongShape)).toBe(true);
    expect(refused(new Uint8Array(0))).toBe(true);
    expect(refused(good, (shard + 1) % SEARCH_SHARDS)).toBe(true); // another shard's segment
    expect(new ShardedNoteIndex().loadShard(shard, good, [])).toBe('loaded');
  });
});

/** The shards' MiniSearch indexes, to compare relevance scores (which the index's answers only imply by their order). */
const shardsOf = (index: ShardedNoteIndex) => (index as unknown as { shards: Map<number, ShardContents> }).shards;

function keyOf(i: number): NoteKey {
  const delta = doc(i);
  return delta.op === 'put' ? delta.doc.key : delta.key;
}

describe('Postings (one term, decoded on first use)', () => {
  // Two postings: note 3 twice, note 200 once (gap 197 takes two bytes), in a shard whose next id was 201.
  const bytes = Uint8Array.from([3, 2, (197 & 0x7f) | 0x80, 197 >> 7, 1]);

  it('reads like the Map it stands for, whichever method comes first', () => {
    const expected = new Map([
      [3, 2],
      [200, 1],
    ]);
    const reads: ((p: Postings) => unknown)[] = [
      (p) => p.size,
      (p) => p.get(200),
      (p) => p.has(3),
      (p) => [...p.keys()],
      (p) => [...p.values()],
      (p) => [...p.entries()],
      (p) => [...p],
      (p) => Object.fromEntries(p),
      (p) => {
        const seen: [number, number][] = [];
        p.forEach((v, k, m) => seen.push([k, v, m === p ? 1 : 0] as never));
        return seen;
      },
    ];
    for (const read of reads) {
      const postings = Postings.lazy(bytes, 0, 2, 201);
      expect(postings.decoded).toBe(false);
      expect(read(postings)).toEqual(read(expected as unknown as Postings));
      expect(postings.decoded).toBe(true);
    }
  });

  it('takes a newer note (one saved since the shard was written) without decoding, and lists it last', () => {
    const postings = Postings.lazy(bytes, 0, 2, 201);
    // As MiniSearch adds a word of a note: look up its count, then set it.
    expect(postings.get(205)).toBeUndefined();
    postings.set(205, 1);
    postings.set(205, (postings.get(205) ?? 0) + 1);
    postings.set(230, 1);
    expect(postings.delete(230)).toBe(true);
    expect(postings.has(205)).toBe(true);
    expect(postings.decoded).toBe(false);
    // Anything about the older notes decodes them, with the newer after, as a Map would have kept them.
    expect(postings.get(200)).toBe(1);
    expect(postings.decoded).toBe(true);
    expect([...postings]).toEqual([
      [3, 2],
      [200, 1],
      [205, 2],
    ]);
  });

  it('takes changes after decoding what it holds', () => {
    const postings = Postings.lazy(bytes, 0, 2, 201);
    postings.set(7, 4);
    expect([...postings]).toEqual([
      [3, 2],
      [200, 1],
      [7, 4],
    ]);
    expect(Postings.lazy(bytes, 0, 2, 201).delete(3)).toBe(true);
    const cleared = Postings.lazy(bytes, 0, 2, 201);
    cleared.clear();
    expect(cleared.size).toBe(0);
  });
});
