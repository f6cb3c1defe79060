/**
 * Timelines the client and group pages embed. A client's timeline holds their individual
 * notes, their own sections of group notes (never another member's) and their measures; a
 * group's timeline holds its group notes with the group-wide sections only.
 */
import { useMemo, useState } from 'react';
import type { Measure, Note } from '../../../shared/records';
import { scoreMeasure } from '../../../shared/measures/scoring';
import { attendeeSectionFor, groupNoteForMember } from '../../../shared/notes/privacy';
import { TEMPLATES } from '../../../shared/notes/templates';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import type { Repositories } from '../data/repositories';
import type { Opened } from '../data/repository';
import { useRecords } from '../data/useRecords';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { NoteBody } from './NoteBody';
import { formatSession, isoDay, mergeNotes, pdfNoteOf } from './note-model';
import { openNote, startNoteFor } from './open-note';
import { ErrorAlert } from '../ui/ErrorAlert';

type TimelineEntry =
  | { kind: 'note'; at: number; note: Note }
  | { kind: 'group-note'; at: number; note: Note; groupName: string }
  | { kind: 'measure'; at: number; measure: Measure };

interface ClientTimelineData {
  notes: Note[];
  groupNotes: { note: Note; groupName: string }[];
  measures: Measure[];
}

/** Loads a client's records; group notes are reduced to this client's view before they leave this function. */
async function loadClientTimeline(repos: Repositories, clientId: string): Promise<Opened<ClientTimelineData>> {
  const [own, drafts, memberships, measures] = await Promise.all([
    repos.notes.query((t) => t.where('clientId').equals(clientId)),
    repos.drafts.all(),
    repos.memberships.query((t) => t.where('clientId').equals(clientId)),
    repos.measures.query((t) => t.where('clientId').equals(clientId)),
  ]);
  const groupIds = [...new Set(memberships.records.map((m) => m.groupId))];
  const [groupNotes, groups] =
    groupIds.length === 0
      ? [
          { records: [], unreadable: [] },
          { records: [], unreadable: [] },
        ]
      : await Promise.all([repos.notes.query((t) => t.where('groupId').anyOf(groupIds)), repos.groups.byIds(groupIds)]);
  const groupName = new Map(groups.records.map((g) => [g.id, g.name]));
  return {
    records: [
      {
        notes: mergeNotes(
          own.records,
          drafts.records.filter((d) => d.clientId === clientId && d.groupId === undefined),
        ),
        groupNotes: groupNotes.records
          .filter((note) => note.status === 'signed' && (attendeeSectionFor(note, clientId) ?? '').trim() !== '')
          .map((note) => ({
            note: groupNoteForMember(note, clientId),
            groupName: groupName.get(note.groupId ?? '') ?? 'A group',
          })),
        measures: measures.records,
      },
    ],
    unreadable: [...own.unreadable, ...groupNotes.unreadable, ...measures.unreadable],
  };
}

export function ClientNotesTimeline({ clientId }: { clientId: string }) {
  const { settings } = useSession();
  const timeZone = settings.timeZone;
  const loaded = useRecords<ClientTimelineData & { id: string }>(
    async (repos) => {
      const opened = await loadClientTimeline(repos, clientId);
      return { records: opened.records.map((r) => ({ ...r, id: clientId })), unreadable: opened.unreadable };
    },
    [clientId],
  );
  const client = useRecords((r) => r.clients.byIds([clientId]), [clientId]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const timeline = loaded.records[0];
  const clientName = client.records[0]?.name ?? 'this client';

  const entries = useMemo((): TimelineEntry[] => {
    if (timeline === undefined) return [];
    return [
      ...timeline.notes.map((note): TimelineEntry => ({ kind: 'note', at: note.sessionAt, note })),
      ...timeline.groupNotes.map(({ note, groupName }): TimelineEntry => ({
        kind: 'group-note',
        at: note.sessionAt,
        note,
        groupName,
      })),
      ...timeline.measures.map((measure): TimelineEntry => ({ kind: 'measure', at: measure.takenAt, measure })),
    ].sort((a, b) => b.at - a.at);
  }, [timeline]);

  const exportRecord = async (): Promise<void> => {
    setMessage('');
    setError('');
    if (timeline === undefined) return;
    const signed = [...timeline.notes.filter((n) => n.status === 'signed'), ...timeline.groupNotes.map((g) => g.note)].sort(
      (a, b) => a.sessionAt - b.sessionAt,
    );
    if (signed.length === 0) return setError('There are no signed notes to export yet.');
    try {
      const names = new Map([[clientId, clientName]]);
      const result = await unwrap(
        api().export.notesPdf({
          request: {
            paperSize: settings.paperSize,
            timeZone,
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
      if (result.saved) setMessage(`Exported ${signed.length} ${signed.length === 1 ? 'note' : 'notes'}.`);
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
          <button type="button" onClick={() => startNoteFor({ clientId })}>
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
      <ErrorAlert message={error || loaded.error} />
      <UnreadableNotice items={loaded.unreadable} kind="record" />
      {loaded.loading ? (
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
    </div>
  );
}

export function GroupNotesTimeline({ groupId }: { groupId: string }) {
  const { settings } = useSession();
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
          <button type="button" onClick={() => startNoteFor({ groupId })}>
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
        <button type="button" onClick={() => openNote(note.id)}>
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
