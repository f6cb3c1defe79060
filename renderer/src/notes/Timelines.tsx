/**
 * Timelines the client and group pages embed. A client's timeline holds their individual
 * notes, their own sections of group notes (never another member's) and their measures; a
 * group's timeline holds its group notes with the group-wide sections only.
 */
import { unprintableNotice } from '../ui/unprintable';
import { useEffect, useState } from 'react';
import type { Measure, Note } from '../../../shared/records';
import { scoreMeasure } from '../../../shared/measures/scoring';
import { attendeeSectionFor, groupNoteForMember } from '../../../shared/notes/privacy';
import { TEMPLATES } from '../../../shared/notes/templates';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import type { SealedRow } from '../data/db';
import { sessionAtOf } from '../data/db';
import { repositories } from '../data/repositories';
import type { Repositories } from '../data/repositories';
import type { Opened, Unreadable } from '../data/repository';
import { useLoad, useRecords } from '../data/useRecords';
import { NewestFirstMerge, batchedSource, listSource } from './newest-first';
import { sectionHoldersIfLoaded } from './search/search-service';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { NoteBody } from './NoteBody';
import { pdfDateFormat } from '../../../shared/locale/format';
import { formatSession, isoDay, pdfNoteOf } from './note-model';
import { useNavigate } from '../navigation/navigation';
import { newNoteFor, noteById } from '../navigation/route';
import { ErrorAlert } from '../ui/ErrorAlert';

type TimelineEntry =
  | { kind: 'note'; at: number; note: Note }
  | { kind: 'group-note'; at: number; note: Note; groupName: string }
  | { kind: 'measure'; at: number; measure: Measure };

/** Entries shown at first, and added by each "Show older entries". */
export const TIMELINE_PAGE = 20;

/** The most notes opened at once while looking for entries of this client's own (see openEntries). */
const OPEN_AHEAD_MAX = 160;

/** A timeline entry before it is opened: a sealed note row, ordered by its clear session time. */
type TimelineRef =
  | { kind: 'note'; at: number; row: SealedRow }
  | { kind: 'group-note'; at: number; row: SealedRow }
  | { kind: 'ready'; at: number; entry: TimelineEntry };

interface ClientTimeline {
  /** Every entry, newest first, merged from its sources only as far as asked; only those shown are opened. */
  merged: NewestFirstMerge<TimelineRef>;
  /** The client's groups' names, opened while the first page is: only group-note entries need them. */
  groupNames: Promise<Map<string, string>>;
}

/**
 * Lists a client's timeline from clear index fields (which notes, when): their own notes and each
 * of their groups' notes are read newest first by [clientId+sessionAt] and [groupId+sessionAt],
 * only as far as the page shown needs. Measures and drafts (few) are opened whole. Notes are opened
 * a page at a time by `openEntries`, so a client with ten years of notes opens in the time it
 * takes to read and open twenty.
 */
