/**
 * The page's side of note search. At the first search after unlocking it reads the sealed
 * index segments shard by shard, opens them through the vault and hands each to the search
 * worker, so results for the shards loaded so far show at once and the page never does the
 * heavy work. Notes saved meanwhile reach the worker as the deltas written with them.
 *
 * An index that does not match the notes (none yet after upgrading, a restore of an older
 * backup, a damaged segment) is repaired once: the missing notes are opened and indexed, and
 * each changed shard is sealed and written whole, replacing its deltas.
 */
import type { IndexAnswer, SearchDelta, SearchFilters } from '../../../../shared/notes/search-index';
import { SEARCH_FORMAT, SEARCH_SHARDS, noteKey, shardOf, splitKey } from '../../../../shared/notes/search-index';
import type { Note } from '../../../../shared/records';
import { api, unwrap } from '../../app/api';
import { database } from '../../data/db';
import type { HoldspaceDb } from '../../data/db';
import { requestResult } from '../../data/idb-request';
import { repositories } from '../../data/repositories';
import type { Repositories } from '../../data/repositories';
import type { RecordsApi } from '../../data/repository';
import { SEARCH_TABLE, baseSegmentId, onSearchDeltas } from '../../data/search-segments';
import type { SearchSegmentRow } from '../../data/search-segments';
import type { FromWorker, ToWorker } from './protocol';

/** A shard with more deltas than this is written whole again once loaded. */
const COMPACT_AFTER = 200;
/**
 * Shards handed to the worker and not yet loaded: two, so it never waits for the page between
 * shards, and a search typed meanwhile waits for two small shards at most.
 */
const SHARDS_IN_FLIGHT = 2;
/**
 * Shards read and opened ahead of the one handed over next. Reading one is mostly waiting (for
 * IndexedDB, and for main to open it), so several at once keep the worker fed. (Five ahead was
 * tried at ten years: no faster on the whole, and the first page came later.)
 */
const READS_AHEAD = 2;
/** How long after search is complete the index's ids are compared with the notes on disk (see reconcile). */
const ID_CHECK_AFTER_MS = 30_000;
/** While the index loads, an answer is asked again no sooner than this after it came (see behind). */
const REFRESH_EVERY_MS = 1500;

/** How long a client's timeline waits for the index to say who has a section, before opening the notes to look. */
const SECTION_HOLDERS_WAIT_MS = 500;
/** Notes opened per batch while repairing. */
const REPAIR_BATCH = 1000;

export interface SearchProgress {
  shards: number;
  shardsLoaded: number;
  /** Notes being indexed for the first time (after an upgrade or a restore): done of total. */
  repair?: {
    done: number;
    total: number;
    /** Found by the check after search was complete, not at a first build. */ late?: boolean;
  };
  /**
   * Every shard loaded (and, for an index never written whole or with a part that did not open,
   * compared with the notes and repaired); it is compared with the notes on disk after (see reconcile).
   */
  complete: boolean;
  /** Bumped whenever what a search would find may have changed. */
  generation: number;
  error: string;
}

type ShardState = 'unread' | 'reading' | 'posted';

