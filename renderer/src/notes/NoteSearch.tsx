import { memo, startTransition, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Client, Group, NoteTemplate, RiskLevel } from '../../../shared/records';
import { NOTE_TEMPLATES, RISK_LEVELS } from '../../../shared/records';
import { TEMPLATES } from '../../../shared/notes/templates';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fromDateInput, formatSession, RISK_LABELS } from './note-model';
import { NO_FILTERS, RESULTS_SHOWN, resolvePage } from './note-search';
import type { NoteFilters, SearchPage, SearchResult } from './note-search';
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

/** A question put to the index: the words, filters and page length, under one revision of the data. */
interface Ask {
  query: string;
  filters: NoteFilters;
  limit: number;
  revision: number;
  seq: number;
}
const sameAsk = (a: Ask | undefined, b: Ask): boolean =>
  a !== undefined && a.query === b.query && a.filters === b.filters && a.limit === b.limit && a.revision === b.revision;

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
  // Not every shard loaded: only what changes the answer (the status line follows each shard itself).
  const progress = useSearchProgress('answers');
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
  // loaded so far show at once and catch up as the rest arrives. An answer still counts once the
  // index has loaded more (a later answer replaces it when it comes): while the index loads,
  // shards arrive faster than a page of results is opened, and dropping each answer for the
  // next would show nothing until loading slowed down. An answer to other words, filters, page
  // length or data, or one older than the answer shown, is dropped.
  const asked = useRef<Ask>(undefined);
  const shownSeq = useRef(0);
  // What the results on screen answer: a refresh of the same question (more of the index loaded)
  // does not hold the index load back, as the clinician already sees an answer.
  const shownAsk = useRef<Ask>(undefined);
  const shownPage = useRef<SearchPage>(undefined);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    const seq = (asked.current?.seq ?? 0) + 1;
    const ask = { query: deferredQuery, filters, limit, revision, seq };
    asked.current = ask;
    const wanted = (): boolean => mounted.current && sameAsk(asked.current, ask);
    const complete = progress.complete;
    // A window a little longer than the page: hits hidden by the filters rarely need more. Asked
    // again meanwhile (words typed as the tab opened, say), the answer will not be shown: no note
    // is opened for it, and the index load it holds back goes on sooner.
    const answer = () =>
      service
        .search(deferredQuery, filters, limit + RESULTS_SHOWN)
        .then((first) =>
          wanted()
            ? resolvePage(first, deferredQuery, filters, limit, openNotesByKey, (window) =>
                service.search(deferredQuery, filters, window),
              )
            : undefined,
        );
    // The same question asked again while the index loads, with a full page on screen: only the
    // count "so far" is brought up to date, and the page stays as it is until search is complete.
    // The clinician is not reading a list that reorders every second or so; and the page's
    // thread, which reads the index, does not open and draw fifty notes each time.
    const shown = shownPage.current;
    const recount =
      !complete && shown !== undefined && sameAsk(shownAsk.current, ask) && shown.results.length >= limit
        ? () =>
            service
              .search(deferredQuery, filters, 0)
              .then((first) => resolvePage(first, deferredQuery, filters, 0, openNotesByKey))
              .then(({ total }) => ({ total, results: shown.results }))
        : undefined;
    (recount ? recount() : sameAsk(shownAsk.current, ask) ? answer() : service.answering(answer)).then(
      (found) => {
        if (found === undefined || !wanted() || seq < shownSeq.current) return;
        shownSeq.current = seq;
        shownAsk.current = ask;
        shownPage.current = found;
        // A transition: React renders the results in slices, so typing never waits on them.
        startTransition(() => {
          setPage({ ...found, query: deferredQuery, complete });
          setError('');
        });
      },
      (e: unknown) => wanted() && seq >= shownSeq.current && setError(messageOf(e)),
    );
  }, [service, deferredQuery, filters, limit, progress.generation, progress.complete, revision]);
  const results = page?.results ?? [];
  const total = page?.total ?? 0;
  const loading = progress.error === '' && !(page?.complete ?? false);
  const more = total > results.length ? ` Showing the first ${results.length}.` : '';
  const set = useCallback((patch: Partial<FilterInputs>): void => setInputs((current) => ({ ...current, ...patch })), []);
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
      <FilterBar inputs={inputs} set={set} clients={data.clients} groups={data.groups} filtered={filtered} />
      <ErrorAlert message={progress.error || error} />
      <SearchStatus
        id={`${ids}-count`}
        text={
          page === undefined
            ? 'Loading the search index…'
            : loading
              ? undefined
              : page.query.trim() === ''
                ? `${total} ${total === 1 ? 'note' : 'notes'}${filtered ? ' match these filters' : ''}, newest first.${more}`
                : total === 0
                  ? 'No notes match. Try fewer or shorter words, or clear the filters.'
                  : `${total} ${total === 1 ? 'note matches' : 'notes match'}, best match first.${more}`
        }
        soFar={`${total} ${total === 1 ? 'note matches' : 'notes match'} so far.`}
      />
      <ResultList results={results} ownerName={data.ownerName} timeZone={timeZone} onOpen={onOpen} describedBy={`${ids}-count`} />
      {total > results.length && (
        <button type="button" onClick={() => setLimit((n) => n + RESULTS_SHOWN)}>
          Show {Math.min(RESULTS_SHOWN, total - results.length)} more results
        </button>
      )}
    </div>
  );
}

