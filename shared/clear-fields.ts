/**
 * The clear index fields each sealed table stores beside a record's envelope, derived from
 * the record itself: ids, instants, kind, status, never names or text. Written once here:
 * the page's repositories write and check them, and main checks a backup's rows against
 * their opened records before a restore replaces anything.
 */
import type { z } from 'zod';
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
} from './records';

export type ClearFields = Record<string, string | number | boolean | undefined>;

const flag = (b: boolean): number => (b ? 1 : 0);

const spec = <S extends z.ZodType>(schema: S, clear: (record: z.infer<S>) => ClearFields) => ({ schema, clear });

export const CLEAR_FIELDS = {
  clients: spec(clientSchema, (c) => ({ status: c.status, archived: flag(c.archived) })),
  groups: spec(groupSchema, (g) => ({ archived: flag(g.archived) })),
  memberships: spec(membershipSchema, (m) => ({ groupId: m.groupId, clientId: m.clientId, status: m.status })),
  series: spec(seriesSchema, (s) => ({ kind: s.kind, clientId: s.clientId, groupId: s.groupId })),
  appointments: spec(appointmentSchema, (a) => ({
    start: a.start,
    end: a.end,
    kind: a.kind,
    status: a.status,
    clientId: a.clientId,
    groupId: a.groupId,
    seriesId: a.seriesId,
  })),
  notes: spec(noteSchema, (n) => ({
    appointmentId: n.appointmentId,
    clientId: n.clientId,
    groupId: n.groupId,
    sessionAt: n.sessionAt,
    status: n.status,
    template: n.template,
  })),
  drafts: spec(noteSchema, (n) => ({ updatedAt: n.updatedAt })),
  attendance: spec(attendanceSchema, (a) => ({
    appointmentId: a.appointmentId,
    groupId: a.groupId,
    clientId: a.clientId,
    sessionAt: a.sessionAt,
  })),
  agreements: spec(agreementVersionSchema, (a) => ({ groupId: a.groupId, version: a.version })),
  signatures: spec(signatureSchema, (s) => ({ groupId: s.groupId, clientId: s.clientId, agreementId: s.agreementId })),
  measures: spec(measureSchema, (m) => ({ clientId: m.clientId, kind: m.kind, takenAt: m.takenAt })),
};
export type RecordTable = keyof typeof CLEAR_FIELDS;

export const isRecordTable = (table: string): table is RecordTable => Object.hasOwn(CLEAR_FIELDS, table);

/** Whether a row's clear fields are exactly those derived from its record (none altered, none added, none missing). */
export function clearFieldsMatch(row: Record<string, unknown>, record: { id: string }, expected: ClearFields): boolean {
  if (row.id !== record.id) return false;
  for (const key of new Set([...Object.keys(expected), ...Object.keys(row)])) {
    if (key === 'id' || key === 'v' || key === 'env') continue;
    if (row[key] !== (expected as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/**
 * Checks a row of a record table against its opened plaintext: `invalid` when the record is
 * not in the expected form, `mismatch` when the clear fields beside it are not the record's.
 * Rows of other tables (the sealed search index) carry no record to check against: null.
 */
export function clearFieldsProblem(
  table: string,
  row: Record<string, unknown>,
  plaintext: string,
): 'invalid' | 'mismatch' | null {
  if (!isRecordTable(table)) return null;
  const { schema, clear } = CLEAR_FIELDS[table] as unknown as {
    schema: z.ZodType<{ id: string }>;
    clear: (r: { id: string }) => ClearFields;
  };
  let data: unknown;
  try {
    data = JSON.parse(plaintext);
  } catch {
    return 'invalid';
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return 'invalid';
  return clearFieldsMatch(row, parsed.data, clear(parsed.data)) ? null : 'mismatch';
}
