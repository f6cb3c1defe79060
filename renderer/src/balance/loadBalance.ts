/**
 * What the Balance dashboard reads. Queries go through the clear index fields (start, kind,
 * status, appointmentId) so only the records a figure needs are opened: a ten-year practice
 * has tens of thousands of appointments and notes, and opening them all would take seconds.
 */
import { activeCaseload } from '../../../shared/balance/caseload';
import type { Caseload } from '../../../shared/balance/caseload';
import { unsignedBeforeNextSession } from '../../../shared/balance/agreements-due';
import type { GroupAgreementsDue } from '../../../shared/balance/agreements-due';
import { nextGroupSessions } from '../../../shared/balance/dashboard';
import type { DashboardPeriods } from '../../../shared/balance/dashboard';
import { noteBacklog } from '../../../shared/notes/backlog';
import type { BacklogItem } from '../../../shared/notes/backlog';
import type { Appointment } from '../../../shared/records';
import { isClinicalKind } from '../../../shared/records';
import { database } from '../data/db';
import type { Repositories } from '../data/repositories';
import type { Unreadable } from '../data/repository';

const DAY = 24 * 60 * 60_000;
/** The caseload's lookback: a client seen in the last two months is still being held. */
const CASELOAD_LOOKBACK_DAYS = 60;

export interface BalanceData {
  /** Appointments starting in the rolling four weeks (and so in the chosen week). */
  periodAppointments: Appointment[];
  caseload: Caseload;
  backlog: BacklogItem[];
  agreementsDue: GroupAgreementsDue[];
  clientNames: Record<string, string>;
  groupNames: Record<string, string>;
  unreadable: Unreadable[];
}

/** The period and caseload queries overlap, so one damaged appointment would otherwise be listed twice. */
const uniqueById = (items: readonly Unreadable[]): Unreadable[] => [...new Map(items.map((item) => [item.id, item])).values()];

/**
 * Sessions that took place and have no signed note. Found from clear rows first (appointment
 * kind, status and end; note appointmentId and status), so only the unsigned few are opened.
 */
async function loadBacklog(
  repos: Repositories,
  now: number,
  timeZone: string,
): Promise<{ backlog: BacklogItem[]; unreadable: Unreadable[] }> {
  const db = database();
  const held = await db.appointments
    .where('end')
    .belowOrEqual(now)
    .filter((row) => isClinicalKind(row.kind) && (row.status === 'completed' || row.status === 'scheduled'))
    .toArray();
  if (held.length === 0) return { backlog: [], unreadable: [] };
  const linkedNotes = await db.notes
    .where('appointmentId')
    .anyOf(held.map((row) => row.id))
    .toArray();
  const signed = new Set(linkedNotes.filter((row) => row.status === 'signed').map((row) => row.appointmentId));
  const unsigned = held.filter((row) => !signed.has(row.id));
  if (unsigned.length === 0) return { backlog: [], unreadable: [] };
  const earliest = Math.min(...unsigned.map((row) => Number(row.start)));
  // A note written before it was linked to its appointment is matched by time instead.
  const unlinkedNotes = await db.notes
    .where('sessionAt')
    .between(earliest, now, true, true)
    .filter((row) => row.appointmentId === undefined)
    .toArray();
  const unsignedIds = new Set(unsigned.map((row) => row.id));
  const drafts = linkedNotes.filter((row) => row.status !== 'signed' && unsignedIds.has(String(row.appointmentId)));
  const [appointments, notes] = await Promise.all([
    repos.appointments.openRows(unsigned),
    repos.notes.openRows([...drafts, ...unlinkedNotes]),
  ]);
  return {
    backlog: noteBacklog(appointments.records, notes.records, now, timeZone),
    unreadable: [...appointments.unreadable, ...notes.unreadable],
  };
}

export async function loadBalance(
  repos: Repositories,
  periods: DashboardPeriods,
  now: number,
  timeZone: string,
): Promise<BalanceData> {
  const caseloadFrom = now - CASELOAD_LOOKBACK_DAYS * DAY;
  const [period, individualRecent, groupsAhead, clients, groups, memberships, agreements, backlog] = await Promise.all([
    repos.appointments.query((t) => t.where('start').between(periods.fourWeeks.from, periods.fourWeeks.to, true, false)),
    repos.appointments.query((t) =>
      t
        .where('start')
        .aboveOrEqual(caseloadFrom)
        .filter((row) => row.kind === 'individual'),
    ),
    repos.appointments.query((t) =>
      t
        .where('start')
        .aboveOrEqual(now)
        .filter((row) => row.kind === 'group' && row.status === 'scheduled'),
    ),
    repos.clients.all(),
    repos.groups.all(),
    repos.memberships.all(),
    repos.agreements.all(),
    loadBacklog(repos, now, timeZone),
  ]);
  // Signatures carry signature images, so only those for each group's current version are opened.
  const currentIds = new Map<string, { id: string; version: number }>();
  for (const version of agreements.records) {
    const known = currentIds.get(version.groupId);
    if (!known || version.version > known.version) currentIds.set(version.groupId, { id: version.id, version: version.version });
  }
  const signatures = await repos.signatures.query((t) => t.where('agreementId').anyOf([...currentIds.values()].map((v) => v.id)));

  return {
    periodAppointments: period.records,
    caseload: activeCaseload(clients.records, memberships.records, individualRecent.records, now, CASELOAD_LOOKBACK_DAYS),
    backlog: backlog.backlog,
    agreementsDue: unsignedBeforeNextSession(
      nextGroupSessions(groupsAhead.records, now),
      memberships.records,
      signatures.records,
      agreements.records,
    ),
    clientNames: Object.fromEntries(clients.records.map((c) => [c.id, c.name])),
    groupNames: Object.fromEntries(groups.records.map((g) => [g.id, g.name])),
    unreadable: uniqueById([
      ...period.unreadable,
      ...individualRecent.unreadable,
      ...groupsAhead.unreadable,
      ...clients.unreadable,
      ...groups.unreadable,
      ...memberships.unreadable,
      ...agreements.unreadable,
      ...signatures.unreadable,
      ...backlog.unreadable,
    ]),
  };
}
