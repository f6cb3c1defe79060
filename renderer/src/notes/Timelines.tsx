/**
 * Timelines the client and group pages embed. A client's timeline holds their individual
 * notes, their own sections of group notes (never another member's) and their measures; a
 * group's timeline holds its group notes with the group-wide sections only.
 */
import { unprintableNotice } from '../ui/unprintable';
import { useEffect, useMemo, useState } from 'react';
import type { Group, Measure, Note } from '../../../shared/records';
import { scoreMeasure } from '../../../shared/measures/scoring';
import { attendeeSectionFor, groupNoteForMember } from '../../../shared/notes/privacy';
import { TEMPLATES } from '../../../shared/notes/templates';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import type { SealedRow } from '../data/db';
import { repositories } from '../data/repositories';
import type { Repositories } from '../data/repositories';
import type { Opened, Unreadable } from '../data/repository';
import { useRecords } from '../data/useRecords';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { NoteBody } from './NoteBody';
import { pdfDateFormat } from '../../../shared/locale/format';
import { formatSession, isoDay, mergeNotes, pdfNoteOf } from './note-model';
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
  /** Every entry, newest first; only those shown so far are opened. */
  refs: TimelineRef[];
  groupName: Map<string, string>;
}

/**
 * Lists a client's timeline from clear index fields (which notes, when), opening only the
 * measures and drafts (few). Notes are opened a page at a time by `openEntries`, so a client
 * with ten years of notes opens in the time it takes to open twenty.
 */
async function listClientTimeline(repos: Repositories, clientId: string): Promise<Opened<ClientTimeline>> {
  // The client's memberships are read once: their clear fields name the groups, whose notes are
  // read while the memberships themselves are opened (for the notice of any that cannot be read).
  const membershipRows = repos.memberships.rows((t) => t.where('clientId').equals(clientId));
  const groupsOfClient = async (): Promise<{ rows: SealedRow[]; groups: Opened<Group> }> => {
    const rows = await membershipRows;
    const groupIds = [...new Set(rows.flatMap((row) => (typeof row.groupId === 'string' ? [row.groupId] : [])))];
    if (groupIds.length === 0) return { rows: [], groups: { records: [], unreadable: [] } };
    const [groupRows, groups] = await Promise.all([
      repos.notes.rowsWhereAnyOf('groupId', groupIds),
      repos.groups.byIds(groupIds),
    ]);
    return { rows: groupRows, groups };
  };
  const [own, drafts, memberships, measures, inGroups] = await Promise.all([
    repos.notes.rows((t) => t.where('clientId').equals(clientId)),
    repos.drafts.all(),
    membershipRows.then((rows) => repos.memberships.openRows(rows)),
    repos.measures.query((t) => t.where('clientId').equals(clientId)),
    groupsOfClient(),
  ]);
  const { rows: groupRows, groups } = inGroups;
  const ownDrafts = drafts.records.filter((d) => d.clientId === clientId && d.groupId === undefined);
  const signedIds = new Set(own.map((row) => row.id));
  const at = (row: SealedRow): number => (typeof row.sessionAt === 'number' ? row.sessionAt : 0);
  const refs: TimelineRef[] = [
    ...own.map((row): TimelineRef => ({ kind: 'note', at: at(row), row })),
    // Only signed group notes are filed on members' records.
    ...groupRows.filter((row) => row.status === 'signed').map((row): TimelineRef => ({ kind: 'group-note', at: at(row), row })),
    ...ownDrafts
      .filter((d) => !signedIds.has(d.id))
      .map((note): TimelineRef => ({ kind: 'ready', at: note.sessionAt, entry: { kind: 'note', at: note.sessionAt, note } })),
    ...measures.records.map((measure): TimelineRef => ({
      kind: 'ready',
      at: measure.takenAt,
      entry: { kind: 'measure', at: measure.takenAt, measure },
    })),
  ].sort((a, b) => b.at - a.at);
  return {
    records: [{ refs, groupName: new Map(groups.records.map((g) => [g.id, g.name])) }],
    unreadable: [...memberships.unreadable, ...measures.unreadable],
  };
}

