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
   * The journal on disk, or null. One that cannot be read was never completed (the rename is
   * the last step), so nothing was replaced under it: it reads as none.
   */
  read(): RestoreJournalEntry | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = journalSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
    fs.rmSync(`${this.file}.partial`, { force: true });
    syncDirectory(path.dirname(this.file));
  }
}
