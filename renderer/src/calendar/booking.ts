/**
 * Booking checks (bookings are written by actions.ts). The conflict check reads only clear
 * index fields (start, end, kind, status, client and group ids) from the rows around the
 * candidate: nothing is decrypted to check a booking.
 */
import type { Membership } from '../../../shared/records';
import type { Settings } from '../../../shared/settings';
import { AppointmentIndex, checkBooking } from '../../../shared/scheduling';
import type { BookingCandidate, BookingCheck } from '../../../shared/scheduling';
import { database } from '../data/db';
import { appointmentFromClear, repositories } from '../data/repositories';

const DAY_MS = 86_400_000;
/** Longest appointment the calendar accepts; bounds how far back an overlapping one can start. */
export const MAX_APPOINTMENT_MS = 12 * 60 * 60_000;

/** Clear index fields of every appointment that could touch [from, to), without decrypting anything. */
export async function indexForRange(from: number, to: number): Promise<AppointmentIndex> {
  const rows = await database()
    .appointments.where('start')
    .between(from - MAX_APPOINTMENT_MS, to, true, false)
    .toArray();
  return new AppointmentIndex(rows.map(appointmentFromClear));
}

export interface BookingNames {
  clientName?: (id: string) => string | undefined;
  groupName?: (id: string) => string | undefined;
}

/**
 * Which groups a client belonged to at a moment, from the memberships indexed by client once:
 * the conflict check asks this for every session it looks at.
 */
export function groupsOfClientAt(memberships: readonly Membership[]): (clientId: string, at: number) => string[] {
  const byClient = new Map<string, Membership[]>();
  for (const m of memberships) {
    if (m.status === 'waitlisted') continue;
    const list = byClient.get(m.clientId);
    if (list) list.push(m);
    else byClient.set(m.clientId, [m]);
  }
  return (clientId, at) =>
    (byClient.get(clientId) ?? [])
      .filter((m) => (m.joinedAt ?? 0) <= at && (m.leftAt === undefined || m.leftAt > at))
      .map((m) => m.groupId);
}

/** Memberships are few; they are opened once per check to know who attends which group when. */
export async function membershipLookup(): Promise<(clientId: string, at: number) => string[]> {
  return groupsOfClientAt((await repositories().memberships.all()).records);
}

/** Checks one or more candidate occurrences against everything around them (and each other). */
export async function checkCandidates(
  candidates: readonly BookingCandidate[],
  settings: Settings,
  names: BookingNames = {},
  excludeIds: readonly string[] = [],
): Promise<BookingCheck> {
  if (candidates.length === 0) return { hard: [], soft: [] };
  const from = Math.min(...candidates.map((c) => c.start)) - 8 * DAY_MS;
  const to = Math.max(...candidates.map((c) => c.end)) + 8 * DAY_MS;
  const index = await indexForRange(from, to);
  for (const id of excludeIds) index.remove(id);
  const activeGroupIdsForClient = await membershipLookup();
  const hard: BookingCheck['hard'] = [];
  const soft: BookingCheck['soft'] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const result = checkBooking(candidate, { index, settings, activeGroupIdsForClient, ...names });
    for (const item of [...result.hard.map((h) => ['hard', h] as const), ...result.soft.map((s) => ['soft', s] as const)]) {
      const key = `${item[0]}|${item[1].message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (item[0] === 'hard') hard.push(item[1] as BookingCheck['hard'][number]);
      else soft.push(item[1] as BookingCheck['soft'][number]);
    }
  }
  return { hard, soft };
}
