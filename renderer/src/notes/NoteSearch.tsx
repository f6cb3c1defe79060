import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { Note, NoteTemplate, RiskLevel } from '../../../shared/records';
import { NOTE_TEMPLATES, RISK_LEVELS } from '../../../shared/records';
import { TEMPLATES } from '../../../shared/notes/templates';
import { useSession } from '../app/session';
import { fromDateInput, formatSession, RISK_LABELS } from './note-model';
import { NO_FILTERS, NoteSearchIndex, RESULTS_SHOWN, searchNotesPage } from './note-search';
import type { NoteFilters } from './note-search';
import type { NotesData } from './useNotesData';
import { DateField } from '../ui/DateTimeFields';

// One index per unlocked session, kept across visits to the screen and updated incrementally.
// It exists only in this page's memory; locking reloads the page, which drops it.
let sessionIndex: NoteSearchIndex | undefined;
const noteIndex = (): NoteSearchIndex => (sessionIndex ??= new NoteSearchIndex());

interface FilterInputs {
  clientId: string;
  groupId: string;
  from: string;
  to: string;
  template: NoteTemplate | '';
  risk: RiskLevel | '';
}
const NO_INPUTS: FilterInputs = { clientId: '', groupId: '', from: '', to: '', template: '', risk: '' };

