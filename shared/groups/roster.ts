/**
 * Group membership. Memberships are never deleted: leaving sets status 'left' and leftAt, so
 * past sessions keep the members who were there. Rejoining creates a new membership, keeping
 * the earlier spell intact. Capacity counts only current members; when the group is full, or
 * while anyone is waiting, new people go on the waitlist in the order they asked, so a freed
 * place goes to the first person waiting rather than to whoever is added next.
 */
import { newId } from '../ids';
import type { Group, Membership } from '../records';

/** Thrown when a roster change isn't possible; the message is written for the clinician. */
export class RosterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterError';
  }
}

/**
 * When a membership began. A member without joinedAt (recorded before it was tracked) counts
 * from creation; a 'left' record without joinedAt was only ever on the waitlist.
 */
function joinedAtOf(membership: Membership): number | undefined {
  if (membership.status === 'member') return membership.joinedAt ?? membership.createdAt;
  if (membership.status === 'left') return membership.joinedAt;
  return undefined;
}

/** Members of the group at an instant: joined at or before it, and not yet left. */
export function activeMembersAt(memberships: readonly Membership[], groupId: string, at: number): Membership[] {
  return memberships.filter((membership) => {
    const joinedAt = joinedAtOf(membership);
    return (
      membership.groupId === groupId &&
      joinedAt !== undefined &&
      joinedAt <= at &&
      (membership.leftAt === undefined || at < membership.leftAt)
    );
  });
}

/**
 * Members of the group at any time in [from, to): joined before it ended and not left before it
 * began. A member added at the start of a session (after its first minute) was there for it.
 */
export function membersDuring(memberships: readonly Membership[], groupId: string, from: number, to: number): Membership[] {
  return memberships.filter((membership) => {
    const joinedAt = joinedAtOf(membership);
    return (
      membership.groupId === groupId &&
      joinedAt !== undefined &&
      joinedAt < Math.max(to, from + 1) &&
      (membership.leftAt === undefined || from < membership.leftAt)
    );
  });
}

/** Current members, whatever the date: the ones that count against capacity. */
export function currentMembers(memberships: readonly Membership[], groupId: string): Membership[] {
  return memberships.filter((membership) => membership.groupId === groupId && membership.status === 'member');
}

