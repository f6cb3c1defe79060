/** Messages between the page and the search worker. Plaintext crosses only this page's own worker. */
import type { IndexAnswer, NoteKey, SearchDelta, SearchFilters } from '../../../../shared/notes/search-index';
import type { Note } from '../../../../shared/records';

export type ToWorker =
  | { type: 'load'; shard: number; segment: string | undefined; deltas: SearchDelta[] }
  | { type: 'apply'; deltas: SearchDelta[] }
  /** Notes opened to repair the index (missing from it): the worker builds their documents. */
  | { type: 'add-notes'; table: 'notes' | 'drafts'; notes: Note[] }
  | { type: 'remove'; keys: NoteKey[] }
  | { type: 'keys'; id: number }
  | { type: 'serialize'; id: number; shard: number }
  | { type: 'search'; id: number; query: string; filters: SearchFilters };

export type FromWorker =
  | { type: 'loaded'; shard: number; usable: boolean; pending: number }
  | { type: 'keys'; id: number; keys: NoteKey[] }
  | { type: 'serialized'; id: number; shard: number; segment: string }
  | { type: 'answer'; id: number; answer: IndexAnswer }
  | { type: 'failed'; id?: number; message: string };
