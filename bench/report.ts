/** One row of the results table, and the table itself (console and Markdown). */
import type { Timings } from './stats';

export interface Metric {
  id: string;
  name: string;
  unit: 'ms' | 's' | 'MB/s' | 'MB' | 'KB';
  median: number;
  p95: number;
  /** How many measured runs (after warm-up) the figures summarise. */
  runs: number;
  /** Budget in words; absent where none is set. */
  budget?: string;
  baseline?: { name: string; median: number; p95: number };
  /** Measured ÷ baseline (for throughput: measured throughput ÷ baseline throughput). */
  ratio?: number;
  /** true/false against the budget; null where there is no budget or it is not applicable. */
  pass: boolean | null;
  note?: string;
}

export function timingMetric(
  id: string,
  name: string,
  t: Timings,
  options: {
    budgetMs?: number;
    budgetMinMs?: number;
    budget?: string;
    baseline?: { name: string; t: Timings };
    note?: string;
    unit?: 's';
  } = {},
): Metric {
  const scale = options.unit === 's' ? 1 / 1000 : 1;
  const budget =
    options.budget ??
    (options.budgetMinMs !== undefined && options.budgetMs !== undefined
      ? `${fmtBudget(options.budgetMinMs * scale)}–${fmtBudget(options.budgetMs * scale)} ${options.unit ?? 'ms'}`
      : options.budgetMs !== undefined
        ? `< ${fmtBudget(options.budgetMs * scale)} ${options.unit ?? 'ms'}`
        : undefined);
  // Budgets are held at p95 (a range budget also needs the median at or above its floor).
  const pass =
    options.budgetMs === undefined
      ? null
      : t.p95 < options.budgetMs && (options.budgetMinMs === undefined || t.median >= options.budgetMinMs);
  return {
    id,
    name,
    unit: options.unit ?? 'ms',
    median: t.median * scale,
    p95: t.p95 * scale,
    runs: t.runs.length,
    ...(budget ? { budget } : {}),
    ...(options.baseline
      ? {
          baseline: {
            name: options.baseline.name,
            median: options.baseline.t.median * scale,
            p95: options.baseline.t.p95 * scale,
          },
          ratio: t.median / options.baseline.t.median,
        }
      : {}),
    pass,
    ...(options.note ? { note: options.note } : {}),
  };
}

const fmtBudget = (n: number): string => String(Number(n.toPrecision(3)));

export function fmt(n: number | undefined, unit?: string): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : Math.abs(n) >= 1 ? 2 : 3;
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

const verdict = (m: Metric): string => (m.pass === null ? '—' : m.pass ? 'pass' : 'FAIL');

export function rows(metrics: readonly Metric[]): string[][] {
  return metrics.map((m) => [
    m.name,
    fmt(m.median, m.unit),
    fmt(m.p95, m.unit),
    m.budget ?? '—',
    m.baseline ? `${fmt(m.baseline.median, m.unit)} (${m.baseline.name})` : '—',
    m.ratio === undefined ? '—' : `${m.ratio.toFixed(2)}×`,
    verdict(m),
  ]);
}

const HEAD = ['Metric', 'Median', 'p95', 'Budget', 'Baseline (median)', 'Ratio', 'Result'];

export function consoleTable(metrics: readonly Metric[]): string {
  const all = [HEAD, ...rows(metrics)];
  const widths = HEAD.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const line = (r: string[]) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(metrics).map(line)].join('\n');
}

export function markdownTable(metrics: readonly Metric[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows(metrics).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
