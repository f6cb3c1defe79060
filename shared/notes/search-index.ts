/**
 * The note search index as it is kept between sessions: split into a fixed number of shards
 * (by a hash of the note's key), each a MiniSearch index plus the few facts the filters need
 * (client, group, session time, template, risk level, who has a section). A shard is stored
 * as one sealed segment; every save or removal of a note adds a small sealed delta beside it,
 * and a shard with many deltas is written again whole (compaction). Nothing here does I/O:
 * the renderer's worker holds the index, the page seals and stores what it hands over.
 *
 * Searching needs no note to be opened. Only what is shown (a page of results) is opened,
 * for its snippet; and a group note found under a client filter is opened to check that the
 * match is in what that client's view shows (never another member's section).
 */
import MiniSearch from 'minisearch';
import type { Note, NoteTemplate, RiskLevel } from '../records';
import { decodeSegment, encodeSegment } from './search-segment';
import type { ShardContents } from './search-segment';
import { foldForSearch, noteSearchText } from './search-text';
import { membersWithSection } from './privacy';

/** Shards per practice. Fixed: a segment written under another count is rebuilt, not merged. */
export const SEARCH_SHARDS = 64;
/**
 * What the terms in a shard segment and a delta mean (how text is split into words and folded).
 * 2: words of scripts written without spaces are split (see `searchTerms`), and terms are folded
 * (`foldForSearch`). How a segment lays them out is search-segment.ts's business.
 */
export const SEARCH_FORMAT = 2;

export type NoteTable = 'notes' | 'drafts';
/** A note's key in the index: the table it lives in and its id (a draft and its signed note share the id). */
export type NoteKey = `${NoteTable}:${string}`;
export const noteKey = (table: NoteTable, id: string): NoteKey => `${table}:${id}`;
export const splitKey = (key: string): { table: NoteTable; id: string } => {
  const at = key.indexOf(':');
  return { table: key.slice(0, at) as NoteTable, id: key.slice(at + 1) };
};

/**
 * One field holding all of a note's text: loading a stored index costs about half what it
 * does with a field per part (each field keeps its own postings), and the first search after
 * unlocking is paced by that load.
 */
const FIELDS = ['text'] as const;

/** What the filters read, kept with each note in the (sealed) index. */
export interface NoteFacts {
  clientId?: string;
  groupId?: string;
  sessionAt: number;
  template: NoteTemplate;
  risk: RiskLevel;
  /** Members with their own section in a group note. */
  members?: string[];
}

export interface SearchDoc {
  key: NoteKey;
  /** Every part of the note as search sees it: sections, members' sections, interventions, risk, next steps, addenda. */
  text: string;
  facts: NoteFacts;
}

/** One change to the index, as a delta segment carries it. */
export type SearchDelta = { op: 'put'; doc: SearchDoc } | { op: 'remove'; key: NoteKey };

export function searchDocOf(table: NoteTable, note: Note): SearchDoc {
  const members = membersWithSection(note);
  return {
    key: noteKey(table, note.id),
    text: noteSearchText(note).all,
    facts: {
      ...(note.clientId !== undefined ? { clientId: note.clientId } : {}),
      ...(note.groupId !== undefined ? { groupId: note.groupId } : {}),
      sessionAt: note.sessionAt,
      template: note.template,
      risk: note.risk.level,
      ...(members.length > 0 ? { members } : {}),
    },
  };
}

/** The shard a note lives in: FNV-1a of its id, so a draft and its signed note share one. */
export function shardOf(key: string): number {
  const { id } = splitKey(key);
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SEARCH_SHARDS;
}

export interface SearchFilters {
  clientId: string;
  groupId: string;
  from: number | undefined;
  to: number | undefined;
  template: NoteTemplate | '';
  risk: RiskLevel | '';
}

export interface IndexHit {
  key: NoteKey;
  /** The words in the note that matched (after prefix and typo matching), for highlighting. */
  terms: string[];
  /**
   * A group note found under a client filter: the match may be only in another member's
   * section, so the page opens it and checks what that client's view shows.
   */
  check: boolean;
}

