/**
 * What the roster and agreement screens show about signing, and the request main needs to
 * render an agreement PDF. Pure: no React, no I/O.
 */
import { agreementStatus, currentSignatureOf } from '../../../shared/groups/agreements';
import type { AgreementStatus } from '../../../shared/groups/agreements';
import type { AgreementPdfRequest } from '../../../shared/exports';
import type { AgreementSignature, AgreementVersion, Group } from '../../../shared/records';

export interface StatusBadge {
  label: string;
  tone: 'ok' | 'warn' | 'danger' | 'neutral';
  /** The sentence a screen reader hears and a tooltip shows. */
  description: string;
}

export const AGREEMENT_BADGES: Readonly<Record<AgreementStatus, StatusBadge>> = {
  signed: { label: 'Signed', tone: 'ok', description: 'Has signed the current group agreement.' },
  unsigned: { label: 'Not signed', tone: 'danger', description: 'Has not signed the group agreement yet.' },
  'needs-re-sign': {
    label: 'Needs to re-sign',
    tone: 'warn',
    description: 'Signed an earlier version; the agreement has changed since, so they need to sign again.',
  },
  'not-required': { label: 'No agreement yet', tone: 'neutral', description: 'This group has no agreement to sign yet.' },
};

export const badgeFor = (
  clientId: string,
  current: AgreementVersion | undefined,
  signatures: readonly AgreementSignature[],
): StatusBadge => AGREEMENT_BADGES[agreementStatus(clientId, current, signatures)];

/** The latest version of a group's agreement: the one members must have signed. */
export function currentVersionOf(versions: readonly AgreementVersion[], groupId: string): AgreementVersion | undefined {
  return versions
    .filter((v) => v.groupId === groupId)
    .reduce<AgreementVersion | undefined>(
      (latest, v) => (latest === undefined || v.version > latest.version ? v : latest),
      undefined,
    );
}

export interface PdfMember {
  clientId: string;
  name: string;
}

/**
 * The PDF request for one member or the whole roster. Signatures are those of the current
 * version only: a signature on an earlier version does not cover the text being printed.
 * Merge fields are filled by main as it lays out each member's copy.
 */
export function agreementPdfRequest(input: {
  group: Pick<Group, 'name' | 'facilitator'>;
  version: AgreementVersion;
  members: readonly PdfMember[];
  signatures: readonly AgreementSignature[];
  paperSize: 'A4' | 'Letter';
  generatedOn: string;
  blank?: boolean;
}): AgreementPdfRequest {
  const { group, version, members, signatures, paperSize, generatedOn, blank = false } = input;
  return {
    paperSize,
    group: { name: group.name, facilitator: group.facilitator },
    agreement: { title: version.title, version: version.version, clauses: version.clauses.map((c) => ({ ...c })) },
    members: members.map((member) => {
      const signature = blank ? undefined : currentSignatureOf(member.clientId, version, signatures);
      if (signature === undefined) return { name: member.name };
      return {
        name: member.name,
        signature: {
          method: signature.method,
          signedOn: signature.signedOn,
          ...(signature.memberSignature ? { memberSignature: signature.memberSignature } : {}),
          ...(signature.facilitatorSignature ? { facilitatorSignature: signature.facilitatorSignature } : {}),
        },
      };
    }),
    generatedOn,
    ...(blank ? { blank: true } : {}),
  };
}

/** "26 Nov 2026" from a signed-on date; the date has no time or zone, so it is read as a calendar date. */
export function formatSignedOn(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}
