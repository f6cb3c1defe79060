import { describe, expect, it } from 'vitest';
import { PeriodCache } from '../../renderer/src/calendar/period-cache';
import type { Span } from '../../renderer/src/calendar/period-cache';

const WEEK = 7 * 86_400_000;
const week = (n: number): Span => ({ from: n * WEEK, to: (n + 1) * WEEK });

/** A loader that records what it was asked for and answers when told to. */
function loader() {
  const asked: Span[] = [];
  const waiting: { span: Span; resolve: (v: string) => void }[] = [];
  const load = (span: Span): Promise<string> => {
    asked.push(span);
    return new Promise((resolve) => waiting.push({ span, resolve }));
  };
  /** Answers every waiting read, newest first when `newestFirst`. */
  const answerAll = async (newestFirst = false): Promise<void> => {
    const all = waiting.splice(0);
    if (newestFirst) all.reverse();
    for (const [i, w] of all.entries()) {
      w.resolve(`read ${w.span.from / WEEK}${newestFirst ? ` #${all.length - i}` : ''}`);
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { load, asked, answerAll };
}

describe('the calendar read-ahead cache', () => {
  it('reads a period once and then answers from memory until the data changes', async () => {
    const l = loader();
    const cache = new PeriodCache(l.load);
    const first = cache.read(1, week(10));
    await l.answerAll();
    expect(await first).toBe('read 10');
    expect(cache.get(1, week(10))).toBe('read 10');
    expect(await cache.read(1, week(10))).toBe('read 10');
    expect(l.asked).toHaveLength(1);
    // A change bumps the revision: the kept copy is no longer current, but still there to show.
    expect(cache.get(2, week(10))).toBeUndefined();
    expect(cache.latest(week(10))).toBe('read 10');
  });

  it('reads ahead only the neighbours not kept, and reports each', async () => {
    const l = loader();
    const cache = new PeriodCache(l.load);
    const shown = cache.read(1, week(10));
    await l.answerAll();
    await shown;
    const heard: string[] = [];
    cache.readAhead(1, [week(9), week(10), week(11)], (p) => heard.push(p));
    await l.answerAll();
    expect(l.asked.map((s) => s.from / WEEK)).toEqual([10, 9, 11]);
    expect(heard.sort()).toEqual(['read 11', 'read 9']);
    expect(cache.get(1, week(11))).toBe('read 11');
  });

  it('neither keeps nor reports a read-ahead that was abandoned', async () => {
    const l = loader();
    const cache = new PeriodCache(l.load);
    const heard: string[] = [];
    const abandon = cache.readAhead(1, [week(3)], (p) => heard.push(p));
    abandon();
    await l.answerAll();
    expect(heard).toEqual([]);
    expect(cache.latest(week(3))).toBeUndefined();
  });

  it('keeps the most recently used periods and lets the oldest go', async () => {
    const l = loader();
    const cache = new PeriodCache(l.load, 3);
    for (const n of [1, 2, 3]) {
      const p = cache.read(1, week(n));
      await l.answerAll();
      await p;
    }
    await cache.read(1, week(1)); // used again: now the most recent
    const p = cache.read(1, week(4));
    await l.answerAll();
    await p;
    expect(cache.get(1, week(2))).toBeUndefined();
    expect([1, 3, 4].map((n) => cache.get(1, week(n)))).toEqual(['read 1', 'read 3', 'read 4']);
  });

  it('never lets a slow read from before a change replace one read after it', async () => {
    const l = loader();
    const cache = new PeriodCache(l.load);
    const old = cache.read(1, week(5));
    const fresh = cache.read(2, week(5));
    // The read started after the change (#2) answers first; the one from before it (#1) later.
    await l.answerAll(true);
    expect(await Promise.all([old, fresh])).toEqual(['read 5 #1', 'read 5 #2']);
    expect(cache.get(2, week(5))).toBe('read 5 #2');
    expect(cache.latest(week(5))).toBe('read 5 #2');
  });
});