export interface IndexAnswer {
  /** Every hit in order (relevance with words, newest session first without), or the first of them (see `total`). */
  hits: IndexHit[];
  /**
   * When `hits` is only the first of them (the search worker sends a window, so tens of
   * thousands of hits never cross to the page): how many there are in all, and the hits after
   * the window whose note must be opened to know whether it counts (`check`).
   */
  window?: { total: number; unsure: IndexHit[] };
  /** Notes the index holds, and the shards loaded so far: a search before all are loaded is partial. */
  indexed: number;
  shardsLoaded: number;
}

/** Fewer exact hits than this and the search also tries near misses (typos). */
const FUZZY_ONLY_BELOW = 10;

/** MiniSearch's own word boundary: spaces, line breaks and punctuation. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
/** Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese. */
const SPACELESS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
let wordSegmenter: Intl.Segmenter | undefined;

/**
 * The words of a note or a query. Text is split at spaces and punctuation, as MiniSearch does;
 * a run in a script written without spaces is then split into words by the platform's
 * dictionary-based word breaker (ICU, through Intl.Segmenter), so "姐姐" is found in
 * "她的姐姐和工作压力" and "พี่สาว" in a Thai sentence. Text with no such script costs nothing more.
 */
export function searchTerms(text: string): string[] {
  const parts = text.split(SPACE_OR_PUNCTUATION);
  if (!SPACELESS.test(text)) return parts;
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const terms: string[] = [];
  for (const part of parts) {
    if (!SPACELESS.test(part)) {
      terms.push(part);
      continue;
    }
    for (const { segment, isWordLike } of wordSegmenter.segment(part)) if (isWordLike) terms.push(segment);
  }
  return terms;
}

const newShardIndex = (): MiniSearch<{ id: string; text: string }> =>
  new MiniSearch({ fields: [...FIELDS], storeFields: [], idField: 'id', ...SHARD_OPTIONS });
const SHARD_OPTIONS = {
  tokenize: searchTerms,
  // Case and Latin, Greek and Cyrillic accents aside: "zoe" finds "Zoë" (highlight() compares the same way).
  processTerm: (term: string) => foldForSearch(term) || null,
  searchOptions: {
    prefix: true,
    // Typos are forgiven only in longer words, where a near miss is still clearly the same word.
    fuzzy: (term: string) => (term.length > 4 ? 0.2 : false),
    combineWith: 'AND' as const,
  },
};

type Shard = ShardContents<NoteKey, NoteFacts>;

/** How a stored shard loaded: as written, from an older layout (worth writing again), or not at all (rebuild it). */
export type ShardLoad = 'loaded' | 'older' | 'unusable';

/** One note a shard found for the words: its key, the terms that matched, and its score in that shard. */
interface ShardMatch {
  id: string;
  terms: string[];
  score: number;
  /** The note's facts in that shard, looked up once (a change to the shard drops its matches). */
  facts: NoteFacts | undefined;
}

export class ShardedNoteIndex {
  private readonly shards = new Map<number, Shard>();
  /**
   * The last words searched, and what each shard found for them (as typed, and with typos
   * forgiven), until the shard changes. Asking again as more shards load, or as the page asks
   * for a longer window, searches only the shards that changed since; and a shard is searched
   * for the words as it loads (`prepare`), so the answer over every shard is mostly a merge.
   */
  private found: { query: string; shards: Map<number, { exact?: ShardMatch[]; fuzzy?: ShardMatch[] }> } | undefined;
  /** Deltas applied to each shard since its segment was written: what compaction would fold in. */
  private readonly pending = new Map<number, number>();