async function listClientTimeline(repos: Repositories, clientId: string): Promise<Opened<ClientTimeline>> {
  // The client's memberships are read once: their clear fields name the groups, which are opened
  // while the memberships themselves are (for the notice of any that cannot be read).
  const membershipRows = repos.memberships.rows((t) => t.where('clientId').equals(clientId));
  const groupIdsOf = (rows: SealedRow[]): string[] => [
    ...new Set(rows.flatMap((row) => (typeof row.groupId === 'string' ? [row.groupId] : []))),
  ];
  const ownDraftsOf = async (): Promise<Note[]> => {
    const drafts = (await repos.drafts.all()).records.filter((d) => d.clientId === clientId && d.groupId === undefined);
    // A draft of a note already in the notes table is shown as that note.
    const saved = await repos.notes.rowsByIds(drafts.map((d) => d.id));
    const savedIds = new Set(saved.filter((row) => row.clientId === clientId).map((row) => row.id));
    return drafts.filter((d) => !savedIds.has(d.id));
  };
  /** Groups the client is a member of now, by their memberships' clear status (only how much is read first depends on it). */
  const currentGroupsOf = (rows: SealedRow[]): Set<string> =>
    new Set(rows.flatMap((row) => (row.status === 'member' && typeof row.groupId === 'string' ? [row.groupId] : [])));
  const notesOf = (index: string, key: string, kind: 'note' | 'group-note', first: number) =>
    batchedSource<SealedRow, TimelineRef>(
      repos.notes.newestFirst(index, key, 'sessionAt'),
      // Only signed group notes are filed on members' records.
      (row) => (kind === 'group-note' && row.status !== 'signed' ? undefined : { kind, at: sessionAtOf(row), row }),
      // Read on ahead of need as the page takes from a source (batchedSource), doubling each time.
      { first },
    );
  // The newest notes of the client and of each of their groups are read while the measures,
  // drafts and memberships are being opened. The client's own notes fill most of a page, and so
  // may a group they are in now (its weekly notes): each is read a page at a time from the first,
  // since a group read two at a time took four reads one after another, each waiting its turn in
  // IndexedDB behind the page's other panels, to fill a ten-year client's first page. A group
  // they have left is read two at a time at first: its newest notes are older than the page, most
  // often, and are then read for that newest alone.
  const noteSources = membershipRows.then((rows) => {
    const current = currentGroupsOf(rows);
    const sources = [
      notesOf('[clientId+sessionAt]', clientId, 'note', TIMELINE_PAGE),
      ...groupIdsOf(rows).map((groupId) =>
        notesOf('[groupId+sessionAt]', groupId, 'group-note', current.has(groupId) ? TIMELINE_PAGE : 2),
      ),
    ];
    for (const source of sources) source.peek().catch(() => undefined);
    return sources;
  });
  const groupNames = membershipRows
    .then((rows) => repos.groups.byIds(groupIdsOf(rows)))
    .then((groups) => new Map(groups.records.map((g) => [g.id, g.name])));
  groupNames.catch(() => undefined); // awaited by openEntries, which reports a failure
  const [sources, ownDrafts, memberships, measures] = await Promise.all([
    noteSources,
    ownDraftsOf(),
    membershipRows.then((rows) => repos.memberships.openRows(rows)),
    repos.measures.query((t) => t.where('clientId').equals(clientId)),
  ]);
  const ready: TimelineRef[] = [
    ...ownDrafts.map((note): TimelineRef => ({
      kind: 'ready',
      at: note.sessionAt,
      entry: { kind: 'note', at: note.sessionAt, note },
    })),
    ...measures.records.map((measure): TimelineRef => ({
      kind: 'ready',
      at: measure.takenAt,
      entry: { kind: 'measure', at: measure.takenAt, measure },
    })),
  ];
  const merged = new NewestFirstMerge<TimelineRef>([...sources, listSource(ready)]);
  return {
    records: [{ merged, groupNames }],
    unreadable: [...memberships.unreadable, ...measures.unreadable],
  };
}

/** How many of the `count` refs from `from` (merged so far) are group notes. */
function countGroupNotes(refs: readonly TimelineRef[], from: number, count: number): number {
  let n = 0;
  for (let i = from; i < Math.min(refs.length, from + count); i++) if (refs[i]!.kind === 'group-note') n += 1;
  return Math.min(n, OPEN_AHEAD_MAX);
}

/**
 * How many entries the next batch reads and opens, when `wanted` more are to show. The first
 * (`last` 0) opens one more for each group note in the page, since some of those will hold no
 * section of this client's. A later batch follows what the last one found: at the rate it found
 * entries, half as many again (a page short by four reads about ten, not fifty); twice the last
 * batch when it found none, so a client who left busy groups years ago is not one round trip to
 * main per handful of notes.
 */
function nextBatch(last: number, found: number, wanted: number, groupNotesInPage: number): number {
  // The whole record (an export): everything at once, as one request to open.
  if (!Number.isFinite(wanted)) return wanted;
  const size = last === 0 ? wanted + groupNotesInPage : found === 0 ? last * 2 : Math.ceil(((wanted * last) / found) * 1.5);
  return Math.min(Math.max(size, 5), OPEN_AHEAD_MAX);
}

