/**
 * "Export all records": the readable archive a records request or a move to another system
 * needs, built from opened records. One CSV per kind of record, and a README explaining
 * the files. Pure: the renderer opens the records, main writes the files.
 *
 * File names carry record ids, never client names: names in file names end up in folder
 * listings, recent-file menus, backup and sync indexes, all outside anything encrypted.
 * clients.csv, inside the archive, maps each id to the client's name.
 */
import type { Appointment, Attendance, Client, Group, Measure, Membership } from '../records';
import { scoreMeasure } from '../measures/scoring';
import { CLIENT_EXPORT_COLUMNS } from './client-csv';
import { writeCsv } from './csv-cells';

const isoFormats = new Map<string, Intl.DateTimeFormat>();

const iso = (instant: number | undefined, timeZone: string): string => {
  if (instant === undefined) return '';
  // One formatter per zone: a ten-year practice has a hundred thousand times to write.
  let format = isoFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    isoFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
};

const csv = (fields: string[], rows: (string | number)[][]): string => writeCsv(fields, rows);

export interface RecordsForExport {
  clients: readonly Client[];
  groups: readonly Group[];
  memberships: readonly Membership[];
  appointments: readonly Appointment[];
  attendance: readonly Attendance[];
  measures: readonly Measure[];
}

export const clientPdfName = (clientId: string): string => `client-${clientId}-record.pdf`;
/** The n-th signature (from 1) of the same version by the same member (after leaving and rejoining) gets "-n" too. */
export const agreementPdfName = (clientId: string, groupId: string, version: number, nth = 1): string =>
  `client-${clientId}-agreement-${groupId}-v${version}${nth > 1 ? `-${nth}` : ''}.pdf`;

/** Every CSV of the archive, by file name. Times are local to `timeZone`, written as "2027-03-02 10:00". */
export function recordsCsvFiles(records: RecordsForExport, timeZone: string): Record<string, string> {
  const groupName = new Map(records.groups.map((g) => [g.id, g.name] as const));
  return {
    'clients.csv': csv(
      [...CLIENT_EXPORT_COLUMNS.map((c) => c.header), 'Modalities', 'Default session minutes', 'Archived', 'Record file'],
      records.clients.map((c) => [
        ...CLIENT_EXPORT_COLUMNS.map((col) => String(c[col.field] ?? '')),
        c.modalities.join('; '),
        c.defaultSessionMinutes,
        c.archived ? 'yes' : 'no',
        clientPdfName(c.id),
      ]),
    ),
    'groups.csv': csv(
      [
        'Group ID',
        'Name',
        'Focus',
        'Facilitator',
        'Co-facilitator',
        'Open or closed',
        'Capacity',
        'Location',
        'Online link',
        'Repeats (RRULE)',
        'Session minutes',
        'Archived',
      ],
      records.groups.map((g) => [
        g.id,
        g.name,
        g.focus,
        g.facilitator,
        g.coFacilitator,
        g.openness,
        g.capacity,
        g.location,
        g.onlineUrl,
        g.recurrence,
        g.sessionMinutes,
        g.archived ? 'yes' : 'no',
      ]),
    ),
    'memberships.csv': csv(
      ['Membership ID', 'Group ID', 'Group', 'Client ID', 'Status', 'Joined', 'Left', 'Waitlisted'],
      records.memberships.map((m) => [
        m.id,
        m.groupId,
        groupName.get(m.groupId) ?? '',
        m.clientId,
        m.status,
        iso(m.joinedAt, timeZone),
        iso(m.leftAt, timeZone),
        iso(m.waitlistedAt, timeZone),
      ]),
    ),
    'appointments.csv': csv(
      [
        'Appointment ID',
        'Kind',
        'Status',
        'Start',
        'End',
        'Client ID',
        'Group ID',
        'Series ID',
        'Title',
        'Location',
        'Reason for overriding a conflict',
      ],
      [...records.appointments]
        .sort((a, b) => a.start - b.start)
        .map((a) => [
          a.id,
          a.kind,
          a.status,
          iso(a.start, timeZone),
          iso(a.end, timeZone),
          a.clientId ?? '',
          a.groupId ?? '',
          a.seriesId ?? '',
          a.title,
          a.location,
          a.overrideReason,
        ]),
    ),
    'attendance.csv': csv(
      ['Attendance ID', 'Appointment ID', 'Group ID', 'Group', 'Session', 'Client ID', 'Guest name', 'Mark'],
      [...records.attendance]
        .sort((a, b) => a.sessionAt - b.sessionAt)
        .map((a) => [
          a.id,
          a.appointmentId,
          a.groupId,
          groupName.get(a.groupId) ?? '',
          iso(a.sessionAt, timeZone),
          a.clientId ?? '',
          a.guestName ?? '',
          a.mark,
        ]),
    ),
    'measures.csv': csv(
      ['Measure ID', 'Client ID', 'Measure', 'Taken', 'Item answers (0–3, in order)', 'Total', 'Severity'],
      [...records.measures]
        .sort((a, b) => a.takenAt - b.takenAt)
        .map((m) => {
          let total: string | number = '';
          let band = '';
          try {
            const score = scoreMeasure(m.kind, m.items);
            total = score.total;
            band = score.bandLabel;
          } catch {
            band = 'incomplete';
          }
          return [m.id, m.clientId, m.kind, iso(m.takenAt, timeZone), m.items.join(' '), total, band];
        }),
    ),
  };
}

