/**
 * The audit trail lives in main, not in the renderer's database, so a compromised or
 * buggy page has no way to delete or rewrite it. Each line is a sealed entry; entries
 * are chained by a keyed hash (HMAC of the previous link and the entry), and the chain's
 * head is kept in the settings file, so an edit, a removal, a reordering or a cut-off
 * tail is detected by verify(). There is deliberately no delete.
 */
import { randomBytes } from 'node:crypto';
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
const NEWLINE = 10;
const OPEN_BRACE = 0x7b;
/** Bytes read at a time when the file is scanned or checked. */
const CHUNK_BYTES = 1 << 20;
/** One step of a background check: at most this long, and at most this many lines. */
export const VERIFY_STEP_MS = 40;
export const VERIFY_STEP_LINES = 1000;
/** Lines opened per read while a filtered page is looked for, and how long one call may look. */
const FILTER_CHUNK_LINES = 500;
const FILTER_BUDGET_MS = 40;
/** Problems a background check keeps in detail (it counts them all). */
const PROBLEMS_KEPT = 200;
/** Checks in progress kept at once (a screen opened twice, say); the oldest is dropped. */
const RUNS_KEPT = 4;

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

/**
 * Where each line of the trail lies in the file (blank lines, which verify() skips, have no
 * place), so a page of entries is read and opened without touching the rest. Only offsets:
 * nothing here is secret. `key` is the file's identity, size and times when it was indexed.
 */
interface LineIndex {
  starts: number[];
  /** The byte after each line's last: its newline, or the end of the file. */
  ends: number[];
  size: number;
  key: string;
}

/** A check of the chain in progress, advanced a bounded step at a time. */
interface VerifyRun {
  id: string;
  generation: number;
  /** Bytes of the file checked so far (always at the start of a line). */
  offset: number;
  /** Lines checked so far (blank lines are not counted, as in verify()). */
  line: number;
  expectedSeq: number;
  prevLink: string;
  problems: AuditProblem[];
  problemCount: number;
  entries: number;
  result: AuditCheckProgress | null;
}

/** How far a background check has got, and once done, its verdict (the same as verify()'s). */
export interface AuditCheckProgress {
  run: string;
  done: boolean;
  /** Lines checked so far, of `total` in the trail. */
  checked: number;
  total: number;
  /** Entries that opened. */
  entries: number;
  /** The first problems found (all of them up to PROBLEMS_KEPT, then the end marker's and the head copy's). */
  problems: AuditProblem[];
  problemCount: number;
  /** Only when done, with no problem. */
  intact: boolean;
}

export interface AuditPageFilter {
  from?: number;
  to?: number;
  actions?: readonly AuditAction[];
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Lines in the trail. */
  total: number;
  /** Pass as `before` for the next, older page; null when the oldest line has been looked at. */
  next: number | null;
  /** Lines looked at for this page that could not be opened (verification reports them). */
  unreadable: number;
}