/**
 * Marks the group notes of `refs` that hold no section of this client's, when the search index
 * is loaded and can say so (see NoteSearchService.sectionHolders), so they are not opened; and
 * ends the list at the `wanted`-th entry that will show, so no more are opened than the page
 * needs. Without the index every group note is opened to look.
 */
async function withoutOthersGroupNotes(
  refs: readonly TimelineRef[],
  clientId: string,
  wanted: number,
): Promise<(TimelineRef & { skip?: boolean })[]> {
  const groupNoteIds = refs.flatMap((ref) => (ref.kind === 'group-note' ? [ref.row.id] : []));
  const holders = await sectionHoldersIfLoaded(groupNoteIds);
  if (holders === undefined) return [...refs];
  const out: (TimelineRef & { skip?: boolean })[] = [];
  let shown = 0;
  for (const ref of refs) {
    if (shown === wanted) break;
    const members = ref.kind === 'group-note' ? holders.get(ref.row.id) : undefined;
    const skip = members !== undefined && !members.includes(clientId);
    out.push(skip ? { ...ref, skip } : ref);
    if (!skip) shown += 1;
  }
  return out;
}

/**
 * Opens timeline entries from `from` until `count` are ready or the timeline ends. Group notes are
 * reduced to this client's view as they are opened, and left out where the client has no section
 * of their own (so a page may need to open a few more). `more`: whether older entries remain.
 */
async function openEntries(
  repos: Repositories,
  timeline: ClientTimeline,
  clientId: string,
  from: number,
  count: number,
  /** Aborted once the page has moved on: no more is read or opened for it. */
  signal?: AbortSignal,
  /** Told the entries so far after each batch that leaves the page short, so they can be shown meanwhile. */
  onBatch?: (entries: readonly TimelineEntry[]) => void,
): Promise<{ entries: TimelineEntry[]; next: number; more: boolean; unreadable: Unreadable[] }> {
  const entries: TimelineEntry[] = [];
  const unreadable: Unreadable[] = [];
  const refs = timeline.merged.entries;
  let next = from;
  let batch = 0;
  let found = 0;
  if (Number.isFinite(count)) await timeline.merged.ensure(from + count);
  for (;;) {
    if (entries.length >= count) break;
    signal?.throwIfAborted();
    batch = nextBatch(batch, found, count - entries.length, batch === 0 ? countGroupNotes(refs, next, count) : 0);
    const before = entries.length;
    await timeline.merged.ensure(Math.min(next + batch, Number.MAX_SAFE_INTEGER));
    if (next >= refs.length) break;
    const slice = await withoutOthersGroupNotes(refs.slice(next, next + batch), clientId, count - entries.length);
    const rows = slice.flatMap((ref) => (ref.kind === 'ready' || ref.skip === true ? [] : [ref.row]));
    const opened = await repos.notes.openRows(rows);
    const groupNames = await timeline.groupNames;
    unreadable.push(...opened.unreadable);
    const byId = new Map(opened.records.map((note) => [note.id, note]));
    for (const ref of slice) {
      if (entries.length === count) break;
      next += 1;
      if (ref.kind === 'ready') {
        entries.push(ref.entry);
        continue;
      }
      const note = byId.get(ref.row.id);
      if (note === undefined) continue;
      if (ref.kind === 'note') entries.push({ kind: 'note', at: ref.at, note });
      else if ((attendeeSectionFor(note, clientId) ?? '').trim() !== '') {
        entries.push({
          kind: 'group-note',
          at: ref.at,
          note: groupNoteForMember(note, clientId),
          groupName: groupNames.get(note.groupId ?? '') ?? 'A group',
        });
      }
    }
    found = entries.length - before;
    // Entries found later are all older than these, so what is shown now only grows below.
    if (entries.length < count && entries.length > 0) onBatch?.([...entries]);
  }
  await timeline.merged.ensure(next + 1);
  return { entries, next, more: next < refs.length, unreadable };
}

