/**
 * The one IPC contract. Each channel names its input and output schemas; main validates
 * every message against them (input typed `unknown` until parsed), and the preload's API
 * object and its TypeScript types are derived from this table, so a channel cannot exist
 * on one side only.
 */
import { z } from 'zod';
import {
  auditEntrySchema,
  pageAuditEventSchema,
  auditProblemSchema,
  auditSealSchema,
  AUDIT_ACTIONS,
  AUDIT_PAGE_MAX,
} from './audit';
import { SEALED_TABLES, envelopeSchema, openRequestItemSchema, openResultSchema, sealRequestItemSchema } from './envelope';
import { settingsPatchSchema, settingsSchema } from './settings';
import {
  agreementPdfRequestSchema,
  exportAuditSchema,
  exportResultSchema,
  fileNameSchema,
  notesPdfRequestSchema,
} from './exports';
import type { Channel } from './channels';
import { icsExportRequestSchema } from './transfer/ics';
import { BACKUP_FAILURES, backupScheduleSchema } from './backup/schedule';

export { CHANNELS, EVENTS, isChannel, wireName } from './channels';
export type { Channel, HoldspaceEvent } from './channels';

const empty = z.object({}).strict();
const passphrase = z.string().min(1, 'Enter your passphrase.').max(1024);
const vaultState = z.object({
  state: z.enum(['uninitialised', 'locked', 'unlocked']),
  retryAfterMs: z.number().int().min(0),
});

const sealedRowSchema = z.looseObject({ id: z.string().min(1).max(128), v: z.number().int().min(1), env: envelopeSchema });

const backupFailure = z.enum(BACKUP_FAILURES);
const autoBackupStatus = z.object({
  folder: z.string().nullable(),
  schedule: backupScheduleSchema,
  lastSuccess: z.object({ at: z.number(), records: z.number().int(), malformed: z.number().int() }).nullable(),
  lastFailure: z.object({ at: z.number(), kind: backupFailure, attempts: z.number().int() }).nullable(),
  due: z.boolean(),
  retryAt: z.number().nullable(),
  reminder: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('failed'), failure: backupFailure, at: z.number(), lastSuccessAt: z.number().nullable() }),
      z.object({ kind: z.literal('overdue'), lastSuccessAt: z.number() }),
    ])
    .nullable(),
  running: z.boolean(),
});
/** What "Check a backup" found: verified (with its date and count), a problem in words' reach, or another vault's file. */
const backupCheckResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('cancelled') }),
  z.object({
    outcome: z.literal('verified'),
    fileName: z.string(),
    createdAt: z.number(),
    records: z.number().int(),
    counts: z.record(z.string(), z.number().int()),
    malformed: z.number().int(),
    ownVault: z.boolean(),
  }),
  z.object({
    outcome: z.literal('problem'),
    fileName: z.string(),
    problem: z.enum(['not-backup', 'empty', 'truncated', 'changed', 'unreadable', 'newer', 'older']),
    createdAt: z.number().optional(),
  }),
  z.object({ outcome: z.literal('other-vault'), fileName: z.string(), createdAt: z.number() }),
]);

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
type ChannelDef = { input: z.ZodType; output: z.ZodType };

