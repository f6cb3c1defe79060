/**
 * Functions that run inside the renderer page (passed to page.evaluate). Each is serialised
 * on its own, so none may refer to anything outside its body except globals: they reach
 * the helpers that `installPageHelpers` leaves on globalThis, and `window.holdspace`, the
 * same preload API object the app uses.
 */
import type { HoldspaceApi } from '../shared/api';

export interface PageHelpers {
  db(name?: string): Promise<IDBDatabase>;
  /** The database holding the app's records (records-directory.ts). */
  recordsName(): Promise<string>;
  /** Closes and forgets a cached connection (before deleting that database). */
  forget(name: string): Promise<void>;
  req<T>(request: IDBRequest<T>): Promise<T>;
  done(tx: IDBTransaction): Promise<void>;
  /** Pages through a store by primary key, `limit` rows at a time, as the Backup panel does. */
  eachPage<T extends { id: string }>(store: string, limit: number, onPage: (rows: T[]) => Promise<void> | void): Promise<void>;
  api(): HoldspaceApi;
  unwrap<T>(pending: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T>;
  kept: unknown;
}
type Row = { id: string; v: number; env: unknown; [field: string]: unknown };

export function installPageHelpers(): void {
  const g = globalThis as unknown as { __hsBench?: PageHelpers; holdspace: HoldspaceApi };
  if (g.__hsBench) return;
  const dbs = new Map<string, Promise<IDBDatabase>>();
  const req = <T>(request: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const recordsName = async (): Promise<string> => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'holdspace-directory')) return 'holdspace';
    const directory = await req(indexedDB.open('holdspace-directory', 1));
    try {
      const named: unknown = await req(directory.transaction('current').objectStore('current').get('records'));
      return typeof named === 'string' ? named : 'holdspace';
    } finally {
      directory.close();
    }
  };
  g.__hsBench = {
    req,
    recordsName,
    done: (tx) =>
      new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
      }),
    // Without a name: the database holding the app's records (records-directory.ts: `holdspace`
    // until a restore writes a new one and names it in `holdspace-directory`).
    db: (name) => {
      const key = name ?? '';
      let db = dbs.get(key);
      if (!db) {
        db = (name !== undefined ? Promise.resolve(name) : recordsName()).then((n) => req(indexedDB.open(n)));
        dbs.set(key, db);
      }
      return db;
    },
    forget: async (name) => {
      const db = dbs.get(name);
      dbs.delete(name);
      if (db) (await db).close();
    },
    eachPage: async (store, limit, onPage) => {
      const db = await g.__hsBench!.db();
      let after: IDBValidKey | undefined;
      for (;;) {
        const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
        const rows = (await req(db.transaction(store).objectStore(store).getAll(range, limit))) as Parameters<typeof onPage>[0];
        if (rows.length === 0) return;
        await onPage(rows);
        after = rows[rows.length - 1]!.id;
        if (rows.length < limit) return;
      }
    },
    api: () => g.holdspace,
    unwrap: async (pending) => {
      const result = await pending;
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    },
    kept: undefined,
  };
}

/** Whether the app has created the database holding its records at the given IndexedDB version (after installPageHelpers). */
export async function databaseVersion(): Promise<number> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const name = await b.recordsName();
  return (await indexedDB.databases()).find((d) => d.name === name)?.version ?? 0;
}

/** Writes rows sent as JSON text (Playwright moves one large string far faster than a large object graph). */
export async function putRows(arg: {
  db?: string;
  store: string;
  json: string;
  durability: IDBTransactionDurability;
}): Promise<void> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const db = await b.db(arg.db);
  const rows = JSON.parse(arg.json) as Row[];
  const tx = db.transaction(arg.store, 'readwrite', { durability: arg.durability });
  const store = tx.objectStore(arg.store);
  for (const row of rows) store.put(row);
  await b.done(tx);
}

export async function countRows(arg: { db?: string; stores: string[] }): Promise<Record<string, number>> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const db = await b.db(arg.db);
  const out: Record<string, number> = {};
  for (const name of arg.stores) out[name] = await b.req(db.transaction(name).objectStore(name).count());
  return out;
}

