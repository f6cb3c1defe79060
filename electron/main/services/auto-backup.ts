/**
 * Automatic backups into a folder the clinician chose (an external drive, a synced folder).
 * The page reads its sealed rows a chunk at a time and hands them over (as for "Back up
 * now"); this service writes them with the same BackupWriter (temporary file, fsync,
 * rename), then re-reads and verifies the new file before anything else happens. Only a
 * verified backup counts, and only then are older automatic backups beyond the retention
 * set removed (shared/backup/retention.ts: files named as Holdspace names its own, nothing
 * else in the folder is ever touched).
 *
 * A folder that cannot be reached, refuses writing or is full is recorded as a failure of
 * that kind (shown to the clinician, retried later); the previous backups stay as they were.
 * The status kept in the settings file holds times, counts, the folder's path and our own
 * file names: nothing about a client.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserFacingError } from '../../../shared/result';
import { autoBackupName, planRetention } from '../../../shared/backup/retention';
import {
  BACKUP_FAILURES,
  DEFAULT_BACKUP_SCHEDULE,
  backupDecision,
  backupReminder,
  backupScheduleSchema,
} from '../../../shared/backup/schedule';
import type { BackupFailureKind, BackupHistory, BackupReminder, BackupSchedule } from '../../../shared/backup/schedule';
import type { AuditTrail } from './audit-trail';
import { BackupWriter, backupMacKey } from './backup';
import type { BackupChunk } from './backup';
import { verifyBackupFile } from './backup-verify';
import type { KeyValueStore } from './kv-store';
import type { Vault } from './vault';
import { zero } from './vault';

const KEY = 'autoBackup';

const storedSchema = z.object({
  folder: z.string().min(1).max(4096).nullable().catch(null),
  schedule: backupScheduleSchema.catch(DEFAULT_BACKUP_SCHEDULE),
  lastSuccess: z
    .object({ at: z.number(), records: z.number().int().min(0), fileName: z.string().max(255), malformed: z.number().int() })
    .nullable()
    .catch(null),
  lastFailure: z
    .object({ at: z.number(), kind: z.enum(BACKUP_FAILURES), attempts: z.number().int().min(1) })
    .nullable()
    .catch(null),
  firstChangeAt: z.number().nullable().catch(null),
});
type Stored = z.infer<typeof storedSchema>;
const EMPTY: Stored = {
  folder: null,
  schedule: DEFAULT_BACKUP_SCHEDULE,
  lastSuccess: null,
  lastFailure: null,
  firstChangeAt: null,
};

export interface AutoBackupStatus {
  folder: string | null;
  schedule: BackupSchedule;
  lastSuccess: { at: number; records: number; malformed: number } | null;
  lastFailure: { at: number; kind: BackupFailureKind; attempts: number } | null;
  due: boolean;
  /** When it will try again after a failure (null when not waiting). */
  retryAt: number | null;
  reminder: BackupReminder | null;
  running: boolean;
}

/** What a file-system error means for the clinician: the drive is gone, the folder refuses, or the disk is full. */
export function failureKind(error: unknown): BackupFailureKind {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'ENODEV':
    case 'ENXIO':
    case 'EIO':
    case 'ESTALE':
    case 'EHOSTDOWN':
    case 'ENOTCONN':
      return 'unreachable';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'denied';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'full';
    default:
      return 'other';
  }
}

/** Thrown to the page when an attempt fails; `failure` is the kind recorded in the status. */
export class AutoBackupError extends UserFacingError {
  constructor(readonly failure: BackupFailureKind) {
    super('NOT_ALLOWED', AUTO_BACKUP_FAILED[failure]);
  }
}

/** Said in main too, for a page that shows the error as it comes (the Settings panel words them itself). */
const AUTO_BACKUP_FAILED: Record<BackupFailureKind, string> = {
  unreachable: 'The backup folder cannot be reached. Holdspace will try again later; nothing is lost.',
  denied: 'Holdspace is not allowed to write in the backup folder. Holdspace will try again later; nothing is lost.',
  full: 'The backup folder’s drive is full. Holdspace will try again later; nothing is lost.',
  'verify-failed': 'The new backup did not read back correctly, so it was not kept. Holdspace will try again later.',
  interrupted: 'The backup was interrupted. Holdspace will try again later.',
  other: 'Holdspace could not write the backup. It will try again later; nothing is lost.',
};

export interface AutoBackupOptions {
  store: KeyValueStore;
  vault: Vault;
  audit: AuditTrail;
  timeZone: () => string;
  now: () => number;
}

