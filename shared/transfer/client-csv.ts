/**
 * Clients in and out as CSV, parsed with papaparse (quoted commas, quoted newlines, comma,
 * semicolon or tab separated, with or without a byte-order mark), never by splitting lines.
 *
 * Import is a plan, not a write: each row either becomes a client or is listed with the
 * reason it was not (no name, a date of birth that is not a real date, a duplicate of a
 * client already in Holdspace or of an earlier row), so nothing is silently dropped or merged.
 * The column names of other practice systems' exports are recognised, so most files need no
 * mapping by hand; the clinician can still change every column's meaning in the preview.
 */
import Papa from 'papaparse';
import type { Client } from '../records';

type ClientStatus = Client['status'];
import { clientSchema } from '../records';
import { unguardCsvCell, writeCsv } from './csv-cells';

export const CLIENT_FIELDS = [
  'ignore',
  'fullName',
  'firstName',
  'middleName',
  'lastName',
  'preferredName',
  'pronouns',
  'dateOfBirth',
  'email',
  'phone',
  'address',
  'street',
  'city',
  'region',
  'postcode',
  'country',
  'emergencyContact',
  'status',
  'presentingConcerns',
] as const;
export type ClientField = (typeof CLIENT_FIELDS)[number];

export const FIELD_LABEL: Record<ClientField, string> = {
  ignore: 'Don’t import',
  fullName: 'Full name',
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
  address: 'Address (whole)',
  street: 'Street',
  city: 'Town or city',
  region: 'State, province or county',
  postcode: 'Postcode or ZIP',
  country: 'Country',
  emergencyContact: 'Emergency contact',
  status: 'Status',
  presentingConcerns: 'Presenting concerns',
};

/**
 * Header names (lower case, letters and digits only) of Holdspace's own export, plain
 * spreadsheets, and the client exports of SimplePractice, TherapyNotes, Jane and Google
 * Contacts (both its CSV layouts). The first column matching a field wins.
 */
const SYNONYMS: Record<Exclude<ClientField, 'ignore'>, string[]> = {
  fullName: ['fullname', 'name', 'client', 'clientname', 'patient', 'patientname', 'displayname'],
  firstName: ['firstname', 'givenname', 'legalfirstname', 'first', 'patientfirstname', 'forename'],
  middleName: ['middlename', 'additionalname', 'middle', 'middleinitial'],
  lastName: ['lastname', 'familyname', 'surname', 'legallastname', 'last', 'patientlastname'],
  preferredName: ['preferredname', 'nickname', 'goesby', 'whatnamedotheygoby', 'preferredfirstname', 'knownas'],
  pronouns: ['pronouns', 'pronoun', 'preferredpronouns'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'dateofbirthddmmyyyy', 'dateofbirthmmddyyyy'],
  email: ['email', 'emailaddress', 'email1value', 'primaryemail', 'clientemail'],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'cellphone',
    'cell',
    'phone1value',
    'primaryphone',
    'homephone',
    'telephone',
  ],
  address: ['address', 'fulladdress', 'address1formatted', 'homeaddress', 'mailingaddress'],
  street: ['street', 'streetaddress', 'address1', 'addressline1', 'address1street', 'addressstreet'],
  city: ['city', 'town', 'address1city', 'addresscity'],
  region: ['state', 'province', 'region', 'county', 'address1region', 'addressstate'],
  postcode: ['zip', 'zipcode', 'postcode', 'postalcode', 'address1postalcode', 'addresszip'],
  country: ['country', 'address1country', 'addresscountry'],
  emergencyContact: ['emergencycontact', 'emergencycontactname', 'emergencycontactdetails'],
  status: ['status', 'clientstatus', 'patientstatus'],
  presentingConcerns: ['presentingconcerns', 'presentingproblem', 'presentingissues', 'reasonforreferral'],
};

const headerKey = (header: string): string =>
  header
    .normalize('NFKD')
    .toLocaleLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** One field per column, guessed from the header row; a field is used by one column only. */
export function guessMapping(headers: readonly string[]): ClientField[] {
  const used = new Set<ClientField>();
  return headers.map((h) => {
    const key = headerKey(h);
    const field = (Object.keys(SYNONYMS) as Exclude<ClientField, 'ignore'>[]).find((f) => SYNONYMS[f].includes(key));
    if (!field || used.has(field)) return 'ignore';
    used.add(field);
    return field;
  });
}

