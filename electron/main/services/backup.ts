/**
 * Backups are the sealed rows exactly as stored, the vault header and the sealed audit
 * trail: writing one never decrypts anything, and restoring one needs the passphrase or
 * recovery key that was current when it was made. A damaged file, a file that is not a
 * Holdspace backup, or a wrong passphrase is refused with nothing changed.
 *
 * The file is JSON lines: a head line (format, header, database version), one line per
 * chunk of rows, and a last line with the audit trail and the row count, so a file cut
 * short is detected. Rows arrive and leave in chunks, so ten years of records never
 * have to cross IPC as one message.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { SEALED_TABLES, envelopeSchema } from '../../../shared/envelope';
import { UserFacingError } from '../../../shared/result';
import type { Head } from './audit-trail';
import type { VaultHeader } from './vault';
import { vaultHeaderSchema } from './vault';

export const BACKUP_FORMAT = 'holdspace-backup';
export const BACKUP_VERSION = 2;

export const backupRowSchema = z.looseObject({ id: z.string().min(1).max(128), v: z.number().int().min(1), env: envelopeSchema });
export type BackupRow = z.infer<typeof backupRowSchema>;
const tableSchema = z.enum(SEALED_TABLES);

const headSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.number().int(),
  dbVersion: z.number().int().min(1),
  vault: vaultHeaderSchema,
});
const chunkSchema = z.object({ t: tableSchema, rows: z.array(backupRowSchema) });
const tailSchema = z.object({
  end: z.literal(true),
  rows: z.number().int().min(0),
  audit: z.object({ lines: z.array(z.string()), head: z.object({ seq: z.number().int().min(0), link: z.string() }) }),
});

export interface BackupChunk {
  table: (typeof SEALED_TABLES)[number];
  rows: BackupRow[];
}

export interface Backup {
  createdAt: number;
  dbVersion: number;
  vault: VaultHeader;
  audit: { lines: string[]; head: Head };
  chunks: BackupChunk[];
  rows: number;
}

/** Writes a backup file chunk by chunk. */
export class BackupWriter {
  private readonly fd: number;
  private rows = 0;
  constructor(
    readonly file: string,
    head: { header: VaultHeader; dbVersion: number; now: number },
  ) {
    this.fd = fs.openSync(file, 'w', 0o600);
    this.line({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: head.now, dbVersion: head.dbVersion, vault: head.header });
  }

  private line(value: unknown): void {
    fs.writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }

  append(chunk: BackupChunk): void {
    if (chunk.rows.length === 0) return;
    this.line({ t: chunk.table, rows: chunk.rows });
    this.rows += chunk.rows.length;
  }

  finish(audit: { lines: string[]; head: Head }): number {
    this.line({ end: true, rows: this.rows, audit });
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    return this.rows;
  }

  abandon(): void {
    try {
      fs.closeSync(this.fd);
      fs.rmSync(this.file, { force: true });
    } catch {
      // Nothing useful to do: the file was never completed and holds only sealed rows.
    }
  }
}

const CORRUPT = 'This file is damaged or is not a Holdspace backup, so it cannot be restored. Nothing has been changed.';
const corrupt = (): UserFacingError => new UserFacingError('CORRUPT_BACKUP', CORRUPT);

export function parseBackup(text: string): Backup {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parseLine = (line: string | undefined): unknown => {
    try {
      return JSON.parse(line ?? '');
    } catch {
      throw corrupt();
    }
  };
  const first = parseLine(lines[0]) as { format?: unknown; version?: unknown } | null;
  if (first && first.format === BACKUP_FORMAT && typeof first.version === 'number' && first.version > BACKUP_VERSION) {
    throw new UserFacingError('CORRUPT_BACKUP', 'This backup was made by a newer version of Holdspace. Install the newer version to restore it.');
  }
  const head = headSchema.safeParse(first);
  const tail = tailSchema.safeParse(parseLine(lines[lines.length - 1]));
  if (!head.success || !tail.success || lines.length < 2) throw corrupt();
  const chunks: BackupChunk[] = [];
  let rows = 0;
  for (const line of lines.slice(1, -1)) {
    const chunk = chunkSchema.safeParse(parseLine(line));
    if (!chunk.success) throw corrupt();
    chunks.push({ table: chunk.data.t, rows: chunk.data.rows });
    rows += chunk.data.rows.length;
  }
  // The tail counts the rows written: a file that lost lines in the middle is refused.
  if (rows !== tail.data.rows) throw corrupt();
  return { createdAt: head.data.createdAt, dbVersion: head.data.dbVersion, vault: head.data.vault, audit: tail.data.audit, chunks, rows };
}

export const countRows = (backup: Backup): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const c of backup.chunks) counts[c.table] = (counts[c.table] ?? 0) + c.rows.length;
  return counts;
};
