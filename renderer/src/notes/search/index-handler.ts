import { gunzipSync, gzipSync } from 'fflate';
import type { NoteKey } from '../../../../shared/notes/search-index';
import { ShardedNoteIndex, noteKey, searchDocOf, shardOf } from '../../../../shared/notes/search-index';
import type { FromWorker, ToWorker } from './protocol';

/**
 * Base64 text to bytes. atob, then one pass into a typed array: mapping each character through a
 * callback (`Uint8Array.from(text, fn)`) took seconds over ten years of shards.
 */
function bytesOfBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64OfBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Shards are gunzipped with fflate in one synchronous call: the browser's DecompressionStream,
 * fed through a Blob and read back through a Response, took about four times as long for the
 * small segments a shard is (the stream's per-chunk tasks, not the inflating).
 */
function gunzipBase64(text: string): Uint8Array {
  return gunzipSync(bytesOfBase64(text));
}

function gzipBase64(bytes: Uint8Array): string {
  return base64OfBytes(gzipSync(bytes));
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
    queue = queue.then(() =>
      handle(index, reply, message, idsOnDisk).catch((error: unknown) =>
        reply({ type: 'failed', ...('id' in message ? { id: message.id } : {}), message: (error as Error).message }),
      ),
    );
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
        segment = message.segment === undefined ? undefined : gunzipBase64(message.segment);
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
        segment: gzipBase64(index.serialize(message.shard)),
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
