import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Note } from '../../../shared/records';
import { TEMPLATES } from '../../../shared/notes/templates';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';
import { isUnreadable } from '../data/repository';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { NoteEditor } from './NoteEditor';
import { NoteSearch } from './NoteSearch';
import { noteSearchService } from './search/search-service';
import { NoteView } from './NoteView';
import { formatSession, newDraft, overdueText } from './note-model';
import { useRoute } from '../navigation/navigation';
import type { NoteRequest } from '../navigation/route';
import { backlogFrom } from './backlog-data';
import { useNoteBacklog } from './useNoteBacklog';
import { useNotesData } from './useNotesData';
import type { NotesData } from './useNotesData';
import { ErrorAlert } from '../ui/ErrorAlert';

type Mode = { kind: 'list' } | { kind: 'edit'; note: Note; persisted: boolean } | { kind: 'view'; note: Note };
type Tab = 'backlog' | 'search' | 'drafts';
/** Backlog sessions shown at first, and added by each "Show more sessions". */
export const BACKLOG_PAGE = 50;
const TABS: { id: Tab; label: string }[] = [
  { id: 'backlog', label: 'Backlog' },
  { id: 'search', label: 'Search' },
  { id: 'drafts', label: 'Drafts' },
];

/** Notes: the backlog of unwritten notes, search across all notes, drafts, and the editor. */
export function NotesScreen() {
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [tab, setTab] = useState<Tab>('backlog');
  // The tabs follow the keyboard at once; the panel is drawn a moment later, in slices between
  // frames: the search tab's filters list every client, and drawing it in one go held the page
  // for tens of milliseconds at ten years.
  const panelTab = useDeferredValue(tab);
  // No signed note is opened here: the backlog reads clear index fields, and search has its own index.
  const data = useNotesData();
  const [error, setError] = useState('');
  const titleId = useId();

  const open = useCallback(async (request: NoteRequest): Promise<void> => {
    setError('');
    try {
      setMode(await resolveOpenRequest(request));
    } catch (e) {
      setError(e instanceof OpenNoteError ? e.message : messageOf(e));
    }
  }, []);

  // A request arrives as the route's parameter: each navigation is a new route object, so asking
  // again for the same note (from another screen, or while this one shows) opens it again.
  const route = useRoute();
  const request = route.view === 'notes' ? route.open : undefined;
  useEffect(() => {
    if (request !== undefined) void open(request);
  }, [request, open]);

  const backToList = (): void => setMode({ kind: 'list' });

  if (mode.kind === 'edit') {
    return (
      <section className="view" aria-label="Notes">
        <NoteEditor
          key={mode.note.id}
          initial={mode.note}
          persisted={mode.persisted}
          data={data}
          onClose={backToList}
          onSigned={(note) => setMode({ kind: 'view', note })}
        />
      </section>
    );
  }
  if (mode.kind === 'view') {
    return (
      <section className="view" aria-label="Notes">
        <NoteView key={mode.note.id} note={mode.note} data={data} onClose={backToList} />
      </section>
    );
  }

  return (
    <section aria-labelledby={titleId} className="view notes-screen">
      <header className="view-header row">
        <div>
          <h1 id={titleId}>Notes</h1>
          <p className="muted">
            Session notes are sealed on this laptop as you type. Signed notes can’t be changed, only added to.
          </p>
        </div>
        <button type="button" className="primary" onClick={() => void open({ newFor: {} })}>
          New note
        </button>
      </header>
      <ErrorAlert message={error || data.error} />
      <UnreadableNotice items={data.unreadable} kind="note" />
      <Tabs tab={tab} onChange={setTab} counts={{ drafts: data.drafts.length }} />
      <TabPanel tab={panelTab} data={data} open={open} />
    </section>
  );
}

/** The panel of a tab; memoised, so selecting another tab does not draw the old panel again while the new one is prepared. */
const TabPanel = memo(function TabPanel({
  tab,
  data,
  open,
}: {
  tab: Tab;
  data: NotesData;
  open: (request: NoteRequest) => Promise<void>;
}) {
  return (
    <div role="tabpanel" id={`notes-panel-${tab}`} aria-labelledby={`notes-tab-${tab}`} className="tab-panel">
      {tab === 'backlog' && <Backlog data={data} onOpen={open} />}
      {tab === 'search' && <NoteSearch data={data} onOpen={(noteId) => void open({ noteId })} />}
      {tab === 'drafts' && <Drafts data={data} onOpen={(noteId) => void open({ noteId })} />}
    </div>
  );
});

function Tabs({ tab, onChange, counts }: { tab: Tab; onChange: (tab: Tab) => void; counts: { drafts: number } }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  // Arrow keys move between tabs, as in every tab list screen-reader users know.
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const at = TABS.findIndex((t) => t.id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = TABS[(at + step + TABS.length) % TABS.length]!.id;
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label="Notes sections" className="tabs">
      {TABS.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          type="button"
          role="tab"
          id={`notes-tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls={`notes-panel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          className={tab === t.id ? 'tab active' : 'tab'}
          onClick={() => onChange(t.id)}
          onKeyDown={onKeyDown}
        >
          {t.label}
          {t.id === 'drafts' && counts.drafts > 0 && <span className="count">{counts.drafts}</span>}
        </button>
      ))}
    </div>
  );
}