export class CsvImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvImportError';
  }
}

export interface CsvTable {
  headers: string[];
  /** Data rows, each as long as the header row; `rowNumber` is the row a spreadsheet program shows (the header is row 1). */
  rows: { rowNumber: number; cells: string[] }[];
  delimiter: string;
  /** Things the clinician should check before importing (such as characters that could not be read); shown above the preview. */
  notices: string[];
}

const DELIMITERS = [',', ';', '\t', '|'];
const GUESS_SAMPLE = 64 * 1024;

/**
 * The separator that splits the header row into the most columns and the rows under it into
 * as many, quotes respected; commas first when that is a tie. Papaparse's own guess counts the
 * empty line after the last newline as a row, so small two-column files fell back to commas.
 */
function guessDelimiter(text: string): string {
  const truncated = text.length > GUESS_SAMPLE;
  const sample = truncated ? text.slice(0, GUESS_SAMPLE) : text;
  let best = { delimiter: ',', consistency: -1, width: 0 };
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 50, skipEmptyLines: 'greedy' }).data;
    if (truncated && rows.length > 2) rows.pop(); // cut part-way through
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const body = rows.slice(1);
    const consistency = body.length === 0 ? 1 : body.filter((r) => r.length === width).length / body.length;
    if (consistency > best.consistency || (consistency === best.consistency && width > best.width))
      best = { delimiter, consistency, width };
  }
  return best.delimiter;
}