/** Full-text search with filters; with no words typed it lists every note, newest first. */
export function NoteSearch({ data, onOpen }: { data: NotesData; onOpen: (noteId: string) => void }) {
  const { settings } = useSession();
  const timeZone = settings.timeZone;
  const [query, setQuery] = useState('');
  const [inputs, setInputs] = useState<FilterInputs>(NO_INPUTS);
  const deferredQuery = useDeferredValue(query);
  const ids = useId();

  const index = noteIndex();
  // Indexing runs in chunks; results are recomputed as each chunk lands, so search works
  // (on what is indexed so far) from the first moment.
  const [indexed, setIndexed] = useState<{ done: number; total: number; of?: readonly Note[] }>(() =>
    index.syncedWith(data.notes) ? { done: data.notes.length, total: data.notes.length, of: data.notes } : { done: 0, total: 0 },
  );
  useEffect(() => {
    if (index.syncedWith(data.notes)) {
      index.supersede();
      setIndexed({ done: data.notes.length, total: data.notes.length, of: data.notes });
      return;
    }
    let live = true;
    // Small chunks (about 25 ms each here) keep typing smooth; the results are brought up to
    // date at most twice a second while it runs, since each update searches again.
    let shown = -Infinity;
    void index.syncInChunks(
      data.notes,
      (done, total) => {
        if (!live) return;
        const now = performance.now();
        if (done < total && now - shown < 500) return;
        shown = now;
        setIndexed({ done, total, of: data.notes });
      },
      100,
      !data.signedComplete,
    );
    return () => {
      live = false;
    };
  }, [index, data.notes, data.signedComplete]);
  // Until the index has caught up with these notes, a miss may only mean "not indexed yet".
  const indexing = !data.signedComplete || indexed.of !== data.notes || indexed.done < indexed.total;
  const allNotes = data.signedComplete ? data.notes.length : data.signedTotal + data.drafts.length;

  const filters: NoteFilters = useMemo(
    () => ({
      ...NO_FILTERS,
      clientId: inputs.clientId,
      groupId: inputs.groupId,
      from: fromDateInput(inputs.from, timeZone),
      to: fromDateInput(inputs.to, timeZone, true),
      template: inputs.template,
      risk: inputs.risk,
    }),
    [inputs, timeZone],
  );
  const { results, total } = useMemo(
    () => searchNotesPage(index, data.notes, deferredQuery, filters, RESULTS_SHOWN),
    // `indexed` changes as chunks land, so results catch up with the index.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, data.notes, deferredQuery, filters, indexed],
  );
  const more = total > results.length ? ` Showing the first ${results.length}; add words or filters to narrow it down.` : '';
  const set = (patch: Partial<FilterInputs>): void => setInputs((current) => ({ ...current, ...patch }));
  const filtered = Object.values(inputs).some((value) => value !== '');

  return (
    <div className="note-search">
      <div className="search-bar">
        <label className="grow">
          Search notes
          <input
            type="search"
            value={query}
            placeholder="Words from any note, draft or addendum"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
      </div>
      <div className="filters" role="group" aria-label="Filter notes">
        <label>
          Client
          <select value={inputs.clientId} onChange={(e) => set({ clientId: e.target.value })}>
            <option value="">All clients</option>
            {data.clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Group
          <select value={inputs.groupId} onChange={(e) => set({ groupId: e.target.value })}>
            <option value="">All groups</option>
            {data.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <DateField label="From" value={inputs.from} onChange={(v) => set({ from: v })} />
        <DateField label="To" value={inputs.to} onChange={(v) => set({ to: v })} />
        <label>
          Template
          <select value={inputs.template} onChange={(e) => set({ template: e.target.value as NoteTemplate | '' })}>
            <option value="">All templates</option>
            {NOTE_TEMPLATES.map((kind) => (
              <option key={kind} value={kind}>
                {TEMPLATES[kind].name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Risk level
          <select value={inputs.risk} onChange={(e) => set({ risk: e.target.value as RiskLevel | '' })}>
            <option value="">Any risk level</option>
            {RISK_LEVELS.map((level) => (
              <option key={level} value={level}>
                {RISK_LABELS[level]}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="link" onClick={() => setInputs(NO_INPUTS)}>
            Clear filters
          </button>
        )}
      </div>
      <p className="muted" role="status" id={`${ids}-count`}>
        {data.loading
          ? 'Opening your notes for search (once after each unlock)…'
          : !data.signedComplete && deferredQuery.trim() === ''
            ? `Opening your notes for search (once after each unlock): ${data.signed.length.toLocaleString('en-GB')} of ${data.signedTotal.toLocaleString('en-GB')} so far.`
          : indexing && deferredQuery.trim() !== ''
            ? `Preparing search: ${Math.min(index.size, allNotes).toLocaleString('en-GB')} of ${allNotes.toLocaleString('en-GB')} notes so far. ${total} ${total === 1 ? 'note matches' : 'notes match'} among them.`
          : deferredQuery.trim() === ''
            ? `${total} ${total === 1 ? 'note' : 'notes'}${filtered ? ' match these filters' : ''}, newest first.${more}`
            : total === 0
              ? 'No notes match. Try fewer or shorter words, or clear the filters.'
              : `${total} ${total === 1 ? 'note matches' : 'notes match'}, best match first.${more}`}
      </p>
      <ul className="list note-results" aria-label="Search results" aria-describedby={`${ids}-count`}>
        {results.map(({ note, snippet }) => (
          <li key={note.id} className="list-item note-result">
            <div className="note-result-text">
              <p className="note-result-title">
                <strong>{data.ownerName(note)}</strong> · {formatSession(note.sessionAt, timeZone)}
              </p>
              <p className="muted small">
                {TEMPLATES[note.template].name} · {note.status === 'signed' ? 'Signed' : 'Draft'}
                {note.risk.level !== 'none' && ` · Risk ${RISK_LABELS[note.risk.level].toLowerCase()}`}
                {note.addenda.length > 0 && ` · ${note.addenda.length} ${note.addenda.length === 1 ? 'addendum' : 'addenda'}`}
              </p>
              {snippet.length > 0 && (
                <p className="snippet">
                  {snippet.map((segment, i) =>
                    segment.match ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
                  )}
                </p>
              )}
            </div>
            <button
              type="button"
              onClick={() => onOpen(note.id)}
              aria-label={`Open ${data.ownerName(note)} note, ${formatSession(note.sessionAt, timeZone)}`}
            >
              Open
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
