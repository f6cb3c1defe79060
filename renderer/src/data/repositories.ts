import {
  agreementVersionSchema,
  appointmentSchema,
  attendanceSchema,
  clientSchema,
  groupSchema,
  measureSchema,
  membershipSchema,
  noteSchema,
  seriesSchema,
  signatureSchema,
} from '../../../shared/records';
import type { AppointmentKind, AppointmentStatus } from '../../../shared/records';
import type { IndexedAppointment } from '../../../shared/scheduling';
import { searchDocOf } from '../../../shared/notes/search-index';
import { CLEAR_FIELDS } from '../../../shared/clear-fields';
import { database } from './db';
import type { HoldspaceDb, SealedRow } from './db';
import { Repository } from './repository';

/**
 * An appointment as its row's clear index fields tell it (what `appointments.clear` below
 * writes), read without decrypting anything: enough for conflict checks and the note backlog.
 */
export const appointmentFromClear = (row: SealedRow): IndexedAppointment => ({
  id: row.id,
  start: row.start as number,
  end: row.end as number,
  kind: row.kind as AppointmentKind,
  status: row.status as AppointmentStatus,
  ...(row.clientId ? { clientId: row.clientId as string } : {}),
  ...(row.groupId ? { groupId: row.groupId as string } : {}),
});

export function createRepositories(db: HoldspaceDb = database()) {
  return {
    clients: new Repository(db, {
      table: 'clients',
      kind: 'client',
      schemaVersion: 1,
      schema: clientSchema,
      clear: CLEAR_FIELDS.clients.clear,
    }),
    groups: new Repository(db, {
      table: 'groups',
      kind: 'group',
      schemaVersion: 1,
      schema: groupSchema,
      clear: CLEAR_FIELDS.groups.clear,
    }),
    memberships: new Repository(db, {
      table: 'memberships',
      kind: 'membership',
      schemaVersion: 1,
      schema: membershipSchema,
      clear: CLEAR_FIELDS.memberships.clear,
    }),
    series: new Repository(db, {
      table: 'series',
      kind: 'series',
      schemaVersion: 1,
      schema: seriesSchema,
      clear: CLEAR_FIELDS.series.clear,
    }),
    appointments: new Repository(db, {
      table: 'appointments',
      kind: 'appointment',
      schemaVersion: 1,
      schema: appointmentSchema,
      clear: CLEAR_FIELDS.appointments.clear,
    }),
    notes: new Repository(db, {
      table: 'notes',
      kind: 'note',
      schemaVersion: 1,
      schema: noteSchema,
      searchable: { table: 'notes', doc: (n) => searchDocOf('notes', n) },
      clear: CLEAR_FIELDS.notes.clear,
    }),
    // In-progress notes, sealed like everything else. Not audited: they are saved every few
    // seconds while the clinician types; signing writes the note to `notes`, which is.
    drafts: new Repository(db, {
      table: 'drafts',
      kind: 'draft',
      schemaVersion: 1,
      schema: noteSchema,
      audited: false,
      searchable: { table: 'drafts', doc: (n) => searchDocOf('drafts', n) },
      clear: CLEAR_FIELDS.drafts.clear,
    }),
    attendance: new Repository(db, {
      table: 'attendance',
      kind: 'attendance',
      schemaVersion: 1,
      schema: attendanceSchema,
      clear: CLEAR_FIELDS.attendance.clear,
    }),
    agreements: new Repository(db, {
      table: 'agreements',
      kind: 'agreement',
      schemaVersion: 1,
      schema: agreementVersionSchema,
      clear: CLEAR_FIELDS.agreements.clear,
    }),
    signatures: new Repository(db, {
      table: 'signatures',
      kind: 'signature',
      schemaVersion: 1,
      schema: signatureSchema,
      clear: CLEAR_FIELDS.signatures.clear,
    }),
    measures: new Repository(db, {
      table: 'measures',
      kind: 'measure',
      schemaVersion: 1,
      schema: measureSchema,
      clear: CLEAR_FIELDS.measures.clear,
    }),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

let shared: Repositories | undefined;
export const repositories = (): Repositories => (shared ??= createRepositories());