export class NoteSearchService {
  private readonly worker: Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'>;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private readonly state: ShardState[] = Array.from({ length: SEARCH_SHARDS }, () => 'unread');
  /** Deltas that arrived while a shard was being read and opened, to send right after it. */
  private readonly early = new Map<number, SearchDelta[]>();
  /** Ids of the delta rows each shard's in-memory index has taken in (what compaction replaces). */
  private readonly deltaIds: Set<string>[] = Array.from({ length: SEARCH_SHARDS }, () => new Set());
  private readonly unusable = new Set<number>();
  /** Shards stored in an older layout: written again once search is complete, to load faster next time. */
  private readonly older = new Set<number>();
  private readonly compacting = new Set<number>();
  private writes: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, number>();
  /** The shard handed to the worker and not loaded yet, resolved by its 'loaded' reply. */
  private readonly loadedWaiters = new Map<number, () => void>();
  /** The worker failed: search is off until the next unlock (which reloads the page). */
  private failed = false;
  private progress: SearchProgress = { shards: SEARCH_SHARDS, shardsLoaded: 0, complete: false, generation: 0, error: '' };
  private readonly listeners = new Set<(p: SearchProgress) => void>();
  private started: Promise<void> | undefined;
  /** Searches being answered on screen (see `answering`), and the shard reads waiting for them. */
  private answering_ = 0;
  private resume: (() => void)[] = [];
  /** The records are being replaced (a restore): nothing more is loaded, compared or written. */
  private stopped = false;
  private idCheck: ReturnType<typeof setTimeout> | undefined;
  /** Whether any shard was read from a whole stored segment (none: the index was never written whole). */
  private segmentRead = false;
  /** Searches asked of the worker and not answered yet. */
  private searching = 0;
  /** The last answer the worker gave: how many shards it had loaded, and when it came. */
  private answered: { shards: number; at: number } | undefined;
  /** Asks a search on screen again once it is due, when no shard has loaded since (see behind). */
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly db: () => HoldspaceDb;
  private readonly repos: () => Repositories;
  private readonly api: () => RecordsApi;

  constructor(
    worker: Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'>,
    stores: { db: () => HoldspaceDb; repos: () => Repositories; api: () => RecordsApi } = {
      db: database,
      repos: repositories,
      api,
    },
    /** How long after search is complete the ids are compared (see reconcile). */
    private readonly idCheckAfterMs = ID_CHECK_AFTER_MS,
    /** How soon, at the earliest, an answer is asked again while the index loads (see behind). */
    private readonly refreshEveryMs = REFRESH_EVERY_MS,
  ) {
    this.worker = worker;
    this.db = stores.db;
    this.repos = stores.repos;
    this.api = stores.api;
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = () => this.fail('Search could not start. Reload Holdspace (lock and unlock) and try again.', true);
    onSearchDeltas((written) => {
      for (const { id, shard, delta } of written) {
        if (this.state[shard] === 'unread') continue; // the shard's read will find it on disk
        this.deltaIds[shard]!.add(id);
        if (this.state[shard] === 'reading') this.early.set(shard, [...(this.early.get(shard) ?? []), delta]);
        else this.post({ type: 'apply', deltas: [delta] });
        // A long day of autosaves adds many deltas: fold them into the shard once there are enough.
        if (this.progress.complete && this.deltaIds[shard]!.size > COMPACT_AFTER && !this.compacting.has(shard)) {
          this.compacting.add(shard);
          void this.compact(shard)
            .catch(() => undefined) // the deltas stay on disk and are folded in at the next unlock
            .finally(() => this.compacting.delete(shard));
        }
      }
      this.update({ generation: this.progress.generation + 1 });
    });
  }

  subscribe(listener: (p: SearchProgress) => void): () => void {
    this.listeners.add(listener);
    listener(this.progress);
    return () => this.listeners.delete(listener);
  }

  get current(): SearchProgress {
    return this.progress;
  }

  /** Loads the index (once per unlock); safe to call from every screen that may search. */
  start(): Promise<void> {
    this.started ??= this.load().catch((e: unknown) => this.fail(e instanceof Error ? e.message : String(e)));
    return this.started;
  }

  /**
   * Runs the work of answering a search on screen (asking the index, opening the page of notes
   * shown) before the index goes on loading: no shard is read or handed to the worker meanwhile,
   * so the clinician's question does not queue behind the rest of the index on the disk, on main
   * or in the worker. The load resumes as soon as no search is being answered.
   */
  async answering<T>(work: () => Promise<T>): Promise<T> {
    this.answering_ += 1;
    try {
      return await work();
    } finally {
      this.answering_ -= 1;
      if (this.answering_ === 0) for (const go of this.resume.splice(0)) go();
    }
  }

