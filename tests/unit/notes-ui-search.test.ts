/**
 * Note search: the sharded index (upkeep by deltas, stored shards, filters) and the page built
 * from its answer (member-only views of group notes, snippets, counts, paging).
 */
import { describe, expect, it } from 'vitest';
import type { Note } from '../../shared/records';
import { SEARCH_SHARDS, ShardedNoteIndex, noteKey, searchDocOf, searchTerms, shardOf } from '../../shared/notes/search-index';
import type { NoteKey, SearchDelta } from '../../shared/notes/search-index';
import { newDraft } from '../../renderer/src/notes/note-model';
import { NO_FILTERS, filteredView, resolvePage, snippetOf } from '../../renderer/src/notes/note-search';
import type { NoteFilters, SearchPage } from '../../renderer/src/notes/note-search';

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

const put = (note: Note, table: 'notes' | 'drafts' = 'notes'): SearchDelta => ({ op: 'put', doc: searchDocOf(table, note) });

/** An index holding these notes, every shard loaded. */
function indexOf(notes: readonly Note[]): ShardedNoteIndex {
  const index = new ShardedNoteIndex();
  for (let shard = 0; shard < SEARCH_SHARDS; shard++) index.loadShard(shard, undefined, []);
  index.apply(notes.map((note) => put(note)));
  return index;
}

class NoteSearchIndex {
  readonly index: ShardedNoteIndex;
  constructor(notes: readonly Note[] = []) {
    this.index = indexOf(notes);
  }
  search(query: string): { id: string; terms: string[] }[] {
    return this.index.search(query, NO_FILTERS).hits.map((hit) => ({ id: hit.key.slice('notes:'.length), terms: hit.terms }));
  }
}

/** What the Notes screen would show, with the notes opened from memory (and which were opened). */
async function pageOf(
  notes: readonly Note[],
  query: string,
  filters: NoteFilters,
  limit = Infinity,
  /** Answers cut to this many hits, as the search worker sends them (widened on request). */
  window?: number,
): Promise<SearchPage & { opened: number; sent: number }> {
  const byKey = new Map(notes.map((note) => [noteKey('notes', note.id), note]));
  let opened = 0;
  let sent = 0;
  const index = indexOf(notes);
  const ask = (size: number) => {
    const answer = index.search(query, filters, size);
    sent += answer.hits.length + (answer.window?.unsure.length ?? 0);
    return answer;
  };
  const page = await resolvePage(
    ask(window ?? Infinity),
    query,
    filters,
    limit,
    async (keys: readonly NoteKey[]) => {
      opened += keys.length;
      return new Map(keys.flatMap((key) => (byKey.has(key) ? [[key, byKey.get(key)!] as const] : [])));
    },
    async (size) => ask(size),
  );
  return { ...page, opened, sent };
}
const searchNotes = async (notes: readonly Note[], query: string, filters: NoteFilters) =>
  (await pageOf(notes, query, filters)).results;

