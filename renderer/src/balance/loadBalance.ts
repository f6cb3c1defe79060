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
import type { BacklogAppointment, BacklogItem } from '../../../shared/notes/backlog';
import type { Appointment } from '../../../shared/records';
import type { Repositories } from '../data/repositories';
import { uniqueById } from '../data/repository';
import type { Unreadable } from '../data/repository';
import { backlogFrom, loadCurrentBacklog } from '../notes/backlog-data';

const DAY = 24 * 60 * 60_000;
/** The caseload's lookback: a client seen in the last two months is still being held. */
const CASELOAD_LOOKBACK_DAYS = 60;

export interface BalanceData {
  /** Appointments starting in the rolling four weeks (and so in the chosen week). */
  periodAppointments: Appointment[];
  caseload: Caseload;
  /** Sessions that took place without a signed note, oldest first (the Notes screen's backlog). */
  backlog: BacklogItem<BacklogAppointment>[];
  agreementsDue: GroupAgreementsDue[];
  clientNames: Record<string, string>;
  groupNames: Record<string, string>;
  unreadable: Unreadable[];
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
    loadCurrentBacklog(repos, now),
  ]);
  // Signatures carry signature images, so only those for each group's current version are opened.
  const currentIds = new Map<string, { id: string; version: number }>();
  for (const version of agreements.records) {
    const known = currentIds.get(version.groupId);
    if (!known || version.version > known.version) currentIds.set(version.groupId, { id: version.id, version: version.version });
  }
  const signatures = await repos.signatures.queryWhereAnyOf(
    'agreementId',
    [...currentIds.values()].map((v) => v.id),
  );

  return {
    periodAppointments: period.records,
    caseload: activeCaseload(clients.records, memberships.records, individualRecent.records, now, CASELOAD_LOOKBACK_DAYS),
    backlog: backlogFrom(backlog, now, timeZone),
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
    ]),
  };
}