/**
 * Opens timeline entries from `from` until `count` are ready or the list ends. Group notes are
 * reduced to this client's view as they are opened, and left out where the client has no
 * section of their own (so a page may need to open a few more).
 */
async function openEntries(
  repos: Repositories,
  timeline: ClientTimeline,
  clientId: string,
  from: number,
  count: number,
): Promise<{ entries: TimelineEntry[]; next: number; unreadable: Unreadable[] }> {
  const entries: TimelineEntry[] = [];
  const unreadable: Unreadable[] = [];
  let next = from;
  let batch = 0;
  while (entries.length < count && next < timeline.refs.length) {
    // What is still wanted, or twice the last batch when group notes without this client's
    // section left it short: a client who left busy groups years ago is not one round trip to
    // main per handful of notes.
    batch = Math.max(count - entries.length, 5, Math.min(batch * 2, OPEN_AHEAD_MAX));
    const slice = timeline.refs.slice(next, next + batch);
    const rows = slice.flatMap((ref) => (ref.kind === 'ready' ? [] : [ref.row]));
    const opened = await repos.notes.openRows(rows);
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
          groupName: timeline.groupName.get(note.groupId ?? '') ?? 'A group',
        });
      }
    }
  }
  return { entries, next, unreadable };
}

export function ClientNotesTimeline({ clientId }: { clientId: string }) {
  const { settings } = useSession();
  const navigate = useNavigate();
  const timeZone = settings.timeZone;
  const listed = useRecords<ClientTimeline & { id: string }>(
    async (repos) => {
      const opened = await listClientTimeline(repos, clientId);
      return { records: opened.records.map((r) => ({ ...r, id: clientId })), unreadable: opened.unreadable };
    },
    [clientId],
  );
  const client = useRecords((r) => r.clients.byIds([clientId]), [clientId]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const timeline = listed.records[0];
  const clientName = client.records[0]?.name ?? 'this client';
  const [wanted, setWanted] = useState(TIMELINE_PAGE);
  const [page, setPage] = useState<{ of: ClientTimeline; entries: TimelineEntry[]; next: number; unreadable: Unreadable[] }>();
  useEffect(() => {
    if (timeline === undefined) return;
    let live = true;
    openEntries(repositories(), timeline, clientId, 0, wanted).then(
      (opened) => live && setPage({ of: timeline, ...opened }),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [timeline, clientId, wanted]);
  const entries = page?.entries ?? [];
  const hasOlder = page !== undefined && page.next < page.of.refs.length;

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
      <UnreadableNotice items={[...listed.unreadable, ...(page?.unreadable ?? [])]} kind="record" />
      {listed.loading || page === undefined ? (
        <p className="muted">Opening notes…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No notes or measures yet.</p>
      ) : (
        <ol className="timeline-list" aria-label={`Timeline for ${clientName}`}>
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
      {hasOlder && (
        <button type="button" onClick={() => setWanted((n) => n + TIMELINE_PAGE)}>
          Show older entries
        </button>
      )}
    </div>
  );
}

export function GroupNotesTimeline({ groupId }: { groupId: string }) {
  const { settings } = useSession();
  const navigate = useNavigate();
  const timeZone = settings.timeZone;
  const signed = useRecords((r) => r.notes.query((t) => t.where('groupId').equals(groupId)), [groupId]);
  const drafts = useRecords((r) => r.drafts.all());
  const notes = useMemo(
    () =>
      mergeNotes(
        signed.records,
        drafts.records.filter((d) => d.groupId === groupId),
      ).sort((a, b) => b.sessionAt - a.sessionAt),
    [signed.records, drafts.records, groupId],
  );
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
      <ErrorAlert message={signed.error || drafts.error} />
      <UnreadableNotice items={signed.unreadable} kind="note" />
      {signed.loading ? (
        <p className="muted">Opening notes…</p>
      ) : notes.length === 0 ? (
        <p className="muted">No group notes yet.</p>
      ) : (
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
