/**
 * What each record table holds: its zod schema, the payload version it is written at, how to
 * bring an older payload up to that version, and the clear index fields derived from a record.
 * Pure data, without a database or the vault: the repositories are built over it
 * (repositories.ts), and the bench and e2e seeding write rows in exactly this shape.
 */
import { searchDocOf } from '../../../shared/notes/search-index';
import { CLEAR_FIELDS } from '../../../shared/clear-fields';
import { keepTouchedSessions } from './kept-backlog';
import { NOTE_LINKS_TABLE, writeLinks } from './note-links';
import type { RepositorySpec } from './repository';

/** Keeps each spec's record type while checking it against RepositorySpec. */
const spec = <T extends { id: string }>(s: RepositorySpec<T>): RepositorySpec<T> => s;

export const RECORD_SPECS = {
  clients: spec({
    table: 'clients',
    kind: 'client',
    schemaVersion: 1,
    ...CLEAR_FIELDS.clients,
  }),
  groups: spec({
    table: 'groups',
    kind: 'group',
    schemaVersion: 1,
    ...CLEAR_FIELDS.groups,
  }),
  memberships: spec({
    table: 'memberships',
    kind: 'membership',
    schemaVersion: 1,
    ...CLEAR_FIELDS.memberships,
  }),
  series: spec({
    table: 'series',
    kind: 'series',
    schemaVersion: 1,
    ...CLEAR_FIELDS.series,
  }),
  appointments: spec({
    table: 'appointments',
    kind: 'appointment',
    schemaVersion: 1,
    // Sessions written with a start before the note backlog's last full check are checked again.
    derived: { table: 'meta', write: keepTouchedSessions },
    ...CLEAR_FIELDS.appointments,
  }),
  notes: spec({
    table: 'notes',
    kind: 'note',
    schemaVersion: 1,
    searchable: { table: 'notes', doc: (n) => searchDocOf('notes', n) },
    derived: { table: NOTE_LINKS_TABLE, write: writeLinks },
    ...CLEAR_FIELDS.notes,
  }),
  // In-progress notes, sealed like everything else. Not audited: they are saved every few
  // seconds while the clinician types; signing writes the note to `notes`, which is.
  drafts: spec({
    table: 'drafts',
    kind: 'draft',
    schemaVersion: 1,
    audited: false,
    searchable: { table: 'drafts', doc: (n) => searchDocOf('drafts', n) },
    ...CLEAR_FIELDS.drafts,
  }),
  attendance: spec({
    table: 'attendance',
    kind: 'attendance',
    schemaVersion: 1,
    ...CLEAR_FIELDS.attendance,
  }),
  agreements: spec({
    table: 'agreements',
    kind: 'agreement',
    schemaVersion: 1,
    ...CLEAR_FIELDS.agreements,
  }),
  signatures: spec({
    table: 'signatures',
    kind: 'signature',
    schemaVersion: 1,
    ...CLEAR_FIELDS.signatures,
  }),
  measures: spec({
    table: 'measures',
    kind: 'measure',
    schemaVersion: 1,
    ...CLEAR_FIELDS.measures,
  }),
};
export type RecordSpecs = typeof RECORD_SPECS;
