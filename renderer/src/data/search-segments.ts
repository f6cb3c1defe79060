/**
 * Rows of the `searchIndex` table: the note search index, sealed like every record. A `base`
 * row is one shard of the index written whole; a `delta` row is one change (a note saved or
 * removed), written in the same transaction as the note itself, so the index on disk never
 * falls behind the notes. In clear: the row id, the shard number (a hash of a note id), the
 * kind and a sequence number ordering the deltas. Everything else is in `env`.
 */
import type { Envelope } from '../../../shared/envelope';
import type { SearchDelta } from '../../../shared/notes/search-index';
import { SEARCH_FORMAT, shardOf } from '../../../shared/notes/search-index';

export const SEARCH_TABLE = 'searchIndex' as const;

export interface SearchSegmentRow {
  id: string;
  v: number;
  shard: number;
  kind: 'base' | 'delta';
  seq: number;
  env: Envelope;
  [clear: string]: unknown;
}

export const baseSegmentId = (shard: number): string => `base-${shard}`;

let lastSeq = 0;
/** Orders deltas: the save time, never going backwards within a session. */
function nextSeq(): number {
  lastSeq = Math.max(Date.now(), lastSeq + 1);
  return lastSeq;
}

export interface PreparedDelta {
  id: string;
  shard: number;
  seq: number;
  delta: SearchDelta;
  plaintext: string;
}

export function prepareDelta(delta: SearchDelta): PreparedDelta {
  const key = delta.op === 'put' ? delta.doc.key : delta.key;
  const seq = nextSeq();
  return {
    id: `delta-${seq}-${crypto.randomUUID()}`,
    shard: shardOf(key),
    seq,
    delta,
    plaintext: JSON.stringify({ format: SEARCH_FORMAT, delta }),
  };
}

export const deltaRow = (prepared: PreparedDelta, env: Envelope): SearchSegmentRow => ({
  id: prepared.id,
  v: 1,
  shard: prepared.shard,
  kind: 'delta',
  seq: prepared.seq,
  env,
});

/** Deltas saved with notes this session, for the loaded index to apply (it lives in a worker). */
type DeltaListener = (written: { id: string; shard: number; delta: SearchDelta }[]) => void;
const listeners = new Set<DeltaListener>();
export function onSearchDeltas(listener: DeltaListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function announceDeltas(written: readonly PreparedDelta[]): void {
  if (written.length === 0) return;
  const list = written.map(({ id, shard, delta }) => ({ id, shard, delta }));
  for (const listener of listeners) listener(list);
}
