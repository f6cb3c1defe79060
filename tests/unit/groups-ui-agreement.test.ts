import { describe, expect, it } from 'vitest';
import type { AgreementSignature, AgreementVersion } from '../../shared/records';
import { agreementPdfRequest, badgeFor, currentVersionOf, formatSignedOn } from '../../renderer/src/groups/agreement-view';

const version = (n: number): AgreementVersion => ({
  id: `v${n}`,
  groupId: 'g1',
  version: n,
  title: 'Agreement',
  clauses: [{ heading: 'Privacy', body: '{{member}} keeps {{group}} private.' }],
  createdAt: n,
  updatedAt: n,
});
const signature = (clientId: string, v: number): AgreementSignature => ({
  id: `s-${clientId}-${v}`,
  groupId: 'g1',
  clientId,
  agreementId: `v${v}`,
  version: v,
  method: 'on-screen',
  signedOn: '2026-03-05',
  memberSignature: 'data:image/png;base64,AAAA',
  facilitatorSignature: 'data:image/png;base64,BBBB',
  createdAt: 1,
  updatedAt: 1,
});

describe('agreement view', () => {
  it('takes the highest version as current', () => {
    expect(currentVersionOf([version(1), version(3), version(2)], 'g1')?.version).toBe(3);
    expect(currentVersionOf([version(1)], 'other')).toBeUndefined();
  });

  it('labels the roster badge for each signing state', () => {
    const signatures = [signature('a', 2), signature('b', 1)];
    expect(badgeFor('a', version(2), signatures).label).toBe('Signed');
    expect(badgeFor('b', version(2), signatures).label).toBe('Needs to re-sign');
    expect(badgeFor('c', version(2), signatures).label).toBe('Not signed');
    expect(badgeFor('c', undefined, signatures).label).toBe('No agreement yet');
  });

  it('builds a roster PDF request with only current-version signatures', () => {
    const request = agreementPdfRequest({
      group: { name: 'Grief group', facilitator: 'Ruth' },
      version: version(2),
      members: [
        { clientId: 'a', name: 'Amara' },
        { clientId: 'b', name: 'Bernard' },
      ],
      signatures: [signature('a', 2), signature('b', 1)],
      paperSize: 'Letter',
      generatedOn: '2026-03-06',
    });
    expect(request.members[0]).toEqual({
      name: 'Amara',
      signature: {
        method: 'on-screen',
        signedOn: '2026-03-05',
        memberSignature: 'data:image/png;base64,AAAA',
        facilitatorSignature: 'data:image/png;base64,BBBB',
      },
    });
    expect(request.members[1]).toEqual({ name: 'Bernard' });
    expect(request).toMatchObject({ paperSize: 'Letter', generatedOn: '2026-03-06', agreement: { version: 2 } });
    expect(request.blank).toBeUndefined();
  });

  it('leaves signatures off a blank copy', () => {
    const request = agreementPdfRequest({
      group: { name: 'G', facilitator: '' },
      version: version(2),
      members: [{ clientId: 'a', name: 'Amara' }],
      signatures: [signature('a', 2)],
      paperSize: 'A4',
      generatedOn: '2026-03-06',
      blank: true,
    });
    expect(request.members).toEqual([{ name: 'Amara' }]);
    expect(request.blank).toBe(true);
  });

  it('formats the signed-on date as a calendar date', () => {
    expect(formatSignedOn('2026-03-05')).toBe('5 Mar 2026');
  });
});
