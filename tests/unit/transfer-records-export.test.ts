import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import type { Appointment, Client, Measure } from '../../shared/records';
import { clientSchema } from '../../shared/records';
import { instantFromZoned } from '../../shared/scheduling/time';
import { clientPdfName, recordsCsvFiles, recordsReadme } from '../../shared/transfer/records-export';

const at = (y: number, m: number, d: number, h: number, min = 0) =>
  instantFromZoned({ year: y, month: m, day: d, hour: h, minute: min }, 'Europe/London');

describe('records export files', () => {
  const clients: Client[] = [
    clientSchema.parse({ id: 'c1', name: 'Smith, "Jane"', address: 'Flat 2\n10 High St', createdAt: 0, updatedAt: 0 }),
    clientSchema.parse({ id: 'c2', name: '王芳', status: 'discharged', archived: true, createdAt: 0, updatedAt: 0 }),
  ];
  const appointment: Appointment = {
    id: 'a1',
    kind: 'individual',
    status: 'no-show',
    start: at(2027, 3, 29, 10),
    end: at(2027, 3, 29, 10, 50),
    clientId: 'c1',
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
  };
  const measure: Measure = {
    id: 'm1',
    clientId: 'c1',
    kind: 'PHQ-9',
    takenAt: at(2027, 3, 1, 9),
    items: [1, 1, 2, 1, 0, 1, 2, 1, 0],
    createdAt: 0,
    updatedAt: 0,
  };
  const files = recordsCsvFiles(
    { clients, groups: [], memberships: [], appointments: [appointment], attendance: [], measures: [measure] },
    'Europe/London',
  );
  const rows = (name: string) => Papa.parse<Record<string, string>>(files[name]!, { header: true }).data;

  test('every kind of record has its CSV, which a CSV reader reads back exactly, quotes and line breaks included', () => {
    expect(Object.keys(files).sort()).toEqual([
      'appointments.csv',
      'attendance.csv',
      'clients.csv',
      'groups.csv',
      'measures.csv',
      'memberships.csv',
    ]);
    expect(
      rows('clients.csv').map((r) => [r['Client ID'], r['Full name'], r['Address'], r['Archived'], r['Record file']]),
    ).toEqual([
      ['c1', 'Smith, "Jane"', 'Flat 2\n10 High St', 'no', clientPdfName('c1')],
      ['c2', '王芳', '', 'yes', clientPdfName('c2')],
    ]);
  });

  test('times are local to the clinician (BST after the clock change) and measures carry their total and band', () => {
    expect(rows('appointments.csv')[0]).toMatchObject({
      Start: '2027-03-29 10:00',
      End: '2027-03-29 10:50',
      Status: 'no-show',
      'Client ID': 'c1',
    });
    expect(rows('measures.csv')[0]).toMatchObject({
      Measure: 'PHQ-9',
      Taken: '2027-03-01 09:00',
      Total: '9',
      'Item answers (0–3, in order)': '1 1 2 1 0 1 2 1 0',
    });
    expect(rows('measures.csv')[0]!.Severity).toMatch(/mild/i);
  });

  test('file names carry ids, never names, and the README says why', () => {
    expect(clientPdfName('c1')).toBe('client-c1-record.pdf');
    const readme = recordsReadme({ exportedAt: '2027-03-02', timeZone: 'Europe/London', counts: { clients: 2 }, pdfs: 2 });
    expect(readme).toContain('one row per client (2)');
    expect(readme).toContain('NOT encrypted');
    expect(readme).not.toMatch(/Jane|王芳/);
  });
});