class StaleIndex extends Error {}

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
  /** Built at unlock (reconcile), extended by appends, rebuilt when the file is not as indexed. */
  private lineIndex: LineIndex | null = null;
  /** Bumped when the trail is replaced, so a check in progress starts over. */
  private generation = 0;
  private readonly runs = new Map<string, VerifyRun>();

  constructor(options: AuditTrailOptions) {
    this.file = options.file;
    this.vault = options.vault;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // A check in progress holds links and problem lines, nothing more, but it is tied to the key.
    this.vault.onLock(() => this.runs.clear());
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
    // A verdict: the file is indexed afresh rather than trusted to be as last seen.
    const { count, text } = this.withFile(
      (fd) => {
        const index = this.indexFile(fd, true);
        const n = index.starts.length;
        return { count: n, text: n >= stored.seq ? this.readLineRange(fd, index, stored.seq, stored.seq)[0] : undefined };
      },
      () => ({ count: 0, text: undefined }),
    );
    if (count < stored.seq) return { line: count + 1, problem: 'older-than-records' };
    const at = this.parseStored(text);
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
    // The line index is built here, once per unlock, from the file as it is.
    const none = { count: 0, atHead: undefined as string | undefined, past: [] as string[] };
    const { count, atHead, past } = this.withFile(
      (fd) => {
        const index = this.indexFile(fd, true);
        const n = index.starts.length;
        if (!this.headAuthentic(head) || n <= head.seq) return { ...none, count: n };
        return {
          count: n,
          atHead: head.seq > 0 ? this.readLineRange(fd, index, head.seq, head.seq)[0] : undefined,
          past: this.readLineRange(fd, index, head.seq + 1, n),
        };
      },
      () => none,
    );
    if (!this.headAuthentic(head) || count <= head.seq) return;
    let { seq, link } = head;
    if (seq > 0) {
      const at = this.parseStored(atHead);
      if (!at || at.seq !== seq || at.link !== link) return;
    }
    for (const text of past) {
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
    const indexed = this.currentIndex();
    const before = this.appendDurably(lines.join('\n') + '\n');
    try {
      this.store.set(HEAD_KEY, this.sealedHead(seq, link));
    } catch (error) {
      // The end marker did not move: the lines just written come off again, so the trail and
      // its marker stay as they were (or, if the disk refuses that too, are settled next time).
      this.cutBackFile(before);
      throw error;
    }
    this.extendIndex(indexed, before, lines);
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
    const run = this.newRun();
    const entries: AuditEntry[] = [];
    this.advance(run, { ms: Infinity, lines: Infinity, keep: Infinity }, (entry) => entries.push(entry));
    const result = run.result!;
    return { intact: result.intact, entries, problems: result.problems };
  }

  /**
   * One bounded step of a check of the whole chain (the same checks as verify(), in the same
   * order, so the verdict is the same): continues `runId` where it stopped, or starts a new
   * check when there is none by that id (or the trail was replaced meanwhile). Each step stops
   * after `ms` milliseconds or `lines` lines; call again with the returned `run` until `done`.
   */
  verifyStep(runId?: string, budget: { ms?: number; lines?: number } = {}): AuditCheckProgress {
    let run = runId === undefined ? undefined : this.runs.get(runId);
    if (!run || run.generation !== this.generation) run = this.newRun();
    // Most recently used last, so the oldest is the one dropped.
    this.runs.delete(run.id);
    this.runs.set(run.id, run);
    while (this.runs.size > RUNS_KEPT) this.runs.delete(this.runs.keys().next().value!);
    if (run.result) return run.result;
    this.advance(run, { ms: budget.ms ?? VERIFY_STEP_MS, lines: budget.lines ?? VERIFY_STEP_LINES, keep: PROBLEMS_KEPT });
    return run.result ?? this.progressOf(run, false, []);
  }

  private newRun(): VerifyRun {
    return {
      id: randomBytes(8).toString('hex'),
      generation: this.generation,
      offset: 0,
      line: 0,
      expectedSeq: 1,
      prevLink: GENESIS,
      problems: [],
      problemCount: 0,
      entries: 0,
      result: null,
    };
  }

  private restart(run: VerifyRun): void {
    Object.assign(run, { ...this.newRun(), id: run.id });
  }

  private progressOf(run: VerifyRun, done: boolean, finals: AuditProblem[]): AuditCheckProgress {
    let total = run.line;
    if (!done) {
      try {
        total = Math.max(
          run.line,
          this.withFile(
            (fd) => this.indexFile(fd).starts.length,
            () => 0,
          ),
        );
      } catch {
        // The count is for the progress bar only.
      }
    }
    const problemCount = run.problemCount + finals.length;
    return {
      run: run.id,
      done,
      checked: run.line,
      total,
      entries: run.entries,
      problems: [...run.problems, ...finals],
      problemCount,
      intact: done && problemCount === 0,
    };
  }

  /**
   * Reads the file from where the run stopped, a line at a time, exactly as verify() always has
   * (split on newlines, blank lines skipped, a last line without its newline still a line), and
   * checks each; at the end of the file, checks the end marker and the copy kept with the
   * records. The file is read afresh: the line index is not trusted for a verdict.
   */
  private advance(
    run: VerifyRun,
    budget: { ms: number; lines: number; keep: number },
    onEntry?: (entry: AuditEntry) => void,
  ): void {
    const deadline = performance.now() + budget.ms;
    let stepped = 0;
    let finished = true;
    // The file is gone under the check: it starts over (and finds nothing).
    if (!fs.existsSync(this.file)) this.restart(run);
    else {
      const fd = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        // The file is shorter than what was checked: it changed under the check, which starts over.
        if (size < run.offset) this.restart(run);
        let buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, size - run.offset)));
        reading: while (run.offset < size) {
          const n = readFully(fd, buffer, Math.min(buffer.length, size - run.offset), run.offset);
          if (n === 0) break; // the file was cut short while being read: checked as it now ends
          const atEnd = run.offset + n >= size;
          const view = buffer.subarray(0, n);
          let pos = 0;
          while (pos < n) {
            const nl = view.indexOf(NEWLINE, pos);
            const end = nl === -1 ? (atEnd ? n : -1) : nl;
            if (end === -1) break; // the rest of this line is in the next read
            this.checkLine(run, view.toString('utf8', pos, end), budget.keep, onEntry);
            pos = end === n ? n : end + 1;
            stepped += 1;
            if (stepped >= budget.lines || performance.now() >= deadline) {
              run.offset += pos;
              if (run.offset < size) {
                finished = false;
                break reading;
              }
              continue reading;
            }
          }
          if (pos === 0) {
            // One line longer than the buffer: read it whole.
            buffer = Buffer.alloc(buffer.length * 2);
            continue;
          }
          run.offset += pos;
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    if (!finished) return;
    const head = this.head();
    const finals: AuditProblem[] = [];
    if (!this.headAuthentic(head) || head.seq !== run.expectedSeq - 1 || (head.seq > 0 && head.link !== run.prevLink)) {
      finals.push({ line: run.line + 1, problem: 'truncated' });
    }
    if (this.sealProblem) finals.push(this.sealProblem);
    run.result = this.progressOf(run, true, finals);
  }

  /** The checks of one line, in verify()'s order. */
  private checkLine(run: VerifyRun, text: string, keep: number, onEntry?: (entry: AuditEntry) => void): void {
    if (text.trim() === '') return;
    run.line += 1;
    const line = run.line;
    const problem = (kind: AuditProblem['problem']) => {
      run.problemCount += 1;
      if (run.problems.length < keep) run.problems.push({ line, problem: kind });
    };
    let stored: StoredLine;
    try {
      stored = JSON.parse(text) as StoredLine;
    } catch {
      problem('unreadable');
      return;
    }
    if (typeof stored !== 'object' || stored === null) {
      problem('unreadable');
      return;
    }
    const [opened] = this.vault.open([{ id: String(stored.seq), table: 'audit', schemaVersion: 1, envelope: stored.env }]);
    if (!opened?.ok) {
      problem('edited');
      return;
    }
    const parsed = auditEntrySchema.safeParse(JSON.parse(opened.plaintext));
    if (!parsed.success || parsed.data.seq !== stored.seq) {
      problem('edited');
      return;
    }
    const entry = parsed.data;
    if (entry.seq > run.expectedSeq) problem('missing');
    else if (entry.seq < run.expectedSeq) problem('reordered');
    else if (this.linkFor(run.prevLink, entry) !== stored.link) problem('edited');
    run.entries += 1;
    onEntry?.(entry);
    run.prevLink = stored.link;
    run.expectedSeq = entry.seq + 1;
  }

  /**
   * A page of entries, newest first, ending before line `before` (the newest when absent): only
   * the page's lines are read and opened. With a filter, lines are looked at further back until
   * the page is full, the oldest line is reached, or about FILTER_BUDGET_MS have gone, so one
   * call never holds main for long; `next` says where to carry on.
   */
  page(options: AuditPageFilter & { before?: number; limit: number }): AuditPage {
    this.vault.requireUnlocked();
    const { from, to, actions } = options;
    const filtered = from !== undefined || to !== undefined || (actions !== undefined && actions.length > 0);
    const matches = (e: AuditEntry) =>
      (from === undefined || e.at >= from) &&
      (to === undefined || e.at <= to) &&
      (!actions || actions.length === 0 || actions.includes(e.action));
    const limit = options.limit;
    const collect = (fd: number, index: LineIndex): AuditPage => {
      const total = index.starts.length;
      const deadline = performance.now() + FILTER_BUDGET_MS;
      const entries: AuditEntry[] = [];
      let unreadable = 0;
      /** The oldest line looked at so far (lines are numbered from 1). */
      let lowest = Math.min(total, Math.max(0, (options.before ?? total + 1) - 1)) + 1;
      while (lowest > 1 && entries.length < limit) {
        const hi = lowest - 1;
        const lo = Math.max(1, hi - (filtered ? FILTER_CHUNK_LINES : limit - entries.length) + 1);
        const texts = this.readLineRange(fd, index, lo, hi);
        for (let i = texts.length - 1; i >= 0 && entries.length < limit; i--) {
          lowest = lo + i;
          const stored = this.parseStored(texts[i]);
          const entry = stored ? this.openEntry(stored) : null;
          if (!entry) unreadable += 1;
          else if (matches(entry)) entries.push(entry);
        }
        if (filtered && performance.now() >= deadline) break;
      }
      return { entries, total, next: lowest > 1 ? lowest : null, unreadable };
    };
    return this.withFile(
      (fd) => {
        try {
          return collect(fd, this.indexFile(fd));
        } catch (error) {
          if (!(error instanceof StaleIndex)) throw error;
          // The file changed without its size or times showing it: indexed again, once.
          return collect(fd, this.indexFile(fd, true));
        }
      },
      () => ({ entries: [], total: 0, next: null, unreadable: 0 }),
    );
  }

  /** Runs `use` on the trail file opened for reading, or gives `missing()` when there is no file yet. */
  private withFile<T>(use: (fd: number) => T, missing: () => T): T {
    if (!fs.existsSync(this.file)) return missing();
    const fd = fs.openSync(this.file, 'r');
    try {
      return use(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The file's identity, size and times: when these are as indexed, so are its lines. */
  private fileKey(fd?: number): { key: string; size: number } {
    const st =
      fd === undefined ? fs.statSync(this.file, { bigint: true, throwIfNoEntry: false }) : fs.fstatSync(fd, { bigint: true });
    if (!st) return { key: 'none', size: 0 };
    return { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`, size: Number(st.size) };
  }

  /** The line index, built again unless the file is as it was when indexed (always, with `fresh`). */
  private indexFile(fd: number, fresh = false): LineIndex {
    const { key, size } = this.fileKey(fd);
    if (!fresh && this.lineIndex?.key === key) return this.lineIndex;
    const index: LineIndex = { starts: [], ends: [], size, key };
    scanLines(fd, size, index);
    this.lineIndex = index;
    return index;
  }

  /** The index, if the file is still as indexed (before an append). */
  private currentIndex(): LineIndex | null {
    try {
      return this.lineIndex && this.lineIndex.key === this.fileKey().key ? this.lineIndex : null;
    } catch {
      return null;
    }
  }

  /** After an append of `lines` at byte `before`: the index takes them in, or is dropped to be built again. */
  private extendIndex(indexed: LineIndex | null, before: number, lines: readonly string[]): void {
    this.lineIndex = null;
    if (!indexed || indexed.size !== before) return;
    try {
      let at = before;
      for (const line of lines) {
        const length = Buffer.byteLength(line);
        indexed.starts.push(at);
        indexed.ends.push(at + length);
        at += length + 1;
      }
      const { key, size } = this.fileKey();
      if (size !== at) return;
      indexed.size = size;
      indexed.key = key;
      this.lineIndex = indexed;
    } catch {
      // Built again when next needed.
    }
  }

  /**
   * The text of lines `lo` to `hi` (from 1), read in one go. Each must still be a whole line
   * of the file (newlines just outside it and none inside, and only blank lines between), or
   * the index is stale and StaleIndex is thrown.
   */
  private readLineRange(fd: number, index: LineIndex, lo: number, hi: number): string[] {
    if (hi < lo) return [];
    const first = index.starts[lo - 1]!;
    const last = index.ends[hi - 1]!;
    const from = Math.max(0, first - 1);
    const until = Math.min(index.size, last + 1);
    const buffer = Buffer.alloc(until - from);
    if (readFully(fd, buffer, buffer.length, from) !== buffer.length) throw new StaleIndex();
    if (first > 0 && buffer[0] !== NEWLINE) throw new StaleIndex();
    if (last < index.size && buffer[buffer.length - 1] !== NEWLINE) throw new StaleIndex();
    const texts: string[] = [];
    for (let i = lo - 1; i < hi; i++) {
      const start = index.starts[i]! - from;
      const end = index.ends[i]! - from;
      const inner = buffer.indexOf(NEWLINE, start);
      if (inner !== -1 && inner < end) throw new StaleIndex();
      if (i < hi - 1) {
        const gapEnd = index.starts[i + 1]! - from;
        if (buffer[end] !== NEWLINE || buffer[gapEnd - 1] !== NEWLINE) throw new StaleIndex();
        if (
          gapEnd - end > 1 &&
          buffer
            .toString('utf8', end, gapEnd)
            .split('\n')
            .some((l) => l.trim() !== '')
        ) {
          throw new StaleIndex();
        }
      }
      texts.push(buffer.toString('utf8', start, end));
    }
    return texts;
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
    this.lineIndex = null;
    this.generation += 1;
    this.runs.clear();
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

/** Reads up to `length` bytes at `position`, as many reads as it takes; returns how many. */
function readFully(fd: number, buffer: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * Finds every line of the file's first `size` bytes as verify() sees them: split on newlines,
 * blank (whitespace-only) lines left out, a last line without its newline kept. A line that
 * starts with "{" (every line the trail writes) is not blank; any other is decoded to tell.
 */
function scanLines(fd: number, size: number, index: LineIndex): void {
  const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, size)));
  let lineStart = 0;
  /** The first byte of the line begun at lineStart (-1 until it has been read). */
  let firstByte = -1;
  const finish = (end: number) => {
    if (end > lineStart && (firstByte === OPEN_BRACE || !blankAt(fd, lineStart, end))) {
      index.starts.push(lineStart);
      index.ends.push(end);
    }
  };
  let offset = 0;
  while (offset < size) {
    const n = readFully(fd, buffer, Math.min(buffer.length, size - offset), offset);
    if (n === 0) break;
    const view = buffer.subarray(0, n);
    let pos = 0;
    while (pos < n) {
      if (firstByte === -1) firstByte = view[pos]!;
      const nl = view.indexOf(NEWLINE, pos);
      if (nl === -1) break;
      finish(offset + nl);
      lineStart = offset + nl + 1;
      firstByte = -1;
      pos = nl + 1;
    }
    offset += n;
  }
  finish(Math.min(offset, size));
}

function blankAt(fd: number, start: number, end: number): boolean {
  const buffer = Buffer.alloc(end - start);
  readFully(fd, buffer, buffer.length, start);
  return buffer.toString('utf8').trim() === '';
}