/** The waitlist in order: earliest request first. */
export function waitlistOf(memberships: readonly Membership[], groupId: string): Membership[] {
  return memberships
    .filter((membership) => membership.groupId === groupId && membership.status === 'waitlisted')
    .sort(
      (a, b) =>
        (a.waitlistedAt ?? a.createdAt) - (b.waitlistedAt ?? b.createdAt) ||
        a.createdAt - b.createdAt ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

export function placesLeft(memberships: readonly Membership[], group: Group): number {
  return Math.max(0, group.capacity - currentMembers(memberships, group.id).length);
}

/**
 * Whether someone added now goes on the waitlist: when the group is full, and also while anyone
 * is already waiting, since a free place belongs to the first person waiting (offer it to them).
 */
export function addsToWaitlist(memberships: readonly Membership[], group: Group): boolean {
  return placesLeft(memberships, group) === 0 || waitlistOf(memberships, group.id).length > 0;
}

export type AddMemberResult =
  | { outcome: 'member'; membership: Membership; message: string }
  | { outcome: 'waitlisted'; membership: Membership; waitlistPosition: number; message: string };

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/**
 * Adds a client to a group. With a place free and no one waiting they become a member from
 * `now` (so only future sessions expect them); with the group full, or anyone already waiting,
 * they join the end of the waitlist (a newcomer and a former member rejoining alike). Returns
 * the new membership for the caller to save.
 */
export function addMember(
  memberships: readonly Membership[],
  group: Group,
  clientId: string,
  now: number,
  makeId: () => string = newId,
): AddMemberResult {
  if (group.archived) throw new RosterError('This group is archived. Restore it before adding members.');
  const existing = memberships.find(
    (membership) => membership.groupId === group.id && membership.clientId === clientId && membership.status !== 'left',
  );
  if (existing?.status === 'member') throw new RosterError('This client is already a member of the group.');
  if (existing?.status === 'waitlisted') throw new RosterError('This client is already on the waitlist for this group.');

  const base = { id: makeId(), groupId: group.id, clientId, createdAt: now, updatedAt: now };
  if (addsToWaitlist(memberships, group)) {
    const waiting = waitlistOf(memberships, group.id).length;
    const waitlistPosition = waiting + 1;
    return {
      outcome: 'waitlisted',
      membership: { ...base, status: 'waitlisted', waitlistedAt: now },
      waitlistPosition,
      message:
        placesLeft(memberships, group) === 0
          ? `The group is full (${plural(group.capacity, 'place', 'places')}), so the client has been added to the waitlist at position ${waitlistPosition}.`
          : `${waiting === 1 ? 'Someone is' : `${waiting} people are`} already waiting for a place, so the client has been added to the waitlist behind them, at position ${waitlistPosition}. A place is free: offer it to the first person on the waitlist.`,
    };
  }

  // A closed group normally takes no one once it has begun; allowed, but the clinician should know.
  const closedAndStarted = group.openness === 'closed' && group.firstSessionAt !== undefined && group.firstSessionAt <= now;
  return {
    outcome: 'member',
    membership: { ...base, status: 'member', joinedAt: now },
    message:
      'Added to the group. They will be expected from the next session onwards.' +
      (closedAndStarted
        ? ' This is a closed group that has already begun: check the group has agreed to a new member joining.'
        : ''),
  };
}

export interface RemoveMemberResult {
  /** The membership, now 'left' with leftAt set, for the caller to save. */
  membership: Membership;
  /** The first person on the waitlist, when this removal freed a place for them. */
  offerTo: Membership | undefined;
  message: string;
}

/**
 * Takes a client out of a group (or off its waitlist). The membership is kept with status
 * 'left' so attendance and notes from their time in the group still show who was there.
 */
export function removeMember(
  memberships: readonly Membership[],
  group: Group,
  clientId: string,
  now: number,
): RemoveMemberResult {
  const existing = memberships.find(
    (membership) => membership.groupId === group.id && membership.clientId === clientId && membership.status !== 'left',
  );
  if (existing === undefined) throw new RosterError('This client isn’t a member of the group or on its waitlist.');
  const membership: Membership = { ...existing, status: 'left', leftAt: now, updatedAt: now };

  if (existing.status === 'waitlisted') {
    return { membership, offerTo: undefined, message: 'Removed from the waitlist.' };
  }
  const remaining = memberships.map((other) => (other.id === existing.id ? membership : other));
  const offerTo = placesLeft(remaining, group) > 0 ? waitlistOf(remaining, group.id)[0] : undefined;
  return {
    membership,
    offerTo,
    message:
      'Removed from the group. Their past attendance and notes are kept.' +
      (offerTo === undefined ? '' : ' A place is free: offer it to the first person on the waitlist.'),
  };
}

/**
 * Moves someone from the waitlist into the group: the named client, or the first in line.
 * Refused when the group is full.
 */
export function promoteFromWaitlist(
  memberships: readonly Membership[],
  group: Group,
  now: number,
  clientId?: string,
): { membership: Membership; message: string } {
  const waitlist = waitlistOf(memberships, group.id);
  const waiting = clientId === undefined ? waitlist[0] : waitlist.find((membership) => membership.clientId === clientId);
  if (waiting === undefined) {
    throw new RosterError(
      clientId === undefined ? 'No one is on the waitlist.' : 'This client isn’t on the waitlist for this group.',
    );
  }
  if (placesLeft(memberships, group) === 0) {
    throw new RosterError('The group is full. A place must free up before someone can join from the waitlist.');
  }
  return {
    // waitlistedAt is kept: it records when they first asked.
    membership: { ...waiting, status: 'member', joinedAt: now, updatedAt: now },
    message: 'Moved from the waitlist into the group. They will be expected from the next session onwards.',
  };
}