/**
 * Saving a note as the repository does: seal through window.holdspace (one IPC call), then one
 * readwrite transaction with strict durability, then the audit entry (a second IPC call). Zod
 * parsing of the record is left out (well under a millisecond). Also times a raw strict put of
 * a row of the same size as the baseline.
 */
export async function saveNotes(arg: {
  /** Each note with its search-index delta (as Repository.save seals and writes it beside the note). */
  notes: {
    id: string;
    plaintext: string;
    clear: Record<string, unknown>;
    delta: { id: string; shard: number; seq: number; plaintext: string };
  }[];
  warmup: number;
}): Promise<{ save: number[]; draft: number[]; seal: number[]; put: number[]; audit: number[]; raw: number[] }> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const db = await b.db();
  const out = {
    save: [] as number[],
    draft: [] as number[],
    seal: [] as number[],
    put: [] as number[],
    audit: [] as number[],
    raw: [] as number[],
  };
  for (let i = 0; i < arg.notes.length; i++) {
    const note = arg.notes[i]!;
    const t0 = performance.now();
    const { envelopes } = await b.unwrap(
      b.api().vault.seal({
        items: [
          { id: note.id, table: 'notes', schemaVersion: 1, plaintext: note.plaintext },
          { id: note.delta.id, table: 'searchIndex', schemaVersion: 1, plaintext: note.delta.plaintext },
        ],
      }),
    );
    const t1 = performance.now();
    const tx = db.transaction(['notes', 'searchIndex'], 'readwrite', { durability: 'strict' });
    tx.objectStore('notes').put({ ...note.clear, id: note.id, v: 1, env: envelopes[0] });
    const { id, shard, seq } = note.delta;
    tx.objectStore('searchIndex').put({ id, v: 1, shard, kind: 'delta', seq, env: envelopes[1] });
    await b.done(tx);
    const t2 = performance.now();
    await b.unwrap(b.api().audit.record({ events: [{ action: 'update', kind: 'note', recordId: note.id }] }));
    const t3 = performance.now();
    // Baseline: the same-sized row written raw (no seal, no audit) to a scratch key.
    const env = envelopes[0]!;
    const r0 = performance.now();
    const rawTx = db.transaction('drafts', 'readwrite', { durability: 'strict' });
    rawTx.objectStore('drafts').put({ id: `bench-raw-${i % 8}`, v: 1, updatedAt: i, env: { ...env } });
    await b.done(rawTx);
    const r1 = performance.now();
    if (i < arg.warmup) continue;
    out.save.push(t3 - t0);
    out.draft.push(t2 - t0);
    out.seal.push(t1 - t0);
    out.put.push(t2 - t1);
    out.audit.push(t3 - t2);
    out.raw.push(r1 - r0);
  }
  const tx = db.transaction('drafts', 'readwrite');
  for (let i = 0; i < 8; i++) tx.objectStore('drafts').delete(`bench-raw-${i}`);
  await b.done(tx);
  return out;
}

/** A week's appointments: an index range read, then (unless raw) one open call and JSON.parse of each. */
export async function readWeeks(arg: {
  weeks: { from: number; to: number }[];
  open: boolean;
}): Promise<{ times: number[]; rows: number }> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const db = await b.db();
  const times: number[] = [];
  let total = 0;
  for (const week of arg.weeks) {
    const t0 = performance.now();
    const rows = (await b.req(
      db
        .transaction('appointments')
        .objectStore('appointments')
        .index('start')
        .getAll(IDBKeyRange.bound(week.from, week.to, false, true)),
    )) as Row[];
    if (arg.open && rows.length > 0) {
      const { results } = await b.unwrap(
        b
          .api()
          .vault.open({ items: rows.map((r) => ({ id: r.id, table: 'appointments', schemaVersion: r.v, envelope: r.env })) }),
      );
      for (const result of results) if (result.ok) JSON.parse(result.plaintext);
    }
    times.push(performance.now() - t0);
    total += rows.length;
  }
  return { times, rows: total };
}

