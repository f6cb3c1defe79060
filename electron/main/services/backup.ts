/**
 * Backups are the sealed rows exactly as stored, the vault header and the sealed audit
 * trail: writing one never decrypts anything, and restoring one needs the passphrase or
 * recovery key that was current when it was made. A damaged file, a file that is not a
 * Holdspace backup, or a wrong passphrase is refused with nothing changed.
 */
import { z } from 'zod';
import { envelopeSchema, SEALED_TABLES } from '../../../shared/envelope';
import { UserFacingError } from '../../../shared/result';
import type { Head } from './audit-trail';
import type { VaultHeader } from './vault';
import { vaultHeaderSchema } from './vault';

export const BACKUP_FORMAT = 'holdspace-backup';

const rowSchema = z.looseObject({ id: z.string().min(1).max(128), v: z.number().int().min(1), env: envelopeSchema });
export type BackupRow = z.infer<typeof rowSchema>;

export const backupTablesSchema = z.partialRecord(z.enum(SEALED_TABLES), z.array(rowSchema));
export type BackupTables = z.infer<typeof backupTablesSchema>;

const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.number().int(),
  dbVersion: z.number().int().min(1),
  vault: vaultHeaderSchema,
  audit: z.object({ lines: z.array(z.string()), head: z.object({ seq: z.number().int().min(0), link: z.string() }) }),
  tables: backupTablesSchema,
});
export type Backup = z.infer<typeof backupSchema>;

export function composeBackup(parts: {
  header: VaultHeader;
  audit: { lines: string[]; head: Head };
  tables: BackupTables;
  dbVersion: number;
  now: number;
}): string {
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: parts.now,
    dbVersion: parts.dbVersion,
    vault: parts.header,
    audit: parts.audit,
    tables: parts.tables,
  };
  return JSON.stringify(backup);
}

const CORRUPT = 'This file is damaged or is not a Holdspace backup, so it cannot be restored. Nothing has been changed.';

export function parseBackup(text: string): Backup {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserFacingError('CORRUPT_BACKUP', CORRUPT);
  }
  if (raw && typeof raw === 'object' && (raw as { format?: unknown }).format === BACKUP_FORMAT && (raw as { version?: unknown }).version !== 1) {
    throw new UserFacingError('CORRUPT_BACKUP', 'This backup was made by a newer version of Holdspace. Install the newer version to restore it.');
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) throw new UserFacingError('CORRUPT_BACKUP', CORRUPT);
  return parsed.data;
}

export const countRows = (tables: BackupTables): Record<string, number> =>
  Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows?.length ?? 0]));
