/**
 * Full-text search over the notes opened in this session. The index lives in memory only:
 * it is built from decrypted text, so it is never written anywhere, and locking (which reloads
 * the page) drops it with everything else. It is kept up to date incrementally: a note is
 * re-indexed only when its `updatedAt` changes, so a ten-year practice is indexed once per
 * unlock rather than on every save.
 */
import MiniSearch from 'minisearch';
import type { Note, NoteTemplate, RiskLevel } from '../../../shared/records';
import { groupNoteForMember } from '../../../shared/notes/privacy';
import { highlight, noteSearchText } from '../../../shared/notes/search-text';
import type { HighlightSegment } from '../../../shared/notes/search-text';

const FIELDS = ['sections', 'attendeeSections', 'interventions', 'risk', 'nextSteps', 'addenda'] as const;
type IndexedNote = { id: string } & Record<(typeof FIELDS)[number], string>;

export interface SearchHit {
  id: string;
  /** The words in the note that matched (after prefix and typo matching), for highlighting. */
  terms: string[];
  score: number;
}

/** Fewer exact hits than this and the search also tries near misses (typos). */
const FUZZY_ONLY_BELOW = 10;

export class NoteSearchIndex {
  private readonly index = new MiniSearch<IndexedNote>({
    fields: [...FIELDS],
    storeFields: [],
    searchOptions: {
      boost: { sections: 2 },
      prefix: true,
      // Typos are forgiven only in longer words, where a near miss is still clearly the same word.
      fuzzy: (term) => (term.length > 4 ? 0.2 : false),
      combineWith: 'AND',
    },
  });
  private readonly versions = new Map<string, number>();

  private generation = 0;

  private indexOne(note: Note): void {
    const version = this.versions.get(note.id);
    if (version === note.updatedAt) return;
    const document = { id: note.id, ...pick(noteSearchText(note)) };
    if (version === undefined) this.index.add(document);
    else this.index.replace(document);
    this.versions.set(note.id, note.updatedAt);
  }

  private dropMissing(notes: readonly Note[]): void {
    const seen = new Set(notes.map((n) => n.id));
    for (const id of [...this.versions.keys()]) {
      if (seen.has(id)) continue;
      this.index.discard(id);
      this.versions.delete(id);
    }
  }

  /** Brings the index in line with `notes`: adds new ones, re-indexes changed ones, drops removed ones. */
  sync(notes: readonly Note[]): void {
    this.generation += 1;
    for (const note of notes) this.indexOne(note);
    this.dropMissing(notes);
  }