/**
 * Clicks a calendar button and times until the new period is on screen, watched from outside
 * the app: every change the click makes to the calendar's DOM (a MutationObserver on `root`)
 * is followed to the end of the next frame (a task queued from requestAnimationFrame runs after
 * that frame's style, layout and paint). The time is the end of the first frame showing the new
 * week with its appointments read (the shown grid no longer aria-busy); the switch is over once
 * that is on screen and 150 ms pass with no further change (a render with a loading state and
 * then the data counts as one switch). It must have replaced the first day's label (the grid's
 * day columns), and a week still being read after 5 s fails. (Until 2026-12-01 a week still
 * being read after 150 ms without a change failed too, with a message saying 5 s.)
 */
export async function clickWeeks(arg: {
  button: HTMLElement;
  root: HTMLElement;
  count: number;
}): Promise<{ times: number[]; renders: number }> {
  const times: number[] = [];
  let renders = 0;
  const firstDay = (): string | null =>
    arg.root.querySelector('.week-slot[data-shown] .week-grid .day-column[aria-label]')?.getAttribute('aria-label') ?? null;
  // The new week is on screen once its days are shown (in the grid shown: the neighbouring weeks
  // are drawn ahead, out of sight) and its appointments are no longer being read (the grid's
  // aria-busy): the time is the end of the frame that first shows that. Later
  // changes (the neighbouring weeks read ahead, their conflict checks) are counted, not timed.
  const shown = (before: string | null): boolean =>
    firstDay() !== before && arg.root.querySelector('.week-grid[aria-busy="true"]') === null;
  for (let i = 0; i < arg.count; i++) {
    const painted: number[] = [];
    let onScreen: number | undefined;
    let changes = 0;
    const observer = new MutationObserver(() => {
      changes += 1;
      const complete = onScreen === undefined && shown(before);
      requestAnimationFrame(() =>
        setTimeout(() => {
          const at = performance.now();
          painted.push(at);
          if (complete && onScreen === undefined) onScreen = at;
        }, 0),
      );
    });
    observer.observe(arg.root, { subtree: true, childList: true, characterData: true, attributes: true });
    const before = firstDay();
    const t0 = performance.now();
    arg.button.click();
    const deadline = t0 + 5000;
    let lastCount = 0;
    let quietSince = performance.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (painted.length !== lastCount) {
        lastCount = painted.length;
        quietSince = performance.now();
      }
      // Done once the week is on screen with its appointments read and nothing has changed for a
      // moment; a week still being read is waited for, up to the deadline.
      if (onScreen !== undefined && performance.now() - quietSince > 150) break;
      if (performance.now() > deadline) break;
    }
    observer.disconnect();
    if (painted.length === 0 || firstDay() === before) throw new Error('the calendar did not show another week within 5 s');
    renders += changes;
    if (onScreen === undefined) throw new Error('the calendar showed another week but kept reading its appointments for 5 s');
    times.push(onScreen - t0);
  }
  return { times, renders };
}

/** Reads every sealed row, opens them in batches and keeps the records, as a "load everything" would. */
export async function loadWholePractice(arg: { stores: string[]; batch: number }): Promise<{ ms: number; records: number }> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const db = await b.db();
  const t0 = performance.now();
  const kept: Record<string, unknown[]> = {};
  let records = 0;
  for (const name of arg.stores) {
    const rows = (await b.req(db.transaction(name).objectStore(name).getAll())) as Row[];
    const list: unknown[] = [];
    for (let i = 0; i < rows.length; i += arg.batch) {
      const slice = rows.slice(i, i + arg.batch);
      const { results } = await b.unwrap(
        b
          .api()
          .vault.open({ items: slice.map((r) => ({ id: r.id, table: name as 'notes', schemaVersion: r.v, envelope: r.env })) }),
      );
      for (const result of results) if (result.ok) list.push(JSON.parse(result.plaintext));
    }
    kept[name] = list;
    records += list.length;
  }
  b.kept = kept;
  return { ms: performance.now() - t0, records };
}