  /**
   * Stops loading, checking and writing the index, for good: a restore is about to replace every
   * record (the page reloads after it), and a shard written from this page's index would replace
   * the restored one.
   */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.idCheck);
    clearTimeout(this.refreshTimer);
  }

  /** Resolves at once, or once no search is being answered. */
  private turn(): Promise<void> {
    return this.answering_ === 0 ? Promise.resolve() : new Promise((resolve) => this.resume.push(resolve));
  }

  /**
   * The first `window` hits (all of them by default) and the count of all: a page asks for
   * little more than it shows, so ten years of hits are not copied to the page's thread.
   */
  async search(query: string, filters: SearchFilters, window = Number.MAX_SAFE_INTEGER): Promise<IndexAnswer> {
    this.searching += 1;
    try {
      const reply = await this.request({ type: 'search', id: 0, query, filters, window });
      if (reply.type !== 'answer') throw new Error('unexpected reply');
      this.answered = { shards: reply.answer.shardsLoaded, at: performance.now() };
      return reply.answer;
    } finally {
      this.searching -= 1;
    }
  }

  /**
   * Who has their own section in each of these signed notes (by id), from the index in memory:
   * a client's timeline then opens only the group notes that hold a section of theirs. Undefined
   * unless the index is loaded, complete and not being repaired (the timeline then opens the
   * notes to look). The index is written in the same transaction as each note and told of each
   * save before anything is asked of it after, so what it says is what the note holds; a note it
   * does not hold is left out of the answer (and opened).
   */
  async sectionHolders(noteIds: readonly string[]): Promise<Map<string, readonly string[]> | undefined> {
    if (!this.progress.complete || this.progress.repair !== undefined || this.progress.error !== '' || this.stopped)
      return undefined;
    const reply = await this.request({ type: 'members', id: 0, keys: noteIds.map((id) => noteKey('notes', id)) });
    if (reply.type !== 'members') throw new Error('unexpected reply');
    const holders = new Map<string, readonly string[]>();
    reply.members.forEach((members, i) => {
      if (members !== null) holders.set(noteIds[i]!, members);
    });
    return holders;
  }

  /**
   * Whether a search on screen is asked again (a new generation) now that `loaded` shards are:
   * only when the last answer had fewer and no search is waiting in the worker (it answers in
   * order, so one waiting will hold them all). At once when that answer came from no shard, so
   * results show from the first; otherwise no sooner than REFRESH_EVERY_MS after it came, and a
   * timer asks then if no shard loads meanwhile. So the count "so far" moves, without the page
   * opening and drawing a page of notes after every shard on the thread that reads them (asked
   * again after 1, 2, 4… 32 shards, the full count came about 0.7 s later at ten years). Never
   * once every shard is loaded: search is complete straight after (or a comparison begins), and
   * that asks again (see reconcile); two searches of every note back to back cost the full count
   * about a quarter of a second at ten years.
   */
  private behind(loaded: number): boolean {
    const last = this.answered;
    if (loaded >= SEARCH_SHARDS || this.searching > 0 || last === undefined || last.shards >= loaded || this.stopped)
      return false;
    const wait = last.shards === 0 ? 0 : last.at + this.refreshEveryMs - performance.now();
    if (wait <= 0) return true;
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.progress.complete && this.behind(this.progress.shardsLoaded))
        this.update({ generation: this.progress.generation + 1 });
    }, wait);
    return false;
  }

  private update(patch: Partial<SearchProgress>): void {
    this.progress = { ...this.progress, ...patch };
    for (const listener of this.listeners) listener(this.progress);
  }

  /**
   * Shows what went wrong. A shard being loaded may never say so: stop waiting for it. When the
   * worker itself has gone (`stopped`), nothing will load or answer: no more shards are handed
   * over and every search waiting is answered with the message.
   */
  private fail(message: string, stopped = false): void {
    for (const resolve of this.loadedWaiters.values()) resolve();
    this.loadedWaiters.clear();
    if (stopped) {
      this.failed = true;
      for (const waiter of this.waiting.values()) waiter.reject(new Error(message));
      this.waiting.clear();
    }
    this.update({ error: message });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private request(message: ToWorker & { id: number }): Promise<FromWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ ...message, id } as ToWorker);
    });
  }

  private receive(message: FromWorker): void {
    if (message.type === 'loaded') {
      this.loadedWaiters.get(message.shard)?.();
      this.loadedWaiters.delete(message.shard);
      if (!message.usable) this.unusable.add(message.shard);
      if (message.older) this.older.add(message.shard);
      this.pending.set(message.shard, message.pending);
      const loaded = this.progress.shardsLoaded + 1;
      const refresh = this.behind(loaded);
      this.update({ shardsLoaded: loaded, ...(refresh ? { generation: this.progress.generation + 1 } : {}) });
      return;
    }
    if (message.id === undefined) return this.fail(message.type === 'failed' ? message.message : 'Search stopped.');
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (message.type === 'failed') waiter?.reject(new Error(message.message));
    else waiter?.resolve(message);
  }

  /**
   * Reads and opens the next few shards while the worker loads the one before, and hands the worker
   * a shard only once it has at most one other: the worker answers in order, so a search typed
   * meanwhile waits for a shard or two at most, not for every shard already read. While a search is
   * being answered on screen (`answering`), no further shard is read or handed over.
   */
  private async load(): Promise<void> {
    const reads = new Map<number, ReturnType<NoteSearchService['read']>>();
    let nextRead = 0;
    const inFlight: Promise<void>[] = [];
    for (let shard = 0; shard < SEARCH_SHARDS && !this.failed && !this.stopped; shard++) {
      await this.turn();
      for (; nextRead < Math.min(SEARCH_SHARDS, shard + 1 + READS_AHEAD); nextRead++) {
        const reading = this.read(nextRead);
        reading.catch(() => undefined); // awaited at its turn, which throws it then
        reads.set(nextRead, reading);
      }
      const read = await reads.get(shard)!;
      reads.delete(shard);
      // A search may have come while the shard was read: it goes first.
      await this.turn();
      const loaded = new Promise<void>((resolve) => this.loadedWaiters.set(shard, resolve));
      this.post({
        type: 'load',
        shard,
        segment: read.segment,
        deltas: read.deltas === undefined ? [] : [...read.deltas, ...(this.early.get(shard) ?? [])],
      });
      this.early.delete(shard);
      this.state[shard] = 'posted';
      inFlight.push(loaded);
      if (inFlight.length >= SHARDS_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    if (this.stopped) return;
    await this.reconcile();
  }

  /** One shard's sealed segment and deltas, read and opened (no deltas when it cannot be trusted). */
  private async read(shard: number): Promise<{ segment: string | undefined; deltas: SearchDelta[] | undefined }> {
    const db = this.db();
    this.state[shard] = 'reading';
    // IndexedDB's own index read, not Dexie's collection with its transaction and promise scopes:
    // 64 of these on the page's thread at the first search. The full count came out 1.66 s
    // against 1.77 s median in the probe (twelve and fourteen starts, alternating).
    const rows = (
      (await requestResult(
        db.backendDB().transaction(SEARCH_TABLE, 'readonly').objectStore(SEARCH_TABLE).index('shard').getAll(shard),
      )) as SearchSegmentRow[]
    ).sort((a, b) => a.seq - b.seq);
    const opened = rows.length === 0 ? [] : (await unwrap(this.api().vault.open({ items: rows.map(openItem) }))).results;
    let segment: string | undefined;
    const deltas: SearchDelta[] = [];
    rows.forEach((row, i) => {
      const result = opened[i]!;
      // A delta is folded into its shard when the shard is written whole, and deleted: one that
      // does not open (or not as a delta) too, or it would spoil the rebuilt shard at every unlock.
      if (row.kind !== 'base') this.deltaIds[shard]!.add(row.id);
      if (!result.ok) return this.unusable.add(shard);
      if (row.kind === 'base') {
        segment = result.plaintext;
        this.segmentRead = true;
      } else {
        const parsed = parseDelta(result.plaintext);
        if (parsed === undefined) return this.unusable.add(shard);
        deltas.push(parsed);
      }
    });
    // A damaged shard is rebuilt from the notes rather than trusted in part. Deltas saved while it
    // was read are added when it is handed over (see load).
    const trusted = !this.unusable.has(shard);
    return { segment: trusted ? segment : undefined, deltas: trusted ? deltas : undefined };
  }

  /**
   * Makes sure the index holds exactly the notes and drafts on disk. Search is complete as soon as
   * every shard is loaded, unless a shard could not be used, or no shard was ever written whole
   * while notes are on disk (the first search after upgrading or after restoring a backup from
   * before the index, even with notes saved since, each with its change to the index): those are
   * compared with the notes and repaired first, saying so. Otherwise the worker compares its
   * notes with those on disk, id by id, later (about a second of its time at ten years, which a
   * search typed meanwhile would wait for), and repairs what differs, saying so while it does.
   *
   * Until 2026-12-02 search was complete only once the notes on disk, counted while the shards
   * loaded, were as many as the index held. Counting ten years of notes takes IndexedDB about half
   * a second, in 24 requests of about 30 ms: during the load it held the full count back by about
   * 0.3 s, and right after it, each read of the screen the clinician opens next (a client's page,
   * some ten reads one after another) waited behind it. The later comparison finds all it would.
   */
  private async reconcile(): Promise<void> {
    if (this.unusable.size > 0 || (!this.segmentRead && (await this.anyOnDisk()))) {
      if (this.stopped) return;
      // The search on screen is asked again meanwhile, over every shard.
      this.update({ generation: this.progress.generation + 1 });
      return this.compare();
    }
    if (this.stopped) return;
    this.update({ complete: true, generation: this.progress.generation + 1 });
    this.idCheck = setTimeout(() => void this.checkIds(), this.idCheckAfterMs);
    // Shards with many deltas, or in an older layout, are written back whole, for the next unlock.
    // Search is complete already: a shard that cannot be written now stays as it is and is
    // written at a later unlock, without a message.
    for (const shard of this.crowdedShards()) await this.compact(shard).catch(() => undefined);
  }

  /**
   * Compares every id once search is complete, and repairs what differs. The index loaded stays
   * in use if that fails: the clinician is told it may miss a note, not left "preparing".
   */
  private async checkIds(): Promise<void> {
    await this.compare().catch(() => {
      if (this.stopped) return;
      this.update({ complete: true, repair: undefined, generation: this.progress.generation + 1 });
      this.fail(
        'Search could not check its index against your notes, so a result may be missing. Lock and unlock Holdspace to check again.',
      );
    });
  }

  /** Whether any note or draft is on disk (one key read from each). */
  private async anyOnDisk(): Promise<boolean> {
    const db = this.db();
    for (const table of [db.notes, db.drafts]) if ((await table.limit(1).primaryKeys()).length > 0) return true;
    return false;
  }

  /**
   * Shards to write again whole: those that have taken in more deltas since they were written
   * than compaction allows, and those stored in an older layout.
   */
  private crowdedShards(): number[] {
    const crowded = [...this.pending].flatMap(([shard, count]) => (count > COMPACT_AFTER ? [shard] : []));
    return [...new Set([...crowded, ...this.older])];
  }

  /** Compares the index with the notes on disk, repairs it, then writes back each shard that changed. */
  private async compare(): Promise<void> {
    if (this.stopped) return;
    const late = this.progress.complete;
    // The worker compares its keys with the ids on disk, which it reads itself.
    const reply = await this.request({ type: 'diff', id: 0, unusable: [...this.unusable] });
    if (reply.type !== 'diff') throw new Error('unexpected reply');
    if (this.stopped) return;
    const { missing, extra } = reply;
    const touched = new Set<number>([...this.unusable]);
    for (const key of [...missing, ...extra]) touched.add(shardOf(key));
    if (extra.length > 0) this.post({ type: 'remove', keys: extra });
    if (missing.length > 0) {
      this.update({ complete: false, repair: { done: 0, total: missing.length, late } });
      for (let start = 0; start < missing.length; start += REPAIR_BATCH) {
        const batch = missing.slice(start, start + REPAIR_BATCH).map(splitKey);
        for (const table of ['notes', 'drafts'] as const) {
          const ids = batch.filter((k) => k.table === table).map((k) => k.id);
          if (ids.length === 0) continue;
          const { records } = await this.repos()[table].byIds(ids);
          this.post({ type: 'add-notes', table, notes: records as Note[] });
        }
        this.update({
          repair: { done: Math.min(missing.length, start + REPAIR_BATCH), total: missing.length, late },
          generation: this.progress.generation + 1,
        });
      }
    }
    for (const shard of this.crowdedShards()) touched.add(shard);
    // An index never written whole (only changes saved since upgrading, say) is written whole
    // now, so the next unlock needs no comparison before search is complete.
    if (!this.segmentRead) for (const [shard, changes] of this.pending) if (changes > 0) touched.add(shard);
    if (!this.progress.complete || missing.length > 0 || extra.length > 0)
      this.update({ complete: true, repair: undefined, generation: this.progress.generation + 1 });
    // Writing shards back is for the next unlock: search is already complete in memory.
    for (const shard of touched) await this.compact(shard);
    this.unusable.clear();
  }

  /**
   * Seals the shard as it is in memory and writes it, replacing the deltas it has taken in.
   * One at a time: two writes of a shard landing out of order could drop a newer delta.
   */
  private compact(shard: number): Promise<void> {
    const done = this.writes.then(() => this.writeShard(shard));
    this.writes = done.catch(() => undefined);
    return done;
  }

  private async writeShard(shard: number): Promise<void> {
    if (this.stopped) return;
    const folded = [...this.deltaIds[shard]!];
    const reply = await this.request({ type: 'serialize', id: 0, shard });
    if (reply.type !== 'serialized') throw new Error('unexpected reply');
    const id = baseSegmentId(shard);
    const { envelopes } = await unwrap(
      this.api().vault.seal({ items: [{ id, table: SEARCH_TABLE, schemaVersion: 1, plaintext: reply.segment }] }),
    );
    const row: SearchSegmentRow = { id, v: 1, shard, kind: 'base', seq: 0, env: envelopes[0]! };
    if (this.stopped) return;
    const table = this.db().table<SearchSegmentRow, string>(SEARCH_TABLE);
    await this.db().transaction('rw', table, async () => {
      await table.put(row);
      await table.bulkDelete(folded);
    });
    for (const folds of folded) this.deltaIds[shard]!.delete(folds);
    // Written whole: it is not compacted again until deltas gather anew.
    this.pending.set(shard, 0);
    this.older.delete(shard);
  }
}

const openItem = (row: SearchSegmentRow) => ({ id: row.id, table: SEARCH_TABLE, schemaVersion: row.v, envelope: row.env });

function parseDelta(plaintext: string): SearchDelta | undefined {
  try {
    const parsed = JSON.parse(plaintext) as { format?: number; delta?: SearchDelta };
    return parsed.format === SEARCH_FORMAT && parsed.delta !== undefined ? parsed.delta : undefined;
  } catch {
    return undefined;
  }
}

let shared: NoteSearchService | undefined;
/** One search index per unlocked session; locking reloads the page, which ends it. */
export const noteSearchService = (): NoteSearchService =>
  (shared ??= new NoteSearchService(
    new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: database().name }),
  ));

/**
 * Who has a section in each of these group notes, if this page's search index is loaded (see
 * NoteSearchService.sectionHolders); undefined otherwise, or if the index does not answer within
 * `waitMs` (busy checking its ids, say) or cannot: the caller then opens the notes to look.
 * Never starts the index.
 */
export async function sectionHoldersIfLoaded(
  noteIds: readonly string[],
  service: Pick<NoteSearchService, 'sectionHolders'> | undefined = shared,
  waitMs = SECTION_HOLDERS_WAIT_MS,
): Promise<Map<string, readonly string[]> | undefined> {
  if (service === undefined || noteIds.length === 0) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, waitMs, undefined)));
  try {
    return await Promise.race([service.sectionHolders(noteIds).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops this page's search index, if one was started: a restore is about to replace every record. */
export const stopNoteSearch = (): void => shared?.stop();
