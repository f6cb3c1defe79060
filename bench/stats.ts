/** Timing and summary statistics for the benchmark runner. */
import { performance } from 'node:perf_hooks';

export const median = (xs: readonly number[]): number => percentile(xs, 50);

/** Nearest-rank percentile (p95 of 20 samples is the 19th smallest). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Timings {
  runs: number[];
  median: number;
  p95: number;
}

export const summarise = (runs: readonly number[]): Timings => ({
  runs: [...runs],
  median: median(runs),
  p95: percentile(runs, 95),
});

/** Runs `fn` `warmup` times unmeasured, then `runs` times, returning each run's wall time in ms. */
export async function time(fn: () => unknown, options: { warmup: number; runs: number }): Promise<Timings> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const runs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  return summarise(runs);
}