export function dropKept(): void {
  (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench.kept = undefined;
}

/** The page's share of a backup: every sealed row paged out of IndexedDB by primary key, as the Backup panel does. */
export async function readAllSealedRows(arg: {
  stores: string[];
  limit: number;
  /** Also serialise each page as the harness's bridge does (JSON text), after the next page is asked for. */
  serialise?: boolean;
}): Promise<{ ms: number; rows: number; bytes: number }> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  await b.db();
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  let serialised = Promise.resolve();
  for (const store of arg.stores) {
    await b.eachPage<{ id: string; env: { ct: string } }>(store, arg.limit, (chunk) => {
      rows += chunk.length;
      for (const r of chunk) bytes += r.env.ct.length;
      // In the next task: by then the next page has been asked for, and IndexedDB reads it meanwhile.
      if (arg.serialise)
        serialised = serialised.then(
          () =>
            new Promise((resolve) =>
              setTimeout(() => resolve(void JSON.stringify({ token: 't', table: store, rows: chunk })), 0),
            ),
        );
    });
  }
  await serialised;
  return { ms: performance.now() - t0, rows, bytes };
}

/**
 * Stands in for main's side of a backup inside the page: backup.begin, backup.append and
 * backup.finish are answered at once, in the page, and nothing crosses the harness's bridge or
 * reaches main. What is left of Back up now is the page's own side (reading each page of sealed
 * rows and serialising it for IPC), timed by the app's own User Timing entry. `false` puts the
 * bridge back.
 */
export function standInForBackupMain(on: boolean): void {
  type Bridge = (wire: string, json: string) => Promise<string>;
  const w = globalThis as unknown as { __holdspaceBridge: Bridge; __hsRealBridge?: Bridge };
  if (!on) {
    if (w.__hsRealBridge) w.__holdspaceBridge = w.__hsRealBridge;
    delete w.__hsRealBridge;
    return;
  }
  const real = (w.__hsRealBridge ??= w.__holdspaceBridge);
  w.__holdspaceBridge = (wire, json) => {
    if (wire === 'holdspace:backup.begin') return Promise.resolve(JSON.stringify({ ok: true, value: { token: 'page-side' } }));
    if (wire === 'holdspace:backup.append') return Promise.resolve(JSON.stringify({ ok: true, value: {} }));
    if (wire === 'holdspace:backup.finish')
      return Promise.resolve(JSON.stringify({ ok: true, value: { fileName: 'page side only', records: 0 } }));
    return real(wire, json);
  };
}

/** The page's time in the last backup, from the User Timing entry the app leaves (see backup-timing.ts). */
export function lastBackupTiming(name: string): { ms: number; readMs: number } {
  const entry = performance.getEntriesByName(name, 'measure').at(-1) as PerformanceMeasure | undefined;
  const readMs = (entry?.detail as { readMs?: unknown } | undefined)?.readMs;
  if (entry === undefined || typeof readMs !== 'number') throw new Error(`No "${name}" entry after the backup`);
  return { ms: entry.duration, readMs };
}

/**
 * The harness bridge's own cost on a backup's rows: every sealed page (read as the Backup panel
 * reads it) sent as JSON text through a Playwright binding that only measures what it gets, as
 * the app's bridge does for `backup.append`. Only the sending is timed.
 */
export async function sendAllSealedRows(arg: {
  stores: string[];
  limit: number;
  sink: string;
}): Promise<{ ms: number; bytes: number }> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const sink = (globalThis as unknown as Record<string, (channel: string, json: string) => Promise<string>>)[arg.sink]!;
  let ms = 0;
  let bytes = 0;
  for (const store of arg.stores) {
    await b.eachPage(store, arg.limit, async (chunk) => {
      const t0 = performance.now();
      const text = JSON.stringify({ token: 't', table: store, rows: chunk });
      JSON.parse(await sink('holdspace:backup.append', text));
      ms += performance.now() - t0;
      bytes += text.length;
    });
  }
  return { ms, bytes };
}