export const contract = {
  'app.info': channel(empty, z.object({ version: z.string(), platform: z.string() })),
  /** Messages from start-up for the clinician (an unreadable settings file set aside), each given out once. */
  'app.notices': channel(empty, z.object({ notices: z.array(z.string()) })),

  'vault.status': channel(empty, vaultState),
  'vault.create': channel(z.object({ passphrase }).strict(), z.object({ recoveryKey: z.string() })),
  'vault.unlock': channel(z.object({ passphrase }).strict(), vaultState),
  'vault.unlockWithRecoveryKey': channel(z.object({ recoveryKey: z.string().min(1).max(200) }).strict(), vaultState),
  'vault.changePassphrase': channel(z.object({ current: passphrase, next: passphrase }).strict(), z.object({})),
  'vault.lock': channel(z.object({ reason: z.enum(['manual', 'idle', 'shortcut']) }).strict(), vaultState),
  'vault.seal': channel(
    z.object({ items: z.array(sealRequestItemSchema).max(50_000) }).strict(),
    z.object({ envelopes: z.array(envelopeSchema) }),
  ),
  'vault.open': channel(
    z.object({ items: z.array(openRequestItemSchema).max(50_000) }).strict(),
    z.object({ results: z.array(openResultSchema) }),
  ),

  'audit.record': channel(z.object({ events: z.array(pageAuditEventSchema).min(1).max(10_000) }).strict(), z.object({})),
  // A page of entries, newest first, before line `before` (the newest when absent); `next` is the `before` of the
  // next, older page (null at the oldest). Only the page's entries are opened.
  'audit.list': channel(
    z
      .object({
        from: z.number().int().optional(),
        to: z.number().int().optional(),
        actions: z.array(z.enum(AUDIT_ACTIONS)).optional(),
        before: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
      })
      .strict(),
    z.object({
      entries: z.array(auditEntrySchema),
      total: z.number().int().min(0),
      next: z.number().int().min(2).nullable(),
      unreadable: z.number().int().min(0),
    }),
  ),
  // One bounded step of a check of the whole chain: without `run` a new check starts; call again with the `run`
  // returned until `done`. `intact` only when done with no problem.
  'audit.verify': channel(
    z
      .object({
        run: z
          .string()
          .regex(/^[0-9a-f]{16}$/)
          .optional(),
      })
      .strict(),
    z.object({
      run: z.string(),
      done: z.boolean(),
      checked: z.number().int().min(0),
      total: z.number().int().min(0),
      intact: z.boolean(),
      entries: z.number().int().min(0),
      problems: z.array(auditProblemSchema),
      problemCount: z.number().int().min(0),
    }),
  ),
  // The page hands back the copy of the trail's head it keeps with the records, and keeps the fresh one (if any).
  'audit.seal': channel(
    z.object({ stored: z.union([auditSealSchema, z.literal('unreadable')]).nullable() }).strict(),
    z.object({ seal: auditSealSchema.nullable() }),
  ),

  'settings.get': channel(empty, settingsSchema),
  'settings.update': channel(z.object({ patch: settingsPatchSchema }).strict(), settingsSchema),
  // The page's zone is the computer's (main's own clock may differ, as in the test harness).
  'settings.reportComputerZone': channel(
    z.object({ timeZone: z.string().min(1).max(64) }).strict(),
    z.object({
      settings: settingsSchema,
      zoneChanged: z.object({ computerTimeZone: z.string(), practiceTimeZone: z.string() }).nullable(),
    }),
  ),

  'shell.openExternal': channel(z.object({ url: z.string().max(2048) }).strict(), z.object({ opened: z.boolean() })),

  'export.agreementPdf': channel(
    z
      .object({
        request: agreementPdfRequestSchema,
        destination: z.enum(['save', 'print']),
        suggestedName: fileNameSchema,
        audit: exportAuditSchema,
      })
      .strict(),
    exportResultSchema,
  ),
  'export.notesPdf': channel(
    z
      .object({
        request: notesPdfRequestSchema,
        destination: z.enum(['save', 'print']),
        suggestedName: fileNameSchema,
        audit: exportAuditSchema,
      })
      .strict(),
    exportResultSchema,
  ),
  'export.csv': channel(
    z.object({ content: z.string().max(50_000_000), suggestedName: fileNameSchema, audit: exportAuditSchema }).strict(),
    exportResultSchema,
  ),
  'export.ics': channel(
    z.object({ request: icsExportRequestSchema, suggestedName: fileNameSchema, audit: exportAuditSchema }).strict(),
    exportResultSchema,
  ),
  /** An open dialog for a calendar (.ics) or spreadsheet (.csv) file; its text comes back to be previewed, nothing is stored. */
  'import.readTextFile': channel(
    z.object({ kind: z.enum(['ics', 'csv']) }).strict(),
    z.object({ chosen: z.boolean(), fileName: z.string().optional(), text: z.string().optional() }),
  ),
  /** Export all records: asks for the passphrase again, then a folder; the files follow under the token. */
  'records.begin': channel(
    z.object({ passphrase, folderName: fileNameSchema }).strict(),
    z.object({ token: z.string().optional(), folder: z.string().optional() }),
  ),
  'records.file': channel(
    z.object({ token: z.string().max(64), name: fileNameSchema, text: z.string().max(200_000_000) }).strict(),
    z.object({}),
  ),
  'records.notesPdf': channel(
    z.object({ token: z.string().max(64), name: fileNameSchema, request: notesPdfRequestSchema }).strict(),
    z.object({}),
  ),
  'records.agreementPdf': channel(
    z.object({ token: z.string().max(64), name: fileNameSchema, request: agreementPdfRequestSchema }).strict(),
    z.object({}),
  ),
  'records.finish': channel(
    z.object({ token: z.string().max(64) }).strict(),
    z.object({ folder: z.string(), files: z.number().int(), unprintable: exportResultSchema.shape.unprintable }),
  ),
  'notify.show': channel(z.object({ title: z.string().min(1).max(200), body: z.string().max(500) }).strict(), z.object({})),
  'backup.begin': channel(
    z.object({ dbVersion: z.number().int().min(1), suggestedName: fileNameSchema }).strict(),
    z.object({ token: z.string().optional() }),
  ),
  'backup.append': channel(
    z.object({ token: z.string().max(64), table: z.enum(SEALED_TABLES), rows: z.array(sealedRowSchema).max(10_000) }).strict(),
    z.object({}),
  ),
  'backup.finish': channel(
    z.object({ token: z.string().max(64) }).strict(),
    z.object({ fileName: z.string(), records: z.number().int() }),
  ),
  'backup.inspect': channel(
    empty,
    z.object({
      chosen: z.boolean(),
      fileName: z.string().optional(),
      createdAt: z.number().optional(),
      counts: z.record(z.string(), z.number()).optional(),
    }),
  ),
  'backup.restore': channel(
    // `current`: this computer's passphrase, needed when the restore replaces an existing vault.
    z.union([
      z.object({ passphrase, current: passphrase.optional() }).strict(),
      z.object({ recoveryKey: z.string().min(1).max(200), current: passphrase.optional() }).strict(),
    ]),
    z.object({
      dbVersion: z.number().int(),
      damaged: z.number().int(),
      damagedByTable: z.record(z.string(), z.number().int()),
      chunks: z.number().int(),
      records: z.number().int(),
    }),
  ),
  'backup.chunk': channel(
    z.object({ index: z.number().int().min(0) }).strict(),
    z.object({ table: z.enum(SEALED_TABLES), rows: z.array(sealedRowSchema) }),
  ),
  /** Before the page replaces any row: main journals the incoming header and trail (see restore-journal.ts). */
  'backup.prepare': channel(empty, z.object({ restoreId: z.string() })),
  'backup.commit': channel(empty, vaultState),
  /** At start-up: settles a restore a crash interrupted, with the restore id the page's records carry (if any). */
  'backup.resolve': channel(
    z.object({ appliedRestoreId: z.string().max(64).optional() }).strict(),
    z.object({ outcome: z.enum(['none', 'finished', 'undone']) }),
  ),
  'backup.cancel': channel(empty, z.object({})),
  /** Check a backup without restoring it: an open dialog, then the whole file verified with this vault's key. */
  'backup.check': channel(empty, backupCheckResult),
  /** Another vault's backup, checked with that backup's own passphrase or recovery key. */
  'backup.checkWithSecret': channel(
    z.union([z.object({ passphrase }).strict(), z.object({ recoveryKey: z.string().min(1).max(200) }).strict()]),
    backupCheckResult,
  ),
  /** Automatic backups into a chosen folder (electron/main/services/auto-backup.ts); all refused while locked. */
  'autoBackup.status': channel(empty, autoBackupStatus),
  'autoBackup.chooseFolder': channel(empty, z.object({ chosen: z.boolean(), status: autoBackupStatus })),
  'autoBackup.turnOff': channel(empty, autoBackupStatus),
  'autoBackup.setSchedule': channel(z.object({ schedule: backupScheduleSchema }).strict(), autoBackupStatus),
  'autoBackup.begin': channel(z.object({ dbVersion: z.number().int().min(1) }).strict(), z.object({ token: z.string() })),
  'autoBackup.append': channel(
    z.object({ token: z.string().max(64), table: z.enum(SEALED_TABLES), rows: z.array(sealedRowSchema).max(10_000) }).strict(),
    z.object({}),
  ),
  'autoBackup.finish': channel(
    z.object({ token: z.string().max(64) }).strict(),
    z.object({ at: z.number(), records: z.number().int(), malformed: z.number().int(), removed: z.number().int() }),
  ),
  'autoBackup.cancel': channel(z.object({ token: z.string().max(64) }).strict(), z.object({})),
  /** The page's answer to `vault-locking`: its drafts are sealed and saved. */
  'vault.flushed': channel(empty, z.object({})),
  /** The vault header (wrapped keys and KDF parameters: nothing secret), for a copy kept with the records. */
  'vault.headerCopy': channel(empty, z.object({ header: z.record(z.string(), z.unknown()) })),
  /** At start-up with no header in the settings file: the copy kept with the records, so unlock still works. */
  'vault.recoverHeader': channel(z.object({ header: z.record(z.string(), z.unknown()) }).strict(), vaultState),
  'agreement.defaultText': channel(
    empty,
    z.object({ title: z.string(), clauses: z.array(z.object({ heading: z.string(), body: z.string() })) }),
  ),
} as const satisfies Record<Channel, ChannelDef>;

export type Contract = typeof contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
