import { useState } from 'react';
import { currentMembers } from '../../../shared/groups/roster';
import type { Group, Membership } from '../../../shared/records';
import { describeRule } from '../../../shared/scheduling';
import { useRecords } from '../data/useRecords';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { GroupFormDialog } from './GroupForm';
import { GroupPage } from './GroupPage';
import { ErrorAlert } from '../ui/ErrorAlert';

/** The Groups screen: every group (archived ones on request), and one group's page when chosen. */
export function GroupsScreen() {
  const [openId, setOpenId] = useState<string | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState('');
  const groups = useRecords<Group>((r) => r.groups.all());
  const members = useRecords<Membership>((r) => r.memberships.query((t) => t.where('status').equals('member')));

  const visible = groups.records
    .filter((g) => showArchived || !g.archived)
    .sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));
  const archivedCount = groups.records.filter((g) => g.archived).length;

  return (
    <section aria-labelledby="groups-title" className="view groups">
      <header className="view-header">
        <h1 id="groups-title">Groups</h1>
        <p className="muted">Support and therapy groups: rosters, attendance and confidentiality agreements.</p>
      </header>
      <p role="status" className="ok">
        {message}
      </p>
      {openId !== null ? (
        <GroupPage
          groupId={openId}
          onBack={() => {
            setOpenId(null);
            setMessage('');
          }}
          onMessage={setMessage}
        />
      ) : (
        <>
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New group
            </button>
            <label className="check">
              <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
              Show archived groups{archivedCount > 0 ? ` (${archivedCount})` : ''}
            </label>
          </div>
          <UnreadableNotice items={groups.unreadable} kind="group" />
          <ErrorAlert message={groups.error} />
          {!groups.loading && visible.length === 0 ? (
            <div className="empty-state">
              <h2>{groups.records.length === 0 ? 'No groups yet' : 'No groups to show'}</h2>
              <p>
                {groups.records.length === 0
                  ? 'Create a group to keep its roster, attendance and confidentiality agreement in one place.'
                  : 'All your groups are archived. Tick “Show archived groups” to see them.'}
              </p>
            </div>
          ) : (
            <ul className="list group-list" aria-label="Groups">
              {visible.map((g) => {
                const count = currentMembers(members.records, g.id).length;
                return (
                  <li key={g.id} className="list-item">
                    <div className="group-summary">
                      <button type="button" className="link group-name" dir="auto" onClick={() => setOpenId(g.id)}>
                        {g.name}
                      </button>
                      <span className="muted">
                        {[
                          g.focus,
                          // Not counted until the memberships are read ("0 of 12" for a full group).
                          members.loading || members.error ? undefined : `${count} of ${g.capacity} places filled`,
                          g.openness === 'open' ? 'Open group' : 'Closed group',
                          g.recurrence ? describeRule(g.recurrence) : 'No sessions scheduled',
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </div>
                    {g.archived && <span className="badge">Archived</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      <GroupFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(group, text) => {
          setCreating(false);
          setMessage(text);
          setOpenId(group.id);
        }}
      />
    </section>
  );
}
