import { describe, expect, it } from 'vitest';
import type { Group, Membership } from '../../shared/records';
import { memberHistory } from '../../shared/groups/attendance';
import {
  RosterError,
  activeMembersAt,
  addMember,
  addsToWaitlist,
  currentMembers,
  promoteFromWaitlist,
  removeMember,
  waitlistOf,
} from '../../shared/groups/roster';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 18);

const group: Group = {
  id: 'g1',
  name: 'Grief support',
  focus: 'Grief',
  facilitator: 'Dr Rivera',
  coFacilitator: '',
  openness: 'open',
  capacity: 2,
  location: '',
  onlineUrl: '',
  recurrence: '',
  sessionMinutes: 90,
  archived: false,
  createdAt: T0,
  updatedAt: T0,
};

function idFactory(): () => string {
  let next = 0;
  return () => `m${++next}`;
}

/** Applies add/remove results the way the repository would: replace by id, or append. */
function save(memberships: Membership[], membership: Membership): Membership[] {
  return memberships.some((m) => m.id === membership.id)
    ? memberships.map((m) => (m.id === membership.id ? membership : m))
    : [...memberships, membership];
}

describe('roster capacity and waitlist', () => {
  it('adds members until full, then waitlists in order, and offers a freed place to the first waiting', () => {
    const makeId = idFactory();
    let roster: Membership[] = [];
    for (const [clientId, day] of [
      ['ana', 0],
      ['ben', 1],
      ['cara', 2],
      ['dev', 3],
    ] as const) {
      const result = addMember(roster, group, clientId, T0 + day * DAY, makeId);
      roster = save(roster, result.membership);
    }
    expect(currentMembers(roster, 'g1').map((m) => m.clientId)).toEqual(['ana', 'ben']);
    expect(waitlistOf(roster, 'g1').map((m) => m.clientId)).toEqual(['cara', 'dev']);

    const fifth = addMember(roster, group, 'eli', T0 + 4 * DAY, makeId);
    expect(fifth).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 3 });
    expect(fifth.message).toMatch(/full.*waitlist/);

    const removal = removeMember(roster, group, 'ana', T0 + 10 * DAY);
    expect(removal.membership).toMatchObject({ clientId: 'ana', status: 'left', leftAt: T0 + 10 * DAY, joinedAt: T0 });
    expect(removal.offerTo?.clientId).toBe('cara');
    roster = save(roster, removal.membership);

    const promoted = promoteFromWaitlist(roster, group, T0 + 11 * DAY);
    expect(promoted.membership).toMatchObject({
      clientId: 'cara',
      status: 'member',
      joinedAt: T0 + 11 * DAY,
      waitlistedAt: T0 + 2 * DAY,
    });
    roster = save(roster, promoted.membership);
    expect(
      currentMembers(roster, 'g1')
        .map((m) => m.clientId)
        .sort(),
    ).toEqual(['ben', 'cara']);
    expect(() => promoteFromWaitlist(roster, group, T0 + 12 * DAY)).toThrow(/full/);
  });

  it('orders the waitlist by when people asked, not by record order', () => {
    const roster: Membership[] = [
      {
        id: 'x',
        groupId: 'g1',
        clientId: 'late',
        status: 'waitlisted',
        waitlistedAt: T0 + 5 * DAY,
        createdAt: T0,
        updatedAt: T0,
      },
      {
        id: 'y',
        groupId: 'g1',
        clientId: 'early',
        status: 'waitlisted',
        waitlistedAt: T0 + 1 * DAY,
        createdAt: T0 + 9 * DAY,
        updatedAt: T0,
      },
      { id: 'z', groupId: 'g1', clientId: 'member', status: 'member', joinedAt: T0, createdAt: T0, updatedAt: T0 },
    ];
    expect(removeMember(roster, group, 'member', T0 + 10 * DAY).offerTo?.clientId).toBe('early');
  });

  it('frees no place when someone leaves the waitlist, or when the group is still over capacity', () => {
    const makeId = idFactory();
    let roster: Membership[] = [];
    for (const clientId of ['ana', 'ben', 'cara'])
      roster = save(roster, addMember(roster, group, clientId, T0, makeId).membership);
    expect(removeMember(roster, group, 'cara', T0 + DAY)).toMatchObject({ offerTo: undefined, membership: { status: 'left' } });
    const shrunk: Group = { ...group, capacity: 1 };
    const overFull = [
      ...roster,
      { id: 'extra', groupId: 'g1', clientId: 'dan', status: 'member', joinedAt: T0, createdAt: T0, updatedAt: T0 } as Membership,
    ];
    expect(removeMember(overFull, shrunk, 'ana', T0 + DAY).offerTo).toBeUndefined();
  });

  it('refuses duplicates, unknown members and archived groups with a plain message', () => {
    const makeId = idFactory();
    const roster = [addMember([], group, 'ana', T0, makeId).membership];
    expect(() => addMember(roster, group, 'ana', T0, makeId)).toThrow(RosterError);
    expect(() => removeMember(roster, group, 'nobody', T0)).toThrow(/isn’t a member/);
    expect(() => addMember([], { ...group, archived: true }, 'ana', T0, makeId)).toThrow(/archived/);
  });

  it('lets a former member rejoin with a new membership, keeping the earlier one', () => {
    const makeId = idFactory();
    let roster = [addMember([], group, 'ana', T0, makeId).membership];
    roster = save(roster, removeMember(roster, group, 'ana', T0 + 10 * DAY).membership);
    const rejoin = addMember(roster, group, 'ana', T0 + 30 * DAY, makeId);
    expect(rejoin.outcome).toBe('member');
    expect(rejoin.membership.id).not.toBe(roster[0]?.id);
    roster = save(roster, rejoin.membership);
    expect(activeMembersAt(roster, 'g1', T0 + 5 * DAY)).toHaveLength(1);
    expect(activeMembersAt(roster, 'g1', T0 + 20 * DAY)).toHaveLength(0);
    expect(activeMembersAt(roster, 'g1', T0 + 31 * DAY)).toHaveLength(1);
  });
});

