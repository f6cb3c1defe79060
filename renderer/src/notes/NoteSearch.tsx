import { startTransition, useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { NoteTemplate, RiskLevel } from '../../../shared/records';
import { NOTE_TEMPLATES, RISK_LEVELS } from '../../../shared/records';
import { TEMPLATES } from '../../../shared/notes/templates';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fromDateInput, formatSession, RISK_LABELS } from './note-model';
import { NO_FILTERS, RESULTS_SHOWN, resolvePage } from './note-search';
import type { NoteFilters, SearchPage } from './note-search';
import { openNotesByKey } from './search/open-by-key';
import { noteSearchService } from './search/search-service';
import type { SearchProgress } from './search/search-service';
import type { NotesData } from './useNotesData';
import { DateField } from '../ui/DateTimeFields';

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

  const { revision } = useSession();
  const service = noteSearchService();
  const progress = useSearchProgress();
  const [limit, setLimit] = useState(RESULTS_SHOWN);
  const [page, setPage] = useState<(SearchPage & { query: string; complete: boolean }) | undefined>(undefined);
  const [error, setError] = useState('');
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
  // Another query or filter starts again from the first page.
  const [shownFor, setShownFor] = useState({ query: deferredQuery, filters });
  if (shownFor.query !== deferredQuery || shownFor.filters !== filters) {
    setShownFor({ query: deferredQuery, filters });
    setLimit(RESULTS_SHOWN);
  }
  // Asks the index again whenever it has more loaded or notes changed, so results for what is
  // loaded so far show at once and catch up as the rest arrives.
  useEffect(() => {
    let live = true;
    const complete = progress.complete;
    // A window a little longer than the page: hits hidden by the filters rarely need more.
    service
      .search(deferredQuery, filters, limit + RESULTS_SHOWN)
      .then((answer) =>
        resolvePage(answer, deferredQuery, filters, limit, openNotesByKey, (window) =>
          service.search(deferredQuery, filters, window),
        ),
      )
      .then(
        (found) => {
          if (!live) return;
          // A transition: React renders the results in slices, so typing never waits on them.
          startTransition(() => {
            setPage({ ...found, query: deferredQuery, complete });
            setError('');
          });
        },
        (e: unknown) => live && setError(messageOf(e)),
      );
    return () => {
      live = false;
    };
  }, [service, deferredQuery, filters, limit, progress.generation, progress.complete, revision]);
  const results = page?.results ?? [];
  const total = page?.total ?? 0;
  const loading = progress.error === '' && !(page?.complete ?? false);
  const more = total > results.length ? ` Showing the first ${results.length}.` : '';
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
      <ErrorAlert message={progress.error || error} />
      <p className="muted" role="status" id={`${ids}-count`}>
        {page === undefined
          ? 'Loading the search index…'
          : loading
            ? `${preparing(progress)} ${total} ${total === 1 ? 'note matches' : 'notes match'} so far.`
            : page.query.trim() === ''
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
      {total > results.length && (
        <button type="button" onClick={() => setLimit((n) => n + RESULTS_SHOWN)}>
          Show {Math.min(RESULTS_SHOWN, total - results.length)} more results
        </button>
      )}
    </div>
  );
}

function preparing(progress: SearchProgress): string {
  if (progress.repair)
    return `Preparing search for the first time (once, kept sealed afterwards): ${progress.repair.done.toLocaleString('en-GB')} of ${progress.repair.total.toLocaleString('en-GB')} notes indexed.`;
  return `Loading the search index: ${progress.shardsLoaded} of ${progress.shards} parts.`;
}

/** The search index's progress; starts loading it (once per unlock) the first time it is asked for. */
export function useSearchProgress(): SearchProgress {
  const service = noteSearchService();
  const [progress, setProgress] = useState(service.current);
  useEffect(() => {
    void service.start();
    return service.subscribe(setProgress);
  }, [service]);
  return progress;
}
