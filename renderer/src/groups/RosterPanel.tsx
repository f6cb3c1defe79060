import { useState } from 'react';
import { memberHistory } from '../../../shared/groups/attendance';
import { addsToWaitlist, currentMembers, placesLeft, waitlistOf } from '../../../shared/groups/roster';
import type { Membership } from '../../../shared/records';
import { localShortDate } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { addToRoster, offerPlace, removeFromRoster } from './actions';
import { Dialog } from '../ui/Dialog';
import { badgeFor } from './agreement-view';
import { formatRate, markLabel } from './attendance-entry';
import { Badge } from './Badge';
import { describeError } from './messages';
import type { GroupWorkspace } from './useGroupWorkspace';
import { ErrorAlert } from '../ui/ErrorAlert';

/** Members, waitlist and past members; adding, removing and offering freed places. */
export function RosterPanel({ workspace }: { workspace: GroupWorkspace }) {
  const { settings, bump } = useSession();
  const { memberships, nameOf, current, signatures, pending } = workspace;
  const group = workspace.group!;
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [offerTo, setOfferTo] = useState<Membership | undefined>();
  const [removing, setRemoving] = useState<Membership | undefined>();
  const [historyOf, setHistoryOf] = useState<string | undefined>();
  const tz = settings.timeZone;

  const members = currentMembers(memberships, group.id).sort((a, b) => nameOf(a.clientId).localeCompare(nameOf(b.clientId)));
  const waitlist = waitlistOf(memberships, group.id);
  const past = memberships.filter((m) => m.status === 'left' && m.joinedAt !== undefined);
  const taken = new Set(memberships.filter((m) => m.status !== 'left').map((m) => m.clientId));
  const candidates = workspace.clients
    .filter((c) => !c.archived && c.status !== 'discharged' && !taken.has(c.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  const free = placesLeft(memberships, group);
  // The memberships and their names are in: until then the lists would read as empty.
  const { rosterIn } = workspace;
  // While anyone is waiting, a newcomer queues behind them and a free place goes to the first in line.
  const toWaitlist = addsToWaitlist(memberships, group);

  const run = async (action: () => Promise<string>): Promise<void> => {
    setError('');
    setMessage('');
    try {
      setMessage(await action());
      bump();
    } catch (e) {
      setError(describeError(e));
    }
  };

  const add = () =>
    run(async () => {
      const message = await addToRoster(appDeps(), memberships, group, choice);
      setChoice('');
      // A place was free but people were already waiting, so the client queued behind them: offer the place to the first.
      if (free > 0 && waitlist[0] !== undefined) setOfferTo(waitlist[0]);
      return `${nameOf(choice)}: ${message}`;
    });

  const remove = (membership: Membership) =>
    run(async () => {
      const result = await removeFromRoster(appDeps(), memberships, group, membership.clientId);
      setRemoving(undefined);
      setOfferTo(result.offerTo);
      return `${nameOf(membership.clientId)}: ${result.message}`;
    });

  const promote = (clientId: string) =>
    run(async () => {
      const message = await offerPlace(appDeps(), memberships, group, clientId);
      setOfferTo(undefined);
      return `${nameOf(clientId)}: ${message}`;
    });

  const rateOf = (clientId: string) => memberHistory(workspace.attendance, group.id, clientId, workspace.sessions).rate;

  return (
    <div className="roster">
      <section className="panel" aria-labelledby="roster-add-title">
        <h3 id="roster-add-title">Add a member</h3>
        <div className="toolbar">
          <label className="grow">
            Client to add
            <select
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
              disabled={group.archived || pending.clients}
              aria-busy={pending.clients}
            >
              <option value="">{pending.clients ? 'Opening the client list…' : 'Choose a client…'}</option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="primary"
            disabled={choice === '' || group.archived || !rosterIn}
            onClick={() => void add()}
          >
            {toWaitlist ? 'Add to waitlist' : 'Add to group'}
          </button>
        </div>
        <p className="muted">
          {!rosterIn
            ? ''
            : !toWaitlist
              ? `${free} ${free === 1 ? 'place' : 'places'} left. New members are expected from the next session on; past sessions are not changed.`
              : free === 0
                ? 'The group is full: anyone added goes on the waitlist, in order.'
                : `${free} ${free === 1 ? 'place' : 'places'} left, but ${waitlist.length === 1 ? 'someone is' : `${waitlist.length} people are`} already waiting: anyone added goes on the waitlist behind them. ${free === 1 ? 'Offer the place to the first person waiting.' : 'Offer the places to those waiting, in order.'}`}
        </p>
      </section>

      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        <ErrorAlert message={error} />
      </div>

      {offerTo && (
        <div className="offer" role="alert">
          <p>
            A place is free: offer it to <strong>{nameOf(offerTo.clientId)}</strong>? They are first on the waitlist.
          </p>
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => void promote(offerTo.clientId)}>
              Move {nameOf(offerTo.clientId)} into the group
            </button>
            <button type="button" onClick={() => setOfferTo(undefined)}>
              Not now
            </button>
          </div>
        </div>
      )}

      <ErrorAlert
        message={workspace.clientsError && `The list of clients to add could not be opened: ${workspace.clientsError}`}
      />
      {workspace.rosterError ? (
        <ErrorAlert message={`The roster could not be opened: ${workspace.rosterError}`} />
      ) : !rosterIn ? (
        // Until the memberships and their names are in, the table would say "No members yet".
        <p className="muted" role="status">
          Opening the roster…
        </p>
      ) : (
        <table className="table roster-table">
          <caption>
            Current members: {members.length} of {group.capacity} places
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Joined</th>
              <th scope="col">Agreement</th>
              <th scope="col">Attendance</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No members yet. Add clients above.
                </td>
              </tr>
            )}
            {members.map((m) => {
              const name = nameOf(m.clientId);
              return (
                <tr key={m.id}>
                  <th scope="row" dir="auto">
                    {name}
                  </th>
                  <td>{localShortDate(m.joinedAt ?? m.createdAt, tz)}</td>
                  <td aria-busy={pending.agreement}>
                    {pending.agreement || workspace.agreementError ? (
                      <span className="muted">{workspace.agreementError ? 'Not available' : 'Checking…'}</span>
                    ) : (
                      <Badge badge={badgeFor(m.clientId, current, signatures)} />
                    )}
                  </td>
                  <td aria-busy={!workspace.attendanceComplete && !workspace.attendanceError}>
                    {workspace.attendanceComplete ? (
                      formatRate(rateOf(m.clientId))
                    ) : (
                      <span className="muted">{workspace.attendanceError ? 'Not available' : 'Counting…'}</span>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        onClick={() => setHistoryOf(m.clientId)}
                        aria-label={`Attendance history for ${name}`}
                      >
                        History
                      </button>
                      <button type="button" onClick={() => setRemoving(m)} aria-label={`Remove ${name} from the group`}>
                        Remove
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {rosterIn && (
        <section className="panel" aria-labelledby="waitlist-title">
          <h3 id="waitlist-title">Waitlist</h3>
          {waitlist.length === 0 ? (
            <p className="muted">No one is waiting for a place.</p>
          ) : (
            <ol className="waitlist" aria-labelledby="waitlist-title">
              {waitlist.map((w) => {
                const name = nameOf(w.clientId);
                return (
                  <li key={w.id}>
                    <span>
                      <strong dir="auto">{name}</strong>{' '}
                      <span className="muted">waiting since {localShortDate(w.waitlistedAt ?? w.createdAt, tz)}</span>
                    </span>
                    <span className="row-actions">
                      <button type="button" disabled={free === 0} onClick={() => void promote(w.clientId)}>
                        Move {name} into the group
                      </button>
                      <button type="button" onClick={() => void remove(w)} aria-label={`Remove ${name} from the waitlist`}>
                        Remove
                      </button>
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      )}

      {rosterIn && !pending.names && past.length > 0 && (
        <details className="panel">
          <summary>Past members ({past.length})</summary>
          <ul className="list past-members">
            {past.map((m) => {
              const name = nameOf(m.clientId);
              return (
                <li key={m.id} className="list-item">
                  <span>
                    <strong dir="auto">{name}</strong>{' '}
                    <span className="muted">
                      {localShortDate(m.joinedAt ?? m.createdAt, tz)} to {m.leftAt ? localShortDate(m.leftAt, tz) : '—'}
                    </span>
                  </span>
                  <button type="button" onClick={() => setHistoryOf(m.clientId)} aria-label={`Attendance history for ${name}`}>
                    History
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      )}

      <Dialog
        title={removing ? `Remove ${nameOf(removing.clientId)}?` : 'Remove member'}
        open={removing !== undefined}
        onClose={() => setRemoving(undefined)}
      >
        {removing && (
          <div className="form-stack">
            <p>
              {nameOf(removing.clientId)} will no longer be expected at future sessions of {group.name}. Their past attendance,
              notes and signed agreements are kept.
            </p>
            <div className="actions">
              <button type="button" onClick={() => setRemoving(undefined)}>
                Keep in group
              </button>
              <button type="button" className="danger" onClick={() => void remove(removing)}>
                Remove from group
              </button>
            </div>
          </div>
        )}
      </Dialog>

      <Dialog
        title={historyOf ? `Attendance history: ${nameOf(historyOf)}` : 'Attendance history'}
        open={historyOf !== undefined}
        onClose={() => setHistoryOf(undefined)}
      >
        {historyOf && <MemberHistoryView workspace={workspace} clientId={historyOf} />}
      </Dialog>
    </div>
  );
}

function MemberHistoryView({ workspace, clientId }: { workspace: GroupWorkspace; clientId: string }) {
  const { settings } = useSession();
  const history = memberHistory(workspace.attendance, workspace.group!.id, clientId, workspace.sessions);
  // Years of marks are still being opened: a history from part of them would mislead.
  if (workspace.attendanceError) return <ErrorAlert message={`Attendance could not be opened: ${workspace.attendanceError}`} />;
  if (!workspace.attendanceComplete) return <p className="muted">Counting their attendance over every session…</p>;
  if (history.entries.length === 0) return <p className="muted">No attendance has been recorded for them in this group yet.</p>;
  return (
    <div className="form-stack">
      <p>{formatRate(history.rate, true)}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Attendance</th>
          </tr>
        </thead>
        <tbody>
          {history.entries.map((e) => (
            <tr key={e.appointmentId}>
              <td>{localShortDate(e.sessionAt, settings.timeZone)}</td>
              <td>{markLabel(e.mark)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
