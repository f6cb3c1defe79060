import type { AppointmentKind, AppointmentStatus } from '../../../shared/records';
import type { IndexedAppointment } from '../../../shared/scheduling';
import { api } from '../app/api';
import { database } from './db';
import type { HoldspaceDb, SealedRow } from './db';
import { RECORD_SPECS } from './record-specs';
import type { RecordSpecs } from './record-specs';
import { Repository } from './repository';
import type { RecordsApi, RepositorySpec } from './repository';

/**
 * An appointment as its row's clear index fields tell it (what `appointments.clear` in
 * record-specs.ts writes), read without decrypting anything: enough for conflict checks and
 * the note backlog.
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

type RecordOf<S> = S extends RepositorySpec<infer T> ? T : never;
export type Repositories = { [K in keyof RecordSpecs]: Repository<RecordOf<RecordSpecs[K]>> };

/** A repository per record table over `db`, sealing and opening through `api` (main's vault and audit trail). */
export function createRepositories(db: HoldspaceDb, api: RecordsApi): Repositories {
  const build = <T extends { id: string }>(spec: RepositorySpec<T>): Repository<T> => new Repository(db, api, spec);
  return {
    clients: build(RECORD_SPECS.clients),
    groups: build(RECORD_SPECS.groups),
    memberships: build(RECORD_SPECS.memberships),
    series: build(RECORD_SPECS.series),
    appointments: build(RECORD_SPECS.appointments),
    notes: build(RECORD_SPECS.notes),
    drafts: build(RECORD_SPECS.drafts),
    attendance: build(RECORD_SPECS.attendance),
    agreements: build(RECORD_SPECS.agreements),
    signatures: build(RECORD_SPECS.signatures),
    measures: build(RECORD_SPECS.measures),
  };
}

let shared: { db: HoldspaceDb; repositories: Repositories } | undefined;
/** The page's repositories, over its database (a new one after a restore) and the preload's API. */
export const repositories = (): Repositories => {
  const db = database();
  if (shared?.db !== db) shared = { db, repositories: createRepositories(db, api()) };
  return shared.repositories;
};
