/**
 * Active caseload: how many people the clinician is currently holding, one-to-one and in groups.
 * Counts are of distinct clients, so someone in two groups is one group member.
 */
import type { Appointment, Client, Membership } from '../records';

const DAY = 24 * 60 * 60_000;

export interface Caseload {
  /** Clients with an individual appointment in the lookback window or booked in the future. */
  individualClients: number;
  /** Clients with a current membership of at least one group. */
  groupMembers: number;
  /** Clients counted in both of the above. */
  inBoth: number;
  /** Distinct clients in either. */
  total: number;
}

/** A membership that is current at `at`: a member who has joined (or has no join date yet) and not left. */
export function isActiveMembership(membership: Membership, at: number): boolean {
  if (membership.status !== 'member') return false;
  if (membership.joinedAt !== undefined && membership.joinedAt > at) return false;
  if (membership.leftAt !== undefined && membership.leftAt <= at) return false;
  return true;
}

/**
 * `clients`, when given, excludes archived and discharged clients, whose old bookings should not
 * keep them on the caseload. A cancelled appointment shows no engagement, so it is ignored; a
 * no-show or late cancellation still means the client is being held. The lookback is measured in
 * whole 24-hour days, which is precise enough for a count.
 */
export function activeCaseload(
  clients: readonly Client[] | undefined,
  memberships: readonly Membership[],
  appointments: readonly Appointment[],
  now: number,
  lookbackDays = 60,
): Caseload {
  const inactive = new Set(
    (clients ?? []).filter((client) => client.archived || client.status === 'discharged').map((client) => client.id),
  );
  const windowStart = now - lookbackDays * DAY;

  const individual = new Set<string>();
  for (const appointment of appointments) {
    if (appointment.kind !== 'individual' || appointment.status === 'cancelled' || appointment.clientId === undefined) continue;
    if (appointment.start < windowStart || inactive.has(appointment.clientId)) continue;
    individual.add(appointment.clientId);
  }

  const group = new Set<string>();
  for (const membership of memberships) {
    if (isActiveMembership(membership, now) && !inactive.has(membership.clientId)) group.add(membership.clientId);
  }

  const inBoth = [...individual].filter((clientId) => group.has(clientId)).length;
  return { individualClients: individual.size, groupMembers: group.size, inBoth, total: individual.size + group.size - inBoth };
}