  /**
   * The same, a chunk at a time with the page free to paint and take input in between: ten
   * years of notes take seconds to index, and the clinician should be able to type meanwhile.
   * A newer call supersedes an older one, which stops at its next chunk. Resolves false then.
   */
  async syncInChunks(
    notes: readonly Note[],
    onProgress: (done: number, total: number) => void,
    chunk = 400,
    /** `notes` is only the part opened so far: add and update, but keep notes not in it. */
    partial = false,
  ): Promise<boolean> {
    const generation = ++this.generation;
    for (let start = 0; start < notes.length; start += chunk) {
      for (const note of notes.slice(start, start + chunk)) this.indexOne(note);
      onProgress(Math.min(notes.length, start + chunk), notes.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (generation !== this.generation) return false;
    }
    if (!partial) this.dropMissing(notes);
    if (notes.length === 0) onProgress(0, 0);
    return true;
  }

  /** Stops a sync still running (it resolves false at its next chunk). */
  supersede(): void {
    this.generation += 1;
  }

  /** Whether the index already holds exactly these notes, each as it is now (nothing to do). */
  syncedWith(notes: readonly Note[]): boolean {
    if (notes.length !== this.versions.size) return false;
    return notes.every((note) => this.versions.get(note.id) === note.updatedAt);
  }

  get size(): number {
    return this.versions.size;
  }

  search(query: string): SearchHit[] {
    if (query.trim() === '') return [];
    // Typo tolerance is what costs most, and it only helps when the words as typed find little:
    // search as typed (with prefixes) first, and forgive typos only when that comes up short.
    const exact = this.index.search(query, { fuzzy: false });
    const results = exact.length >= FUZZY_ONLY_BELOW ? exact : this.index.search(query);
    return results.map((result) => ({ id: String(result.id), terms: result.terms, score: result.score }));
  }
}

function pick(text: ReturnType<typeof noteSearchText>): Omit<IndexedNote, 'id'> {
  return {
    sections: text.sections,
    attendeeSections: text.attendeeSections,
    interventions: text.interventions,
    risk: text.risk,
    nextSteps: text.nextSteps,
    addenda: text.addenda,
  };
}

export interface NoteFilters {
  clientId: string;
  groupId: string;
  /** Inclusive start instant, or undefined for no lower bound. */
  from: number | undefined;
  /** Exclusive end instant. */
  to: number | undefined;
  template: NoteTemplate | '';
  risk: RiskLevel | '';
}

export const NO_FILTERS: NoteFilters = { clientId: '', groupId: '', from: undefined, to: undefined, template: '', risk: '' };

/**
 * The note as the filters allow it to be seen. With a client filter, a group note counts only
 * when that client has their own section in it, and is reduced to the group-wide sections and
 * that section, so searching one client's record never surfaces another member's text.
 */
export function filteredView(note: Note, filters: NoteFilters): Note | undefined {
  if (filters.template !== '' && note.template !== filters.template) return undefined;
  if (filters.risk !== '' && note.risk.level !== filters.risk) return undefined;
  if (filters.from !== undefined && note.sessionAt < filters.from) return undefined;
  if (filters.to !== undefined && note.sessionAt >= filters.to) return undefined;
  if (filters.groupId !== '' && note.groupId !== filters.groupId) return undefined;
  if (filters.clientId === '') return note;
  if (note.groupId === undefined) return note.clientId === filters.clientId ? note : undefined;
  return Object.hasOwn(note.attendeeSections, filters.clientId) ? groupNoteForMember(note, filters.clientId) : undefined;
}

export interface SearchResult {
  note: Note;
  /** The passage around the first match, split for highlighting; empty when listing without a query. */
  snippet: HighlightSegment[];
}

/** How many results the Notes screen shows: enough to scan; more only slows the screen. */
export const RESULTS_SHOWN = 50;

export interface SearchPage {
  /** How many notes match in all. */
  total: number;
  /** The first `limit` of them, each with its highlighted snippet. */
  results: SearchResult[];
}

/**
 * Searches, filters and orders notes. With a query, hits come in relevance order and must
 * match text the filtered view still shows; without one, every note that passes the filters
 * is listed, newest session first. Snippets are built only for the results shown: building
 * one for each of thousands of hits is what made a search across ten years slow.
 */
const byIdCache = new WeakMap<readonly Note[], Map<string, Note>>();
/** Notes by id, built once per list of notes rather than on every keystroke. */
function notesById(notes: readonly Note[]): Map<string, Note> {
  let map = byIdCache.get(notes);
  if (!map) {
    map = new Map(notes.map((note) => [note.id, note]));
    byIdCache.set(notes, map);
  }
  return map;
}

export function searchNotesPage(
  index: NoteSearchIndex,
  notes: readonly Note[],
  query: string,
  filters: NoteFilters,
  limit = Infinity,
): SearchPage {
  if (query.trim() === '') {
    const listed = notes
      .map((note) => filteredView(note, filters))
      .filter((note): note is Note => note !== undefined)
      .sort((a, b) => b.sessionAt - a.sessionAt);
    return { total: listed.length, results: listed.slice(0, limit).map((note) => ({ note, snippet: [] })) };
  }
  const byId = notesById(notes);
  const unfiltered = Object.entries(NO_FILTERS).every(([key, value]) => filters[key as keyof NoteFilters] === value);
  const results: SearchResult[] = [];
  let total = 0;
  for (const hit of index.search(query)) {
    const stored = byId.get(hit.id);
    if (stored === undefined) continue;
    // Past the page shown and with nothing filtered out, a hit only needs counting.
    if (unfiltered && results.length >= limit) {
      total += 1;
      continue;
    }
    const view = filteredView(stored, filters);
    if (view === undefined) continue;
    if (results.length < limit) {
      const snippet = snippetOf(noteSearchText(view).all, hit.terms);
      // The match may have been in a section this view hides (another member's); then it isn't a hit here.
      if (!snippet.some((segment) => segment.match)) continue;
      results.push({ note: view, snippet });
    } else if (view !== stored && !highlight(noteSearchText(view).all, hit.terms).some((segment) => segment.match)) {
      continue;
    }
    total += 1;
  }
  return { total, results };
}

export function searchNotes(index: NoteSearchIndex, notes: readonly Note[], query: string, filters: NoteFilters): SearchResult[] {
  return searchNotesPage(index, notes, query, filters).results;
}

/**
 * About `radius` characters either side of the first match, cut at word boundaries, with an
 * ellipsis where text was left out. Returned as segments: the UI renders them as text, so note
 * content is never parsed as HTML.
 */
export function snippetOf(text: string, terms: readonly string[], radius = 80): HighlightSegment[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const segments = highlight(flat, terms);
  const first = segments.findIndex((segment) => segment.match);
  if (first === -1) return [];
  const offset = segments.slice(0, first).reduce((length, segment) => length + segment.text.length, 0);
  let start = Math.max(0, offset - radius);
  let end = Math.min(flat.length, offset + segments[first]!.text.length + radius);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space === -1 || space >= offset ? start : space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    end = space <= offset ? end : space;
  }
  const passage = `${start > 0 ? '… ' : ''}${flat.slice(start, end)}${end < flat.length ? ' …' : ''}`;
  return highlight(passage, terms);
}