/**
 * The filters. Kept apart (and memoised) so a page of results, or the index loading, does not
 * redraw the list of every client the practice has seen.
 */
const FilterBar = memo(function FilterBar({
  inputs,
  set,
  clients,
  groups,
  filtered,
}: {
  inputs: FilterInputs;
  set: (patch: Partial<FilterInputs>) => void;
  clients: readonly Client[];
  groups: readonly Group[];
  filtered: boolean;
}) {
  return (
    <div className="filters" role="group" aria-label="Filter notes">
      <label>
        Client
        <select value={inputs.clientId} onChange={(e) => set({ clientId: e.target.value })}>
          <option value="">All clients</option>
          {clients.map((c) => (
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
          {groups.map((g) => (
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
        <button type="button" className="link" onClick={() => set(NO_INPUTS)}>
          Clear filters
        </button>
      )}
    </div>
  );
});

/**
 * The status line, the results' description: while the index loads it follows each shard (it
 * alone re-renders for that), then says how many notes match.
 */
function SearchStatus({ id, text, soFar }: { id: string; text: string | undefined; soFar: string }) {
  const progress = useSearchProgress();
  return (
    <p className="muted" role="status" id={id}>
      {text ?? `${preparing(progress)} ${soFar}`}
    </p>
  );
}

/** A page of results, drawn again only when the page changes. */
const ResultList = memo(function ResultList({
  results,
  ownerName,
  timeZone,
  onOpen,
  describedBy,
}: {
  results: readonly SearchResult[];
  ownerName: NotesData['ownerName'];
  timeZone: string;
  onOpen: (noteId: string) => void;
  describedBy: string;
}) {
  return (
    <ul className="list note-results" aria-label="Search results" aria-describedby={describedBy}>
      {results.map(({ note, snippet }) => (
        <li key={note.id} className="list-item note-result">
          <div className="note-result-text">
            <p className="note-result-title">
              <strong>{ownerName(note)}</strong> · {formatSession(note.sessionAt, timeZone)}
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
            aria-label={`Open ${ownerName(note)} note, ${formatSession(note.sessionAt, timeZone)}`}
          >
            Open
          </button>
        </li>
      ))}
    </ul>
  );
});

function preparing(progress: SearchProgress): string {
  if (progress.repair?.late)
    return `Bringing the search index up to date with your notes: ${progress.repair.done.toLocaleString('en-GB')} of ${progress.repair.total.toLocaleString('en-GB')} notes indexed.`;
  if (progress.repair)
    return `Preparing search for the first time (once, kept sealed afterwards): ${progress.repair.done.toLocaleString('en-GB')} of ${progress.repair.total.toLocaleString('en-GB')} notes indexed.`;
  return `Loading the search index: ${progress.shardsLoaded} of ${progress.shards} parts.`;
}

/**
 * The search index's progress; starts loading it (once per unlock) the first time it is asked for.
 * With 'answers', only what changes what a search finds (more loaded at the steps the service
 * marks, completion, an error) re-renders the caller, not every shard loaded.
 */
export function useSearchProgress(only?: 'answers'): SearchProgress {
  const service = noteSearchService();
  const [progress, setProgress] = useState(service.current);
  useEffect(() => {
    void service.start();
    return service.subscribe((next) =>
      setProgress((shown) =>
        only === 'answers' &&
        shown.generation === next.generation &&
        shown.complete === next.complete &&
        shown.error === next.error
          ? shown
          : next,
      ),
    );
  }, [service, only]);
  return progress;
}