describe('a free place goes to the people waiting first', () => {
  const single: Group = { ...group, capacity: 1 };

  /** Capacity 1: ana is a member and ben waits; ana leaves, so the place is free and ben is offered it. */
  function freedWithOneWaiting(): { roster: Membership[]; makeId: () => string; offerTo: string | undefined } {
    const makeId = idFactory();
    let roster: Membership[] = [];
    roster = save(roster, addMember(roster, single, 'ana', T0, makeId).membership);
    roster = save(roster, addMember(roster, single, 'ben', T0 + DAY, makeId).membership);
    const removal = removeMember(roster, single, 'ana', T0 + 7 * DAY);
    return { roster: save(roster, removal.membership), makeId, offerTo: removal.offerTo?.clientId };
  }

  it('puts a newcomer on the waitlist behind those already waiting, and the place still goes to the first of them', () => {
    const { roster: freed, makeId, offerTo } = freedWithOneWaiting();
    expect(offerTo).toBe('ben');
    expect(addsToWaitlist(freed, single)).toBe(true);

    const newcomer = addMember(freed, single, 'cara', T0 + 8 * DAY, makeId);
    expect(newcomer).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 2, membership: { status: 'waitlisted' } });
    expect(newcomer.message).toBe(
      'Someone is already waiting for a place, so the client has been added to the waitlist behind them, at position 2. A place is free: offer it to the first person on the waitlist.',
    );
    let roster = save(freed, newcomer.membership);
    expect(currentMembers(roster, 'g1')).toEqual([]);
    expect(waitlistOf(roster, 'g1').map((m) => m.clientId)).toEqual(['ben', 'cara']);

    const promoted = promoteFromWaitlist(roster, single, T0 + 9 * DAY);
    expect(promoted.membership.clientId).toBe('ben');
    roster = save(roster, promoted.membership);
    expect(currentMembers(roster, 'g1').map((m) => m.clientId)).toEqual(['ben']);
    expect(waitlistOf(roster, 'g1').map((m) => m.clientId)).toEqual(['cara']);
  });

  it('also queues a former member who rejoins while others wait', () => {
    const { roster, makeId } = freedWithOneWaiting();
    const rejoin = addMember(roster, single, 'ana', T0 + 8 * DAY, makeId);
    expect(rejoin).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 2 });
    expect(waitlistOf(save(roster, rejoin.membership), 'g1').map((m) => m.clientId)).toEqual(['ben', 'ana']);
  });

  it('counts everyone waiting when places are free', () => {
    const roomy: Group = { ...group, capacity: 5 };
    const waiting: Membership[] = ['ben', 'cara'].map((clientId, index) => ({
      id: `w${index}`,
      groupId: 'g1',
      clientId,
      status: 'waitlisted',
      waitlistedAt: T0 + index,
      createdAt: T0,
      updatedAt: T0,
    }));
    const result = addMember(waiting, roomy, 'dev', T0 + DAY, idFactory());
    expect(result).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 3 });
    expect(result.message).toMatch(/^2 people are already waiting for a place/);
  });

  it('keeps the full-group message when the group is full, and adds straight to the group when no one waits', () => {
    const makeId = idFactory();
    let roster = [addMember([], single, 'ana', T0, makeId).membership];
    expect(addsToWaitlist(roster, single)).toBe(true);
    const full = addMember(roster, single, 'ben', T0, makeId);
    expect(full.message).toBe('The group is full (1 place), so the client has been added to the waitlist at position 1.');

    roster = save(roster, removeMember(roster, single, 'ana', T0 + DAY).membership);
    expect(addsToWaitlist(roster, single)).toBe(false);
    expect(addMember(roster, single, 'ben', T0 + 2 * DAY, makeId)).toMatchObject({ outcome: 'member' });
  });
});

