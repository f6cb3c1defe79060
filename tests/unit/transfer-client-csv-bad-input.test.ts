import { describe, expect, test } from 'vitest';
import { decodeImportBytes } from '../../electron/main/services/import-file';
import { clientSchema } from '../../shared/records';
import type { Client } from '../../shared/records';
import { CsvImportError, guessMapping, planClientImport, readCsv } from '../../shared/transfer/client-csv';

let counter = 0;
const newId = () => `imported-${++counter}`;

function plan(text: string, existing: Client[] = []) {
  const table = readCsv(text);
  return planClientImport(table, guessMapping(table.headers), { existing, dateOrder: 'dmy', now: 0, newId });
}
const bytes = (...parts: (string | number)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...Buffer.from(p, 'utf8')])));

describe('client import: the separator', () => {
  test('a two-column semicolon file, with the empty line after its last newline', () => {
    const table = readCsv('Name;Email\r\nAnn Lee;a@x.org\r\nBob Roe;b@x.org\r\n');
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['Name', 'Email']);
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['Ann Lee', 'a@x.org'] },
      { rowNumber: 3, cells: ['Bob Roe', 'b@x.org'] },
    ]);
  });

  test('a European semicolon file whose quoted names hold commas is not an unclosed quotation mark', () => {
    const table = readCsv('Name;Email\n"Lee, Ann";a@x.org\n');
    expect(table.rows[0]!.cells).toEqual(['Lee, Ann', 'a@x.org']);
    expect(plan('Name;Email;Address\n"Lee, Ann";a@x.org;"1 Rue Haute, Liège"\n').clients[0]!.client).toMatchObject({
      name: 'Lee, Ann',
      address: '1 Rue Haute, Liège',
    });
  });

  test('Excel "Unicode text": UTF-16 with a byte-order mark, two tab-separated columns', () => {
    const file = new Uint8Array(Buffer.from('\uFEFFFirst name\tLast name\r\nAnn\tLee\r\n', 'utf16le'));
    const table = readCsv(decodeImportBytes(file));
    expect(table.delimiter).toBe('\t');
    expect(table.headers).toEqual(['First name', 'Last name']);
    expect(plan(decodeImportBytes(file)).clients.map((c) => c.client.name)).toEqual(['Ann Lee']);
  });

  test('a tab file with quoted fields, and commas in its header and cells', () => {
    const table = readCsv(
      'Name\tAddress, line 1, street\tEmail\n"Lee, Ann"\t"1 High St,\nLeeds"\ta@x.org\nBob Roe\t2 Low Rd, York\tb@x.org\n',
    );
    expect(table.delimiter).toBe('\t');
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['Lee, Ann', '1 High St,\nLeeds', 'a@x.org'],
      ['Bob Roe', '2 Low Rd, York', 'b@x.org'],
    ]);
  });

  test('one row, no final newline; a comma file with semicolons in its cells stays a comma file', () => {
    expect(readCsv('Name;Email\nAnn Lee;a@x.org').rows[0]!.cells).toEqual(['Ann Lee', 'a@x.org']);
    const table = readCsv('Name,Notes\nAnn Lee,anxiety; sleep\n');
    expect(table.delimiter).toBe(',');
    expect(table.rows[0]!.cells).toEqual(['Ann Lee', 'anxiety; sleep']);
  });

  test('a real unclosed quotation mark in a semicolon file is still named; one column is still refused', () => {
    expect(() => readCsv('Name;Email\n"Ann Lee;a@x.org\nBob Roe;b@x.org\n')).toThrow(
      /^Row 2 of the file has a quotation mark that is never closed/,
    );
    expect(() => readCsv('Name\nAnn Lee\n')).toThrow(CsvImportError);
    expect(() => readCsv('Name\nAnn Lee\n')).toThrow(/at least two columns/);
  });
});

describe('client import: characters that could not be read', () => {
  const mostlyUtf8 = bytes('Name,Email\nZoë Ångström,z@x.org\nJos', 0xe9, ',j@x.org\nBjörk,b@x.org\n');

  test('one Windows-1252 byte in a UTF-8 file garbles no other name, and its row is named', () => {
    const text = decodeImportBytes(mostlyUtf8);
    const table = readCsv(text);
    expect(table.rows.map((r) => r.cells[0])).toEqual(['Zoë Ångström', 'Jos\uFFFD', 'Björk']);
    expect(table.notices).toEqual([
      'Row 3 of the file has characters that could not be read, shown as “\uFFFD”: the file may have been saved in another encoding. They would be imported with “\uFFFD” in their place. To keep them, correct the file (in Excel, save it as “CSV UTF-8”) and choose it again.',
    ]);
    // Nothing is dropped: the row is still there to import, or to fix first.
    expect(plan(text).clients.map((c) => c.client.name)).toEqual(['Zoë Ångström', 'Jos\uFFFD', 'Björk']);
  });

  test('several rows are listed; a byte-order mark means UTF-8 whatever follows', () => {
    const text = decodeImportBytes(
      bytes(0xef, 0xbb, 0xbf, 'Name,Email\nJos', 0xe9, ',j@x.org\nAnn,a@x.org\nRen', 0xe9, ',r@x.org\n'),
    );
    expect(readCsv(text).notices[0]).toMatch(/^Rows 2 and 4 of the file have characters that could not be read/);
    const many = ['Name,Email', ...Array.from({ length: 14 }, (_, i) => `Caf\uFFFD ${i},c${i}@x.org`)].join('\n');
    expect(readCsv(many).notices[0]).toMatch(/^Rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 4 more of the file have/);
  });

  test('a Windows-1252 file is still read as Windows-1252, without a notice', () => {
    const legacy = bytes('Name,Email\nJos', 0xe9, ',j@x.org\nZo', 0xeb, ' ', 0xc5, 'ngstr', 0xf6, 'm,z@x.org\n');
    expect(decodeImportBytes(legacy)).toBe('Name,Email\nJosé,j@x.org\nZoë Ångström,z@x.org\n');
    // "É" then a no-break space happens to be a well-formed UTF-8 pair; the file's other bytes are not.
    const coincidence = bytes('Name,Email\nJOS', 0xc9, 0xa0, ',j@x.org\nRen', 0xe9, ',r@x.org\nZo', 0xeb, ',z@x.org\n');
    expect(decodeImportBytes(coincidence)).toBe('Name,Email\nJOSÉ\u00A0,j@x.org\nRené,r@x.org\nZoë,z@x.org\n');
    expect(readCsv(decodeImportBytes(legacy)).notices).toEqual([]);
  });

  test('clean UTF-8 and UTF-16 files have no notice', () => {
    expect(readCsv(decodeImportBytes(bytes('Name,Email\nZoë Ångström,z@x.org\n'))).notices).toEqual([]);
    expect(decodeImportBytes(bytes('Name,Email\nAnn,a@x.org\n'))).toBe('Name,Email\nAnn,a@x.org\n');
  });
});

