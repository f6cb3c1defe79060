/**
 * A restore changes two places that cannot share a transaction: the rows in IndexedDB (the
 * page) and the vault header and audit trail (main). The journal makes the pair crash-safe.
 *
 *   1. `backup.prepare`: main writes the journal (the incoming vault header and audit trail,
 *      all sealed or non-secret) to a temporary file, fsyncs it and renames it into place,
 *      and gives the page the journal's id.
 *   2. The page replaces every sealed table and writes that id to `meta` in the same
 *      IndexedDB transaction: the rows and the marker are there together or not at all.
 *   3. `backup.commit`: main adopts the header, swaps the trail, and removes the journal.
 *
 * At the next start, a journal still present is settled with the page's marker
 * (`backup.resolve`): the marker matches, so the rows are the backup's and the restore is
 * rolled forward (header and trail from the journal); it does not, so nothing was replaced
 * and the journal is dropped (rolled back). Either way the profile opens with one key.
 *
 * A journal that is there but cannot be read (a disk that did not keep its fsync promise, a
 * sync tool) is not "no journal": the rows may already be the backup's, and which restore it
 * was cannot be told. It is moved aside, never deleted, and the clinician is asked to restore
 * that backup again (`backup.resolve`).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Head } from './audit-trail';
import { syncDirectory } from './fs-durable';
import type { VaultHeader } from './vault';
import { vaultHeaderSchema } from './vault';

const journalSchema = z.object({
  id: z.string().min(1).max(64),
  createdAt: z.number().int(),
  header: vaultHeaderSchema,
  audit: z.object({
    lines: z.array(z.string()),
    head: z.object({ seq: z.number().int().min(0), link: z.string(), mac: z.string().optional() }),
  }),
});
export type RestoreJournalEntry = z.infer<typeof journalSchema>;

/** What is on disk: no journal, a complete one, or a file that is there but cannot be read as one. */
export type RestoreJournalState = { kind: 'none' } | { kind: 'complete'; entry: RestoreJournalEntry } | { kind: 'unreadable' };

/**
 * Said once at start-up when a journal could not be read: the restore was neither finished nor
 * undone, the backup file is untouched, and the journal was kept (`setAsideName`, when it could be moved).
 */
export const unreadableJournalNotice = (setAsideName: string | null): string =>
  'Holdspace stopped while it was restoring a backup, and the file it keeps to finish or undo a restore was damaged, ' +
  'so it could not do either by itself. Some of your records may not open until you restore that backup again: ' +
  'unlock as usual, then in Settings choose “Restore from a backup…” and pick the same backup file (it has not been changed). ' +
  `Nothing else was deleted${setAsideName ? `; the damaged file was kept as “${setAsideName}”` : ''}.`;

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

export class RestoreJournal {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'restore-journal.json');
  }

  /** Written whole, fsynced and renamed into place: a journal on disk is always complete. */
  write(header: VaultHeader, audit: { lines: string[]; head: Head }, now: number): RestoreJournalEntry {
    const entry: RestoreJournalEntry = { id: randomUUID(), createdAt: now, header, audit };
    const temp = `${this.file}.partial`;
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      const bytes = Buffer.from(JSON.stringify(entry));
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.file);
    syncDirectory(path.dirname(this.file));
    return entry;
  }

  /**
   * The journal on disk. Only a file that is not there is "none": the rename is the last step of
   * writing, so a journal present but empty, cut short or not a journal was damaged after it was
   * complete (and the page may have taken its rows since).
   */
  inspect(): RestoreJournalState {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException)?.code === 'ENOENT' ? { kind: 'none' } : { kind: 'unreadable' };
    }
    try {
      const parsed = journalSchema.safeParse(JSON.parse(text));
      return parsed.success ? { kind: 'complete', entry: parsed.data } : { kind: 'unreadable' };
    } catch {
      return { kind: 'unreadable' };
    }
  }

  /** The complete journal on disk, or null (none, or one that cannot be read: see `inspect`). */
  read(): RestoreJournalEntry | null {
    const state = this.inspect();
    return state.kind === 'complete' ? state.entry : null;
  }

  /**
   * Moves a journal that cannot be read aside as `restore-journal.json.unreadable-<timestamp>`
   * (never over another file, never deleted) and returns that name; null when it could not be
   * moved (it stays where it is, and the next start asks again).
   */
  setAside(now: number): string | null {
    let target = `${this.file}.unreadable-${stamp(now)}`;
    try {
      for (let n = 2; fs.existsSync(target); n++) target = `${this.file}.unreadable-${stamp(now)}-${n}`;
      fs.renameSync(this.file, target);
    } catch {
      return null;
    }
    try {
      fs.rmSync(`${this.file}.partial`, { force: true });
    } catch {
      // A partial journal was never complete; the next prepare writes over it.
    }
    syncDirectory(path.dirname(this.file));
    return path.basename(target);
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
    fs.rmSync(`${this.file}.partial`, { force: true });
    syncDirectory(path.dirname(this.file));
  }
}
