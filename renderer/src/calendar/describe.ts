import type { Appointment, Client, Group } from '../../../shared/records';
import { isClinicalKind } from '../../../shared/records';
import type { Settings } from '../../../shared/settings';
import { AppointmentIndex, checkBooking, formatClock, weekdayName, zonedParts } from '../../../shared/scheduling';
import type { BookingCheck } from '../../../shared/scheduling';
import { STATUS_LABEL, kindLabel } from './labels';

export interface Names {
  clients: Map<string, Client>;
  groups: Map<string, Group>;
}

export function whoFor(a: Appointment, names: Names): string {
  if (a.kind === 'individual' && a.clientId) {
    const c = names.clients.get(a.clientId);
    return c ? c.preferredName || c.name : 'a client';
  }
  if (a.kind === 'group' && a.groupId) return names.groups.get(a.groupId)?.name ?? 'a group';
  return a.title;
}

/** What an event shows first: the client's preferred name, the group's name, the title, or else its kind. */
export function visibleName(a: Appointment, names: Names): string {
  return whoFor(a, names) || kindLabel(a.kind);
}

/** The hover text of an event: full name, kind, time, status and every conflict and warning. */
export function hoverText(a: Appointment, names: Names, tz: string, check?: BookingCheck): string {
  const client = a.kind === 'individual' && a.clientId ? names.clients.get(a.clientId) : undefined;
  const who = client
    ? client.preferredName && client.preferredName !== client.name
      ? `${client.preferredName} (${client.name})`
      : client.name
    : whoFor(a, names);
  const lines = [
    who ? `${who}, ${kindLabel(a.kind).toLowerCase()}` : kindLabel(a.kind),
    `${weekdayName(zonedParts(a.start, tz).weekday)} ${formatClock(a.start, tz)} to ${formatClock(a.end, tz)}`,
    STATUS_LABEL[a.status],
    ...(check?.hard ?? []).map((c) => `Conflict: ${c.message}`),
    ...(check?.soft ?? []).map((w) => `Warning: ${w.message}`),
  ];
  return lines.join('\n');
}

/** The event's accessible name: "Individual session with Jane Smith, Tuesday 10:00 to 10:50". */
export function eventLabel(
  a: Pick<Appointment, 'kind' | 'start' | 'end' | 'status' | 'clientId' | 'groupId' | 'title'>,
  names: Names,
  tz: string,
  check?: BookingCheck,
): string {
  const who = whoFor(a as Appointment, names);
  const prefix = who
    ? isClinicalKind(a.kind)
      ? `${kindLabel(a.kind)} with ${who}`
      : `${kindLabel(a.kind)}: ${who}`
    : kindLabel(a.kind);
  let text = `${prefix}, ${weekdayName(zonedParts(a.start, tz).weekday)} ${formatClock(a.start, tz)} to ${formatClock(a.end, tz)}`;
  if (a.status !== 'scheduled') text += `, ${STATUS_LABEL[a.status].toLowerCase()}`;
  if (check?.hard.length) text += `, ${check.hard.length} conflict${check.hard.length === 1 ? '' : 's'}`;
  if (check?.soft.length) text += `, ${check.soft.length} warning${check.soft.length === 1 ? '' : 's'}`;
  return text;
}

/**
 * Conflicts and warnings for every shown appointment, each checked against the others
 * (itself excluded). Memberships decide who is in which group at the time.
 */
export function checksFor(
  appointments: readonly Appointment[],
  settings: Settings,
  activeGroupIdsForClient: (clientId: string, at: number) => string[],
  names: Names,
): Map<string, BookingCheck> {
  const index = new AppointmentIndex(appointments);
  const result = new Map<string, BookingCheck>();
  for (const a of appointments) {
    if (a.status !== 'scheduled' && a.status !== 'completed') continue;
    result.set(
      a.id,
      checkBooking(a, {
        index,
        settings,
        excludeId: a.id,
        activeGroupIdsForClient,
        clientName: (id) => names.clients.get(id)?.name,
        groupName: (id) => names.groups.get(id)?.name,
      }),
    );
  }
  return result;
}

type GroupsOfClient = (clientId: string, at: number) => string[];
const checked = new WeakMap<
  readonly Appointment[],
  { settings: Settings; groupsOf: GroupsOfClient; names: Names; checks: Map<string, BookingCheck> }
>();

/**
 * `checksFor`, remembered per list of appointments for as long as the settings, memberships
 * and names it was worked out with stay the same (compared by identity). The calendar works
 * out the neighbouring weeks' checks ahead of time, so a week switch only looks them up.
 */
export function checksForCached(
  appointments: readonly Appointment[],
  settings: Settings,
  groupsOf: GroupsOfClient,
  names: Names,
): Map<string, BookingCheck> {
  const hit = checked.get(appointments);
  if (hit && hit.settings === settings && hit.groupsOf === groupsOf && hit.names === names) return hit.checks;
  const checks = checksFor(appointments, settings, groupsOf, names);
  checked.set(appointments, { settings, groupsOf, names, checks });
  return checks;
}