/** Row numbers as a clinician reads them: "row 3", "rows 3 and 7", "rows 3, 7, 9 and 12 more". */
function rowList(rows: readonly number[]): string {
  const shown = rows.slice(0, 10);
  const more = rows.length - shown.length;
  if (rows.length === 1) return `Row ${rows[0]}`;
  if (more > 0) return `Rows ${shown.join(', ')} and ${more} more`;
  return `Rows ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export function readCsv(text: string): CsvTable {
  const clean = text.replace(/^\uFEFF/, '');
  if (clean.trim() === '') throw new CsvImportError('That file is empty. Nothing has been imported.');
  const delimiter = guessDelimiter(clean);
  const result = Papa.parse<string[]>(clean, { delimiter, skipEmptyLines: false });
  const broken = result.errors.find((e) => e.type === 'Quotes');
  if (broken) {
    const row = (broken.row ?? 0) + 1;
    throw new CsvImportError(
      `Row ${row} of the file has a quotation mark that is never closed, so the rows after it cannot be told apart. Nothing has been imported.`,
    );
  }
  const [headers, ...rest] = result.data;
  // Blank rows keep their place, so row numbers match what a spreadsheet program shows.
  const data = rest.filter((cells, i) => i < rest.length - 1 || cells.some((c) => c.trim() !== ''));
  if (!headers || data.every((cells) => cells.every((c) => c.trim() === '')))
    throw new CsvImportError('That file has a header row but no clients under it. Nothing has been imported.');
  if (/^\s*BEGIN:VCALENDAR/i.test(clean) || headers.length < 2) {
    throw new CsvImportError(
      'That does not look like a spreadsheet of clients: it needs a header row naming at least two columns, such as “Name” and “Email”. Nothing has been imported.',
    );
  }
  // A replacement character is what reading the file left where its bytes were not text in the
  // encoding it was read in (see decodeImportBytes): said, with the rows, rather than imported unnoticed.
  const unreadable = [headers, ...data].flatMap((cells, i) => (cells.some((c) => c.includes('\uFFFD')) ? [i + 1] : []));
  const notices =
    unreadable.length === 0
      ? []
      : [
          `${rowList(unreadable)} of the file ${unreadable.length === 1 ? 'has' : 'have'} characters that could not be read, shown as “\uFFFD”: the file may have been saved in another encoding. They would be imported with “\uFFFD” in their place. To keep them, correct the file (in Excel, save it as “CSV UTF-8”) and choose it again.`,
        ];
  return {
    headers: headers.map((h) => h.trim()),
    // A leading single quote is a spreadsheet's "this is text" mark (Holdspace's own exports put one
    // before anything that could run as a formula, see csv-cells.ts): one is taken off, before trimming.
    rows: data.map((cells, i) => ({
      rowNumber: i + 2,
      cells: headers.map((_, c) => unguardCsvCell(cells[c] ?? '').trim()),
    })),
    delimiter,
    notices,
  };
}

export type DateOrder = 'dmy' | 'mdy';

/** Whether slashed dates in a column read day-first or month-first, when the file makes it plain. */
export function guessDateOrder(values: readonly string[]): DateOrder | null {
  let dmy = false;
  let mdy = false;
  for (const v of values) {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v.trim());
    if (!m) continue;
    if (+m[1]! > 12) dmy = true;
    if (+m[2]! > 12) mdy = true;
  }
  return dmy === mdy ? null : dmy ? 'dmy' : 'mdy';
}

const iso = (y: number, m: number, d: number): string | null => {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** "1990-04-23", "23/04/1990" or "04/23/1990" (by `order`) as an ISO date; null when it is not a real date. */
export function parseDateOfBirth(value: string, order: DateOrder): string | null {
  const v = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) return order === 'dmy' ? iso(+m[3]!, +m[2]!, +m[1]!) : iso(+m[3]!, +m[1]!, +m[2]!);
  return null;
}

const STATUS_WORDS: Record<string, ClientStatus> = {
  active: 'active',
  current: 'active',
  enquiry: 'enquiry',
  inquiry: 'enquiry',
  prospective: 'enquiry',
  prospect: 'enquiry',
  lead: 'enquiry',
  waitlist: 'enquiry',
  paused: 'paused',
  onhold: 'paused',
  hold: 'paused',
  inactive: 'discharged',
  discharged: 'discharged',
  archived: 'discharged',
  closed: 'discharged',
  former: 'discharged',
};

export interface ClientRowProblem {
  rowNumber: number;
  /** Shown beside the row, so the clinician can fix the file: never a programmer's message. */
  reason: string;
  name: string;
}

export interface ClientImportPlan {
  clients: { rowNumber: number; client: Client }[];
  refused: ClientRowProblem[];
}

/** The street (or a whole address) with the town, region, postcode and country that it does not already name. */
function joinAddress(first: string, rest: string[]): string {
  const parts = first ? [first] : [];
  for (const part of rest) if (part && !first.toLocaleLowerCase().includes(part.toLocaleLowerCase())) parts.push(part);
  return parts.join(', ');
}

/**
 * Characters that show nothing: spaces, controls, format characters (zero-width space, joiners,
 * byte-order mark, direction marks), variation selectors and the blank fillers of some scripts.
 * A value made only of these is empty; inside a name (a Persian zero-width non-joiner, an emoji
 * joined with a zero-width joiner) they are kept as they are.
 */
const INVISIBLE = /[\s\p{Z}\p{Cc}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]|\p{Variation_Selector}|\u034F|\u17B4|\u17B5/gu;
export const isBlank = (value: string): boolean => value.replace(INVISIBLE, '') === '';

/** Format characters that never change which name is meant (the joiners do, so they stay). */
const IGNORABLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export const foldName = (s: string): string =>
  s.normalize('NFC').replace(IGNORABLE, '').replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/** A value quoted in a reason, cut short so that a wrong column or a runaway cell cannot flood the preview. */
const shorten = (value: string, max = 80): string => {
  if (value.length <= max) return value;
  const cut = value.slice(0, /[\uD800-\uDBFF]/.test(value[max - 1]!) ? max - 1 : max);
  return `${cut}…`;
};

/** Works out, for every row, the client it becomes or why it cannot. Writes nothing. */
export function planClientImport(
  table: CsvTable,
  mapping: readonly ClientField[],
  options: { existing: readonly Client[]; dateOrder: DateOrder; now: number; newId: () => string },
): ClientImportPlan {
  const column = (field: ClientField): number => mapping.indexOf(field);
  const hasName = column('fullName') >= 0 || column('firstName') >= 0 || column('lastName') >= 0;
  if (!hasName) throw new CsvImportError('Choose which column holds the client’s name (a full name, or first and last names).');
  const byNameDob = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const c of options.existing) {
    if (c.dateOfBirth) byNameDob.set(`${foldName(c.name)}|${c.dateOfBirth}`, `${c.name}, already in Holdspace`);
    if (c.email.trim()) byEmail.set(c.email.trim().toLocaleLowerCase(), `${c.name}, already in Holdspace`);
  }
  const plan: ClientImportPlan = { clients: [], refused: [] };
  for (const { rowNumber, cells } of table.rows) {
    const get = (field: ClientField): string => {
      const i = column(field);
      const value = i >= 0 ? (cells[i] ?? '').trim() : '';
      return isBlank(value) ? '' : value;
    };
    const name = get('fullName') || [get('firstName'), get('middleName'), get('lastName')].filter(Boolean).join(' ');
    const refuse = (reason: string) => plan.refused.push({ rowNumber, reason, name: shorten(name) });
    if (cells.every(isBlank)) continue;
    if (!name) {
      refuse('It has no name.');
      continue;
    }
    const dobText = get('dateOfBirth');
    const dateOfBirth = dobText ? parseDateOfBirth(dobText, options.dateOrder) : '';
    if (dateOfBirth === null) {
      refuse(
        `The date of birth “${shorten(dobText)}” is not a date Holdspace can read (write it as 1990-04-23 or ${options.dateOrder === 'dmy' ? '23/04/1990' : '04/23/1990'}).`,
      );
      continue;
    }
    const email = get('email');
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) {
      refuse(`The email “${shorten(email)}” is not an email address.`);
      continue;
    }
    const statusText = get('status');
    const status = statusText ? STATUS_WORDS[statusText.toLocaleLowerCase().replace(/[^a-z]/g, '')] : 'active';
    if (!status) {
      refuse(`The status “${shorten(statusText)}” is not one Holdspace knows (active, enquiry, paused or discharged).`);
      continue;
    }
    const address = joinAddress(get('address') || get('street'), [get('city'), get('region'), get('postcode'), get('country')]);
    const nameDobKey = dateOfBirth ? `${foldName(name)}|${dateOfBirth}` : '';
    const emailKey = email.toLocaleLowerCase();
    const duplicate = (nameDobKey && byNameDob.get(nameDobKey)) || (emailKey && byEmail.get(emailKey));
    if (duplicate) {
      const sameBy = nameDobKey && byNameDob.has(nameDobKey) ? 'same name and date of birth' : 'same email';
      refuse(`Looks like a client already listed (${sameBy} as ${duplicate}).`);
      continue;
    }
    const parsed = clientSchema.safeParse({
      id: options.newId(),
      name,
      preferredName: get('preferredName'),
      pronouns: get('pronouns'),
      dateOfBirth,
      email,
      phone: get('phone'),
      address,
      emergencyContact: get('emergencyContact'),
      status,
      presentingConcerns: get('presentingConcerns'),
      createdAt: options.now,
      updatedAt: options.now,
    });
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? '');
      const label =
        field === 'name' ? 'name' : field in FIELD_LABEL ? FIELD_LABEL[field as ClientField].toLocaleLowerCase() : 'a value';
      refuse(`The ${label} is longer than Holdspace keeps for a client.`);
      continue;
    }
    if (nameDobKey) byNameDob.set(nameDobKey, `row ${rowNumber}`);
    if (emailKey) byEmail.set(emailKey, `row ${rowNumber}`);
    plan.clients.push({ rowNumber, client: parsed.data });
  }
  return plan;
}

/** Holdspace's own client list: one row per client, headers the import recognises. */
export const CLIENT_EXPORT_COLUMNS: { header: string; field: keyof Client }[] = [
  { header: 'Client ID', field: 'id' },
  { header: 'Full name', field: 'name' },
  { header: 'Preferred name', field: 'preferredName' },
  { header: 'Pronouns', field: 'pronouns' },
  { header: 'Date of birth', field: 'dateOfBirth' },
  { header: 'Email', field: 'email' },
  { header: 'Phone', field: 'phone' },
  { header: 'Address', field: 'address' },
  { header: 'Emergency contact', field: 'emergencyContact' },
  { header: 'Status', field: 'status' },
  { header: 'Presenting concerns', field: 'presentingConcerns' },
];

export function clientsToCsv(clients: readonly Client[]): string {
  return writeCsv(
    CLIENT_EXPORT_COLUMNS.map((c) => c.header),
    clients.map((client) => CLIENT_EXPORT_COLUMNS.map((c) => String(client[c.field] ?? ''))),
  );
}
