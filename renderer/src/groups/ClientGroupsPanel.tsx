import { agreementStatus } from '../../../shared/groups/agreements';
import { waitlistOf } from '../../../shared/groups/roster';
import type { AgreementSignature, AgreementVersion, Group, Membership } from '../../../shared/records';
import { localShortDate } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import { useRecords } from '../data/useRecords';
import { AGREEMENT_BADGES, currentVersionOf } from './agreement-view';
import { Badge } from './Badge';

/** For the client page: the groups this client is in, waiting for, or has left, with agreement status. */
export function ClientGroupsPanel({ clientId }: { clientId: string }) {
  const { settings } = useSession();
  const tz = settings.timeZone;
  const own = useRecords<Membership>((r) => r.memberships.query((t) => t.where('clientId').equals(clientId)), [clientId]);
  const groupIds = [...new Set(own.records.map((m) => m.groupId))];
  const key = groupIds.sort().join(',');
  const groups = useRecords<Group>((r) => r.groups.byIds(key ? key.split(',') : []), [key]);
  // The other memberships of a group the client is waiting for give their place on its waitlist
  // (a group they are in or have left needs none: a ten-year group has hundreds).
  const waiting = [...new Set(own.records.filter((m) => m.status === 'waitlisted').map((m) => m.groupId))].sort().join(',');
  const all = useRecords<Membership>(
    (r) => r.memberships.queryWhereAnyOf('groupId', waiting ? waiting.split(',') : []),
    [waiting],
  );
  const versions = useRecords<AgreementVersion>((r) => r.agreements.queryWhereAnyOf('groupId', key ? key.split(',') : []), [key]);
  const signatures = useRecords<AgreementSignature>(
    (r) => r.signatures.query((t) => t.where('clientId').equals(clientId)),
    [clientId],
  );

  if (own.loading) return <p className="muted">Loading groups…</p>;
  if (own.records.length === 0) return <p className="muted">Not in any group.</p>;
  const rows = [...own.records].sort(
    (a, b) => (a.status === 'left' ? 1 : 0) - (b.status === 'left' ? 1 : 0) || b.createdAt - a.createdAt,
  );
  return (
    <ul className="list client-groups" aria-label="Groups for this client">
      {rows.map((m) => {
        const group = groups.records.find((g) => g.id === m.groupId);
        const current = currentVersionOf(versions.records, m.groupId);
        const position = waitlistOf(all.records, m.groupId).findIndex((w) => w.id === m.id) + 1;
        const status =
          m.status === 'member'
            ? `Member since ${localShortDate(m.joinedAt ?? m.createdAt, tz)}`
            : m.status === 'waitlisted'
              ? `On the waitlist${position > 0 ? `, position ${position}` : ''}`
              : `Left ${m.leftAt ? localShortDate(m.leftAt, tz) : ''}`.trim();
        return (
          <li key={m.id} className="list-item">
            <span>
              <strong>{group?.name ?? 'Group record unavailable'}</strong> <span className="muted">{status}</span>
            </span>
            {m.status === 'member' && <Badge badge={AGREEMENT_BADGES[agreementStatus(clientId, current, signatures.records)]} />}
          </li>
        );
      })}
    </ul>
  );
}
