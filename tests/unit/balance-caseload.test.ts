import { describe, expect, it } from 'vitest';
import type { AgreementSignature, AgreementVersion, Appointment, Client, Membership } from '../../shared/records';
import { activeCaseload } from '../../shared/balance/caseload';
import { unsignedBeforeNextSession } from '../../shared/balance/agreements-due';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 15, 12);

function individual(clientId: string, start: number, status: Appointment['status'] = 'completed'): Appointment {
  return {
    id: `a-${clientId}-${start}`,
    kind: 'individual',
    status,
    start,
    end: start + 50 * 60_000,
    clientId,
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
  };
}

function membership(
  clientId: string,
  groupId: string,
  status: Membership['status'],
  joinedAt?: number,
  leftAt?: number,
): Membership {
  return { id: `m-${clientId}-${groupId}`, groupId, clientId, status, joinedAt, leftAt, createdAt: 0, updatedAt: 0 };
}

function client(id: string, patch: Partial<Client> = {}): Client {
  return {
    id,
    name: 'Someone',
    preferredName: '',
    pronouns: '',
    dateOfBirth: '',
    email: '',
    phone: '',
    address: '',
    emergencyContact: '',
    status: 'active',
    presentingConcerns: '',
    modalities: [],
    defaultSessionMinutes: 50,
    telehealthUrl: '',
    archived: false,
    createdAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

describe('activeCaseload', () => {
  const appointments = [
    individual('recent', NOW - 10 * DAY),
    individual('upcoming', NOW + 20 * DAY, 'scheduled'),
    individual('edge', NOW - 60 * DAY), // exactly at the window's start: included
    individual('old', NOW - 61 * DAY),
    individual('cancelled-only', NOW - 2 * DAY, 'cancelled'),
    individual('no-show', NOW - 3 * DAY, 'no-show'),
    individual('both', NOW - 5 * DAY),
    individual('recent', NOW - 3 * DAY), // same client twice: counted once
  ];
  const memberships = [
    membership('both', 'g1', 'member', NOW - 30 * DAY),
    membership('grouponly', 'g1', 'member', NOW - 30 * DAY),
    membership('grouponly', 'g2', 'member', NOW - 90 * DAY), // two groups: counted once
    membership('waiting', 'g1', 'waitlisted'),
    membership('gone', 'g1', 'left', NOW - 90 * DAY, NOW - 10 * DAY),
    membership('future', 'g2', 'member', NOW + 7 * DAY),
    membership('no-join-date', 'g2', 'member'),
  ];

  it('counts distinct individual clients, group members and those in both', () => {
    expect(activeCaseload(undefined, memberships, appointments, NOW)).toEqual({
      individualClients: 5,
      groupMembers: 3,
      inBoth: 1,
      total: 7,
    });
  });

  it('uses the lookback it is given', () => {
    expect(activeCaseload(undefined, [], appointments, NOW, 7).individualClients).toBe(4); // recent, upcoming, no-show, both
  });

  it('leaves out archived and discharged clients when clients are given', () => {
    const clients = [client('recent', { archived: true }), client('grouponly', { status: 'discharged' }), client('both')];
    expect(activeCaseload(clients, memberships, appointments, NOW)).toEqual({
      individualClients: 4,
      groupMembers: 2,
      inBoth: 1,
      total: 5,
    });
  });
});

describe('unsignedBeforeNextSession', () => {
  const version = (groupId: string, v: number): AgreementVersion => ({
    id: `${groupId}-v${v}`,
    groupId,
    version: v,
    title: 'Group agreement',
    clauses: [{ heading: 'Confidentiality', body: 'What is said here stays here.' }],
    createdAt: 0,
    updatedAt: 0,
  });
  const signature = (groupId: string, clientId: string, v: number): AgreementSignature => ({
    id: `s-${groupId}-${clientId}-${v}`,
    groupId,
    clientId,
    agreementId: `${groupId}-v${v}`,
    version: v,
    method: 'wet-ink',
    signedOn: '2026-05-01',
    createdAt: 0,
    updatedAt: 0,
  });
  const session = NOW + 2 * DAY;
  const memberships = [
    membership('signed', 'g1', 'member', NOW - 30 * DAY),
    membership('old-version', 'g1', 'member', NOW - 30 * DAY),
    membership('never', 'g1', 'member', NOW - 30 * DAY),
    membership('joins-before', 'g1', 'member', NOW + DAY),
    membership('joins-after', 'g1', 'member', session + DAY),
    membership('waiting', 'g1', 'waitlisted'),
    membership('leaving', 'g1', 'left', NOW - 30 * DAY, NOW - DAY),
    membership('other-group', 'g2', 'member', NOW - 30 * DAY),
  ];
  const signatures = [signature('g1', 'signed', 2), signature('g1', 'old-version', 1), signature('g2', 'never', 2)];

  it('lists members expected at the next session without a signature for the current version', () => {
    const [g1] = unsignedBeforeNextSession([{ groupId: 'g1', startsAt: session }], memberships, signatures, [
      version('g1', 1),
      version('g1', 2),
    ]);
    expect(g1).toEqual({
      groupId: 'g1',
      nextSessionAt: session,
      currentVersion: 2,
      unsignedCount: 3,
      unsignedClientIds: ['joins-before', 'never', 'old-version'],
    });
  });

  it('orders groups by next session and reports a group without an agreement as having nothing to sign', () => {
    const rows = unsignedBeforeNextSession(
      [
        { groupId: 'g1', startsAt: session },
        { groupId: 'g2', startsAt: NOW + DAY },
      ],
      memberships,
      signatures,
      [version('g1', 2)],
    );
    expect(rows.map((row) => row.groupId)).toEqual(['g2', 'g1']);
    expect(rows[0]).toMatchObject({ currentVersion: null, unsignedCount: 0, unsignedClientIds: [] });
  });
});
