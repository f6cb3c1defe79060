/**
 * The audit trail lives in main, not in the renderer's database, so a compromised or
 * buggy page has no way to delete or rewrite it. Each line is a sealed entry; entries
 * are chained by a keyed hash (HMAC of the previous link and the entry), and the chain's
 * head is kept in the settings file, so an edit, a removal, a reordering or a cut-off
 * tail is detected by verify(). There is deliberately no delete.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditAction, AuditEntry, AuditEvent, AuditProblem, AuditSeal } from '../../../shared/audit';
import { auditEntrySchema } from '../../../shared/audit';
import type { KeyValueStore } from './kv-store';
import type { Vault } from './vault';
import { constantTimeEqualHex } from './vault';
import { syncDirectory } from './fs-durable';

const HEAD_KEY = 'auditHead';
const GENESIS = '0'.repeat(64);

interface StoredLine {
  seq: number;
  link: string;
  env: unknown;
}

export interface Head {
  seq: number;
  link: string;
  /** A keyed hash of seq and link: without the data key nobody can move the end marker. */
  mac?: string;
}

export interface AuditTrailOptions {
  file: string;
  vault: Vault;
  store: KeyValueStore;
  now?: () => number;
}

export class AuditTrail {
  private readonly file: string;
  private readonly vault: Vault;
  private readonly store: KeyValueStore;
  private readonly now: () => number;
  /** What the last check against the copy kept with the records found (this session only; the page checks at each unlock). */
  private sealProblem: AuditProblem | null = null;
  /** An append failed and could not be undone: lines may lie past the end marker until settled. */
  private unsettled = false;

  constructor(options: AuditTrailOptions) {
    this.file = options.file;
    this.vault = options.vault;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
  }

  private head(): Head {
    const raw = this.store.get(HEAD_KEY) as Head | undefined;
    return raw && typeof raw.seq === 'number' && typeof raw.link === 'string' ? raw : { seq: 0, link: GENESIS };
  }

  private headMac(seq: number, link: string): string {
    // Domain-separated from the links (which start with a 64-character link).
    return this.vault.mac(`holdspace/audit-head/v1\u0000${seq}\u0000${link}`);
  }

  private sealedHead(seq: number, link: string): Head {
    return { seq, link, mac: this.headMac(seq, link) };
  }

  private sealMac(seq: number, link: string): string {
    return this.vault.mac(`holdspace/audit-seal/v1\u0000${seq}\u0000${link}`);
  }

  /**
   * Checks the copy of the head the page keeps with the records (`'unreadable'` when the page
   * holds one it cannot read) against the trail on disk, and hands out a fresh copy of the
   * current head, but only when the check found nothing: a trail found older than the
   * records never gets a copy that would hide it at the next check.
   */
  witness(stored: AuditSeal | 'unreadable' | null): AuditSeal | null {
    this.sealProblem = stored === null ? null : this.checkSeal(stored);
    const head = this.head();
    if (this.sealProblem || !this.headAuthentic(head)) return null;
    if (stored !== null && stored !== 'unreadable' && head.seq < stored.seq) return null;
    return { seq: head.seq, link: head.link, mac: this.sealMac(head.seq, head.link) };
  }

  private checkSeal(stored: AuditSeal | 'unreadable'): AuditProblem | null {
    if (stored === 'unreadable' || !constantTimeEqualHex(stored.mac, this.sealMac(stored.seq, stored.link))) {
      return { line: 0, problem: 'not-records-trail' };
    }
    if (stored.seq === 0) return null;
    const lines = this.readLines();
    if (lines.length < stored.seq) return { line: lines.length + 1, problem: 'older-than-records' };
    const at = this.parseStored(lines[stored.seq - 1]);
    if (!at || at.seq !== stored.seq || at.link !== stored.link) return { line: stored.seq, problem: 'not-records-trail' };
    return null;
  }

  /** Whether the stored end marker was written by this vault (an empty trail needs none). */
  private headAuthentic(head: Head): boolean {
    if (head.seq === 0 && head.link === GENESIS && head.mac === undefined) return true;
    return typeof head.mac === 'string' && constantTimeEqualHex(head.mac, this.headMac(head.seq, head.link));
  }

