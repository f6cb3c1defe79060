/**
 * Note search as the Notes screen shows it. The index (shared/notes/search-index.ts) lives
 * in a worker and answers with note keys; this turns an answer into a page of results,
 * opening only the notes shown (for their snippets) and, under a client filter, the group
 * notes whose match may lie in another member's section.
 */
import type { Note, NoteTemplate, RiskLevel } from '../../../shared/records';
import type { IndexAnswer, NoteKey } from '../../../shared/notes/search-index';
import { groupNoteForMember } from '../../../shared/notes/privacy';
import { highlight, noteSearchText } from '../../../shared/notes/search-text';
import type { HighlightSegment } from '../../../shared/notes/search-text';

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

/** How many results the Notes screen shows at a time: enough to scan; "Show more" adds as many again. */
export const RESULTS_SHOWN = 50;

export interface SearchPage {
  /** How many notes match in all. */
  total: number;
  /** The first `limit` of them, each with its highlighted snippet. */
  results: SearchResult[];
}

/** Opens notes by key (the page asks the repositories; tests pass a map). */
export type OpenNotes = (keys: readonly NoteKey[]) => Promise<Map<NoteKey, Note>>;

/**
 * The first `limit` results of an index answer, each as the filters let it be seen and with
 * its highlighted snippet, and the number of notes that match in all. A hit is dropped when
 * the match is only in text its view hides (another member's section), so a client's
 * results never show another member's words; such hits are the only ones opened beyond the
 * page, and only to be counted right.
 */
export async function resolvePage(
  first: IndexAnswer,
  query: string,
  filters: NoteFilters,
  limit: number,
  open: OpenNotes,
  /** Asks again for a larger window, when the answer is a window too short to fill the page. */
  widen?: (window: number) => Promise<IndexAnswer>,
): Promise<SearchPage> {
  let answer = first;
  const listing = query.trim() === '';
  const results: SearchResult[] = [];
  let rejected = 0;
  const judge = (hit: IndexAnswer['hits'][number], note: Note | undefined): SearchResult | undefined => {
    const view = note && filteredView(note, filters);
    if (view === undefined) return undefined;
    if (listing) return { note: view, snippet: [] };
    const snippet = snippetOf(noteSearchText(view).all, hit.terms);
    return snippet.some((segment) => segment.match) ? { note: view, snippet } : undefined;
  };
  let next = 0;
  const total = (a: IndexAnswer): number => a.window?.total ?? a.hits.length;
  for (;;) {
    if (results.length >= limit) break;
    if (next >= answer.hits.length) {
      // Hidden hits used up the window: ask for one twice as long (rare: group notes under a client filter).
      if (widen === undefined || total(answer) <= answer.hits.length) break;
      answer = await widen(answer.hits.length * 2);
      if (answer.hits.length <= next) break;
    }
    const batch = answer.hits.slice(next, next + limit - results.length);
    next += batch.length;
    const notes = await open(batch.map((hit) => hit.key));
    for (const hit of batch) {
      const result = judge(hit, notes.get(hit.key));
      if (result) results.push(result);
      else rejected += 1;
    }
  }
  const unsure = [...answer.hits.slice(next).filter((hit) => hit.check), ...(answer.window?.unsure ?? [])];
  if (unsure.length > 0) {
    const notes = await open(unsure.map((hit) => hit.key));
    for (const hit of unsure) if (!judge(hit, notes.get(hit.key))) rejected += 1;
  }
  return { total: total(answer) - rejected, results };
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
