import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeImportBytes } from '../../electron/main/services/import-file';
import type { Client } from '../../shared/records';
import { CLIENT_STATUSES, clientSchema } from '../../shared/records';
import {
  CsvImportError,
  clientsToCsv,
  foldName,
  guessDateOrder,
  guessMapping,
  isBlank,
  planClientImport,
  readCsv,
} from '../../shared/transfer/client-csv';
import type { ClientField } from '../../shared/transfer/client-csv';

let counter = 0;
const newId = () => `imported-${++counter}`;
const fixture = (name: string) => decodeImportBytes(fs.readFileSync(path.join(__dirname, '../fixtures/csv', name)));

function importText(text: string, existing: Client[] = [], dateOrder?: 'dmy' | 'mdy') {
  const table = readCsv(text);
  const mapping = guessMapping(table.headers);
  const dobColumn = mapping.indexOf('dateOfBirth');
  const order = dateOrder ?? (dobColumn >= 0 ? guessDateOrder(table.rows.map((r) => r.cells[dobColumn]!)) : null) ?? 'dmy';
  return { table, mapping, plan: planClientImport(table, mapping, { existing, dateOrder: order, now: 0, newId }) };
}
const mapped = (headers: string[], mapping: ClientField[]) =>
  Object.fromEntries(headers.map((h, i) => [h, mapping[i]]).filter(([, f]) => f !== 'ignore'));

