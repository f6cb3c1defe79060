/**
 * Which group members have not signed their group's current agreement before the group next
 * meets. Only ids and counts leave this module; names are the screen's business.
 */
import type { AgreementSignature, AgreementVersion, Membership } from '../records';

export interface NextGroupSession {
  groupId: string;
  startsAt: number;
}

export interface GroupAgreementsDue {
  groupId: string;
  nextSessionAt: number;
  /** The version members must have signed; null when the group has no agreement written yet. */
  currentVersion: number | null;
  unsignedCount: number;
  unsignedClientIds: string[];
}

/** The highest version per group; tolerant of being handed every version rather than only current ones. */
export function currentVersionsByGroup(versions: readonly AgreementVersion[]): Map<string, AgreementVersion> {
  const current = new Map<string, AgreementVersion>();
  for (const version of versions) {
    const known = current.get(version.groupId);
    if (!known || version.version > known.version) current.set(version.groupId, version);
  }
  return current;
}

/** Members expected at a session: members who have not left by then and have not joined after it. */
function expectedAt(membership: Membership, groupId: string, at: number): boolean {
  if (membership.groupId !== groupId || membership.status !== 'member') return false;
  if (membership.joinedAt !== undefined && membership.joinedAt > at) return false;
  return membership.leftAt === undefined || membership.leftAt > at;
}

/**
 * For each group's next session, the members without a signature for the current version. A
 * signature of an older version does not count: members re-sign when the agreement changes.
 * Results come in order of the next session, soonest first.
 */
export function unsignedBeforeNextSession(
  nextSessions: readonly NextGroupSession[],
  memberships: readonly Membership[],
  signatures: readonly AgreementSignature[],
  currentVersions: readonly AgreementVersion[],
): GroupAgreementsDue[] {
  const current = currentVersionsByGroup(currentVersions);
  return [...nextSessions]
    .sort((a, b) => a.startsAt - b.startsAt || a.groupId.localeCompare(b.groupId))
    .map(({ groupId, startsAt }) => {
      const version = current.get(groupId);
      if (!version) return { groupId, nextSessionAt: startsAt, currentVersion: null, unsignedCount: 0, unsignedClientIds: [] };
      const signed = new Set(
        signatures
          .filter((signature) => signature.groupId === groupId && signature.version === version.version)
          .map((s) => s.clientId),
      );
      const expected = new Set(
        memberships.filter((membership) => expectedAt(membership, groupId, startsAt)).map((m) => m.clientId),
      );
      const unsignedClientIds = [...expected].filter((clientId) => !signed.has(clientId)).sort();
      return {
        groupId,
        nextSessionAt: startsAt,
        currentVersion: version.version,
        unsignedCount: unsignedClientIds.length,
        unsignedClientIds,
      };
    });
}
