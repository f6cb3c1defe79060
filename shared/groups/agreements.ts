/**
 * Group agreements (confidentiality, attendance, conduct). Each edit makes a new version, and
 * a member's signature covers only the version they signed: after a change, everyone must
 * re-sign before they take part again, because they have not agreed to the new terms.
 */
import { newId } from '../ids';
import type { AgreementSignature, AgreementVersion, AttendanceMark } from '../records';
import { ATTENDED_MARKS } from './attendance';

/**
 * 'not-required' is returned when the group has no agreement yet, so there is nothing to
 * sign; it is not the same as 'signed' and the UI should say so.
 */
export type AgreementStatus = 'signed' | 'unsigned' | 'needs-re-sign' | 'not-required';

/** The signature a member gave for the current version, if any. */
export function currentSignatureOf(
  clientId: string,
  currentVersion: AgreementVersion,
  signatures: readonly AgreementSignature[],
): AgreementSignature | undefined {
  return signatures.find(
    (signature) =>
      signature.clientId === clientId &&
      signature.groupId === currentVersion.groupId &&
      signature.version === currentVersion.version,
  );
}

export function agreementStatus(
  clientId: string,
  currentVersion: AgreementVersion | undefined,
  signatures: readonly AgreementSignature[],
): AgreementStatus {
  if (currentVersion === undefined) return 'not-required';
  if (currentSignatureOf(clientId, currentVersion, signatures) !== undefined) return 'signed';
  const signedEarlier = signatures.some(
    (signature) =>
      signature.clientId === clientId &&
      signature.groupId === currentVersion.groupId &&
      signature.version < currentVersion.version,
  );
  return signedEarlier ? 'needs-re-sign' : 'unsigned';
}

export type MarkPermission = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether a member may be marked as attending (present, late, left early). Absences can
 * always be recorded. Someone who hasn't signed the current agreement can't be marked as
 * attending: they haven't agreed to the group's confidentiality terms.
 */
export function canMarkPresent(
  clientId: string,
  currentVersion: AgreementVersion | undefined,
  signatures: readonly AgreementSignature[],
  mark: AttendanceMark = 'present',
): MarkPermission {
  if (!ATTENDED_MARKS.has(mark)) return { allowed: true };
  const status = agreementStatus(clientId, currentVersion, signatures);
  if (status === 'signed' || status === 'not-required') return { allowed: true };
  const version = currentVersion?.version ?? 1;
  return {
    allowed: false,
    reason:
      status === 'needs-re-sign'
        ? `The group agreement has changed since this member signed it. Ask them to sign the current version (version ${version}) before marking them as attending.`
        : `This member hasn’t signed the group agreement yet. Ask them to sign it (version ${version}) before marking them as attending.`,
  };
}

export type AgreementClause = AgreementVersion['clauses'][number];

export interface AgreementEdits {
  title?: string;
  clauses?: readonly AgreementClause[];
  /** Needed only for a group's first agreement, when there is no current version to take it from. */
  groupId?: string;
}

/** Thrown when an agreement change isn't possible; the message is written for the clinician. */
export class AgreementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgreementError';
  }
}

export const DEFAULT_AGREEMENT_TITLE = 'Group agreement';

const MAX_CLAUSES = 50;

/** Trims each clause and drops blank ones, so stray whitespace neither counts as a change nor reaches the page. */
const tidyClauses = (clauses: readonly AgreementClause[]): AgreementClause[] =>
  clauses
    .map((clause) => ({ heading: clause.heading.trim(), body: clause.body.trim() }))
    .filter((clause) => clause.heading !== '' || clause.body !== '');

const sameClauses = (a: readonly AgreementClause[], b: readonly AgreementClause[]): boolean =>
  a.length === b.length && a.every((clause, index) => clause.heading === b[index]?.heading && clause.body === b[index]?.body);

/**
 * A new version with the edits applied and the version number one higher (1 for the first).
 * Refused when nothing changed, since a new version would make every member re-sign for nothing.
 */
export function nextVersion(
  current: AgreementVersion | undefined,
  edits: AgreementEdits,
  now: number,
  makeId: () => string = newId,
): AgreementVersion {
  const groupId = current?.groupId ?? edits.groupId;
  if (groupId === undefined) throw new AgreementError('Choose the group this agreement is for.');
  const title = (edits.title ?? current?.title ?? DEFAULT_AGREEMENT_TITLE).trim() || DEFAULT_AGREEMENT_TITLE;
  const clauses = tidyClauses(edits.clauses ?? current?.clauses ?? []);
  if (clauses.length === 0) throw new AgreementError('An agreement needs at least one clause.');
  if (clauses.length > MAX_CLAUSES) throw new AgreementError(`An agreement can have at most ${MAX_CLAUSES} clauses.`);
  if (current !== undefined && title === current.title.trim() && sameClauses(clauses, tidyClauses(current.clauses))) {
    throw new AgreementError('Nothing has changed in the agreement, so there is no new version to sign.');
  }
  return { id: makeId(), groupId, version: (current?.version ?? 0) + 1, title, clauses, createdAt: now, updatedAt: now };
}

export interface MergeFieldValues {
  group?: string;
  facilitator?: string;
  member?: string;
  /** Already formatted for the reader, e.g. "14 March 2026". */
  date?: string;
}

export const MERGE_FIELDS = ['group', 'facilitator', 'member', 'date'] as const;
const MERGE_FIELD_PATTERN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Whether a merge field has a value to put in. */
const hasValue = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Replaces {{group}}, {{facilitator}}, {{member}} and {{date}} (spaces inside the braces and
 * any letter case allowed). A group with no facilitator named reads "the facilitator" ("The
 * facilitator" at the start of a sentence). Unknown fields, and other known ones with no value,
 * are left as written so a gap is visible on the page instead of silently disappearing from the
 * agreement. The screen the member signs on and the PDF both use this, so they say the same.
 */
export function fillMergeFields(text: string, values: MergeFieldValues): string {
  return text.replace(MERGE_FIELD_PATTERN, (placeholder, name: string, offset: number) => {
    const field = MERGE_FIELDS.find((known) => known === name.toLowerCase());
    const value = field === undefined ? undefined : values[field];
    if (field === 'facilitator' && !hasValue(value)) {
      const before = text.slice(0, offset).trimEnd();
      return before === '' || /[.!?:]$/.test(before) ? 'The facilitator' : 'the facilitator';
    }
    return hasValue(value) ? value : placeholder;
  });
}

/** Fields in the text that `fillMergeFields` would leave unfilled: unknown names and known ones without a value. */
export function unfilledMergeFields(text: string, values: MergeFieldValues): string[] {
  const unfilled = new Set<string>();
  for (const match of text.matchAll(MERGE_FIELD_PATTERN)) {
    const name = match[1] ?? '';
    const field = MERGE_FIELDS.find((known) => known === name.toLowerCase());
    const value = field === undefined ? undefined : values[field];
    if (field !== 'facilitator' && !hasValue(value)) unfilled.add(match[0]);
  }
  return [...unfilled];
}

/** The agreement's title and clauses with merge fields filled, ready for the PDF or screen. */
export function fillAgreement(
  version: AgreementVersion,
  values: MergeFieldValues,
): { title: string; clauses: AgreementClause[] } {
  return {
    title: fillMergeFields(version.title, values),
    clauses: version.clauses.map((clause) => ({
      heading: fillMergeFields(clause.heading, values),
      body: fillMergeFields(clause.body, values),
    })),
  };
}