export function recordsReadme(info: {
  exportedAt: string;
  timeZone: string;
  counts: Record<string, number>;
  pdfs: number;
}): string {
  const lines = [
    'HOLDSPACE RECORDS EXPORT',
    '',
    `Exported ${info.exportedAt} (times in these files are in ${info.timeZone}).`,
    '',
    'This folder holds every record Holdspace kept, in files any spreadsheet program or PDF reader opens.',
    'It is NOT encrypted: keep it somewhere safe and delete it when you no longer need it.',
    '',
    'FILES',
    `  clients.csv       one row per client (${info.counts.clients ?? 0}): name, contact details, status, and the file name of their record PDF.`,
    `  groups.csv        one row per group (${info.counts.groups ?? 0}).`,
    `  memberships.csv   who belonged to which group, with join and leave dates (${info.counts.memberships ?? 0}).`,
    `  appointments.csv  every session and other appointment, including cancelled ones (${info.counts.appointments ?? 0}).`,
    `  attendance.csv    attendance marks for group sessions (${info.counts.attendance ?? 0}).`,
    `  measures.csv      outcome measures (PHQ-9, GAD-7): item answers, total and severity (${info.counts.measures ?? 0}).`,
    `  client-<id>-record.pdf                     each client's outcome measures, then their notes, oldest first, with their own sections of group notes only (${info.pdfs} PDF files in all).`,
    '  client-<id>-agreement-<group>-v<n>.pdf     the confidentiality agreement each client signed, with signatures',
    '                                             (…-v<n>-2.pdf and so on when they signed the same version again).',
    '',
    'WHY FILE NAMES HAVE NUMBERS, NOT NAMES',
    '  File names show up in folder listings, recent-file menus and backup or sync indexes, where anyone',
    '  can read them. So each client is named by their Holdspace id (for example client-4k2j9x….pdf);',
    '  find the id beside the client’s name in clients.csv. Rename files yourself if a records request needs it.',
    '',
    'CSV FILES',
    '  UTF-8, comma separated, first row headers, text with commas or line breaks in double quotes.',
    '  A cell that a spreadsheet could run as a formula (starting with = + - @, also after spaces) or that starts',
    "  with a single quote has one more single quote in front, so it stays text: '=1+1 is the value =1+1.",
    '  Ids (Client ID, Group ID …) link the files together. Dates and times are written as 2027-03-02 10:00.',
    '',
  ];
  return lines.join('\r\n');
}