  /**
   * Appends to the file and fsyncs before the end marker moves, so the marker never runs
   * ahead of the trail. Returns the file's length before the append. A write that fails
   * part way is cut back off, so the trail never keeps half a line (or a line the next
   * append would run on into); when even that fails, the next append settles it first.
   */
  private appendDurably(text: string): number {
    const fd = fs.openSync(this.file, 'a+', 0o600);
    let before: number;
    try {
      before = this.dropTornTail(fd);
      try {
        let written = 0;
        const bytes = Buffer.from(text);
        while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
        fs.fsyncSync(fd);
      } catch (error) {
        this.cutBack(fd, before);
        throw error;
      }
    } catch (error) {
      this.closeQuietly(fd);
      throw error;
    }
    // Once fsynced the lines are on disk whatever close says.
    this.closeQuietly(fd);
    return before;
  }

  /**
   * The length of the trail up to its last complete line, cutting off anything after it: half
   * a line left by a write that failed, or by the app stopping mid-write, is no entry.
   */
  private dropTornTail(fd: number): number {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 0;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 10) return size;
    let end = size;
    const chunk = Buffer.alloc(64 * 1024);
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = fs.readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) {
        end = start + nl + 1;
        break;
      }
      end = start;
    }
    fs.ftruncateSync(fd, end);
    fs.fsyncSync(fd);
    return end;
  }

  /** Puts the trail back to `length` bytes after a failed append; if that fails too, the next append settles it. */
  private cutBack(fd: number, length: number): void {
    try {
      fs.ftruncateSync(fd, length);
      fs.fsyncSync(fd);
    } catch {
      this.unsettled = true;
    }
  }

  private closeQuietly(fd: number): void {
    try {
      fs.closeSync(fd);
    } catch {
      // Nothing is lost: the lines were fsynced, or the append is already failing.
    }
  }

  private cutBackFile(length: number): void {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'r+');
      this.cutBack(fd, length);
    } catch {
      this.unsettled = true;
    } finally {
      try {
        if (fd !== undefined) fs.closeSync(fd);
      } catch {
        // Nothing more to undo.
      }
    }
  }

  /**
   * At unlock: entries the trail holds past the end marker (written, then the app stopped
   * before the marker moved) are checked link by link from the marker, and the marker moves
   * to the last one that chains. Only this vault's key makes links that chain, so nothing
   * forged can be taken in. A trail shorter than its marker is left to verify() to report.
   */
  reconcile(): void {
    const head = this.head();
    if (!this.headAuthentic(head)) return;
    const lines = this.readLines();
    if (lines.length <= head.seq) return;
    let { seq, link } = head;
    if (seq > 0) {
      const at = this.parseStored(lines[seq - 1]);
      if (!at || at.seq !== seq || at.link !== link) return;
    }
    for (const text of lines.slice(seq)) {
      const stored = this.parseStored(text);
      const entry = stored ? this.openEntry(stored) : null;
      if (!stored || !entry || entry.seq !== seq + 1 || this.linkFor(link, entry) !== stored.link) break;
      seq = entry.seq;
      link = stored.link;
    }
    if (seq !== head.seq) this.store.set(HEAD_KEY, this.sealedHead(seq, link));
  }

  private parseStored(text: string | undefined): StoredLine | null {
    try {
      const v = JSON.parse(text ?? '') as StoredLine;
      return typeof v?.seq === 'number' && typeof v.link === 'string' ? v : null;
    } catch {
      return null;
    }
  }

  private openEntry(stored: StoredLine): AuditEntry | null {
    const [opened] = this.vault.open([{ id: String(stored.seq), table: 'audit', schemaVersion: 1, envelope: stored.env }]);
    if (!opened?.ok) return null;
    try {
      const parsed = auditEntrySchema.safeParse(JSON.parse(opened.plaintext));
      return parsed.success && parsed.data.seq === stored.seq ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private linkFor(prev: string, entry: AuditEntry): string {
    return this.vault.mac(`${prev}\u0000${JSON.stringify(entry)}`);
  }

  /** Appends events in order. Needs the vault unlocked (entries are sealed). */
  append(events: readonly AuditEvent[]): AuditEntry[] {
    // After a failed append that could not be undone, whole lines written past the marker are
    // taken in (or the marker is found not to be this vault's) before any new entry is numbered.
    if (this.unsettled) {
      this.reconcile();
      this.unsettled = false;
    }
    let { seq, link } = this.head();
    const written: AuditEntry[] = [];
    const lines: string[] = [];
    const at = this.now();
    for (const event of events) {
      seq += 1;
      const entry: AuditEntry = {
        seq,
        at,
        action: event.action,
        kind: event.kind,
        ...(event.recordId ? { recordId: event.recordId } : {}),
        ...(event.contentHash ? { contentHash: event.contentHash } : {}),
      };
      link = this.linkFor(link, entry);
      const [env] = this.vault.seal([{ id: String(seq), table: 'audit', schemaVersion: 1, plaintext: JSON.stringify(entry) }]);
      lines.push(JSON.stringify({ seq, link, env } satisfies StoredLine));
      written.push(entry);
    }
    const before = this.appendDurably(lines.join('\n') + '\n');
    try {
      this.store.set(HEAD_KEY, this.sealedHead(seq, link));
    } catch (error) {
      // The end marker did not move: the lines just written come off again, so the trail and
      // its marker stay as they were (or, if the disk refuses that too, are settled next time).
      this.cutBackFile(before);
      throw error;
    }
    return written;
  }

  private readLines(): string[] {
    if (!fs.existsSync(this.file)) return [];
    return fs
      .readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  }

  /** Opens every entry and checks the chain from the first link to the stored head. */
  verify(): { intact: boolean; entries: AuditEntry[]; problems: AuditProblem[] } {
    const problems: AuditProblem[] = [];
    const entries: AuditEntry[] = [];
    let expectedSeq = 1;
    let prevLink = GENESIS;
    const lines = this.readLines();
    lines.forEach((text, index) => {
      const line = index + 1;
      let stored: StoredLine;
      try {
        stored = JSON.parse(text) as StoredLine;
      } catch {
        problems.push({ line, problem: 'unreadable' });
        return;
      }
      const [opened] = this.vault.open([{ id: String(stored.seq), table: 'audit', schemaVersion: 1, envelope: stored.env }]);
      if (!opened?.ok) {
        problems.push({ line, problem: 'edited' });
        return;
      }
      const parsed = auditEntrySchema.safeParse(JSON.parse(opened.plaintext));
      if (!parsed.success || parsed.data.seq !== stored.seq) {
        problems.push({ line, problem: 'edited' });
        return;
      }
      const entry = parsed.data;
      if (entry.seq > expectedSeq) problems.push({ line, problem: 'missing' });
      else if (entry.seq < expectedSeq) problems.push({ line, problem: 'reordered' });
      else if (this.linkFor(prevLink, entry) !== stored.link) problems.push({ line, problem: 'edited' });
      entries.push(entry);
      prevLink = stored.link;
      expectedSeq = entry.seq + 1;
    });
    const head = this.head();
    if (!this.headAuthentic(head) || head.seq !== expectedSeq - 1 || (head.seq > 0 && head.link !== prevLink)) {
      problems.push({ line: lines.length + 1, problem: 'truncated' });
    }
    if (this.sealProblem) problems.push(this.sealProblem);
    return { intact: problems.length === 0, entries, problems };
  }

  /** The sealed lines and chain head, for a backup (nothing is decrypted). */
  exportTrail(): { lines: string[]; head: Head } {
    return { lines: this.readLines(), head: this.head() };
  }

  /**
   * Takes over a restored trail. The current one is not deleted: it is kept beside it,
   * still sealed, under a dated name.
   */
  replaceWith(lines: readonly string[], head: Head): void {
    // The new trail is written whole and fsynced beside the old one, then renamed over it in one step.
    const temp = `${this.file}.restoring`;
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      const bytes = Buffer.from(lines.length ? lines.join('\n') + '\n' : '');
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (fs.existsSync(this.file)) fs.linkSync(this.file, this.file.replace(/\.jsonl$/, `.before-restore-${this.now()}.jsonl`));
    fs.renameSync(temp, this.file);
    syncDirectory(path.dirname(this.file));
    this.store.set(HEAD_KEY, head);
    // The records were replaced with the backup's in the same step: the page dropped its copy of the head.
    this.sealProblem = null;
  }

  list(filter: { from?: number; to?: number; actions?: readonly AuditAction[] }): AuditEntry[] {
    const { entries } = this.verify();
    return entries.filter(
      (e) =>
        (filter.from === undefined || e.at >= filter.from) &&
        (filter.to === undefined || e.at <= filter.to) &&
        (!filter.actions || filter.actions.length === 0 || filter.actions.includes(e.action)),
    );
  }
}