describe('ShardedNoteIndex', () => {
  it('indexes saved notes, re-indexes changed ones and forgets removed ones', () => {
    const index = new NoteSearchIndex();
    const a = individual('a', 'c1', 'Panic on the train.');
    index.index.apply([put(a), put(groupNote)]);
    expect(index.index.size).toBe(2);
    expect(index.search('train').map((h) => h.id)).toEqual(['a']);

    index.index.apply([put({ ...a, sections: { subjective: 'Panic in the lift.' }, updatedAt: T0 + 1 })]);
    expect(index.search('train')).toEqual([]);
    expect(index.search('lift').map((h) => h.id)).toEqual(['a']);

    index.index.apply([{ op: 'remove', key: noteKey('notes', 'a') }]);
    expect(index.index.size).toBe(1);
    expect(index.search('lift')).toEqual([]);
  });

  it('stores each shard and loads it back with the deltas saved since, giving the same answers', () => {
    const notes = Array.from({ length: 60 }, (_, i) =>
      individual(`s${i}`, `c${i % 5}`, `Note ${i}: ${i % 3 ? 'sleep diary' : 'panic at work'}.`),
    );
    const before = indexOf(notes);
    const stored = Array.from({ length: SEARCH_SHARDS }, (_, shard) => before.serialize(shard));
    const later = individual('s7', 'c2', 'Now about the allotment.');
    const after = new ShardedNoteIndex();
    stored.forEach((segment, shard) =>
      expect(after.loadShard(shard, segment, shard === shardOf(noteKey('notes', 's7')) ? [put(later)] : [])).toBe('loaded'),
    );
    expect(after.size).toBe(60);
    const ids = (index: ShardedNoteIndex, q: string) =>
      index
        .search(q, NO_FILTERS)
        .hits.map((h) => h.key)
        .sort();
    // s7 was about sleep; its later save is about the allotment.
    expect(ids(after, 'sleep')).toEqual(ids(before, 'sleep').filter((k) => k !== 'notes:s7'));
    expect(ids(after, 'allotment')).toEqual(['notes:s7']);
    expect(ids(after, 'panic')).toEqual(ids(before, 'panic'));
    // A shard written under another layout is not trusted: the caller rebuilds it.
    expect(new ShardedNoteIndex().loadShard(1, stored[0], [])).toBe('unusable');
  });

  it('answers from the shards loaded so far, and hides a draft once its note is signed', () => {
    const notes = Array.from({ length: 40 }, (_, i) => individual(`p${i}`, 'c1', `Practised grounding (${i}).`));
    const partial = new ShardedNoteIndex();
    const full = indexOf(notes);
    partial.loadShard(0, full.serialize(0), []);
    partial.loadShard(1, full.serialize(1), []);
    const answer = partial.search('grounding', NO_FILTERS);
    expect(answer.shardsLoaded).toBe(2);
    expect(answer.hits.length).toBe(notes.filter((n) => shardOf(noteKey('notes', n.id)) < 2).length);

    const index = indexOf([]);
    const draft = individual('d1', 'c1', 'Draft about grounding.');
    index.apply([put(draft, 'drafts')]);
    expect(index.search('grounding', NO_FILTERS).hits.map((h) => h.key)).toEqual(['drafts:d1']);
    index.apply([put({ ...draft, status: 'signed' })]);
    expect(index.search('grounding', NO_FILTERS).hits.map((h) => h.key)).toEqual(['notes:d1']);
  });

  it('asked the same words again as shards load and notes change, answers as an index searched afresh does', () => {
    const notes = Array.from({ length: 80 }, (_, i) =>
      individual(`n${i}`, `c${i % 4}`, `Visit ${i}: ${i % 3 ? 'sleep diary kept' : 'grief after the move'}.`),
    );
    const stored = indexOf(notes);
    const segments = Array.from({ length: SEARCH_SHARDS }, (_, shard) => stored.serialize(shard));
    const answer = (index: ShardedNoteIndex, q: string) => index.search(q, NO_FILTERS).hits.map((h) => [h.key, h.terms]);
    // An index loaded with the same shards and changes, searched only once.
    const fresh = (shards: number, changes: SearchDelta[] = []): ShardedNoteIndex => {
      const index = new ShardedNoteIndex();
      for (let shard = 0; shard < shards; shard++) index.loadShard(shard, segments[shard], []);
      index.apply(changes);
      return index;
    };

    // The screen asks again as each shard loads (each searched for the words as it loads).
    const loading = new ShardedNoteIndex();
    expect(answer(loading, 'sleep')).toEqual([]);
    for (let shard = 0; shard < SEARCH_SHARDS; shard++) {
      loading.loadShard(shard, segments[shard], []);
      loading.prepare(shard);
      expect(answer(loading, 'sleep')).toEqual(answer(fresh(shard + 1), 'sleep'));
    }
    const sleepers = answer(loading, 'sleep').length;
    expect(sleepers).toBe(notes.filter((_, i) => i % 3).length);

    // A note saved about something else, one removed, one new: each shard changed is searched again.
    const changes: SearchDelta[] = [
      put(individual('n1', 'c1', 'Visit 1: grief after the move.')),
      { op: 'remove', key: noteKey('notes', 'n2') },
      put(individual('n80', 'c0', 'Visit 80: sleep diary kept.')),
    ];
    loading.apply(changes);
    expect(answer(loading, 'sleep')).toEqual(answer(fresh(SEARCH_SHARDS, changes), 'sleep'));
    expect(answer(loading, 'sleep')).toHaveLength(sleepers - 1);
    expect(answer(loading, 'grief')).toEqual(answer(fresh(SEARCH_SHARDS, changes), 'grief'));
    // A typo, forgiven once the words as typed find nothing, and after other words.
    expect(answer(loading, 'diarry')).toEqual(answer(fresh(SEARCH_SHARDS, changes), 'diarry'));
    expect(answer(loading, 'diarry')).toHaveLength(sleepers - 1);
    // A shard loaded again (as after a repair) is searched again.
    expect(answer(loading, 'sleep')).toHaveLength(sleepers - 1);
    const reloaded = shardOf(noteKey('notes', 'n1'));
    loading.loadShard(reloaded, segments[reloaded], []);
    const others = changes.filter((c) => shardOf(c.op === 'put' ? c.doc.key : c.key) !== reloaded);
    expect(answer(loading, 'sleep')).toEqual(answer(fresh(SEARCH_SHARDS, others), 'sleep'));
    expect(answer(loading, 'sleep').map(([key]) => key)).toContain('notes:n1');

    // What the filters read of a note changes with it: the same words under a filter, asked again
    // after a note moves to another client, answer as afresh.
    const byClient = (index: ShardedNoteIndex, clientId: string) =>
      index.search('sleep', { ...NO_FILTERS, clientId }).hits.map((h) => h.key);
    const beforeMove = byClient(loading, 'c3');
    expect(beforeMove).toContain('notes:n7');
    const moved = [...others, put(individual('n7', 'c2', 'Visit 7: sleep diary kept.'))];
    loading.apply([put(individual('n7', 'c2', 'Visit 7: sleep diary kept.'))]);
    expect(byClient(loading, 'c3')).toEqual(byClient(fresh(SEARCH_SHARDS, moved), 'c3'));
    expect(byClient(loading, 'c3')).not.toContain('notes:n7');
    expect(byClient(loading, 'c2')).toContain('notes:n7');
  });

  it('matches prefixes and near misses in longer words, and requires every word', () => {
    const index = new NoteSearchIndex([
      individual('a', 'c1', 'Anticipatory anxiety about the tribunal.'),
      individual('b', 'c2', 'Anxiety at work.'),
    ]);
    expect(
      index
        .search('anx')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(index.search('tribnal').map((h) => h.id)).toEqual(['a']);
    expect(index.search('anxiety tribunal').map((h) => h.id)).toEqual(['a']);
  });
});

describe('notes written in scripts without spaces between words', () => {
  const notes = [
    individual('zh', 'c1', '今天我们讨论了她的姐姐和工作压力。'),
    individual('ja', 'c2', '彼女は姉のことを話しました。'),
    individual('th', 'c3', 'ผู้รับบริการพูดถึงพี่สาวของเธอ'),
    individual('km', 'c4', 'គាត់និយាយអំពីបងស្រីរបស់គាត់'),
    individual('mix', 'c5', 'Talked about her sister (姐姐) and the tribunal.'),
  ];

  it('finds a word inside a sentence, alone or with another word, and highlights it', async () => {
    const index = new NoteSearchIndex(notes);
    const ids = (q: string) =>
      index
        .search(q)
        .map((h) => h.id)
        .sort();
    expect(ids('姐姐')).toEqual(['mix', 'zh']);
    expect(ids('工作压力')).toEqual(['zh']);
    expect(ids('姉')).toEqual(['ja']);
    expect(ids('พี่สาว')).toEqual(['th']);
    expect(ids('បងស្រី')).toEqual(['km']);
    expect(ids('姐姐 tribunal')).toEqual(['mix']);
    const [found] = await searchNotes(notes, '姐姐', NO_FILTERS);
    expect(found!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['姐姐']);
  });

  it('splits such text into words and leaves other text as MiniSearch splits it', () => {
    expect(searchTerms('她的姐姐和工作压力')).toEqual(['她的', '姐姐', '和', '工作', '压力']);
    expect(searchTerms('Sleep diary, week 2 — calmer.')).toEqual(['Sleep', 'diary', 'week', '2', 'calmer', '']);
  });
});

describe('accents and case', () => {
  const notes = [
    individual('zoe', 'c1', 'Zoë spoke about the café where she works.'),
    individual('luk', 'c2', 'Łukasz Żółć missed the session.'),
    individual('hi', 'c3', 'अनन्या ने अपनी बहन के बारे में बात की।'),
  ];

  it('finds a word typed without its accents or capitals, and highlights the word as written', async () => {
    const index = new NoteSearchIndex(notes);
    expect(index.search('zoe').map((h) => h.id)).toEqual(['zoe']);
    expect(index.search('CAFE').map((h) => h.id)).toEqual(['zoe']);
    expect(index.search('Zoë').map((h) => h.id)).toEqual(['zoe']);
    expect(index.search('lukasz zolc').map((h) => h.id)).toEqual(['luk']);
    const [found] = await searchNotes(notes, 'zoe cafe', NO_FILTERS);
    expect(found!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['Zoë', 'café']);
  });

  it('finds a Greek name written in capitals, whose final sigma lower-cases to ς, and highlights it', async () => {
    const greek = [individual('gr', 'c6', 'Ο ΝΙΚΟΣ μίλησε για τον αδελφό του.')];
    const [found] = await searchNotes(greek, 'νίκος', NO_FILTERS);
    expect(found!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['ΝΙΚΟΣ']);
  });

  it('keeps the vowel signs of other scripts, which are letters there', () => {
    const index = new NoteSearchIndex(notes);
    expect(index.search('बहन').map((h) => h.id)).toEqual(['hi']);
    expect(index.search('अपनी').map((h) => h.id)).toEqual(['hi']);
    // Another vowel sign makes another word (अपना, "his own"): not a match.
    expect(index.search('अपना')).toEqual([]);
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

  it('lists every note newest first when nothing is typed', async () => {
    expect((await searchNotes(notes, '', NO_FILTERS)).map((r) => r.note.id)).toEqual(['a', 'grp', 'b']);
  });

  it('filters by client, template, risk and date range', async () => {
    const ids = async (filters: Partial<typeof NO_FILTERS>, query = 'tribunal') =>
      (await searchNotes(notes, query, { ...NO_FILTERS, ...filters })).map((r) => r.note.id).sort();
    expect(await ids({})).toEqual(['a', 'b', 'grp']);
    expect(await ids({ clientId: 'c1' })).toEqual(['a']);
    expect(await ids({ template: 'free' })).toEqual(['b']);
    expect(await ids({ risk: 'moderate' })).toEqual(['a']);
    expect(await ids({ from: T0 - DAY, to: T0 + 1 })).toEqual(['a', 'grp']);
    expect(await ids({ groupId: 'g1' })).toEqual(['grp']);
  });

  it('never finds a group note through another member’s section when filtering by client', async () => {
    // "tribunal" is only in c2's section: searching c1's notes must not surface it.
    expect((await searchNotes(notes, 'tribunal', { ...NO_FILTERS, clientId: 'c2' })).map((r) => r.note.id).sort()).toEqual([
      'b',
      'grp',
    ]);
    const forC1 = await pageOf(notes, 'tribunal', { ...NO_FILTERS, clientId: 'c1' });
    expect(forC1.results.map((r) => r.note.id)).toEqual(['a']);
    expect(forC1.total).toBe(1);
    const listed = await searchNotes(notes, '', { ...NO_FILTERS, clientId: 'c1' });
    const groupForC1 = listed.find((r) => r.note.id === 'grp')!.note;
    expect(groupForC1.attendeeSections).toEqual({ c1: 'Talked about the allotment.' });
  });

  it('returns highlighted snippets whose matches are the words found', async () => {
    const [result] = await searchNotes(notes, 'tribunal', { ...NO_FILTERS, clientId: 'c1' });
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

  it('count every match but open notes and build snippets only for the results shown', async () => {
    const page = await pageOf(many, 'tribunal', NO_FILTERS, 20);
    expect(page.total).toBe(120);
    expect(page.results).toHaveLength(20);
    expect(page.opened).toBe(20);
    expect(page.results.every((r) => r.snippet.some((s) => s.match && /tribunal/i.test(s.text)))).toBe(true);
  });

  it('list without a query newest first, capped, with the full count', async () => {
    const page = await pageOf(many, '', { ...NO_FILTERS, clientId: 'c3' }, 5);
    expect(page.total).toBe(many.filter((n) => n.clientId === 'c3').length);
    expect(page.results.map((r) => r.note.id)).toEqual(['n115', 'n108', 'n101', 'n94', 'n87']);
  });

  it('count group notes under a client filter only where the match is in what that client may see', async () => {
    const groupNotes = Array.from({ length: 30 }, (_, i) => ({
      ...groupNote,
      id: `g${i}`,
      sessionAt: T0 + i * DAY,
      attendeeSections: { c1: 'Quiet today.', c2: i % 2 ? 'Spoke about the tribunal.' : 'Quiet too.' },
      sections: { goals: i % 3 === 0 ? 'Everyone talked about the tribunal.' : 'Check-in.' },
    }));
    const forC1 = await pageOf(groupNotes, 'tribunal', { ...NO_FILTERS, clientId: 'c1' }, 3);
    // Only the notes where "tribunal" is in the group-wide part count for c1 (every third).
    expect(forC1.total).toBe(10);
    expect(forC1.results).toHaveLength(3);
    expect(forC1.results.every((r) => !JSON.stringify(r.note).includes('Spoke about'))).toBe(true);
  });

  it('give the same page and count from a window of the hits as from all of them, asking for more when hidden hits use it up', async () => {
    const whole = await pageOf(many, 'tribunal', NO_FILTERS, 20);
    const windowed = await pageOf(many, 'tribunal', NO_FILTERS, 20, 30);
    expect(windowed.results.map((r) => r.note.id)).toEqual(whole.results.map((r) => r.note.id));
    expect(windowed.total).toBe(120);
    expect(windowed.sent).toBe(30);

    // Group notes under a client filter: most matches are in another member's section, so the
    // first window holds too few that c1 may see and a longer one is asked for.
    const groupNotes = Array.from({ length: 40 }, (_, i) => ({
      ...groupNote,
      id: `g${i}`,
      sessionAt: T0 + i * DAY,
      attendeeSections: { c1: 'Quiet today.', c2: 'Spoke about the tribunal.' },
      sections: { goals: i % 8 === 0 ? 'Everyone talked about the tribunal.' : 'Check-in.' },
    }));
    const filters = { ...NO_FILTERS, clientId: 'c1' };
    const all = await pageOf(groupNotes, 'tribunal', filters, 4);
    const cut = await pageOf(groupNotes, 'tribunal', filters, 4, 6);
    expect(all.total).toBe(5);
    expect(cut.total).toBe(5);
    expect(cut.results.map((r) => r.note.id)).toEqual(all.results.map((r) => r.note.id));
    expect(cut.results).toHaveLength(4);
  });
});

describe('typo tolerance', () => {
  it('forgives a misspelling when the word as typed finds little, but not when it finds plenty', () => {
    const notes = [
      individual('t1', 'c1', 'Talked about the redundancy at work.'),
      ...Array.from({ length: 12 }, (_, i) => individual(`m${i}`, 'c2', `Mentioned her sister again (${i}).`)),
      individual('o1', 'c3', 'Found a new baby sitter for Tuesdays.'),
    ];
    const index = new NoteSearchIndex(notes);
    expect(index.search('redundency').map((h) => h.id)).toEqual(['t1']);
    // "sister" matches twelve notes as typed, so "sitter" (one letter off) is not pulled in...
    expect(index.search('sister').map((h) => h.id)).not.toContain('o1');
    expect(index.search('sister')).toHaveLength(12);
    // ...while a word with few exact matches still finds its near misses.
    expect(index.search('sitters').map((h) => h.id)).toEqual(['o1']);
  });
});
