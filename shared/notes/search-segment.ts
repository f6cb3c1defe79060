/**
 * How one shard of the note search index is stored (before it is gzipped and sealed), and how it
 * is loaded back. Loading is what the first search after unlocking waits for, so the layout is
 * made to load with as little work as possible:
 *
 * - a small JSON header: the shard's documents (MiniSearch's short id, note key, length, filter
 *   facts), its terms, and for each term how many notes it is in and how many bytes its postings take;
 * - then every term's postings (which notes it is in, and how often) as variable-length integers,
 *   note ids as gaps from the one before.
 *
 * A term's postings are decoded only when a search first reaches that term (`Postings`). Ten years
 * hold about five million postings and a search reaches a few thousand, so unlocking no longer
 * builds five million map entries from JSON (MiniSearch's own `toJSON` layout, which the shard
 * used until November 2026 and which still loads: see `decodeSegment`).
 *
 * MiniSearch has no public way to load postings other than from its JSON layout, so this module
 * fills its term index (`_index`, a SearchableMap) itself and reads its document tables when
 * writing. `tests/unit/search-segment.test.ts` checks that a shard written and loaded back
 * answers every query as the one written did, including after changes and a vacuum, and fails if
 * a MiniSearch upgrade moves these internals.
 */
import MiniSearch from 'minisearch';
import type { Options } from 'minisearch';

/** First byte of a segment in this layout; one in the older JSON layout starts with "{". */
const BINARY_MARK = 0;
/** The layout's own version, after the mark. */
const LAYOUT = 1;
/** Mark, layout, and the header's byte length (32 bits, little-endian). */
const PREAMBLE = 6;

type Doc = { id: string; text: string };
export type ShardIndex = MiniSearch<Doc>;

/** What a shard holds beside its MiniSearch index: what the filters read of each note, by note key. */
export interface ShardContents<Key extends string = string, Facts = unknown> {
  index: ShardIndex;
  facts: Map<Key, Facts>;
}

/** Whose shard this is: a segment written for another shard count, shard or term format is not loaded. */
export interface SegmentIdentity {
  format: number;
  shards: number;
  shard: number;
}

interface Header<Key, Facts> extends SegmentIdentity {
  documentCount: number;
  nextId: number;
  dirtCount: number;
  averageFieldLength: number[];
  fieldIds: Record<string, number>;
  /** Short id, key, length of each field, filter facts. */
  docs: [number, Key, number[], Facts][];
  terms: string[];
  /** Per term: per field that has it, the field's id, how many notes it is in, and the byte length of its postings. */
  fields: number[][];
}

/** The parts of MiniSearch 7 read and filled here. */
interface Internals {
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
  _avgFieldLength: number[];
  _fieldIds: Record<string, number>;
  _documentIds: Map<number, string>;
  _fieldLength: Map<number, number[]>;
  _index: {
    set(term: string, data: Map<number, Map<number, number>>): unknown;
    [Symbol.iterator](): Iterator<[string, Map<number, Map<number, number>>]>;
  };
}

function internals(index: ShardIndex): Internals {
  const inner = index as unknown as Internals;
  if (
    !(inner._documentIds instanceof Map) ||
    !(inner._fieldLength instanceof Map) ||
    typeof inner._index?.set !== 'function' ||
    typeof inner._nextId !== 'number'
  )
    throw new Error('This version of MiniSearch stores its index differently: the search segment layout needs updating.');
  return inner;
}

/**
 * One term's postings in one field: a Map of note short id to how often the term occurs, decoded
 * from the segment's bytes the first time anything needs them. Everything MiniSearch does with a
 * term's postings (search, add, discard, vacuum, toJSON) goes through the Map methods below.
 *
 * A note saved after the shard was written gets a short id above every id in the bytes (`floor`,
 * the shard's next id when it was written): adding it, as each delta applied at unlock does for
 * every word of its note, is kept beside the bytes without decoding them, and joins the decoded
 * entries after them, in the order a Map would have kept.
 */
export class Postings implements Map<number, number> {
  private readonly map = new Map<number, number>();
  private bytes: Uint8Array | undefined;
  private at = 0;
  private count = 0;
  private floor = 0;
  /** Entries for ids at or above `floor`, while the bytes are not decoded. */
  private tail: Map<number, number> | undefined;

