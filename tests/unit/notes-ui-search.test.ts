/** The in-memory note index: incremental upkeep, filters, member-only views of group notes, and snippets. */
import { describe, expect, it } from 'vitest';
import type { Note } from '../../shared/records';
import { newDraft } from '../../renderer/src/notes/note-model';
import {
  NO_FILTERS,
  NoteSearchIndex,
  filteredView,
  searchNotes,
  searchNotesPage,
  snippetOf,
} from '../../renderer/src/notes/note-search';

const T0 = Date.UTC(2026, 2, 10, 10, 0);
const DAY = 86_400_000;
const individual = (id: string, clientId: string, text: string, over: Partial<Note> = {}): Note => ({
  ...newDraft({ now: T0, audience: 'individual', clientId }),
  id,
  sections: { subjective: text },
  ...over,
});
const groupNote: Note = {
  ...newDraft({ now: T0, audience: 'group', groupId: 'g1' }),
  id: 'grp',
  sessionAt: T0 - DAY,
  sections: { goals: 'Coping with anniversaries.' },
  attendeeSections: { c1: 'Talked about the allotment.', c2: 'Mentioned the tribunal again.' },
};

describe('NoteSearchIndex', () => {
  it('indexes new notes, re-indexes changed ones and forgets removed ones', () => {
    const index = new NoteSearchIndex();
    const a = individual('a', 'c1', 'Panic on the train.');
    index.sync([a, groupNote]);
    expect(index.size).toBe(2);
    expect(index.search('train').map((h) => h.id)).toEqual(['a']);

    index.sync([{ ...a, sections: { subjective: 'Panic in the lift.' }, updatedAt: T0 + 1 }, groupNote]);
    expect(index.search('train')).toEqual([]);
    expect(index.search('lift').map((h) => h.id)).toEqual(['a']);

    index.sync([groupNote]);
    expect(index.size).toBe(1);
    expect(index.search('lift')).toEqual([]);
  });

  it('matches prefixes and near misses in longer words, and requires every word', () => {
    const index = new NoteSearchIndex();
    index.sync([individual('a', 'c1', 'Anticipatory anxiety about the tribunal.'), individual('b', 'c2', 'Anxiety at work.')]);
    expect(
      index
        .search('anx')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(index.search('tribnal').map((h) => h.id)).toEqual(['a']);
    expect(index.search('anxiety tribunal').map((h) => h.id)).toEqual(['a']);
    expect(index.search('   ')).toEqual([]);
  });
});

describe('searchNotes with filters', () => {
  const notes = [
    individual('a', 'c1', 'Tribunal next week.', { sessionAt: T0, risk: { level: 'moderate', plan: 'Plan agreed.' } }),
    individual('b', 'c2', 'Tribunal went well.', {
      sessionAt: T0 - 2 * DAY,
      template: 'free',
      sections: { notes: 'Tribunal went well.' },
    }),
    groupNote,
  ];
  const index = new NoteSearchIndex();
  index.sync(notes);

  it('lists every note newest first when nothing is typed', () => {
    expect(searchNotes(index, notes, '', NO_FILTERS).map((r) => r.note.id)).toEqual(['a', 'grp', 'b']);
  });

  it('filters by client, template, risk and date range', () => {
    const ids = (filters: Partial<typeof NO_FILTERS>, query = 'tribunal') =>
      searchNotes(index, notes, query, { ...NO_FILTERS, ...filters })
        .map((r) => r.note.id)
        .sort();
    expect(ids({})).toEqual(['a', 'b', 'grp']);
    expect(ids({ clientId: 'c1' })).toEqual(['a']);
    expect(ids({ template: 'free' })).toEqual(['b']);
    expect(ids({ risk: 'moderate' })).toEqual(['a']);
    expect(ids({ from: T0 - DAY, to: T0 + 1 })).toEqual(['a', 'grp']);
    expect(ids({ groupId: 'g1' })).toEqual(['grp']);
  });

  it('never finds a group note through another member’s section when filtering by client', () => {
    // "tribunal" is only in c2's section: searching c1's notes must not surface it.
    expect(
      searchNotes(index, notes, 'tribunal', { ...NO_FILTERS, clientId: 'c2' })
        .map((r) => r.note.id)
        .sort(),
    ).toEqual(['b', 'grp']);
    const forC1 = searchNotes(index, notes, 'tribunal', { ...NO_FILTERS, clientId: 'c1' });
    expect(forC1.map((r) => r.note.id)).toEqual(['a']);
    const listed = searchNotes(index, notes, '', { ...NO_FILTERS, clientId: 'c1' });
    const groupForC1 = listed.find((r) => r.note.id === 'grp')!.note;
    expect(groupForC1.attendeeSections).toEqual({ c1: 'Talked about the allotment.' });
  });

  it('returns highlighted snippets whose matches are the words found', () => {
    const [result] = searchNotes(index, notes, 'tribunal', { ...NO_FILTERS, clientId: 'c1' });
    expect(result!.snippet.filter((s) => s.match).map((s) => s.text.toLowerCase())).toEqual(['tribunal']);
  });

  it('leaves out group notes a client has no section in', () => {
    expect(filteredView(groupNote, { ...NO_FILTERS, clientId: 'c9' })).toBeUndefined();
  });
});

describe('snippetOf', () => {
  it('cuts around the first match at word boundaries, with ellipses', () => {
    const text = `${'word '.repeat(40)}the tribunal is on Friday ${'more '.repeat(40)}`;
    const segments = snippetOf(text, ['tribunal'], 20);
    const joined = segments.map((s) => s.text).join('');
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined.endsWith(' …')).toBe(true);
    expect(joined).toContain('the tribunal is on');
    expect(joined.length).toBeLessThan(70);
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(['tribunal']);
  });

  it('keeps markup as plain text and gives nothing when there is no match', () => {
    expect(
      snippetOf('<img src=x onerror=alert(1)> said', ['said'])
        .map((s) => s.text)
        .join(''),
    ).toBe('<img src=x onerror=alert(1)> said');
    expect(snippetOf('nothing here', ['absent'])).toEqual([]);
  });
});

