import type { NoteKey } from '../../../../shared/notes/search-index';
import { ShardedNoteIndex, noteKey, searchDocOf, shardOf } from '../../../../shared/notes/search-index';
import type { FromWorker, ToWorker } from './protocol';

/** The browser's own base64 coding where it has it (Chromium has): no loop for V8 to compile in the worker. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

/**
 * Base64 text to bytes. Elsewhere (Node, which runs the unit tests), atob, then one pass into a
 * typed array: mapping each character through a callback (`Uint8Array.from(text, fn)`) took
 * seconds over ten years of shards.
 */
function bytesOfBase64(text: string): Uint8Array {
  if (nativeFromBase64 !== undefined) return nativeFromBase64.call(Uint8Array, text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const nativeToBase64 = (Uint8Array.prototype as unknown as { toBase64?: (this: Uint8Array) => string }).toBase64;

function base64OfBytes(bytes: Uint8Array): string {
  if (nativeToBase64 !== undefined) return nativeToBase64.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Shards are gzipped and gunzipped by the browser's own zlib (CompressionStream and
 * DecompressionStream), written and read whole. fflate's inflate, in JavaScript, was the worker's
 * largest cost at the first search after unlocking: about half a second over ten years of shards,
 * and about half as much again for V8 to compile and recompile it (four times, 0.26 s in all, on
 * the second core the page needed), every time the app starts. Measured on a ten-year practice,
 * page side, starts alternating: the full count 2.24 s (median of 14 starts) with fflate, 1.86 s
 * (14) with this. (Fed through a Blob and read back through a Response, the stream was four times
 * slower than fflate: a task per chunk.) Bytes that are not gzip, or are cut short, reject here; a
 * shard that does not load is rebuilt from the notes.
 */
async function throughStream(stream: CompressionStream | DecompressionStream, input: Uint8Array): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Their failures are the reader's too, which is where they are thrown.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    length += read.value.length;
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

function gunzipBase64(text: string): Promise<Uint8Array> {
  return throughStream(new DecompressionStream('gzip'), bytesOfBase64(text));
}

async function gzipBase64(bytes: Uint8Array): Promise<string> {
  return base64OfBytes(await throughStream(new CompressionStream('gzip'), bytes));
}

/**
 * What the search worker does with each message, in order: a search sent after a load answers
 * from the loaded shard. Shards travel gzip-compressed (base64 text, as the vault seals text),
 * about a fifth of their JSON.
 */
/** The ids of the notes and drafts on disk (the worker reads them from IndexedDB). */
export type IdsOnDisk = () => Promise<{ notes: string[]; drafts: string[] }>;

export function createIndexHandler(reply: (message: FromWorker) => void, idsOnDisk: IdsOnDisk): (message: ToWorker) => void {
  const index = new ShardedNoteIndex();
  let queue = Promise.resolve();
  return (message) => {
    // Whatever happens to one message (even its failure not reaching the page), the next is handled.
    queue = queue
      .then(() =>
        handle(index, reply, message, idsOnDisk).catch((error: unknown) =>
          reply({ type: 'failed', ...('id' in message ? { id: message.id } : {}), message: (error as Error).message }),
        ),
      )
      .catch(() => undefined);
  };
}

async function handle(
  index: ShardedNoteIndex,
  reply: (message: FromWorker) => void,
  message: ToWorker,
  idsOnDisk: IdsOnDisk,
): Promise<void> {
  switch (message.type) {
    case 'load': {
      let segment: Uint8Array | undefined;
      let usable = true;
      try {
        segment = message.segment === undefined ? undefined : await gunzipBase64(message.segment);
      } catch {
        usable = false;
      }
      const loaded = index.loadShard(message.shard, segment, message.deltas);
      reply({
        type: 'loaded',
        shard: message.shard,
        usable: usable && loaded !== 'unusable',
        older: loaded === 'older',
        pending: index.pendingDeltas(message.shard),
      });
      // After the reply, so the page reads on meanwhile: the search on screen, asked again
      // once every shard is loaded, then only merges what each shard found.
      index.prepare(message.shard);
      return;
    }
    case 'apply':
      index.apply(message.deltas);
      return;
    case 'add-notes':
      index.apply(message.notes.map((note) => ({ op: 'put', doc: searchDocOf(message.table, note) })));
      return;
    case 'remove':
      index.apply(message.keys.map((key) => ({ op: 'remove', key })));
      return;
    case 'diff': {
      const ids = await idsOnDisk();
      const onDisk = new Set<NoteKey>([
        ...ids.notes.map((id) => noteKey('notes', id)),
        ...ids.drafts.map((id) => noteKey('drafts', id)),
      ]);
      const held = index.keys();
      const heldSet = new Set(held);
      const unusable = new Set(message.unusable);
      const missing = [...onDisk].filter((key) => !heldSet.has(key) || unusable.has(shardOf(key)));
      const extra = held.filter((key) => !onDisk.has(key));
      reply({ type: 'diff', id: message.id, missing, extra });
      return;
    }
    case 'count':
      reply({ type: 'count', id: message.id, indexed: index.size });
      return;
    case 'serialize':
      reply({
        type: 'serialized',
        id: message.id,
        shard: message.shard,
        segment: await gzipBase64(index.serialize(message.shard)),
      });
      return;
    case 'members':
      reply({ type: 'members', id: message.id, members: index.membersOf(message.keys).map((m) => m ?? null) });
      return;
    case 'search':
      reply({
        type: 'answer',
        id: message.id,
        answer: index.search(message.query, message.filters, message.window),
      });
      return;
  }
}
