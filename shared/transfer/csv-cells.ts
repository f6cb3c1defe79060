/**
 * Every CSV Holdspace writes goes through here, so a cell can never act as a spreadsheet
 * formula when the file is opened (OWASP "CSV injection"): a client named
 * `=HYPERLINK("http://…","Click")` or `+cmd|' /C calc'!A0` stays text.
 *
 * The rule (OWASP): a cell that starts with = + - @, a tab or a carriage return, also after
 * leading spaces (some spreadsheets drop them before reading a formula), gets a single quote
 * in front, which spreadsheets read as "this is text". So that the quote can be taken off
 * again without guessing, a cell that already starts with a quote (after any spaces) gets one
 * too: Holdspace's importer removes exactly one leading quote, and only that, so exporting
 * and importing gives back every value as it was ("-", "+1 555 0100", "'Tis", "=1+1").
 */
import Papa from 'papaparse';

const NEEDS_GUARD = /^(?:[\t\r]|\s*[=+\-@'])/u;

/** The cell as written to a CSV file: with a leading single quote if it could be read as a formula, or already starts with a quote. */
export function guardCsvCell(value: string): string {
  return NEEDS_GUARD.test(value) ? `'${value}` : value;
}

/** Undoes `guardCsvCell` exactly: one leading single quote, if there is one, is removed (as a spreadsheet does). */
export function unguardCsvCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** A CSV file (RFC 4180 quoting by papaparse, CRLF between rows), header row first, every cell guarded. */
export function writeCsv(fields: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return Papa.unparse({
    fields: fields.map(guardCsvCell),
    data: rows.map((row) => row.map((cell) => guardCsvCell(String(cell)))),
  });
}