  static lazy(bytes: Uint8Array, at: number, count: number, floor: number): Postings {
    const postings = new Postings();
    postings.bytes = bytes;
    postings.at = at;
    postings.count = count;
    postings.floor = floor;
    return postings;
  }

  /** Whether the postings are still waiting in the segment's bytes. */
  get decoded(): boolean {
    return this.bytes === undefined;
  }

  /** Whether `key` can be answered without decoding: newer than anything in the bytes. */
  private newer(key: number): boolean {
    return this.bytes !== undefined && key >= this.floor;
  }

  private fill(): Map<number, number> {
    const bytes = this.bytes;
    if (bytes === undefined) return this.map;
    this.bytes = undefined;
    let at = this.at;
    let id = 0;
    for (let i = 0; i < this.count; i++) {
      let gap = 0;
      let shift = 1;
      let byte: number;
      do {
        byte = bytes[at++]!;
        gap += (byte & 0x7f) * shift;
        shift *= 128;
      } while (byte & 0x80);
      let frequency = 0;
      shift = 1;
      do {
        byte = bytes[at++]!;
        frequency += (byte & 0x7f) * shift;
        shift *= 128;
      } while (byte & 0x80);
      id += gap;
      this.map.set(id, frequency);
    }
    if (this.tail !== undefined) for (const [key, value] of this.tail) this.map.set(key, value);
    this.tail = undefined;
    return this.map;
  }

  get size(): number {
    return this.fill().size;
  }
  get(key: number): number | undefined {
    return this.newer(key) ? this.tail?.get(key) : this.fill().get(key);
  }
  has(key: number): boolean {
    return this.newer(key) ? (this.tail?.has(key) ?? false) : this.fill().has(key);
  }
  set(key: number, value: number): this {
    if (this.newer(key)) (this.tail ??= new Map()).set(key, value);
    else this.fill().set(key, value);
    return this;
  }
  delete(key: number): boolean {
    return this.newer(key) ? (this.tail?.delete(key) ?? false) : this.fill().delete(key);
  }
  clear(): void {
    this.bytes = undefined;
    this.tail = undefined;
    this.map.clear();
  }
  forEach(callback: (value: number, key: number, map: Map<number, number>) => void, thisArg?: unknown): void {
    this.fill().forEach((value, key) => callback.call(thisArg, value, key, this));
  }
  keys(): MapIterator<number> {
    return this.fill().keys();
  }
  values(): MapIterator<number> {
    return this.fill().values();
  }
  entries(): MapIterator<[number, number]> {
    return this.fill().entries();
  }
  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.fill()[Symbol.iterator]();
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/** Growing byte buffer for the postings. */
class Bytes {
  private buffer = new Uint8Array(1 << 16);
  length = 0;