  /**
   * Loads a shard from its stored segment (or starts it empty), then applies its deltas in
   * order. A segment written under another term format or shard count, or damaged, or deltas
   * that cannot be applied, leave the shard empty: 'unusable', and the caller rebuilds it from
   * the notes.
   */
  loadShard(shard: number, segment: Uint8Array | undefined, deltas: readonly SearchDelta[]): ShardLoad {
    const empty = (): Shard => ({ index: newShardIndex(), facts: new Map() });
    let loaded = empty();
    let result: ShardLoad = 'loaded';
    if (segment !== undefined) {
      const decoded = decodeSegment<NoteKey, NoteFacts>(segment, { fields: [...FIELDS], storeFields: [], ...SHARD_OPTIONS });
      if (
        !decoded.ok ||
        decoded.identity.format !== SEARCH_FORMAT ||
        decoded.identity.shards !== SEARCH_SHARDS ||
        decoded.identity.shard !== shard
      )
        result = 'unusable';
      else {
        loaded = decoded.contents;
        if (decoded.older) result = 'older';
      }
    }
    this.shards.set(shard, loaded);
    this.found?.shards.delete(shard);
    this.pending.set(shard, 0);
    try {
      this.apply(deltas);
    } catch {
      // Never written by Holdspace, but a delta that throws must not leave the shard half-applied.
      this.shards.set(shard, empty());
      this.pending.set(shard, 0);
      return 'unusable';
    }
    return result;
  }

  /** Applies changes as notes are saved or removed (to loaded shards only). */
  apply(deltas: readonly SearchDelta[]): void {
    for (const delta of deltas) {
      const key = delta.op === 'put' ? delta.doc.key : delta.key;
      const n = shardOf(key);
      const shard = this.shards.get(n);
      if (!shard) continue;
      this.found?.shards.delete(n);
      this.pending.set(n, (this.pending.get(n) ?? 0) + 1);
      const had = shard.facts.has(key);
      if (delta.op === 'remove') {
        if (had) shard.index.discard(key);
        shard.facts.delete(key);
        continue;
      }
      const document = { id: key, text: delta.doc.text };
      if (had) shard.index.replace(document);
      else shard.index.add(document);
      shard.facts.set(key, delta.doc.facts);
    }
  }

  /** Deltas folded into a shard since it was last written whole. */
  pendingDeltas(shard: number): number {
    return this.pending.get(shard) ?? 0;
  }

  isLoaded(shard: number): boolean {
    return this.shards.has(shard);
  }

  get shardsLoaded(): number {
    return this.shards.size;
  }

  get size(): number {
    let n = 0;
    for (const shard of this.shards.values()) n += shard.facts.size;
    return n;
  }

  /** Every key the loaded shards hold. */
  keys(): NoteKey[] {
    const out: NoteKey[] = [];
    for (const shard of this.shards.values()) out.push(...shard.facts.keys());
    return out;
  }

  /**
   * The members with their own section in each note, as the index holds it (the same rule as a
   * member's record: a section that holds text); undefined for a note the index does not hold.
   */
  membersOf(keys: readonly NoteKey[]): (readonly string[] | undefined)[] {
    return keys.map((key) => {
      const facts = this.factsOf(key);
      return facts === undefined ? undefined : (facts.members ?? []);
    });
  }

  /** A shard as its segment stores it (the caller compresses and seals it). Resets its delta count. */
  serialize(shard: number): Uint8Array {
    const s = this.shards.get(shard);
    if (!s) throw new Error(`shard ${shard} is not loaded`);
    this.pending.set(shard, 0);
    return encodeSegment({ format: SEARCH_FORMAT, shards: SEARCH_SHARDS, shard }, s);
  }

  private factsOf(key: NoteKey): NoteFacts | undefined {
    return this.shards.get(shardOf(key))?.facts.get(key);
  }

  /** A draft is hidden once its note is signed (the signed note is what the clinician sees). */
  private hidden(key: NoteKey): boolean {
    return key.startsWith('drafts:') && this.factsOf(noteKey('notes', splitKey(key).id)) !== undefined;
  }

  /** Whether a note passes the filters, and whether (under a client filter) a group note needs checking. */
  private passes(facts: NoteFacts, filters: SearchFilters): 'no' | 'yes' | 'check' {
    if (filters.template !== '' && facts.template !== filters.template) return 'no';
    if (filters.risk !== '' && facts.risk !== filters.risk) return 'no';
    if (filters.from !== undefined && facts.sessionAt < filters.from) return 'no';
    if (filters.to !== undefined && facts.sessionAt >= filters.to) return 'no';
    if (filters.groupId !== '' && facts.groupId !== filters.groupId) return 'no';
    if (filters.clientId === '') return 'yes';
    if (facts.groupId === undefined) return facts.clientId === filters.clientId ? 'yes' : 'no';
    return facts.members?.includes(filters.clientId) ? 'check' : 'no';
  }

