/**
 * What the reminders read (ReminderCentre.tsx): the records around now, and the rosters and
 * agreement signatures of the groups meeting in the days ahead.
 */
import type { ReminderState } from '../../../shared/balance/reminders';
import type { Repositories } from '../data/repositories';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Reminders look back two weeks (unsigned notes) and ahead two days (tomorrow's groups). */
const LOOK_BACK = 15 * DAY;
const LOOK_AHEAD = 2 * DAY;

export async function loadReminderState(repos: Repositories, now: number, withNames: boolean): Promise<ReminderState> {
  const [appointments, notes, agreementVersions] = await Promise.all([
    repos.appointments.query((t) => t.where('start').between(now - LOOK_BACK, now + LOOK_AHEAD, true, false)),
    repos.notes.query((t) => t.where('sessionAt').between(now - LOOK_BACK, now + LOOK_AHEAD, true, false)),
    repos.agreements.all(),
  ]);
  // Agreements are reminded of the day before a group meets: only the rosters and signatures of
  // the groups meeting in the days ahead are opened, not every signature (with its drawing) of
  // every group the practice has run.
  const meeting = new Set(
    appointments.records.flatMap((a) => (a.kind === 'group' && a.groupId !== undefined && a.end > now ? [a.groupId] : [])),
  );
  const current = new Map<string, { id: string; version: number }>();
  for (const v of agreementVersions.records) {
    if (!meeting.has(v.groupId)) continue;
    const known = current.get(v.groupId);
    if (!known || v.version > known.version) current.set(v.groupId, { id: v.id, version: v.version });
  }
  const none = { records: [], unreadable: [] };
  const [memberships, signatures] = await Promise.all([
    meeting.size === 0 ? none : repos.memberships.queryWhereAnyOf('groupId', [...meeting]),
    current.size === 0
      ? none
      : repos.signatures.queryWhereAnyOf(
          'agreementId',
          [...current.values()].map((v) => v.id),
        ),
  ]);
  let names: ReminderState['names'];
  // Names are opened only when the clinician asked for them in notifications.
  if (withNames) {
    const [clients, groups] = await Promise.all([repos.clients.all(), repos.groups.all()]);
    names = {
      clients: Object.fromEntries(clients.records.map((c) => [c.id, c.preferredName || c.name])),
      groups: Object.fromEntries(groups.records.map((g) => [g.id, g.name])),
    };
  }
  return {
    appointments: appointments.records,
    notes: notes.records,
    memberships: memberships.records,
    signatures: signatures.records,
    agreementVersions: agreementVersions.records,
    names,
  };
}