export class AutoBackupService {
  private writer: { token: string; writer: BackupWriter; file: string; rows: number; startedAt: number } | null = null;
  /** The first change made while a backup was being written: it is not in that backup. */
  private changeDuringRun: number | null = null;

  constructor(private readonly options: AutoBackupOptions) {
    options.vault.onLock(() => this.abandon());
  }

  /**
   * Bookkeeping the settings file refused (its disk is full, say): kept here so the status and
   * the back-off still see it, and written with the next save that succeeds. Never a reason to
   * refuse a seal or to hide why a backup failed.
   */
  private unsaved: Partial<Stored> = {};

  private stored(): Stored {
    const parsed = storedSchema.safeParse({
      ...EMPTY,
      ...(this.options.store.get(KEY) as object | undefined),
      ...this.unsaved,
    });
    return parsed.success ? parsed.data : { ...EMPTY, ...this.unsaved };
  }

  /** The clinician's own choices (folder, schedule): a write that fails is reported to them. */
  private save(patch: Partial<Stored>): Stored {
    const next = { ...this.stored(), ...patch };
    this.options.store.set(KEY, next);
    this.unsaved = {};
    this.firstChangeAt = next.firstChangeAt;
    return next;
  }

  /** Bookkeeping (changes, failures, the last success): in memory first, then the settings file if it can. Never throws. */
  private record(patch: Partial<Stored>): void {
    this.unsaved = { ...this.unsaved, ...patch };
    if (patch.firstChangeAt !== undefined) this.firstChangeAt = patch.firstChangeAt;
    try {
      this.options.store.set(KEY, this.stored());
      this.unsaved = {};
    } catch {
      // Kept in memory (see `unsaved`); written with the next save that succeeds.
    }
  }

  /** Kept in memory too: every seal asks, and the settings file is not read on that path. */
  private firstChangeAt: number | null | undefined;

  private history(s: Stored): BackupHistory {
    return {
      lastSuccessAt: s.lastSuccess?.at ?? null,
      lastFailure: s.lastFailure,
      firstChangeAt: s.firstChangeAt,
    };
  }

  status(): AutoBackupStatus {
    const s = this.stored();
    const now = this.options.now();
    const history = this.history(s);
    const decision = backupDecision({ schedule: s.schedule, history, now, timeZone: this.options.timeZone() });
    return {
      folder: s.folder,
      schedule: s.schedule,
      lastSuccess: s.lastSuccess
        ? { at: s.lastSuccess.at, records: s.lastSuccess.records, malformed: s.lastSuccess.malformed }
        : null,
      lastFailure: s.lastFailure,
      due: s.folder !== null && decision.due,
      retryAt: !decision.due && decision.reason === 'waiting-to-retry' ? decision.nextCheckAt : null,
      reminder: backupReminder({ folderSet: s.folder !== null, schedule: s.schedule, history, now }),
      running: this.writer !== null,
    };
  }

  /**
   * Records were changed (a seal): counts toward the "after changes" schedule. One settings write
   * per backup cycle, and best-effort: a seal never fails because of it.
   */
  noteChange(): void {
    const now = this.options.now();
    if (this.writer) this.changeDuringRun ??= now;
    if (this.firstChangeAt === undefined) {
      try {
        this.firstChangeAt = this.stored().firstChangeAt;
      } catch {
        this.firstChangeAt = null;
      }
    }
    if (this.firstChangeAt === null) this.record({ firstChangeAt: now });
  }

  /** A new folder: the next check makes a backup there at once. Earlier backups elsewhere stay where they are. */
  setFolder(folder: string | null): AutoBackupStatus {
    this.abandon();
    if (folder !== null) {
      const resolved = path.resolve(folder);
      this.save({ folder: resolved, lastFailure: null, lastSuccess: null });
    } else {
      this.save({ folder: null, lastFailure: null });
    }
    return this.status();
  }

  setSchedule(schedule: BackupSchedule): AutoBackupStatus {
    this.save({ schedule });
    return this.status();
  }

  /**
   * The error the page is given, built first: recording the failure (in memory, and in the
   * settings file when it can be written) never replaces it, and the status shows it either
   * way so the back-off applies.
   */
  private fail(kind: BackupFailureKind): AutoBackupError {
    const error = new AutoBackupError(kind);
    const at = this.options.now();
    let attempts = 1;
    try {
      const { lastFailure: previous, lastSuccess } = this.stored();
      if (previous && previous.at >= (lastSuccess?.at ?? -Infinity)) attempts = previous.attempts + 1;
    } catch {
      // The settings file cannot be read: counted as a first attempt.
    }
    this.record({ lastFailure: { at, kind, attempts } });
    return error;
  }

