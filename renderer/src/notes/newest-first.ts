/**
 * A timeline over several sources, each already newest first (a client's notes, each of their
 * groups' notes, drafts and measures), merged into one list newest first and read only as far as
 * the screen asks: a ten-year record opens by reading its newest page, not every row.
 */

/** One source of entries, newest first. */
export interface NewestFirstSource<T extends { at: number }> {
  /** The newest entry not yet taken, reading more when needed; undefined once the source is spent. */
  peek(): Promise<T | undefined>;
  /** Takes the entry `peek` gave. */
  skip(): void;
}

/** Entries already in memory (sorted newest first here). */
export function listSource<T extends { at: number }>(items: readonly T[]): NewestFirstSource<T> {
  const sorted = [...items].sort((a, b) => b.at - a.at);
  let next = 0;
  return {
    peek: () => Promise.resolve(sorted[next]),
    skip: () => {
      next += 1;
    },
  };
}

/**
 * Entries read a batch at a time, newest first, by `read(limit)` (each call gives the next rows,
 * fewer than `limit` once there are no more). The batch doubles each
 * time (from `first` up to `most`), so a short timeline reads little and a long walk back (or an
 * export of the whole record) takes few reads; the next batch is read ahead while the last few
 * entries of one are taken. `toEntry` may leave a row out (undefined).
 */
export function batchedSource<R, T extends { at: number }>(
  read: (limit: number) => Promise<readonly R[]>,
  toEntry: (row: R) => T | undefined,
  { first = 8, most = 256 }: { first?: number; most?: number } = {},
): NewestFirstSource<T> {
  const buffer: T[] = [];
  let size = first;
  let spent = false;
  let reading: Promise<void> | undefined;
  // One read at a time, each from where the last ended; a failed read changes nothing (the reader
  // must keep its place when it fails), so the next try repeats it.
  const readMore = (): Promise<void> =>
    (reading ??= (async () => {
      try {
        const rows = await read(size);
        if (rows.length < size) spent = true;
        size = Math.min(size * 2, most);
        for (const row of rows) {
          const entry = toEntry(row);
          if (entry !== undefined) buffer.push(entry);
        }
      } finally {
        reading = undefined;
      }
    })());
  return {
    async peek() {
      while (buffer.length === 0 && !spent) await readMore();
      return buffer[0];
    },
    skip() {
      buffer.shift();
      // Only a source being taken from reads ahead: one whose newest entry is older than the
      // page has been read for that entry alone.
      if (buffer.length <= READ_AHEAD_AT && !spent) readMore().catch(() => undefined);
    },
  };
}

/** Entries left in a batch when the next one starts being read. */
const READ_AHEAD_AT = 4;

/**
 * The sources merged newest first. `entries` holds what has been merged so far; `ensure(n)` merges
 * until there are `n` or every source is spent. Entries at the same moment keep the order of the
 * sources. Calls are served one after another, so two screens asking at once never interleave.
 */
export class NewestFirstMerge<T extends { at: number }> {
  readonly entries: T[] = [];
  private spent = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly sources: readonly NewestFirstSource<T>[]) {}

  /** Whether every source is spent (so `entries` is the whole timeline). */
  get complete(): boolean {
    return this.spent;
  }

  ensure(count: number): Promise<void> {
    const run = this.queue.then(async () => {
      while (this.entries.length < count && !this.spent) {
        const heads = await Promise.all(this.sources.map((source) => source.peek()));
        let newest = -1;
        heads.forEach((head, i) => {
          if (head !== undefined && (newest < 0 || head.at > heads[newest]!.at)) newest = i;
        });
        if (newest < 0) {
          this.spent = true;
          break;
        }
        this.entries.push(heads[newest]!);
        this.sources[newest]!.skip();
      }
    });
    // A failed read fails this call only: the next one tries again from where the merge stands.
    this.queue = run.catch(() => undefined);
    return run;
  }
}