  varint(value: number): void {
    if (this.length + 8 > this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 128) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** A shard as stored: header, then postings. */
export function encodeSegment<Key extends string, Facts>(
  identity: SegmentIdentity,
  shard: ShardContents<Key, Facts>,
): Uint8Array {
  const inner = internals(shard.index);
  const docs: Header<Key, Facts>['docs'] = [];
  for (const [shortId, key] of inner._documentIds) {
    const facts = shard.facts.get(key as Key);
    if (facts !== undefined) docs.push([shortId, key as Key, inner._fieldLength.get(shortId) ?? [], facts]);
  }
  const terms: string[] = [];
  const fields: number[][] = [];
  const postings = new Bytes();
  for (const [term, data] of inner._index) {
    const perField: number[] = [];
    for (const [fieldId, frequencies] of data) {
      const ids = [...frequencies.keys()];
      // Kept in the order notes were added, which is the order of their short ids; sorted to be sure.
      for (let i = 1; i < ids.length; i++)
        if (ids[i]! < ids[i - 1]!) {
          ids.sort((a, b) => a - b);
          break;
        }
      const from = postings.length;
      let previous = 0;
      for (const id of ids) {
        postings.varint(id - previous);
        postings.varint(frequencies.get(id)!);
        previous = id;
      }
      perField.push(fieldId, ids.length, postings.length - from);
    }
    terms.push(term);
    fields.push(perField);
  }
  const header: Header<Key, Facts> = {
    ...identity,
    documentCount: inner._documentCount,
    nextId: inner._nextId,
    dirtCount: inner._dirtCount,
    averageFieldLength: inner._avgFieldLength,
    fieldIds: inner._fieldIds,
    docs,
    terms,
    fields,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const body = postings.view();
  const out = new Uint8Array(PREAMBLE + head.length + body.length);
  out[0] = BINARY_MARK;
  out[1] = LAYOUT;
  new DataView(out.buffer).setUint32(2, head.length, true);
  out.set(head, PREAMBLE);
  out.set(body, PREAMBLE + head.length);
  return out;
}

/** The older layout: `{ format, shards, shard, index: MiniSearch.toJSON(), facts }` as JSON. */
interface JsonSegment<Key, Facts> extends SegmentIdentity {
  index: unknown;
  facts: [Key, Facts][];
}

export type Decoded<Key extends string, Facts> =
  | {
      ok: true;
      contents: ShardContents<Key, Facts>;
      identity: SegmentIdentity;
      /** In the older JSON layout: worth writing again. */
      older: boolean;
    }
  | { ok: false };

/**
 * A stored shard loaded into a MiniSearch index with `options`, in either layout. Bytes that are
 * neither (damaged, or from a newer Holdspace) come back as not ok; the caller rebuilds the shard.
 */
export function decodeSegment<Key extends string = string, Facts = unknown>(
  bytes: Uint8Array,
  options: Options<Doc>,
): Decoded<Key, Facts> {
  if (bytes[0] === 0x7b) return decodeJson(new TextDecoder().decode(bytes), options);
  try {
    return decodeBinary(bytes, options);
  } catch {
    // A header of the wrong shape (never written by Holdspace, but sealed data can still be a bug's).
    return { ok: false };
  }
}

function decodeBinary<Key extends string, Facts>(bytes: Uint8Array, options: Options<Doc>): Decoded<Key, Facts> {
  if (bytes.length < PREAMBLE || bytes[0] !== BINARY_MARK || bytes[1] !== LAYOUT) return { ok: false };
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(2, true);
  const start = PREAMBLE + headLength;
  if (start > bytes.length) return { ok: false };
  let header: Header<Key, Facts>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE, start))) as Header<Key, Facts>;
  } catch {
    return { ok: false };
  }
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const facts = new Map<Key, Facts>();
  for (const [shortId, key, lengths, noteFacts] of header.docs) {
    documentIds[shortId] = key;
    fieldLength[shortId] = lengths;
    facts.set(key, noteFacts);
  }
  const index = MiniSearch.loadJS<Doc>(
    {
      documentCount: header.documentCount,
      nextId: header.nextId,
      documentIds,
      fieldIds: header.fieldIds,
      fieldLength,
      averageFieldLength: header.averageFieldLength,
      storedFields: {},
      dirtCount: header.dirtCount,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const terms = internals(index)._index;
  // Each term's postings start where the one before ends; each is left in the bytes until first used.
  let at = start;
  for (let t = 0; t < header.terms.length; t++) {
    const perField = header.fields[t]!;
    const data = new Map<number, Map<number, number>>();
    for (let f = 0; f < perField.length; f += 3) {
      const [fieldId, count, length] = [perField[f]!, perField[f + 1]!, perField[f + 2]!];
      // Each posting takes two bytes at least; fewer means the header does not belong to these bytes.
      if (length < count * 2 || at + length > bytes.length) return { ok: false };
      data.set(fieldId, Postings.lazy(bytes, at, count, header.nextId));
      at += length;
    }
    terms.set(header.terms[t]!, data);
  }
  if (at !== bytes.length) return { ok: false };
  const { format, shards, shard } = header;
  return { ok: true, contents: { index, facts }, identity: { format, shards, shard }, older: false };
}

function decodeJson<Key extends string, Facts>(text: string, options: Options<Doc>): Decoded<Key, Facts> {
  let stored: JsonSegment<Key, Facts>;
  try {
    stored = JSON.parse(text) as JsonSegment<Key, Facts>;
    const index = MiniSearch.loadJS<Doc>(stored.index as never, options);
    const { format, shards, shard } = stored;
    return { ok: true, contents: { index, facts: new Map(stored.facts) }, identity: { format, shards, shard }, older: true };
  } catch {
    return { ok: false };
  }
}