  /** Starts a backup into the folder; refuses (and records why) when the folder cannot take it. */
  begin(dbVersion: number): { token: string } {
    const { vault } = this.options;
    vault.requireUnlocked();
    const s = this.stored();
    if (!s.folder) throw new UserFacingError('NOT_ALLOWED', 'Choose a backup folder first.');
    this.abandon();
    const now = this.options.now();
    let file = path.join(s.folder, autoBackupName(now));
    let writer: BackupWriter;
    const macKey = vault.deriveKey(backupMacKey);
    try {
      const stat = fs.statSync(s.folder);
      if (!stat.isDirectory()) throw this.fail('unreachable');
      // Never over another file: one a second at most, so a clash means a clock that went back.
      for (let bump = 1; fs.existsSync(file); bump++) file = path.join(s.folder, autoBackupName(now + bump * 1000));
      writer = new BackupWriter(file, { header: vault.exportHeader(), dbVersion, now }, macKey);
    } catch (error) {
      if (error instanceof AutoBackupError) throw error;
      throw this.fail(failureKind(error));
    } finally {
      zero(macKey);
    }
    const token = randomUUID();
    this.writer = { token, writer, file, rows: 0, startedAt: now };
    this.changeDuringRun = null;
    return { token };
  }

  private current(token: string): NonNullable<AutoBackupService['writer']> {
    this.options.vault.requireUnlocked();
    if (!this.writer || this.writer.token !== token)
      throw new UserFacingError('NOT_ALLOWED', 'This backup was interrupted. It will be made again shortly.');
    return this.writer;
  }

  append(token: string, chunk: BackupChunk): void {
    const run = this.current(token);
    try {
      run.writer.append(chunk);
      run.rows += chunk.rows.length;
    } catch (error) {
      this.writer = null;
      run.writer.abandon();
      throw this.fail(failureKind(error));
    }
  }

  /**
   * Finishes the file, reads it back and verifies it (the whole chain, every envelope, the
   * count), and only then removes older automatic backups beyond the retention set.
   */
  async finish(token: string): Promise<{ at: number; records: number; malformed: number; removed: number }> {
    const run = this.current(token);
    const { vault, audit } = this.options;
    this.writer = null;
    try {
      run.writer.finish(audit.exportTrail());
    } catch (error) {
      throw this.fail(failureKind(error));
    }
    const macKey = vault.deriveKey(backupMacKey);
    let outcome;
    try {
      outcome = await verifyBackupFile(run.file, macKey);
    } finally {
      zero(macKey);
    }
    if (!outcome.ok || outcome.backup.records !== run.rows) {
      // Ours and useless: removed, so it never takes a verified backup's place in the retention set.
      try {
        fs.rmSync(run.file, { force: true });
      } catch {
        // The drive went away: the next listing will not count it either way until it verifies.
      }
      throw this.fail(outcome.ok ? 'verify-failed' : outcome.problem === 'unreadable' ? 'unreachable' : 'verify-failed');
    }
    const removed = this.prune(path.dirname(run.file), path.basename(run.file));
    const firstChangeAt = this.changeDuringRun;
    this.changeDuringRun = null;
    // The backup is made and verified: a settings file that cannot be written does not undo that.
    this.record({
      lastSuccess: {
        at: run.startedAt,
        records: outcome.backup.records,
        fileName: path.basename(run.file),
        malformed: outcome.backup.malformed,
      },
      lastFailure: null,
      firstChangeAt,
    });
    audit.append([{ action: 'export', kind: 'backup' }]);
    return { at: run.startedAt, records: outcome.backup.records, malformed: outcome.backup.malformed, removed };
  }

  /** Removes our automatic backups beyond the retention set; never another file, never a folder or link. */
  private prune(folder: string, justWritten: string): number {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      return 0;
    }
    const plan = planRetention(names, this.options.now(), this.options.timeZone(), [justWritten]);
    let removed = 0;
    for (const name of plan.remove) {
      const file = path.join(folder, name);
      try {
        if (!fs.lstatSync(file).isFile()) continue;
        fs.unlinkSync(file);
        removed += 1;
      } catch {
        // Left for the next backup to try again; keeping a file is never a loss.
      }
    }
    return removed;
  }

  /** The page gave up part way (its reading failed): the temporary file goes, and the attempt counts as interrupted. */
  cancel(token: string): void {
    if (!this.writer || this.writer.token !== token) return;
    this.abandon();
    this.fail('interrupted');
  }

  private abandon(): void {
    this.writer?.writer.abandon();
    this.writer = null;
  }
}