describe('activeMembersAt and history', () => {
  it('expects a new member only from when they joined, and a leaver only until they left', () => {
    const makeId = idFactory();
    let roster = [addMember([], group, 'ana', T0, makeId).membership];
    roster = save(roster, addMember(roster, group, 'ben', T0 + 7 * DAY, makeId).membership);
    expect(activeMembersAt(roster, 'g1', T0 + 1 * DAY).map((m) => m.clientId)).toEqual(['ana']);
    expect(activeMembersAt(roster, 'g1', T0 + 8 * DAY).map((m) => m.clientId)).toEqual(['ana', 'ben']);
    roster = save(roster, removeMember(roster, group, 'ana', T0 + 14 * DAY).membership);
    expect(activeMembersAt(roster, 'g1', T0 + 8 * DAY).map((m) => m.clientId)).toEqual(['ana', 'ben']);
    expect(activeMembersAt(roster, 'g1', T0 + 15 * DAY).map((m) => m.clientId)).toEqual(['ben']);
    expect(activeMembersAt(roster, 'other-group', T0 + 8 * DAY)).toEqual([]);
  });

  it('keeps a removed member’s past attendance', () => {
    const makeId = idFactory();
    let roster = [addMember([], group, 'ana', T0, makeId).membership];
    const attendance = [
      {
        id: 'a1',
        appointmentId: 's1',
        groupId: 'g1',
        clientId: 'ana',
        mark: 'present' as const,
        sessionAt: T0 + DAY,
        createdAt: 0,
        updatedAt: 0,
      },
      {
        id: 'a2',
        appointmentId: 's2',
        groupId: 'g1',
        clientId: 'ana',
        mark: 'late' as const,
        sessionAt: T0 + 8 * DAY,
        createdAt: 0,
        updatedAt: 0,
      },
    ];
    roster = save(roster, removeMember(roster, group, 'ana', T0 + 10 * DAY).membership);
    expect(roster).toHaveLength(1);
    expect(roster[0]).toMatchObject({ status: 'left', joinedAt: T0 });
    expect(memberHistory(attendance, 'g1', 'ana', []).entries.map((entry) => entry.mark)).toEqual(['present', 'late']);
    expect(activeMembersAt(roster, 'g1', T0 + DAY).map((m) => m.clientId)).toEqual(['ana']);
  });
});