/**
 * The harness bridge's own cost on the first search's shards: each shard's stored rows, read as
 * the search service reads them (IndexedDB's "shard" index), asked of a Playwright binding as the
 * app's `vault.open` asks main, one shard after the other. The binding answers with the rows'
 * plaintexts, kept in Node, so main's decryption is not in it. Only the asking is timed.
 */
export async function sendSearchShards(arg: {
  shards: number;
  sink: string;
}): Promise<{ ms: number; rows: number; sent: number; answered: number }> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const sink = (globalThis as unknown as Record<string, (channel: string, json: string) => Promise<string>>)[arg.sink]!;
  const db = await b.db();
  const out = { ms: 0, rows: 0, sent: 0, answered: 0 };
  for (let shard = 0; shard < arg.shards; shard++) {
    const rows = (await b.req(
      db.transaction('searchIndex').objectStore('searchIndex').index('shard').getAll(shard),
    )) as StoredSearchRow[];
    if (rows.length === 0) continue;
    const t0 = performance.now();
    const text = JSON.stringify({
      items: rows.map((row) => ({ id: row.id, table: 'searchIndex', schemaVersion: row.v, envelope: row.env })),
    });
    const answer = await sink('holdspace:vault.open', text);
    JSON.parse(answer);
    out.ms += performance.now() - t0;
    out.rows += rows.length;
    out.sent += text.length;
    out.answered += answer.length;
  }
  return out;
}

/** Starts collecting main-thread long tasks (over 50 ms), as a PerformanceObserver sees them. */
export function startLongTasks(): void {
  const g = globalThis as unknown as { __hsLongTasks?: { observer: PerformanceObserver; durations: number[] } };
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  g.__hsLongTasks = { observer, durations };
}

/** The long tasks seen since startLongTasks, in milliseconds. */
export function stopLongTasks(): number[] {
  const g = globalThis as unknown as { __hsLongTasks?: { observer: PerformanceObserver; durations: number[] } };
  const kept = g.__hsLongTasks;
  if (!kept) return [];
  for (const entry of kept.observer.takeRecords()) kept.durations.push(entry.duration);
  kept.observer.disconnect();
  g.__hsLongTasks = undefined;
  return kept.durations;
}

/**
 * Clicks `click` (when given) and waits, inside the page, until an element matching `selector`
 * (and `text`, a regular expression, when given) is in the DOM, then until the end of the next
 * frame (a task queued from requestAnimationFrame runs after its style, layout and paint).
 * Returns the milliseconds from the click. Watching from inside keeps the bench's own polling
 * (Playwright's role queries walk the whole page) off the main thread being measured.
 *
 * `type` types its text into the field matching its selector as soon as that shows after the
 * click (the whole text at once, as Playwright's fill does: the value set and one input event),
 * so the driver's round trips are not in the figure: Playwright's click and fill each wait on the
 * harness's Node process, which is also main answering the page through the bridge. `mark` leaves
 * a User Timing mark at the click; `since` times from the last mark of that name instead (a second
 * wait, started beside the one that clicks, for a later moment after the same click).
 */