  /**
   * The answer from hits in order, cut to the first `window` (with the count of all and, after
   * the window, the hits to check): a hit is made only of an item sent.
   */
  private answer<T>(ordered: readonly T[], window: number, hit: (item: T) => IndexHit, check: (item: T) => boolean): IndexAnswer {
    const answer = { indexed: this.size, shardsLoaded: this.shards.size };
    if (ordered.length <= window) return { hits: ordered.map(hit), ...answer };
    const unsure = ordered.slice(window).filter(check).map(hit);
    return { hits: ordered.slice(0, window).map(hit), window: { total: ordered.length, unsure }, ...answer };
  }

  /**
   * Every note that matches the words and passes the filters, best match first; with no words,
   * every note that passes the filters, newest session first. Cut to the first `window` hits when
   * given (see `answer`). A hit is made only for a match sent: at ten years a common word
   * matches thirty thousand notes, and making a hit of each (and looking up its facts by key)
   * took the worker twice as long as the rest of the answer.
   */
  search(query: string, filters: SearchFilters, window = Number.MAX_SAFE_INTEGER): IndexAnswer {
    if (query.trim() === '') {
      const listed: { key: NoteKey; at: number }[] = [];
      for (const shard of this.shards.values())
        for (const [key, facts] of shard.facts)
          if (!this.hidden(key) && this.passes(facts, filters) !== 'no') listed.push({ key, at: facts.sessionAt });
      listed.sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
      return this.answer(
        listed,
        window,
        ({ key }) => ({ key, terms: [], check: false }),
        () => false,
      );
    }
    // Typo tolerance is what costs most, and it only helps when the words as typed find little:
    // search as typed (with prefixes) first, and forgive typos only when that comes up short.
    let found = this.searchAll(query, false);
    if (found.length < FUZZY_ONLY_BELOW) found = this.searchAll(query, true);
    const passing: ShardMatch[] = [];
    const toCheck = new Set<ShardMatch>();
    for (const match of found) {
      if (match.facts === undefined || this.hidden(match.id as NoteKey)) continue;
      const pass = this.passes(match.facts, filters);
      if (pass === 'no') continue;
      passing.push(match);
      if (pass === 'check') toCheck.add(match);
    }
    passing.sort((a, b) => b.score - a.score);
    const checked = (match: ShardMatch): boolean => toCheck.has(match);
    return this.answer(
      passing,
      window,
      (match) => ({ key: match.id as NoteKey, terms: match.terms, check: checked(match) }),
      checked,
    );
  }

  /**
   * Searches a shard just loaded for the last words searched, if any (as typed: typos are
   * forgiven only when the words find little, which `search` sees over every shard).
   */
  prepare(shard: number): void {
    if (this.found !== undefined && this.shards.has(shard)) this.shardMatches(shard, this.found.query, false);
  }

  private shardMatches(n: number, query: string, fuzzy: boolean): ShardMatch[] {
    if (this.found?.query !== query) this.found = { query, shards: new Map() };
    let kept = this.found.shards.get(n);
    if (kept === undefined) this.found.shards.set(n, (kept = {}));
    const already = fuzzy ? kept.fuzzy : kept.exact;
    if (already !== undefined) return already;
    const shard = this.shards.get(n)!;
    const matches = shard.index.search(query, fuzzy ? {} : { fuzzy: false }).map((result) => {
      const id = String(result.id);
      return { id, terms: result.terms, score: result.score, facts: shard.facts.get(id as NoteKey) };
    });
    if (fuzzy) kept.fuzzy = matches;
    else kept.exact = matches;
    return matches;
  }

  /** What every shard found, shard by shard (`search` puts them in order). */
  private searchAll(query: string, fuzzy: boolean): ShardMatch[] {
    const all: ShardMatch[] = [];
    for (const n of this.shards.keys()) for (const match of this.shardMatches(n, query, fuzzy)) all.push(match);
    return all;
  }
}