describe('client import from CSV', () => {
  test('SimplePractice: month-first dates, a combined name column, statuses; an impossible date is listed with its reason', () => {
    const { table, mapping, plan } = importText(fixture('simplepractice.csv'));
    expect(mapped(table.headers, mapping)).toMatchObject({
      Client: 'fullName',
      'First Name': 'firstName',
      'Date of Birth': 'dateOfBirth',
      Zip: 'postcode',
      Status: 'status',
    });
    expect(plan.clients.map((c) => [c.rowNumber, c.client.name, c.client.dateOfBirth, c.client.status])).toEqual([
      [2, 'Garcia, Maria', '1987-04-23', 'active'],
      [3, 'Lee, Sam', '1990-11-02', 'discharged'],
    ]);
    expect(plan.clients[0]!.client).toMatchObject({
      preferredName: 'Mari',
      phone: '(555) 010-2233',
      address: '12 Elm St, Springfield, IL, 62704',
    });
    expect(plan.refused).toEqual([
      {
        rowNumber: 4,
        name: 'Garcia, Maria'.replace('Garcia, Maria', 'Okafor, Chidi'),
        reason: expect.stringMatching(/^The date of birth “02\/30\/1979” is not a date/),
      },
    ]);
  });

  test('TherapyNotes: first, middle and last names, a street address over two lines in quotes', () => {
    const { plan } = importText(fixture('therapynotes.csv'));
    expect(plan.refused).toEqual([]);
    expect(plan.clients.map((c) => c.client)).toMatchObject([
      {
        name: 'Thi Mai Nguyen',
        preferredName: 'Mai',
        dateOfBirth: '1992-07-14',
        phone: '555-0100',
        address: '88 River Rd\nApt 4, Portland, OR, 97201',
        status: 'active',
      },
      { name: 'Alex Brown', status: 'discharged', email: '' },
    ]);
  });

  test('Jane: pronouns, province and postal code, names in other scripts', () => {
    const { plan } = importText(fixture('jane.csv'));
    expect(plan.clients.map((c) => [c.client.name, c.client.pronouns, c.client.address])).toEqual([
      ['Arsenii Kotov', 'he/him', '1200 Main St, Vancouver, BC, V6B 1A1, Canada'],
      ['Zoë Ångström', 'she/her', ''],
    ]);
  });

  test('Google Contacts: "E-mail 1 - Value", "Phone 1 - Value" and the formatted address', () => {
    const { table, mapping, plan } = importText(fixture('google-contacts.csv'));
    expect(mapped(table.headers, mapping)).toMatchObject({
      'E-mail 1 - Value': 'email',
      'Phone 1 - Value': 'phone',
      'Address 1 - Formatted': 'address',
      Birthday: 'dateOfBirth',
      Nickname: 'preferredName',
    });
    expect(plan.clients.map((c) => c.client)).toMatchObject([
      {
        name: 'Fang Wang',
        email: 'wang.fang@example.cn',
        phone: '+86 10 5555 0100',
        address: "1 Chang'an Ave\nBeijing, 100000, China",
        dateOfBirth: '1988-09-21',
      },
    ]);
  });

  test('a semicolon spreadsheet with a BOM and a quoted newline; duplicates by name and birth date or email, in the file and already in Holdspace', () => {
    const existing = [
      clientSchema.parse({
        id: 'c1',
        name: 'jane smith',
        dateOfBirth: '1980-02-01',
        email: 'jane@example.org',
        createdAt: 0,
        updatedAt: 0,
      }),
    ];
    const { table, plan } = importText(fixture('spreadsheet-semicolon-bom.csv'), existing, 'dmy');
    expect(table.delimiter).toBe(';');
    expect(table.headers[0]).toBe('Name');
    expect(plan.clients.map((c) => [c.rowNumber, c.client.name, c.client.address])).toEqual([
      [2, 'Priya Shah', 'Flat 2\r\n10 High Street; Leeds'],
    ]);
    expect(plan.refused).toEqual([
      {
        rowNumber: 3,
        name: 'Jane Smith',
        reason: 'Looks like a client already listed (same name and date of birth as jane smith, already in Holdspace).',
      },
      { rowNumber: 4, name: 'Priya Shah', reason: 'Looks like a client already listed (same name and date of birth as row 2).' },
      {
        rowNumber: 6,
        name: 'John Smith',
        reason: 'Looks like a client already listed (same email as jane smith, already in Holdspace).',
      },
    ]);
  });

  test('a bad file is refused with a reason a clinician can act on', () => {
    expect(() => readCsv('Name,Email\n"Jane Smith,jane@example.com\nOmar,omar@example.com\n')).toThrow(CsvImportError);
    expect(() => readCsv('Name,Email\n"Jane Smith,jane@example.com\n')).toThrow(
      /^Row 2 of the file has a quotation mark that is never closed/,
    );
    expect(() => readCsv('\uFEFF  \n')).toThrow('That file is empty. Nothing has been imported.');
    expect(() => readCsv('Name,Email\n')).toThrow(/no clients under it/);
    expect(() => readCsv('BEGIN:VCALENDAR\nEND:VCALENDAR\n')).toThrow(/does not look like a spreadsheet of clients/);
    const table = readCsv('Email,Phone\na@example.com,1\n');
    expect(() => planClientImport(table, guessMapping(table.headers), { existing: [], dateOrder: 'dmy', now: 0, newId })).toThrow(
      /which column holds the client’s name/,
    );
    const { plan } = importText('Name,Email,Status\n,x@example.com,active\nA B,not-an-email,active\nC D,,asleep\n');
    expect(plan.refused.map((r) => r.reason)).toEqual([
      'It has no name.',
      'The email “not-an-email” is not an email address.',
      'The status “asleep” is not one Holdspace knows (active, enquiry, paused or discharged).',
    ]);
  });

  test('property: importing an exported client list gives the same clients', () => {
    // Values that start like formulas, or with a quote, leave guarded and must come back as they were.
    const lead = fc.constantFrom('', '', '=', '+', '-', '@', "'", "''", ' =', '\t=');
    // A value made only of characters that show nothing (a Braille blank, a zero-width space) is imported as empty
    // on purpose (see the invisible-names tests), so the round trip is over values that show something, or none.
    const showsSomething = (s: string) => !isBlank(s);
    const text = fc
      .tuple(lead, fc.string({ unit: 'grapheme', maxLength: 30 }))
      .map(([l, s]) => (l + s).trim())
      .filter((s) => s === '' || showsSomething(s));
    const clientArb = fc.record({
      name: text.filter((s) => s.length > 0),
      preferredName: text,
      pronouns: text.map((s) => s.slice(0, 40).trim()).filter((s) => s === '' || showsSomething(s)),
      dateOfBirth: fc.oneof(
        fc.constant(''),
        fc
          .date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      ),
      email: fc.oneof(fc.constant(''), fc.emailAddress()),
      phone: fc.oneof(
        fc.constant('-'),
        fc.stringMatching(/^[+0-9 ()-]{0,20}$/).map((s) => s.trim()),
      ),
      address: fc.array(text, { maxLength: 3 }).map((lines) => lines.join('\n').trim()),
      emergencyContact: text,
      status: fc.constantFrom(...CLIENT_STATUSES),
      presentingConcerns: text,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(clientArb, { minLength: 1, maxLength: 12, selector: (c) => foldName(c.name) }).filter((list) => {
          const emails = list.map((c) => c.email.toLocaleLowerCase()).filter(Boolean);
          return new Set(emails).size === emails.length;
        }),
        (records) => {
          const clients = records.map((r, i) => clientSchema.parse({ ...r, id: `c${i}`, createdAt: 0, updatedAt: 0 }));
          const { plan } = importText(`\uFEFF${clientsToCsv(clients)}`, [], 'dmy');
          expect(plan.refused).toEqual([]);
          const strip = ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }: Client) => rest;
          expect(plan.clients.map((c) => strip(c.client))).toEqual(clients.map(strip));
        },
      ),
      { numRuns: 200 },
    );
  });
});
