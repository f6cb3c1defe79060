/**
 * The groups' workflows, one function per action the clinician takes. Components call these;
 * these call the repositories. A workflow that writes several records commits them in one
 * IndexedDB transaction (data/sealed-writes.ts).
 */
import type { AgreementSignature, Attendance, Group } from '../../../shared/records';
import { prepareSeries, weeklySeries } from '../calendar/actions';
import type { RecurringBookingInput } from '../calendar/actions';
import { unwrap } from '../app/api';
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
  await unwrap(api.audit.record({ events: [{ action: 'sign', kind: 'signature', recordId: signature.id }] }));
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