describe('client import: invisible names and long values', () => {
  test.each([
    ['a zero-width space', '\u200B'],
    ['a zero-width joiner', '\u200D'],
    ['a byte-order mark', '\uFEFF'],
    ['direction marks', '\u200E\u200F\u202B\u202C\u2066\u2069'],
    ['a word joiner and no-break spaces', '\u2060\u00A0\u202F'],
    ['a Hangul filler', '\u3164'],
    ['a Braille blank', '\u2800'],
    ['a variation selector and a grapheme joiner', '\uFE0F\u034F'],
  ])('a name made only of %s is no name', (_, invisible) => {
    const result = plan(`Name,Email\n${invisible},a@x.org\nAnn Lee,b@x.org\n`);
    expect(result.refused).toEqual([{ rowNumber: 2, name: '', reason: 'It has no name.' }]);
    expect(result.clients.map((c) => c.client.name)).toEqual(['Ann Lee']);
  });

  test('a preferred name, pronouns or emergency contact that shows nothing comes in empty; one that shows something is kept', () => {
    const result = plan(
      'Name,Preferred name,Pronouns,Emergency contact\nAnn Lee,\u2800,\u200B\u200E,\u3164\nBob Roe,\u2800Bo,they\u200B,Cal \u2800 Roe\n',
    );
    expect(result.refused).toEqual([]);
    expect(result.clients.map(({ client: c }) => [c.preferredName, c.pronouns, c.emergencyContact])).toEqual([
      ['', '', ''],
      ['\u2800Bo', 'they\u200B', 'Cal \u2800 Roe'],
    ]);
  });

  test('joiners inside a name are kept; an invisible full name gives way to first and last names', () => {
    const persian = 'مهسا\u200Cرضایی';
    const emoji = 'Sam 👩\u200D👩\u200D👧';
    const result = plan(`Name,Email\n${persian},m@x.org\n${emoji},s@x.org\n`);
    expect(result.clients.map((c) => c.client.name)).toEqual([persian, emoji]);
    const split = plan('Full name,First name,Last name,Email\n\u200B,Ann,Lee,a@x.org\n\u200B\u200D,\u200B,\u2060,b@x.org\n');
    expect(split.clients.map((c) => c.client.name)).toEqual(['Ann Lee']);
    expect(split.refused).toEqual([{ rowNumber: 3, name: '', reason: 'It has no name.' }]);
  });

  test('a row of invisible characters only is an empty row; a zero-width space does not hide a duplicate', () => {
    expect(plan('Name,Email\n\u200B,\uFEFF\nAnn Lee,a@x.org\n')).toMatchObject({ refused: [], clients: [{ rowNumber: 3 }] });
    const existing = [clientSchema.parse({ id: 'c1', name: 'Ann Lee', dateOfBirth: '1980-02-01', createdAt: 0, updatedAt: 0 })];
    expect(plan('Name,Date of birth\n\u200BAnn\u200B Lee,01/02/1980\n', existing).refused).toEqual([
      {
        rowNumber: 2,
        name: '\u200BAnn\u200B Lee',
        reason: 'Looks like a client already listed (same name and date of birth as Ann Lee, already in Holdspace).',
      },
    ]);
  });

  test('a huge value is quoted cut short in the reason, and a huge name cut short beside it', () => {
    const huge = '1'.repeat(5_000_000);
    const reasons = plan(
      `Name,Date of birth,Email,Status\nAnn Lee,${huge},,\nBob Roe,,${huge},\nCal Poe,,,${huge}\n${'N'.repeat(300)},,,\n`,
    ).refused;
    expect(reasons.map((r) => r.reason)).toEqual([
      `The date of birth “${'1'.repeat(80)}…” is not a date Holdspace can read (write it as 1990-04-23 or 23/04/1990).`,
      `The email “${'1'.repeat(80)}…” is not an email address.`,
      `The status “${'1'.repeat(80)}…” is not one Holdspace knows (active, enquiry, paused or discharged).`,
      'The name is longer than Holdspace keeps for a client.',
    ]);
    expect(reasons[3]!.name).toBe(`${'N'.repeat(80)}…`);
    // A character outside the basic plane is never cut in half.
    const emojiDob = plan(`Name,Date of birth\nAnn Lee,${'x'.repeat(79)}${'😀'.repeat(10)}\n`).refused[0]!.reason;
    expect(emojiDob).toContain(`“${'x'.repeat(79)}…”`);
  });
});
