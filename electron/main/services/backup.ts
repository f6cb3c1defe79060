/**
 * Backups are the sealed rows exactly as stored, the vault header and the sealed audit
 * trail: writing one never decrypts anything, and restoring one needs the passphrase or
 * recovery key that was current when it was made.
 *
 * The file is JSON lines: a head line (format, header, database version), one line per
 * chunk of rows, a tail line (row count, audit trail), and a last line holding a tag
 * that authenticates every line before it. The tag is an HMAC chained over the lines
 * (tag_i = HMAC(k, tag_i-1 ‖ line_i)) with a key derived from the vault's data key, so
 * only someone holding that key can make a file that verifies: a dropped, duplicated,
 * reordered or swapped-in line (even one from an older backup of the same vault), a
 * flipped byte or a file cut short is refused with nothing changed. The chain's tags are
 * kept while a restore is under way, so each chunk is checked again as it is read back.
 *
 * Writing goes to a temporary file beside the target, fsynced and then renamed over it,
 * so a failure never leaves the previous backup emptied. Reading streams the file line by
 * line; no whole file is ever one string.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SEALED_TABLES, envelopeSchema } from '../../../shared/envelope';
import { UserFacingError } from '../../../shared/result';
import type { Head } from './audit-trail';
import type { VaultHeader } from './vault';
import { vaultHeaderSchema } from './vault';
import { syncDirectory } from './fs-durable';

export const BACKUP_FORMAT = 'holdspace-backup';
export const BACKUP_VERSION = 3;
export const BACKUP_MAC_INFO = 'holdspace/backup-mac/v1';
/** No line of a backup Holdspace writes comes near this; a longer one is refused before it fills memory. */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

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
const auditSchema = z.object({
  lines: z.array(z.string()),
  head: z.object({ seq: z.number().int().min(0), link: z.string(), mac: z.string().optional() }),
});
const tailSchema = z.object({
  end: z.literal(true),
  rows: z.number().int().min(0),
  chunks: z.number().int().min(0),
  audit: auditSchema,
});
const macSchema = z.object({ mac: z.string().regex(/^[0-9a-f]{64}$/) });

export interface BackupChunk {
  table: (typeof SEALED_TABLES)[number];
  rows: BackupRow[];
}

/** Where a chunk's line is in the file, so it can be read back (and checked again) on its own. */
export interface ChunkEntry {
  table: BackupChunk['table'];
  rows: number;
  offset: number;
  length: number;
  /** Index of the line in the file (0 is the head). */
  line: number;
}

export interface BackupIndex {
  file: string;
  createdAt: number;
  dbVersion: number;
  vault: VaultHeader;
  audit: { lines: string[]; head: Head };
  chunks: ChunkEntry[];
  rows: number;
  counts: Record<string, number>;
}

/** The key a backup's tags are made with: derived from the data key, never stored. */
export const backupMacKey = (dataKey: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), BACKUP_MAC_INFO, 32));

const firstTag = (key: Buffer): Buffer => createHmac('sha256', key).update(`${BACKUP_FORMAT}/v${BACKUP_VERSION}`).digest();
const nextTag = (key: Buffer, prev: Buffer, line: Buffer): Buffer => createHmac('sha256', key).update(prev).update(line).digest();

const CORRUPT =
  'This file is damaged, has been changed, or is not a Holdspace backup, so it cannot be restored. Nothing has been changed.';

/**
 * What is wrong with a file, for "Check a backup" to say in words (a restore shows one
 * message for all of them): not a backup at all, empty, cut short, changed or damaged
 * after it was written, unreadable, or made by another version.
 */
export type BackupProblem = 'not-backup' | 'empty' | 'truncated' | 'changed' | 'unreadable' | 'newer' | 'older';

