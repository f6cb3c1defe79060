/**
 * What each record table holds: its zod schema, the payload version it is written at, how to
 * bring an older payload up to that version, and the clear index fields derived from a record.
 * Pure data, without a database or the vault: the repositories are built over it
 * (repositories.ts), and the bench and e2e seeding write rows in exactly this shape.
 */
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
import { searchDocOf } from '../../../shared/notes/search-index';
import type { RepositorySpec } from './repository';

const flag = (b: boolean): number => (b ? 1 : 0);

/** Keeps each spec's record type while checking it against RepositorySpec. */
const spec = <T extends { id: string }>(s: RepositorySpec<T>): RepositorySpec<T> => s;

export const RECORD_SPECS = {
  clients: spec({
    table: 'clients',
    kind: 'client',
    schemaVersion: 1,
    schema: clientSchema,
    clear: (c) => ({ status: c.status, archived: flag(c.archived) }),
  }),
  groups: spec({
    table: 'groups',
    kind: 'group',
    schemaVersion: 1,
    schema: groupSchema,
    clear: (g) => ({ archived: flag(g.archived) }),
  }),
  memberships: spec({
    table: 'memberships',
    kind: 'membership',
    schemaVersion: 1,
    schema: membershipSchema,
    clear: (m) => ({ groupId: m.groupId, clientId: m.clientId, status: m.status }),
  }),
  series: spec({
    table: 'series',
    kind: 'series',
    schemaVersion: 1,
    schema: seriesSchema,
    clear: (s) => ({ kind: s.kind, clientId: s.clientId, groupId: s.groupId }),
  }),
  appointments: spec({
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
  notes: spec({
    table: 'notes',
    kind: 'note',
    schemaVersion: 1,
    schema: noteSchema,
    searchable: { table: 'notes', doc: (n) => searchDocOf('notes', n) },
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
  drafts: spec({
    table: 'drafts',
    kind: 'draft',
    schemaVersion: 1,
    schema: noteSchema,
    audited: false,
    searchable: { table: 'drafts', doc: (n) => searchDocOf('drafts', n) },
    clear: (n) => ({ updatedAt: n.updatedAt }),
  }),
  attendance: spec({
    table: 'attendance',
    kind: 'attendance',
    schemaVersion: 1,
    schema: attendanceSchema,
    clear: (a) => ({ appointmentId: a.appointmentId, groupId: a.groupId, clientId: a.clientId, sessionAt: a.sessionAt }),
  }),
  agreements: spec({
    table: 'agreements',
    kind: 'agreement',
    schemaVersion: 1,
    schema: agreementVersionSchema,
    clear: (a) => ({ groupId: a.groupId, version: a.version }),
  }),
  signatures: spec({
    table: 'signatures',
    kind: 'signature',
    schemaVersion: 1,
    schema: signatureSchema,
    clear: (s) => ({ groupId: s.groupId, clientId: s.clientId, agreementId: s.agreementId }),
  }),
  measures: spec({
    table: 'measures',
    kind: 'measure',
    schemaVersion: 1,
    schema: measureSchema,
    clear: (m) => ({ clientId: m.clientId, kind: m.kind, takenAt: m.takenAt }),
  }),
};
export type RecordSpecs = typeof RECORD_SPECS;