function Backlog({ data, onOpen }: { data: NotesData; onOpen: (request: NoteRequest) => Promise<void> }) {
  const { settings } = useSession();
  const timeZone = settings.timeZone;
  // Loaded when the tab shows, from clear index fields only; `now` is fixed per load so the list
  // doesn't shift while it is read.
  const past = useNoteBacklog();
  const items = useMemo(
    () => (past.data ? backlogFrom(past.data.inputs, past.data.now, timeZone, { drafts: data.drafts }) : []),
    [past.data, data.drafts, timeZone],
  );
  // With the backlog on screen, the search index starts loading (in its worker), so the Search
  // tab answers at once.
  const backlogShown = past.data !== undefined;
  // Oldest first, a page at a time: years of unwritten notes would otherwise be hundreds of rows to lay out.
  const [shown, setShown] = useState(BACKLOG_PAGE);
  useEffect(() => {
    if (backlogShown) void noteSearchService().start();
  }, [backlogShown]);
  if (past.error) return <ErrorAlert message={past.error} />;
  if (!past.data || !data.namesReady || !data.draftsReady) return <p className="muted">Opening your sessions…</p>;
  if (items.length === 0) {
    return (
      <div className="empty-state">
        <h2>No notes waiting</h2>
        <p>Every session that has taken place has a signed note.</p>
      </div>
    );
  }
  return (
    <>
      <p className="muted" role="status">
        {items.length} {items.length === 1 ? 'session needs' : 'sessions need'} a signed note, oldest first.
        {items.length > shown && ` Showing the first ${shown}.`}
      </p>
      <ul className="list backlog" aria-label="Sessions without a signed note">
        {items.slice(0, shown).map((item) => {
          const a = item.appointment;
          const name = data.ownerName({
            clientId: a.kind === 'group' ? undefined : a.clientId,
            groupId: a.kind === 'group' ? a.groupId : undefined,
          });
          return (
            <li key={a.id} className="list-item backlog-item">
              <div>
                <p className="note-result-title">
                  <strong dir="auto">{name}</strong> · {a.kind === 'group' ? 'Group session' : 'Individual session'}
                </p>
                <p className="muted small">{formatSession(a.start, timeZone)}</p>
              </div>
              <div className="backlog-status">
                {item.draftNoteId !== undefined && <span className="badge">Draft started</span>}
                <span className={item.daysOverdue >= 3 ? 'badge danger' : item.daysOverdue >= 1 ? 'badge warn' : 'badge'}>
                  {overdueText(item.daysOverdue)}
                </span>
                <button type="button" className="primary" onClick={() => void onOpen({ appointmentId: a.id })}>
                  {item.draftNoteId !== undefined ? 'Continue note' : 'Write note'}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {items.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + BACKLOG_PAGE)}>
          Show {Math.min(BACKLOG_PAGE, items.length - shown)} more sessions
        </button>
      )}
    </>
  );
}

function Drafts({ data, onOpen }: { data: NotesData; onOpen: (noteId: string) => void }) {
  const { settings } = useSession();
  const drafts = [...data.drafts].sort((a, b) => b.updatedAt - a.updatedAt);
  if (!data.draftsReady || !data.namesReady) return <p className="muted">Opening your drafts…</p>;
  if (drafts.length === 0) {
    return (
      <div className="empty-state">
        <h2>No drafts</h2>
        <p>Notes you start are kept here, sealed, until you sign them.</p>
      </div>
    );
  }
  return (
    <ul className="list" aria-label="Drafts">
      {drafts.map((draft) => (
        <li key={draft.id} className="list-item">
          <div>
            <p className="note-result-title">
              <strong>{data.ownerName(draft)}</strong> · {formatSession(draft.sessionAt, settings.timeZone)}
            </p>
            <p className="muted small">
              {TEMPLATES[draft.template].name} draft · last saved {formatSession(draft.updatedAt, settings.timeZone)}
            </p>
          </div>
          <button
            type="button"
            onClick={() => onOpen(draft.id)}
            aria-label={`Continue draft: ${data.ownerName(draft)}, ${formatSession(draft.sessionAt, settings.timeZone)}`}
          >
            Continue
          </button>
        </li>
      ))}
    </ul>
  );
}

class OpenNoteError extends Error {}

/** What to show for a request: a signed note to read, a stored draft to continue, or a new draft. */
async function resolveOpenRequest(request: NoteRequest): Promise<Mode> {
  const repos = repositories();
  const now = Date.now();
  if ('noteId' in request) {
    const signed = await repos.notes.get(request.noteId);
    if (signed !== undefined && !isUnreadable(signed)) return { kind: 'view', note: signed };
    const draft = await repos.drafts.get(request.noteId);
    if (draft !== undefined && !isUnreadable(draft)) return { kind: 'edit', note: draft, persisted: true };
    throw new OpenNoteError('This note could not be opened. It may have been discarded, or it is damaged.');
  }
  if ('newFor' in request) {
    const audience = request.newFor.groupId !== undefined ? 'group' : 'individual';
    return { kind: 'edit', note: newDraft({ now, audience, ...request.newFor }), persisted: false };
  }
  const { records: signed } = await repos.notes.query((t) => t.where('appointmentId').equals(request.appointmentId));
  const done = signed.find((note) => note.status === 'signed');
  if (done !== undefined) return { kind: 'view', note: done };
  // Drafts keep only their save time in clear, so finding one by session means opening them all; there are few.
  const { records: drafts } = await repos.drafts.all();
  const draft = drafts.find((note) => note.appointmentId === request.appointmentId);
  if (draft !== undefined) return { kind: 'edit', note: draft, persisted: true };
  const appointment = await repos.appointments.get(request.appointmentId);
  if (appointment === undefined || isUnreadable(appointment)) {
    throw new OpenNoteError('That session could not be found, so no note was started.');
  }
  return {
    kind: 'edit',
    note: newDraft({ now, audience: appointment.kind === 'group' ? 'group' : 'individual', appointment }),
    persisted: false,
  };
}
