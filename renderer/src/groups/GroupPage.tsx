import { useCallback, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { currentMembers, waitlistOf } from '../../../shared/groups/roster';
import { describeRule, formatClock, formatDay } from '../../../shared/scheduling';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { setGroupArchived } from './actions';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { GroupMeasuresAggregate } from '../measures/GroupMeasuresAggregate';
import { GroupNotesTimeline } from '../notes/Timelines';
import { AgreementPanel } from './AgreementPanel';
import { AttendancePanel } from './AttendancePanel';
import { GroupFormDialog } from './GroupForm';
import { describeError } from './messages';
import { RosterPanel } from './RosterPanel';
import { useGroupWorkspace } from './useGroupWorkspace';
import type { GroupWorkspace } from './useGroupWorkspace';
import { ErrorAlert } from '../ui/ErrorAlert';

const TABS = [
  { id: 'details', label: 'Details' },
  { id: 'roster', label: 'Roster' },
  { id: 'attendance', label: 'Sessions & attendance' },
  { id: 'agreement', label: 'Agreement' },
  { id: 'notes', label: 'Notes & outcomes' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** One group: a tab per job the clinician does with it. */
export function GroupPage({
  groupId,
  onBack,
  onMessage,
}: {
  groupId: string;
  onBack: () => void;
  onMessage: (text: string) => void;
}) {
  const workspace = useGroupWorkspace(groupId);
  const [tab, setTab] = useState<TabId>('roster');
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const baseId = useId();
  const { group } = workspace;
  // The group's outcome figures are worked out once its notes are on screen (see GroupMeasuresAggregate).
  const [notesShownFor, setNotesShownFor] = useState<string | undefined>();
  const notesListed = useCallback(() => setNotesShownFor(groupId), [groupId]);
  // A message about the last action (such as "Group created") stops being news once the clinician moves on.
  const choose = (id: TabId): void => {
    setTab(id);
    onMessage('');
    // Back on the tab later, the notes are read again first, and the figures wait for them again.
    if (id !== 'notes') setNotesShownFor(undefined);
  };

  // Arrow keys move between tabs, as in every tab strip a screen-reader user has met.
  const onTabKey = (e: KeyboardEvent, index: number): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const target =
      e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : step === 0 ? -1 : (index + step + TABS.length) % TABS.length;
    if (target < 0) return;
    e.preventDefault();
    choose(TABS[target]!.id);
    tabRefs.current[target]?.focus();
  };

  if (!group) {
    return (
      <div className="group-page">
        <button type="button" className="link" onClick={onBack}>
          ← All groups
        </button>
        {workspace.loading ? (
          <p className="muted">Opening the group…</p>
        ) : (
          <p className="error">This group could not be opened.</p>
        )}
        {workspace.unreadable.map((u) => (
          <UnreadableNotice key={u.kind} items={u.items} kind={u.kind} />
        ))}
      </div>
    );
  }

  const members = currentMembers(workspace.memberships, group.id).length;
  const waiting = waitlistOf(workspace.memberships, group.id).length;
  return (
    <article className="group-page" aria-labelledby={`${baseId}-name`}>
      <button type="button" className="link" onClick={onBack}>
        ← All groups
      </button>
      <header className="group-header">
        <h2 id={`${baseId}-name`} dir="auto">
          {group.name}
        </h2>
        <p className="muted">
          {[
            group.focus,
            group.facilitator && `Facilitated by ${group.facilitator}${group.coFacilitator ? ` and ${group.coFacilitator}` : ''}`,
            // Not counted from memberships still being read, or not read ("0 of 12" for a full group).
            workspace.rosterIn && `${members} of ${group.capacity} places filled`,
            workspace.rosterIn && waiting > 0 && `${waiting} on the waitlist`,
            group.archived && 'Archived',
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </header>
      {workspace.unreadable.map((u) => (
        <UnreadableNotice key={u.kind} items={u.items} kind={u.kind} />
      ))}
      <div role="tablist" aria-label="Group sections" className="tabs">
        {TABS.map((t, index) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => choose(t.id)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${tab}`} aria-labelledby={`${baseId}-tab-${tab}`} className="tab-panel">
        {tab === 'details' && <DetailsPanel workspace={workspace} onMessage={onMessage} />}
        {tab === 'roster' && <RosterPanel workspace={workspace} />}
        {tab === 'attendance' && <AttendancePanel workspace={workspace} />}
        {tab === 'agreement' && <AgreementPanel workspace={workspace} />}
        {tab === 'notes' && (
          <div className="form-stack">
            <section aria-labelledby={`${baseId}-notes`}>
              <h3 id={`${baseId}-notes`}>Group notes</h3>
              <GroupNotesTimeline groupId={group.id} onListed={notesListed} />
            </section>
            <section aria-labelledby={`${baseId}-outcomes`}>
              <h3 id={`${baseId}-outcomes`}>Outcome measures (anonymous)</h3>
              <GroupMeasuresAggregate groupId={group.id} start={notesShownFor === group.id} />
            </section>
          </div>
        )}
      </div>
    </article>
  );
}

function DetailsPanel({ workspace, onMessage }: { workspace: GroupWorkspace; onMessage: (text: string) => void }) {
  const { settings, bump } = useSession();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState('');
  const group = workspace.group!;
  const upcoming = workspace.sessions.filter((s) => s.start >= Date.now() && s.status === 'scheduled');
  const next = upcoming[0];

  const setArchived = async (archived: boolean): Promise<void> => {
    setError('');
    try {
      await setGroupArchived(appDeps(), group, archived);
      onMessage(
        archived
          ? 'Group archived. Its roster, attendance and agreements are kept, and you can restore it at any time.'
          : 'Group restored.',
      );
      bump();
    } catch (e) {
      setError(describeError(e));
    }
  };

  const rows: [string, string][] = [
    ['Focus', group.focus],
    ['Facilitator', group.facilitator || 'Not set'],
    ['Co-facilitator', group.coFacilitator || 'None'],
    ['Type', group.openness === 'open' ? 'Open: members can join at any time' : 'Closed: no new members once it starts'],
    ['Capacity', `${group.capacity} places`],
    ['Location', group.location || 'Not set'],
    ['Online link', group.onlineUrl || 'None'],
    [
      'Schedule',
      group.recurrence ? `${describeRule(group.recurrence)}, ${group.sessionMinutes} minutes` : 'No sessions scheduled',
    ],
    [
      'Next session',
      workspace.sessionsError
        ? 'The sessions could not be opened'
        : workspace.pending.sessions
          ? 'Opening the sessions…'
          : next
            ? `${formatDay(next.start, settings.timeZone)} at ${formatClock(next.start, settings.timeZone)}`
            : 'None scheduled',
    ],
  ];
  return (
    <div className="panel">
      <dl className="details-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ErrorAlert message={error} />
      <div className="toolbar">
        <button type="button" onClick={() => setEditing(true)}>
          Edit group
        </button>
        {group.archived ? (
          <button type="button" onClick={() => void setArchived(false)}>
            Restore group
          </button>
        ) : (
          <button type="button" className="danger" onClick={() => void setArchived(true)}>
            Archive group
          </button>
        )}
      </div>
      <GroupFormDialog
        open={editing}
        group={group}
        onClose={() => setEditing(false)}
        onSaved={(_saved, text) => {
          setEditing(false);
          onMessage(text);
        }}
      />
    </div>
  );
}
