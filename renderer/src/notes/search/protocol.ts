/** Messages between the page and the search worker. Plaintext crosses only this page's own worker. */
import type { IndexAnswer, NoteKey, SearchDelta, SearchFilters } from '../../../../shared/notes/search-index';
import type { Note } from '../../../../shared/records';

export type ToWorker =
  | { type: 'load'; shard: number; segment: string | undefined; deltas: SearchDelta[] }
  | { type: 'apply'; deltas: SearchDelta[] }
  /** Notes opened to repair the index (missing from it): the worker builds their documents. */
  | { type: 'add-notes'; table: 'notes' | 'drafts'; notes: Note[] }
  | { type: 'remove'; keys: NoteKey[] }
  /**
   * What the index lacks or holds beyond the notes and drafts on disk (the worker reads their
   * ids from IndexedDB itself, so ten years of ids never cross the page's thread); every note
   * of an `unusable` shard counts as missing.
   */
  | { type: 'diff'; id: number; unusable: number[] }
  /** How many notes and drafts the index holds. */
  | { type: 'count'; id: number }
  | { type: 'serialize'; id: number; shard: number }
  /** Who has their own section in each of these notes (see ShardedNoteIndex.membersOf). */
  | { type: 'members'; id: number; keys: NoteKey[] }
  /** Answered with the first `window` hits only (and the count of all). */
  | { type: 'search'; id: number; query: string; filters: SearchFilters; window: number };

export type FromWorker =
  /** `older`: the shard was stored in an older layout and is written again once search is complete. */
  | { type: 'loaded'; shard: number; usable: boolean; older: boolean; pending: number }
  | { type: 'diff'; id: number; missing: NoteKey[]; extra: NoteKey[] }
  | { type: 'count'; id: number; indexed: number }
  | { type: 'serialized'; id: number; shard: number; segment: string }
  | { type: 'answer'; id: number; answer: IndexAnswer }
  /** In the order asked; null for a note the index does not hold. */
  | { type: 'members'; id: number; members: (readonly string[] | null)[] }
  | { type: 'failed'; id?: number; message: string };
