import { describe, expect, test } from 'vitest';
import { notesPdfRequestSchema } from '../../shared/exports';
import type { AgreementSignature, Measure } from '../../shared/records';
import { agreementVersionSchema, clientSchema, groupSchema, noteSchema } from '../../shared/records';
import { planRecordsExport } from '../../renderer/src/transfer/records-plan';

const clients = [
  clientSchema.parse({ id: 'c1', name: 'Zoë Ångström', createdAt: 0, updatedAt: 0 }),
  clientSchema.parse({ id: 'c2', name: 'نور العلي', createdAt: 0, updatedAt: 0 }),
];
const group = groupSchema.parse({ id: 'g1', name: 'Grief', facilitator: 'Dr Raman', createdAt: 0, updatedAt: 0 });
const version = agreementVersionSchema.parse({
  id: 'a1',
  groupId: 'g1',
  version: 1,
  title: 'Agreement',
  clauses: [{ heading: 'Privacy', body: 'What is said here stays here.' }],
  createdAt: 0,
  updatedAt: 0,
});
const signature = (id: string, signedOn: string): AgreementSignature => ({
  id,
  groupId: 'g1',
  clientId: 'c1',
  agreementId: 'a1',
  version: 1,
  method: 'wet-ink',
  signedOn,
  createdAt: 0,
  updatedAt: 0,
});
const groupNote = noteSchema.parse({
  id: 'n1',
  template: 'GIRP',
  groupId: 'g1',
  sessionAt: 2_000,
  durationMinutes: 90,
  sections: { goals: 'Share a memory' },
  attendeeSections: { c1: 'Zoë spoke about her sister.', c2: 'Nour listened.' },
  risk: { level: 'none' },
  status: 'signed',
  createdAt: 0,
  updatedAt: 0,
});
const ownNote = noteSchema.parse({
  id: 'n2',
  template: 'SOAP',
  clientId: 'c1',
  sessionAt: 1_000,
  durationMinutes: 50,
  sections: { subjective: 'Slept better.' },
  risk: { level: 'none' },
  createdAt: 0,
  updatedAt: 0,
});
const measure: Measure = {
  id: 'm1',
  clientId: 'c1',
  kind: 'PHQ-9',
  takenAt: 500,
  items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
  createdAt: 0,
  updatedAt: 0,
};

describe('records export plan', () => {
  const plan = planRecordsExport(
    {
      clients,
      groups: [group],
      memberships: [],
      appointments: [],
      attendance: [],
      measures: [measure],
      notes: [groupNote, ownNote],
      agreements: [version],
      signatures: [signature('s2', '2027-05-01'), signature('s1', '2026-01-10')],
    },
    { timeZone: 'Europe/London', today: '2027-06-01', paperSize: 'A4', format: { locale: 'en-US', hourCycle: 'h12' } },
  );

  test('each client’s PDF: their notes oldest first, only their own section of a group note, their measures, the clinician’s format', () => {
    const [zoe, nour] = plan.clientPdfs.map((p) => notesPdfRequestSchema.parse(p.request()));
    expect(zoe!.notes.map((n) => n.sessionAt)).toEqual([1_000, 2_000]);
    const zoeText = JSON.stringify(zoe);
    expect(zoeText).toContain('Zoë spoke about her sister.');
    expect(zoeText).not.toContain('Nour listened.');
    expect(zoe!.measures).toEqual([{ kind: 'PHQ-9', takenAt: 500, items: [1, 1, 1, 1, 1, 1, 1, 1, 0] }]);
    expect(zoe!.format).toEqual({ locale: 'en-US', hourCycle: 'h12' });
    expect(JSON.stringify(nour)).not.toContain('Zoë spoke');
    expect(nour!.measures).toEqual([]);
  });

  test('a member who signed the same version twice keeps both copies, under different file names, oldest first', () => {
    expect(plan.agreementPdfs.map((p) => p.name)).toEqual(['client-c1-agreement-g1-v1.pdf', 'client-c1-agreement-g1-v1-2.pdf']);
    expect(plan.agreementPdfs.map((p) => p.request().members[0]!.signature?.signedOn)).toEqual(['2026-01-10', '2027-05-01']);
  });

  test('a group note is not filed on the record of a member whose own section is blank', () => {
    const cleared = noteSchema.parse({ ...groupNote, id: 'n3', attendeeSections: { c1: 'Zoë spoke again.', c2: '   ' } });
    const only = planRecordsExport(
      {
        clients,
        groups: [group],
        memberships: [],
        appointments: [],
        attendance: [],
        measures: [],
        notes: [cleared],
        agreements: [],
        signatures: [],
      },
      { timeZone: 'Europe/London', today: '2027-06-01', paperSize: 'A4', format: { locale: 'en-GB', hourCycle: 'h23' } },
    );
    const [zoe, nour] = only.clientPdfs.map((p) => notesPdfRequestSchema.parse(p.request()));
    expect(zoe!.notes).toHaveLength(1);
    expect(nour!.notes).toEqual([]);
    expect(JSON.stringify(nour)).not.toContain('Share a memory');
  });
});
