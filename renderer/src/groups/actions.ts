/**
 * The groups' workflows, one function per action the clinician takes. Components call these;
 * these call the repositories. A workflow that writes several records commits them in one
 * IndexedDB transaction (data/sealed-writes.ts).
 */
import { nextVersion } from '../../../shared/groups/agreements';
import type { AgreementClause } from '../../../shared/groups/agreements';
import { addMember, promoteFromWaitlist, removeMember } from '../../../shared/groups/roster';
import type { AgreementSignature, AgreementVersion, Attendance, Group, Membership } from '../../../shared/records';
import { prepareSeries, weeklySeries } from '../calendar/actions';
import type { RecurringBookingInput } from '../calendar/actions';
import type { Deps } from '../data/deps';
import { commitTogether, recordAudit } from '../data/sealed-writes';

/** Saves a register: marks not stored before are created, the others updated. */
export async function recordAttendance(
  { repos, api }: Deps,
  marks: readonly Attendance[],
  storedIds: readonly string[],
): Promise<void> {
  const known = new Set(storedIds);
  const written = await commitTogether([
    await repos.attendance.prepareSave(
      marks.filter((r) => !known.has(r.id)),
      'create',
    ),
    await repos.attendance.prepareSave(
      marks.filter((r) => known.has(r.id)),
      'update',
    ),
  ]);
  await recordAudit(api, written);
}

/** Saves a signature for the current version and records the signing in the audit trail. */
export async function signAgreement({ repos, api }: Deps, signature: AgreementSignature): Promise<void> {
  await repos.signatures.save([signature], 'create');
  await recordAudit(api, [{ action: 'sign', kind: 'signature', recordId: signature.id }]);
}

/**
 * Saves a group's details (created, or edited when `isNew` is false) and, with a schedule,
 * books its weekly sessions. Returns how many sessions were booked.
 */
export async function saveGroup(
  deps: Deps,
  group: Group,
  isNew: boolean,
  schedule: Omit<RecurringBookingInput, 'kind' | 'groupId' | 'title'> | null,
  timeZone: string,
): Promise<number> {
  const booked = schedule
    ? weeklySeries({ ...schedule, kind: 'group', groupId: group.id, title: group.name }, timeZone, Date.now())
    : null;
  // One transaction: a new group is never stored without the sessions it was created with, so
  // trying again after a failure makes no second group.
  const written = await commitTogether([
    await deps.repos.groups.prepareSave([group], isNew ? 'create' : 'update'),
    ...(booked ? await prepareSeries(deps, booked) : []),
  ]);
  await recordAudit(deps.api, written);
  return booked?.appointments.length ?? 0;
}

/** Adds a client to a group's roster (or its waitlist when full); returns what to tell the clinician. */
export async function addToRoster(
  { repos }: Deps,
  memberships: readonly Membership[],
  group: Group,
  clientId: string,
): Promise<string> {
  const result = addMember(memberships, group, clientId, Date.now());
  await repos.memberships.save([result.membership], 'create');
  return result.message;
}

/** Removes a member (their past attendance is kept); returns the message and who to offer the place to. */
export async function removeFromRoster(
  { repos }: Deps,
  memberships: readonly Membership[],
  group: Group,
  clientId: string,
): Promise<{ message: string; offerTo: Membership | undefined }> {
  const result = removeMember(memberships, group, clientId, Date.now());
  await repos.memberships.save([result.membership], 'update');
  return { message: result.message, offerTo: result.offerTo };
}

/** Gives a freed place to someone on the waitlist. */
export async function offerPlace(
  { repos }: Deps,
  memberships: readonly Membership[],
  group: Group,
  clientId: string,
): Promise<string> {
  const result = promoteFromWaitlist(memberships, group, Date.now(), clientId);
  await repos.memberships.save([result.membership], 'update');
  return result.message;
}

/** Archives a group (its roster, attendance and agreements are kept) or restores it. */
export async function setGroupArchived({ repos }: Deps, group: Group, archived: boolean): Promise<void> {
  await repos.groups.save([{ ...group, archived, updatedAt: Date.now() }], 'update');
}

/** Saves an edited agreement as its next version. */
export async function saveAgreementVersion(
  { repos }: Deps,
  current: AgreementVersion | undefined,
  edit: { groupId: string; title: string; clauses: AgreementClause[] },
): Promise<AgreementVersion> {
  const version = nextVersion(current, edit, Date.now());
  await repos.agreements.save([version], 'create');
  return version;
}