export class BackupFileError extends UserFacingError {
  constructor(
    readonly problem: BackupProblem,
    message: string = CORRUPT,
  ) {
    super('CORRUPT_BACKUP', message);
    this.name = 'BackupFileError';
  }
}
const corrupt = (problem: BackupProblem = 'changed'): BackupFileError => new BackupFileError(problem);

/** A finished backup file that did not read back as written (see BackupWriter.finishVerified). */
export class BackupNotVerifiedError extends Error {
  constructor() {
    super('The backup did not read back as written.');
    this.name = 'BackupNotVerifiedError';
  }
}

/** Writes a backup file chunk by chunk, to a temporary file that becomes the backup only when complete. */
export class BackupWriter {
  private readonly fd: number;
  private readonly temp: string;
  private rows = 0;
  private chunks = 0;
  private tag: Buffer;
  private readonly key: Buffer;
  private done = false;

  constructor(
    readonly file: string,
    head: { header: VaultHeader; dbVersion: number; now: number },
    macKey: Buffer,
  ) {
    this.key = Buffer.from(macKey);
    this.tag = firstTag(this.key);
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.partial`);
    this.fd = fs.openSync(this.temp, 'wx', 0o600);
    this.line({
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: head.now,
      dbVersion: head.dbVersion,
      vault: head.header,
    });
  }

  private write(bytes: Buffer): void {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
  }

  /** A write that fails (a full or removed drive) abandons the file: the earlier backup is untouched. */
  private line(value: unknown): void {
    if (this.done) throw new Error('This backup was already finished or abandoned.');
    const bytes = Buffer.from(JSON.stringify(value));
    this.tag = nextTag(this.key, this.tag, bytes);
    try {
      this.write(Buffer.concat([bytes, Buffer.from('\n')]));
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  append(chunk: BackupChunk): void {
    if (chunk.rows.length === 0) return;
    this.line({ t: chunk.table, rows: chunk.rows });
    this.rows += chunk.rows.length;
    this.chunks += 1;
  }

  /** Writes the tail and the tag, fsyncs, and only then puts the file in place of any earlier one. */
  finish(audit: { lines: string[]; head: Head }): number {
    this.complete(audit);
    try {
      this.place();
      return this.rows;
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  /**
   * As `finish`, but the completed temporary file is first read back by `verify` (given the row
   * count written): only a file that verifies takes the place of any earlier one. A file that does
   * not is removed and BackupNotVerifiedError thrown; the earlier backup is untouched.
   */
  async finishVerified(
    audit: { lines: string[]; head: Head },
    verify: (file: string, rows: number) => Promise<boolean>,
  ): Promise<number> {
    this.complete(audit);
    let verified = false;
    try {
      verified = await verify(this.temp, this.rows);
    } finally {
      if (!verified) fs.rmSync(this.temp, { force: true });
    }
    if (!verified) throw new BackupNotVerifiedError();
    this.place();
    return this.rows;
  }

  /** The tail and the tag written and fsynced, the temporary file closed, the key dropped. */
  private complete(audit: { lines: string[]; head: Head }): void {
    try {
      this.line({ end: true, rows: this.rows, chunks: this.chunks, audit });
      this.write(Buffer.from(`${JSON.stringify({ mac: this.tag.toString('hex') })}\n`));
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.done = true;
    } catch (error) {
      this.abandon();
      throw error;
    } finally {
      this.key.fill(0);
    }
  }

  /** The completed file put in place of any earlier one, and the folder's entry made durable. */
  private place(): void {
    fs.renameSync(this.temp, this.file);
    syncDirectory(path.dirname(this.file));
  }

  abandon(): void {
    this.key.fill(0);
    try {
      if (!this.done) fs.closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.done = true;
    try {
      fs.rmSync(this.temp, { force: true });
    } catch {
      // Nothing useful to do: the file was never completed and holds only sealed rows.
    }
  }
}

/** The file's lines as raw bytes (without the newline), each with its byte offset; streamed. */
async function* readLines(file: string): AsyncGenerator<{ bytes: Buffer; offset: number; terminated: boolean }> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let lineStart = 0;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = piece.indexOf(10, start); nl >= 0; nl = piece.indexOf(10, start)) {
      const part = piece.subarray(start, nl);
      const bytes = pending.length ? Buffer.concat([...pending, part]) : Buffer.from(part);
      pending = [];
      pendingLength = 0;
      yield { bytes, offset: lineStart, terminated: true };
      lineStart += bytes.length + 1;
      start = nl + 1;
    }
    if (start < piece.length) {
      pending.push(Buffer.from(piece.subarray(start)));
      pendingLength += piece.length - start;
      if (pendingLength > MAX_LINE_BYTES) {
        stream.destroy();
        throw corrupt();
      }
    }
  }
  if (pendingLength > 0) yield { bytes: Buffer.concat(pending), offset: lineStart, terminated: false };
}

const parseJson = (bytes: Buffer, problem: BackupProblem = 'changed'): unknown => {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt(problem);
  }
};

const NEWER_VERSION =
  'This backup was made by a newer version of Holdspace. Install the newer version to restore it. Nothing has been changed.';
const OLDER_VERSION =
  'This backup was made by an earlier version of Holdspace that could not prove a file had not been changed since, so it cannot be restored safely. Make a new backup with this version. Nothing has been changed.';

/** The head line: refuses other versions with their own message, and anything else as not a backup. */
function parseHead(bytes: Buffer): z.infer<typeof headSchema> {
  const value = parseJson(bytes, 'not-backup');
  const v = value as { format?: unknown; version?: unknown } | null;
  if (v && v.format === BACKUP_FORMAT && typeof v.version === 'number' && v.version !== BACKUP_VERSION) {
    throw v.version > BACKUP_VERSION ? new BackupFileError('newer', NEWER_VERSION) : new BackupFileError('older', OLDER_VERSION);
  }
  const parsed = headSchema.safeParse(value);
  if (!parsed.success) throw corrupt(v && v.format === BACKUP_FORMAT ? 'changed' : 'not-backup');
  return parsed.data;
}

const fileError = (error: unknown): UserFacingError => {
  if (error instanceof UserFacingError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'EIO') {
    return new BackupFileError('unreadable', 'Holdspace could not read that file. Check it is a Holdspace backup and try again.');
  }
  return corrupt();
};

/** A first line cut short: a backup's if it starts as every backup's head does. */
const cutHead = (bytes: Buffer): BackupProblem =>
  bytes.length === 0
    ? 'empty'
    : bytes.toString('utf8', 0, 64).startsWith(`{"format":"${BACKUP_FORMAT}"`)
      ? 'truncated'
      : 'not-backup';

/** The head of a backup (when and by which vault it was made), reading only its first line. */
export async function readBackupHead(file: string): Promise<{ createdAt: number; dbVersion: number; vault: VaultHeader }> {
  try {
    for await (const { bytes, terminated } of readLines(file)) {
      if (!terminated) throw corrupt(cutHead(bytes));
      const head = parseHead(bytes);
      return { createdAt: head.createdAt, dbVersion: head.dbVersion, vault: head.vault };
    }
  } catch (error) {
    throw fileError(error);
  }
  throw corrupt('empty');
}

export interface ReadOptions {
  /** With the key, every line is authenticated and the last tag checked; without, only the structure. */
  macKey?: Buffer;
  /** Each chunk's rows as they are read (before the final tag is known to match: count, don't act). */
  onChunk?: (chunk: BackupChunk, entry: ChunkEntry) => void;
}

/**
 * Reads a backup line by line. Without a key it checks the structure (for showing what a
 * file holds before asking for its passphrase); with the key it also checks every tag and
 * returns them, so chunks can be read back and checked again later.
 */
export async function readBackup(file: string, options: ReadOptions = {}): Promise<{ index: BackupIndex; tags: Buffer[] }> {
  const { macKey, onChunk } = options;
  let head: z.infer<typeof headSchema> | null = null;
  let tail: z.infer<typeof tailSchema> | null = null;
  let mac: string | null = null;
  const chunks: ChunkEntry[] = [];
  const counts: Record<string, number> = {};
  const tags: Buffer[] = [];
  let tag = macKey ? firstTag(macKey) : Buffer.alloc(0);
  let rows = 0;
  let line = 0;
  try {
    for await (const { bytes, offset, terminated } of readLines(file)) {
      // Nothing may follow the tag, and every line ends with a newline.
      if (mac !== null) throw corrupt();
      if (!terminated) throw corrupt(line === 0 ? cutHead(bytes) : 'truncated');
      if (line === 0) {
        head = parseHead(bytes);
        if (macKey) {
          tag = nextTag(macKey, tag, bytes);
          tags.push(tag);
        }
        line += 1;
        continue;
      }
      const value = parseJson(bytes);
      if (tail) {
        const parsed = macSchema.safeParse(value);
        if (!parsed.success) throw corrupt();
        mac = parsed.data.mac;
      } else if (value && typeof value === 'object' && 'end' in value) {
        const parsed = tailSchema.safeParse(value);
        if (!parsed.success) throw corrupt();
        tail = parsed.data;
      } else {
        const parsed = chunkSchema.safeParse(value);
        if (!parsed.success) throw corrupt();
        const entry: ChunkEntry = { table: parsed.data.t, rows: parsed.data.rows.length, offset, length: bytes.length, line };
        chunks.push(entry);
        rows += entry.rows;
        counts[entry.table] = (counts[entry.table] ?? 0) + entry.rows;
        onChunk?.({ table: parsed.data.t, rows: parsed.data.rows }, entry);
      }
      if (macKey && mac === null) {
        tag = nextTag(macKey, tag, bytes);
        tags.push(tag);
      }
      line += 1;
    }
  } catch (error) {
    throw fileError(error);
  }
  if (!head) throw corrupt('empty');
  // A file that stops before its tail or its tag was cut short (a copy or a write that did not finish).
  if (!tail || mac === null) throw corrupt('truncated');
  // The tail counts what was written: a file that lost lines in the middle is refused even before its tag is checked.
  if (tail.rows !== rows || tail.chunks !== chunks.length) throw corrupt();
  if (macKey) {
    const expected = Buffer.from(mac, 'hex');
    if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw corrupt();
  }
  return {
    index: {
      file,
      createdAt: head.createdAt,
      dbVersion: head.dbVersion,
      vault: head.vault,
      audit: tail.audit,
      chunks,
      rows,
      counts,
    },
    tags,
  };
}

/**
 * Reads one chunk back from the file and checks it against the tag the whole-file check
 * recorded for its line: a file changed after it was checked is refused here too.
 */
export function readChunk(index: BackupIndex, tags: readonly Buffer[], macKey: Buffer, at: number): BackupChunk {
  const entry = index.chunks[at];
  if (!entry) throw corrupt();
  const bytes = Buffer.alloc(entry.length);
  let fd: number | undefined;
  try {
    fd = fs.openSync(index.file, 'r');
    let read = 0;
    while (read < entry.length) {
      const n = fs.readSync(fd, bytes, read, entry.length - read, entry.offset + read);
      if (n === 0) throw corrupt();
      read += n;
    }
  } catch {
    throw corrupt();
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const prev = tags[entry.line - 1];
  const expected = tags[entry.line];
  if (!prev || !expected || !timingSafeEqual(nextTag(macKey, prev, bytes), expected)) throw corrupt();
  const parsed = chunkSchema.safeParse(parseJson(bytes));
  if (!parsed.success || parsed.data.t !== entry.table) throw corrupt();
  return { table: parsed.data.t, rows: parsed.data.rows };
}