describe('search pages', () => {
  const many = Array.from({ length: 120 }, (_, i) =>
    individual(`n${i}`, `c${i % 7}`, `Session ${i}: practised grounding before the tribunal hearing.`, {
      sessionAt: T0 + i * DAY,
    }),
  );
  const index = new NoteSearchIndex();
  index.sync(many);

  it('count every match but build snippets only for the results shown', () => {
    const page = searchNotesPage(index, many, 'tribunal', NO_FILTERS, 20);
    expect(page.total).toBe(120);
    expect(page.results).toHaveLength(20);
    expect(page.results.every((r) => r.snippet.some((s) => s.match && /tribunal/i.test(s.text)))).toBe(true);
  });

  it('list without a query newest first, capped, with the full count', () => {
    const page = searchNotesPage(index, many, '', { ...NO_FILTERS, clientId: 'c3' }, 5);
    expect(page.total).toBe(many.filter((n) => n.clientId === 'c3').length);
    expect(page.results.map((r) => r.note.id)).toEqual(['n115', 'n108', 'n101', 'n94', 'n87']);
  });
});

describe('indexing in chunks', () => {
  const many = Array.from({ length: 50 }, (_, i) =>
    individual(`k${i}`, 'c1', `Note ${i} about ${i % 2 ? 'sleep hygiene' : 'panic attacks'}.`),
  );

  it('reports progress, and ends with the same index as a single pass', async () => {
    const chunked = new NoteSearchIndex();
    const progress: number[] = [];
    expect(await chunked.syncInChunks(many, (done) => progress.push(done), 20)).toBe(true);
    expect(progress).toEqual([20, 40, 50]);
    const whole = new NoteSearchIndex();
    whole.sync(many);
    expect(chunked.size).toBe(50);
    expect(
      chunked
        .search('sleep')
        .map((h) => h.id)
        .sort(),
    ).toEqual(
      whole
        .search('sleep')
        .map((h) => h.id)
        .sort(),
    );
  });

  it('knows when it already holds exactly the notes given, so a second visit has nothing to prepare', () => {
    const index = new NoteSearchIndex();
    expect(index.syncedWith(many)).toBe(false);
    index.sync(many);
    expect(index.syncedWith(many)).toBe(true);
    expect(index.syncedWith(many.slice(1))).toBe(false);
    const edited = many.map((n, i) => (i === 7 ? { ...n, updatedAt: n.updatedAt + 1 } : n));
    expect(index.syncedWith(edited)).toBe(false);
    index.sync(edited);
    expect(index.syncedWith(edited)).toBe(true);
  });

  it('indexes notes as they are opened, a part at a time, and drops removed ones only once it has them all', async () => {
    const index = new NoteSearchIndex();
    expect(await index.syncInChunks(many.slice(0, 20), () => undefined, 10, true)).toBe(true);
    expect(await index.syncInChunks(many.slice(0, 40), () => undefined, 10, true)).toBe(true);
    expect(index.size).toBe(40);
    // A part that leaves some out keeps them: they are still being opened, not gone.
    expect(await index.syncInChunks(many.slice(30, 50), () => undefined, 10, true)).toBe(true);
    expect(index.size).toBe(50);
    expect(await index.syncInChunks(many.slice(0, 45), () => undefined, 10)).toBe(true);
    expect(index.size).toBe(45);
    expect(index.syncedWith(many.slice(0, 45))).toBe(true);
  });

  it('reports an empty list as done, so search never waits on nothing', async () => {
    const index = new NoteSearchIndex();
    index.sync(many.slice(0, 3));
    const progress: [number, number][] = [];
    expect(await index.syncInChunks([], (done, total) => progress.push([done, total]))).toBe(true);
    expect(progress).toEqual([[0, 0]]);
    expect(index.size).toBe(0);
  });

  it('lets a newer sync supersede one still running, without losing notes', async () => {
    const index = new NoteSearchIndex();
    const first = index.syncInChunks(many, () => undefined, 10);
    const second = index.syncInChunks(many.slice(0, 30), () => undefined, 10);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(index.size).toBe(30);
    expect(index.search('panic').every((h) => Number(h.id.slice(1)) < 30)).toBe(true);
  });
});

describe('typo tolerance', () => {
  it('forgives a misspelling when the word as typed finds little, but not when it finds plenty', () => {
    const notes = [
      individual('t1', 'c1', 'Talked about the redundancy at work.'),
      ...Array.from({ length: 12 }, (_, i) => individual(`m${i}`, 'c2', `Mentioned her sister again (${i}).`)),
      individual('o1', 'c3', 'Found a new baby sitter for Tuesdays.'),
    ];
    const index = new NoteSearchIndex();
    index.sync(notes);
    expect(index.search('redundency').map((h) => h.id)).toEqual(['t1']);
    // "sister" matches twelve notes as typed, so "sitter" (one letter off) is not pulled in...
    expect(index.search('sister').map((h) => h.id)).not.toContain('o1');
    expect(index.search('sister')).toHaveLength(12);
    // ...while a word with few exact matches still finds its near misses.
    expect(index.search('sitters').map((h) => h.id)).toEqual(['o1']);
  });
});