export async function clickAndWait(arg: {
  click?: HTMLElement;
  type?: { field: string; text: string };
  mark?: string;
  since?: string;
  selector: string;
  text?: string;
  timeoutMs: number;
}): Promise<number> {
  const pattern = arg.text === undefined ? undefined : new RegExp(arg.text);
  const until = (found: () => boolean, what: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (found()) return resolve();
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`nothing matched ${what} within ${arg.timeoutMs} ms`));
      }, arg.timeoutMs);
      const observer = new MutationObserver(() => {
        if (!found()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  const t0 = performance.now();
  if (arg.mark !== undefined) performance.mark(arg.mark);
  arg.click?.click();
  if (arg.type !== undefined) {
    const { field, text } = arg.type;
    await until(() => document.querySelector(field) !== null, field);
    const input = document.querySelector<HTMLInputElement>(field)!;
    input.focus();
    // React tracks the value it last rendered: set it through the element's own setter, so the
    // input event reads as the clinician's typing.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await until(
    () => [...document.querySelectorAll(arg.selector)].some((el) => pattern === undefined || pattern.test(el.textContent ?? '')),
    arg.selector,
  );
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const since = arg.since === undefined ? t0 : performance.getEntriesByName(arg.since, 'mark').at(-1)?.startTime;
  if (since === undefined) throw new Error(`no "${arg.since}" mark before ${arg.selector} showed`);
  return performance.now() - since;
}

/**
 * Stands in for main's opening of rows: a `vault.open` whose every row is held in `json`
 * (plaintexts by "table/id", opened beforehand in Node by the harness's own vault: the search
 * index's stored shards, or what main opened for the same screens at an earlier start) is answered
 * at once in the page, as main would answer it, so those rows do not cross the harness's bridge as
 * JSON text. Anything else (a row written since, a row not held) goes through the bridge. `null`
 * puts the bridge back and returns how many rows were answered in the page and how many went
 * through.
 */
export function standInForOpening(json: string | null): { answered: number; through: number } {
  type Bridge = (wire: string, json: string) => Promise<string>;
  const w = globalThis as unknown as {
    __holdspaceBridge: Bridge;
    __hsRealOpenBridge?: Bridge;
    __hsOpenCounts?: { answered: number; through: number };
  };
  const counts = (w.__hsOpenCounts ??= { answered: 0, through: 0 });
  if (json === null) {
    if (w.__hsRealOpenBridge) w.__holdspaceBridge = w.__hsRealOpenBridge;
    delete w.__hsRealOpenBridge;
    delete w.__hsOpenCounts;
    return counts;
  }
  const opened = new Map(Object.entries(JSON.parse(json) as Record<string, string>));
  const real = (w.__hsRealOpenBridge ??= w.__holdspaceBridge);
  w.__holdspaceBridge = (wire, payload) => {
    if (wire === 'holdspace:vault.open') {
      const { items } = JSON.parse(payload) as { items: { id: string; table: string }[] };
      if (items.every((item) => opened.has(`${item.table}/${item.id}`))) {
        counts.answered += items.length;
        return Promise.resolve(
          JSON.stringify({
            ok: true,
            value: { results: items.map((item) => ({ ok: true, plaintext: opened.get(`${item.table}/${item.id}`) })) },
          }),
        );
      }
      counts.through += items.length;
    }
    return real(wire, payload);
  };
  return counts;
}

/** A row of the records' search index as stored: its id, schema version and sealed envelope. */
type StoredSearchRow = { id: string; v: number; env: unknown };

/** Every row of the records' search index, as stored (sealed), for the harness to open in Node. */
export async function searchIndexRows(): Promise<StoredSearchRow[]> {
  const b = (globalThis as unknown as { __hsBench: PageHelpers }).__hsBench;
  const db = await b.db();
  return b.req(db.transaction('searchIndex').objectStore('searchIndex').getAll()) as Promise<StoredSearchRow[]>;
}

/** Keeps rows in the page (sent as JSON text, untimed) for writeStagedRows. */
export function stageRows(arg: { store: string; json: string }): void {
  const g = globalThis as unknown as { __hsStaged?: { store: string; rows: unknown[] }[] };
  (g.__hsStaged ??= []).push({ store: arg.store, rows: JSON.parse(arg.json) as unknown[] });
}

/**
 * The raw baseline of a restore: every staged row written with plain IndexedDB into a scratch
 * database with the app's stores and indexes (Dexie schema strings), in one strict readwrite
 * transaction, as the restore writes them. Returns the write's milliseconds; the scratch database
 * and the staged rows are dropped.
 */
export async function writeStagedRows(arg: {
  db: string;
  stores: Record<string, string>;
}): Promise<{ ms: number; rows: number }> {
  const g = globalThis as unknown as { __hsStaged?: { store: string; rows: unknown[] }[] };
  const staged = g.__hsStaged ?? [];
  g.__hsStaged = undefined;
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const keyPath = (spec: string): string | string[] =>
    spec.startsWith('[') ? spec.slice(1, -1).split('+') : spec.replace(/^[&*]/, '');
  const open = indexedDB.open(arg.db, 1);
  open.onupgradeneeded = () => {
    for (const [name, schema] of Object.entries(arg.stores)) {
      const [primary, ...indexes] = schema.split(',').map((part) => part.trim());
      const store = open.result.createObjectStore(name, { keyPath: keyPath(primary!) });
      for (const index of indexes) store.createIndex(index, keyPath(index), { unique: index.startsWith('&') });
    }
  };
  const db = await req(open);
  let rows = 0;
  const t0 = performance.now();
  const tx = db.transaction(Object.keys(arg.stores), 'readwrite', { durability: 'strict' });
  for (const chunk of staged) {
    const store = tx.objectStore(chunk.store);
    for (const row of chunk.rows) store.put(row);
    rows += chunk.rows.length;
  }
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
  const ms = performance.now() - t0;
  db.close();
  await req(indexedDB.deleteDatabase(arg.db));
  return { ms, rows };
}

/**
 * Watches a restore from inside the page: the moment the "Records written" progress bar first
 * shows and the moment the status says "Restored", kept in sessionStorage (absolute times), since
 * the page reloads a moment later. Read them back with restoreWriteTimes after the reload.
 */
export function watchRestore(): void {
  const now = () => performance.timeOrigin + performance.now();
  const check = (): void => {
    if (sessionStorage.getItem('hsBenchWriteStart') === null && document.querySelector('progress[aria-label="Records written"]'))
      sessionStorage.setItem('hsBenchWriteStart', String(now()));
    const restored = [...document.querySelectorAll('[role="status"]')].some((el) => (el.textContent ?? '').includes('Restored'));
    if (sessionStorage.getItem('hsBenchWriteEnd') === null && restored) sessionStorage.setItem('hsBenchWriteEnd', String(now()));
  };
  sessionStorage.removeItem('hsBenchWriteStart');
  sessionStorage.removeItem('hsBenchWriteEnd');
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}

/**
 * The restore's write phase seen by watchRestore: when it began (epoch milliseconds) and how long
 * it took (NaN if either moment was missed).
 */
export function restoreWriteTimes(): { from: number; ms: number } {
  const start = Number(sessionStorage.getItem('hsBenchWriteStart') ?? Number.NaN);
  const end = Number(sessionStorage.getItem('hsBenchWriteEnd') ?? Number.NaN);
  sessionStorage.removeItem('hsBenchWriteStart');
  sessionStorage.removeItem('hsBenchWriteEnd');
  return { from: start, ms: end - start };
}

/**
 * Keeps, from the page's side, when each call through the harness's bridge was in flight, so
 * `bridgeInFlight` can say how much of a timed click waited on the bridge (and main behind it).
 * Wraps the bridge as it is then (the real one, or a stand-in); once per page.
 */
export function watchBridge(): void {
  type Bridge = (wire: string, json: string) => Promise<string>;
  const w = globalThis as unknown as { __holdspaceBridge: Bridge; __hsBridgeCalls?: [number, number][] };
  if (w.__hsBridgeCalls) return;
  const calls: [number, number][] = (w.__hsBridgeCalls = []);
  const real = w.__holdspaceBridge;
  w.__holdspaceBridge = async (wire, json) => {
    const call: [number, number] = [performance.now(), Number.POSITIVE_INFINITY];
    calls.push(call);
    try {
      return await real(wire, json);
    } finally {
      call[1] = performance.now();
    }
  };
}

/** Of the `ms` after the mark `since`, how long at least one call through the bridge was in flight. */
export function bridgeInFlight(arg: { since: string; ms: number }): number {
  const calls = (globalThis as unknown as { __hsBridgeCalls?: [number, number][] }).__hsBridgeCalls ?? [];
  const from = performance.getEntriesByName(arg.since, 'mark').at(-1)?.startTime;
  if (from === undefined) throw new Error(`No "${arg.since}" mark`);
  const to = from + arg.ms;
  const spans = calls
    .map(([start, end]): [number, number] => [Math.max(start, from), Math.min(end, to)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let reached = from;
  for (const [start, end] of spans) {
    if (end <= reached) continue;
    busy += end - Math.max(start, reached);
    reached = end;
  }
  return busy;
}
