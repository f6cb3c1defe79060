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
import { NOTE_LINKS_TABLE, writeLinks } from './note-links';
import { database } from './db';
import type { HoldspaceDb, SealedRow } from './db';
import { Repository } from './repository';

const flag = (b: boolean): number => (b ? 1 : 0);

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
      clear: (c) => ({ status: c.status, archived: flag(c.archived) }),
    }),
    groups: new Repository(db, {
      table: 'groups',
      kind: 'group',
      schemaVersion: 1,
      schema: groupSchema,
      clear: (g) => ({ archived: flag(g.archived) }),
    }),
    memberships: new Repository(db, {
      table: 'memberships',
      kind: 'membership',
      schemaVersion: 1,
      schema: membershipSchema,
      clear: (m) => ({ groupId: m.groupId, clientId: m.clientId, status: m.status }),
    }),
    series: new Repository(db, {
      table: 'series',
      kind: 'series',
      schemaVersion: 1,
      schema: seriesSchema,
      clear: (s) => ({ kind: s.kind, clientId: s.clientId, groupId: s.groupId }),
    }),
    appointments: new Repository(db, {
      table: 'appointments',
      kind: 'appointment',
      schemaVersion: 1,
      schema: appointmentSchema,
      clear: (a) => ({
        start: a.start,
        end: a.end,
        kind: a.kind,
        status: a.status,
        clientId: a.clientId,
        groupId: a.groupId,
        seriesId: a.seriesId,
      }),
    }),
    notes: new Repository(db, {
      table: 'notes',
      kind: 'note',
      schemaVersion: 1,
      schema: noteSchema,
      searchable: { table: 'notes', doc: (n) => searchDocOf('notes', n) },
      derived: { table: NOTE_LINKS_TABLE, write: writeLinks },
      clear: (n) => ({
        appointmentId: n.appointmentId,
        clientId: n.clientId,
        groupId: n.groupId,
        sessionAt: n.sessionAt,
        status: n.status,
        template: n.template,
      }),
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
      clear: (n) => ({ updatedAt: n.updatedAt }),
    }),
    attendance: new Repository(db, {
      table: 'attendance',
      kind: 'attendance',
      schemaVersion: 1,
      schema: attendanceSchema,
      clear: (a) => ({ appointmentId: a.appointmentId, groupId: a.groupId, clientId: a.clientId, sessionAt: a.sessionAt }),
    }),
    agreements: new Repository(db, {
      table: 'agreements',
      kind: 'agreement',
      schemaVersion: 1,
      schema: agreementVersionSchema,
      clear: (a) => ({ groupId: a.groupId, version: a.version }),
    }),
    signatures: new Repository(db, {
      table: 'signatures',
      kind: 'signature',
      schemaVersion: 1,
      schema: signatureSchema,
      clear: (s) => ({ groupId: s.groupId, clientId: s.clientId, agreementId: s.agreementId }),
    }),
    measures: new Repository(db, {
      table: 'measures',
      kind: 'measure',
      schemaVersion: 1,
      schema: measureSchema,
      clear: (m) => ({ clientId: m.clientId, kind: m.kind, takenAt: m.takenAt }),
    }),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

let shared: Repositories | undefined;
export const repositories = (): Repositories => (shared ??= createRepositories());
