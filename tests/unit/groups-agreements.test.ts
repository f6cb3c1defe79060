import { describe, expect, it } from 'vitest';
import type { AgreementSignature, AgreementVersion } from '../../shared/records';
import {
  AgreementError,
  agreementStatus,
  canMarkPresent,
  fillAgreement,
  fillMergeFields,
  nextVersion,
  unfilledMergeFields,
} from '../../shared/groups/agreements';

const T0 = Date.UTC(2026, 0, 5);
let ids = 0;
const makeId = () => `v${++ids}`;

const first = nextVersion(
  undefined,
  {
    groupId: 'g1',
    title: 'Grief group agreement',
    clauses: [{ heading: 'Confidentiality', body: 'What is said in {{group}} stays in {{group}}.' }],
  },
  T0,
  makeId,
);

function signature(clientId: string, version: number): AgreementSignature {
  return {
    id: `sig-${clientId}-${version}`,
    groupId: 'g1',
    clientId,
    agreementId: first.id,
    version,
    method: 'on-screen',
    signedOn: '2026-01-05',
    createdAt: T0,
    updatedAt: T0,
  };
}

describe('agreement versions and status', () => {
  it('starts at version 1 and increments on each change', () => {
    expect(first).toMatchObject({ groupId: 'g1', version: 1, title: 'Grief group agreement', createdAt: T0 });
    const second = nextVersion(
      first,
      { clauses: [...first.clauses, { heading: 'Phones', body: 'Phones on silent.' }] },
      T0 + 1,
      makeId,
    );
    expect(second).toMatchObject({ groupId: 'g1', version: 2 });
    expect(second.id).not.toBe(first.id);
    expect(nextVersion(second, { title: 'Renamed' }, T0 + 2, makeId).version).toBe(3);
  });

  it('refuses a new version with no change, or with no clauses', () => {
    expect(() => nextVersion(first, { title: ' Grief group agreement ' }, T0 + 1, makeId)).toThrow(AgreementError);
    expect(() => nextVersion(first, { clauses: [{ heading: ' ', body: '' }] }, T0 + 1, makeId)).toThrow(/at least one clause/);
    expect(() => nextVersion(undefined, { clauses: first.clauses }, T0, makeId)).toThrow(/group/);
  });

  it('needs a re-sign after the agreement changes', () => {
    const signatures = [signature('ana', 1)];
    expect(agreementStatus('ana', first, signatures)).toBe('signed');
    expect(agreementStatus('ben', first, signatures)).toBe('unsigned');
    const second = nextVersion(first, { clauses: [{ heading: 'Confidentiality', body: 'Changed.' }] }, T0 + 1, makeId);
    expect(agreementStatus('ana', second, signatures)).toBe('needs-re-sign');
    expect(agreementStatus('ana', second, [...signatures, signature('ana', 2)])).toBe('signed');
    expect(agreementStatus('ana', { ...second, groupId: 'other' }, signatures)).toBe('unsigned');
    expect(agreementStatus('ana', undefined, [])).toBe('not-required');
  });

  it('blocks marking present until the current version is signed, but always allows absences', () => {
    const second: AgreementVersion = { ...first, id: 'v-two', version: 2 };
    const signatures = [signature('ana', 1)];
    const blocked = canMarkPresent('ana', second, signatures);
    expect(blocked.allowed).toBe(false);
    if (!blocked.allowed) expect(blocked.reason).toMatch(/changed since this member signed.*version 2/);
    const never = canMarkPresent('ben', second, signatures, 'late');
    expect(never.allowed).toBe(false);
    if (!never.allowed) expect(never.reason).toMatch(/hasn’t signed/);
    expect(canMarkPresent('ben', second, signatures, 'absent-no-notice')).toEqual({ allowed: true });
    expect(canMarkPresent('ana', second, [...signatures, signature('ana', 2)])).toEqual({ allowed: true });
    expect(canMarkPresent('ben', undefined, [])).toEqual({ allowed: true });
  });
});

describe('merge fields', () => {
  const values = { group: 'Grief support', facilitator: 'Dr Rivera', member: 'Zoë Martin', date: '5 January 2026' };

  it('fills known fields, tolerating spaces and case', () => {
    expect(fillMergeFields('{{member}} joins {{ Group }} led by {{facilitator}} on {{date}}.', values)).toBe(
      'Zoë Martin joins Grief support led by Dr Rivera on 5 January 2026.',
    );
  });

  it('leaves unknown and empty fields visible, and names no facilitator as "the facilitator", as the PDF does', () => {
    const text = 'Dear {{member}}, see {{venue}} with {{group}}. {{facilitator}} leads; ask {{facilitator}}.';
    expect(fillMergeFields(text, { member: 'Ana', facilitator: '  ' })).toBe(
      'Dear Ana, see {{venue}} with {{group}}. The facilitator leads; ask the facilitator.',
    );
    expect(unfilledMergeFields(text, { member: 'Ana' })).toEqual(['{{venue}}', '{{group}}']);
  });

  it('does not expand fields that appear inside a value', () => {
    expect(fillMergeFields('{{member}}', { member: '{{group}}', group: 'X' })).toBe('{{group}}');
  });

  it('fills a whole agreement', () => {
    expect(fillAgreement(first, values).clauses[0]?.body).toBe('What is said in Grief support stays in Grief support.');
  });
});