export function ClientNotesTimeline({ clientId }: { clientId: string }) {
  const { settings } = useSession();
  const navigate = useNavigate();
  const timeZone = settings.timeZone;
  // The first page is opened with the listing. When group notes without a section of this
  // client's leave its first batch short, what that batch found is shown while the rest is opened.
  const [early, setEarly] = useState<{ clientId: string; entries: readonly TimelineEntry[] }>();
  const listed = useRecords<ClientTimeline & { id: string; first: Awaited<ReturnType<typeof openEntries>> }>(
    async (repos, signal) => {
      const opened = await listClientTimeline(repos, clientId);
      // What an earlier load (before a save) found is not shown while this one opens.
      setEarly(undefined);
      const showEarly = (entries: readonly TimelineEntry[]): void => {
        if (!signal.aborted) setEarly({ clientId, entries });
      };
      const records = await Promise.all(
        opened.records.map(async (r) => ({
          ...r,
          id: clientId,
          first: await openEntries(repos, r, clientId, 0, TIMELINE_PAGE, signal, showEarly),
        })),
      );
      return { records, unreadable: opened.unreadable };
    },
    [clientId],
  );
  const client = useRecords((r) => r.clients.byIds([clientId]), [clientId]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const timeline = listed.records[0];
  const clientName = client.records[0]?.name ?? 'this client';
  const [wanted, setWanted] = useState(TIMELINE_PAGE);
  const [page, setPage] = useState<{
    of: ClientTimeline;
    entries: TimelineEntry[];
    next: number;
    more: boolean;
    unreadable: Unreadable[];
  }>();
  useEffect(() => {
    if (timeline === undefined || wanted <= TIMELINE_PAGE) return;
    let live = true;
    const moved = new AbortController();
    openEntries(repositories(), timeline, clientId, 0, wanted, moved.signal).then(
      (opened) => live && setPage({ of: timeline, ...opened }),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
      moved.abort();
    };
  }, [timeline, clientId, wanted]);
  // The first page stays on screen while a longer one is opened (and if opening it fails).
  const shown =
    timeline === undefined ? page : wanted > TIMELINE_PAGE && page !== undefined ? page : { of: timeline, ...timeline.first };
  const opening = listed.loading || shown === undefined;
  const entries = opening ? (early?.clientId === clientId ? early.entries : []) : shown.entries;
  const hasOlder = !opening && shown.more;
  // Entries are shown while more are opened (see `early`); a failure ends the wait, with its message.
  const openingMore = opening && entries.length > 0 && listed.error === '';

  const exportRecord = async (): Promise<void> => {
    setMessage('');
    setError('');
    if (timeline === undefined) return;
    // The export is the whole record, so it opens every entry (the screen shows a page at a time).
    const all = (await openEntries(repositories(), timeline, clientId, 0, Infinity)).entries;
    const signed = all
      .flatMap((entry) => (entry.kind !== 'measure' && entry.note.status === 'signed' ? [entry.note] : []))
      .sort((a, b) => a.sessionAt - b.sessionAt);
    if (signed.length === 0) return setError('There are no signed notes to export yet.');
    try {
      const names = new Map([[clientId, clientName]]);
      const result = await unwrap(
        api().export.notesPdf({
          request: {
            paperSize: settings.paperSize,
            timeZone,
            format: pdfDateFormat(),
            title: `Clinical record: ${clientName}`,
            generatedOn: isoDay(Date.now(), timeZone),
            notes: signed.map((note) => pdfNoteOf(note, { names, forClientId: clientId })),
          },
          destination: 'save',
          // No name in the file name: file names show up in recent-file lists and backups unencrypted.
          suggestedName: `Clinical record ${isoDay(Date.now(), timeZone)}.pdf`,
          audit: { kind: 'note', recordIds: signed.map((n) => n.id) },
        }),
      );
      if (result.saved)
        setMessage(
          `Exported ${signed.length} ${signed.length === 1 ? 'note' : 'notes'}.${unprintableNotice(result.unprintable)}`,
        );
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    // The page that embeds the timeline gives it its heading.
    <div className="timeline">
      <div className="timeline-header">
        <p className="muted small">Individual notes, this client’s own sections of group notes, and measures, newest first.</p>
        <div className="toolbar">
          <button type="button" onClick={() => navigate(newNoteFor({ clientId }))}>
            New note
          </button>
          <button type="button" onClick={() => void exportRecord()}>
            Export record as PDF
          </button>
        </div>
      </div>
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      <ErrorAlert message={error || listed.error} />
      <UnreadableNotice items={[...listed.unreadable, ...(shown?.unreadable ?? [])]} kind="record" />
      {opening && entries.length === 0 ? (
        listed.error === '' && <p className="muted">Opening notes…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No notes or measures yet.</p>
      ) : (
        <ol className="timeline-list" aria-label={`Timeline for ${clientName}`} aria-busy={openingMore}>
          {entries.map((entry) => (
            <li
              key={entry.kind === 'measure' ? `m-${entry.measure.id}` : `n-${entry.note.id}`}
              className={`timeline-entry ${entry.kind}`}
            >
              {entry.kind === 'measure' ? (
                <MeasureEntry measure={entry.measure} timeZone={timeZone} />
              ) : (
                <NoteEntry
                  note={entry.note}
                  title={
                    entry.kind === 'group-note'
                      ? `${entry.groupName} (group session)`
                      : `${TEMPLATES[entry.note.template].name} note`
                  }
                  scope={{ kind: 'member', clientId }}
                  clientName={() => clientName}
                  timeZone={timeZone}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {/* Always there, so screen readers announce the words when they appear. */}
      <p className="muted small" role="status">
        {openingMore ? 'Opening more entries…' : ''}
      </p>
      {hasOlder && (
        <button type="button" onClick={() => setWanted((n) => n + TIMELINE_PAGE)}>
          Show older entries
        </button>
      )}
    </div>
  );
}

/**
 * A group's notes and drafts, newest first, of which the first `wanted` are read and opened: the
 * notes by [groupId+sessionAt] (clear), counted from the groupId index alone.
 */
async function loadGroupNotes(
  repos: Repositories,
  groupId: string,
  wanted: number,
): Promise<{ notes: Note[]; total: number; unreadable: Unreadable[] }> {
  const [count, drafts] = await Promise.all([
    repos.notes.count((t) => t.where('groupId').equals(groupId)),
    repos.drafts.all().then((opened) => opened.records.filter((d) => d.groupId === groupId)),
  ]);
  // A note saved in the notes table wins over a draft of the same id.
  const saved = new Set((await repos.notes.rowsByIds(drafts.map((d) => d.id))).map((row) => row.id));
  const unsaved = drafts.filter((d) => !saved.has(d.id));
  type Ref = { at: number; row: SealedRow } | { at: number; note: Note };
  const merged = new NewestFirstMerge<Ref>([
    batchedSource<SealedRow, Ref>(
      repos.notes.newestFirst('[groupId+sessionAt]', groupId, 'sessionAt'),
      (row) => ({ at: sessionAtOf(row), row }),
      { first: wanted },
    ),
    listSource(unsaved.map((note): Ref => ({ at: note.sessionAt, note }))),
  ]);
  await merged.ensure(wanted);
  const shown = merged.entries.slice(0, wanted);
  const opened = await repos.notes.openRows(shown.flatMap((ref) => ('row' in ref ? [ref.row] : [])));
  const byId = new Map(opened.records.map((note) => [note.id, note]));
  const notes = shown.flatMap((ref) => {
    const note = 'row' in ref ? byId.get(ref.row.id) : ref.note;
    return note === undefined ? [] : [note];
  });
  return { notes, total: count + unsaved.length, unreadable: opened.unreadable };
}

/** `onListed` is called once the first page of notes is on screen (or could not be). */
export function GroupNotesTimeline({ groupId, onListed }: { groupId: string; onListed?: () => void }) {
  const { settings } = useSession();
  const navigate = useNavigate();
  const timeZone = settings.timeZone;
  // Ten years of a weekly group is five hundred notes: they are listed from their clear session
  // times and opened a page at a time.
  const [wanted, setWanted] = useState(TIMELINE_PAGE);
  const listed = useLoad((repos) => loadGroupNotes(repos, groupId, wanted), [groupId, wanted]);
  const notes = listed.data?.notes ?? [];
  const total = listed.data?.total ?? 0;
  useEffect(() => {
    if (!listed.loading) onListed?.();
  }, [listed.loading, onListed]);
  return (
    <div className="timeline">
      <div className="timeline-header">
        <p className="muted small">
          Members’ individual sections are filed on their own records and open with the full note only.
        </p>
        <div className="toolbar">
          <button type="button" onClick={() => navigate(newNoteFor({ groupId }))}>
            New group note
          </button>
        </div>
      </div>
      <ErrorAlert message={listed.error} />
      <UnreadableNotice items={listed.data?.unreadable ?? []} kind="note" />
      {listed.loading ? (
        <p className="muted">Opening notes…</p>
      ) : total === 0 ? (
        <p className="muted">No group notes yet.</p>
      ) : (
        <>
          <ol className="timeline-list" aria-label="Group notes">
            {notes.map((note) => (
              <li key={note.id} className="timeline-entry group-note">
                <NoteEntry
                  note={note}
                  title={`${TEMPLATES[note.template].name} note`}
                  scope={{ kind: 'none' }}
                  clientName={() => ''}
                  timeZone={timeZone}
                  extra={`${Object.values(note.attendeeSections).filter((t) => t.trim() !== '').length} individual sections`}
                />
              </li>
            ))}
          </ol>
          <p className="muted small" role="status">
            {total > notes.length
              ? `Showing the newest ${notes.length} of ${total} group notes.`
              : `${total} group ${total === 1 ? 'note' : 'notes'}.`}
          </p>
          {total > wanted && (
            <button type="button" onClick={() => setWanted((n) => n + TIMELINE_PAGE)}>
              Show older notes
            </button>
          )}
        </>
      )}
    </div>
  );
}

interface NoteEntryProps {
  note: Note;
  title: string;
  scope: Parameters<typeof NoteBody>[0]['scope'];
  clientName: (clientId: string) => string;
  timeZone: string;
  extra?: string;
}

function NoteEntry({ note, title, scope, clientName, timeZone, extra }: NoteEntryProps) {
  const navigate = useNavigate();
  return (
    <details className="timeline-details">
      <summary>
        <span className="timeline-date">{formatSession(note.sessionAt, timeZone)}</span>
        <span className="timeline-title">{title}</span>
        <span className={note.status === 'signed' ? 'badge ok' : 'badge'}>{note.status === 'signed' ? 'Signed' : 'Draft'}</span>
        {note.risk.level !== 'none' && <span className={`risk-badge risk-${note.risk.level}`}>Risk {note.risk.level}</span>}
        {extra && <span className="muted small">{extra}</span>}
      </summary>
      <NoteBody note={note} scope={scope} clientName={clientName} timeZone={timeZone} level={4} />
      <div className="actions">
        <button type="button" onClick={() => navigate(noteById(note.id))}>
          {note.status === 'signed' ? 'Open note' : 'Continue draft'}
        </button>
      </div>
    </details>
  );
}

function MeasureEntry({ measure, timeZone }: { measure: Measure; timeZone: string }) {
  let summary: string;
  try {
    const score = scoreMeasure(measure.kind, measure.items);
    summary = `${score.total} (${score.bandLabel.toLowerCase()})`;
  } catch {
    summary = 'could not be scored';
  }
  return (
    <div className="timeline-measure">
      <span className="timeline-date">{formatSession(measure.takenAt, timeZone)}</span>
      <span className="timeline-title">
        {measure.kind}: {summary}
      </span>
    </div>
  );
}
