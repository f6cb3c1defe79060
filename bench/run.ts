/**
 * `npm run bench`: every performance budget (the table in README.md, Performance), measured on the synthetic ten-year
 * practice. Pure and main-process parts run here in Node; IndexedDB, the bridge and rendering
 * run in Chromium through the e2e harness. Prints a table and writes bench/results/latest.json
 * (and latest.md).
 *
 *   node bench/build-and-run.mjs [--scale 1] [--runs 7] [--seed holdspace] [--out bench/results] [--strict]
 *                                [--only unlock,crypto,conflicts,search,pdf,transfer,browser,audit]
 *
 * --only runs just the named steps (the first six in Node; browser is the whole Chromium part;
 * audit is the Audit trail screen on a long trail, in Chromium too), to compare one change quickly.
 *
 * --strict exits non-zero when a budget is missed; otherwise only errors fail the run (the
 * smoke run at tiny scale is about not rotting, not about budgets).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../tests/e2e/harness';
import { generatePractice, practiceTables } from '../tests/fixtures/synthetic-practice';
import { benchAudit } from './audit-benches';
import { benchBrowser, bundleSize } from './browser-benches';
import { machineInfo, machineLine } from './machine';
import { benchConflicts, benchCrypto, benchPdf, benchSearch, benchUnlock } from './node-benches';
import type { Metric } from './report';
import { consoleTable, markdownTable } from './report';
import { benchTransfer } from './transfer-benches';

// The bundle lives in .tmp/bench/, two levels below the repository root (as harness.ts expects).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function args(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = Number(get('scale') ?? 1);
  return {
    scale,
    seed: get('seed') ?? 'holdspace',
    runs: Number(get('runs') ?? 7),
    out: path.resolve(repoRoot, get('out') ?? 'bench/results'),
    strict: argv.includes('--strict'),
    skipBrowser: argv.includes('--skip-browser'),
    only: get('only')?.split(','),
  };
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const machine = machineInfo(a.skipBrowser ? undefined : chromiumPath());
  log(`Holdspace bench: scale ${a.scale}, seed ${JSON.stringify(a.seed)}, ${a.runs} runs after warm-up`);
  log(`Machine: ${machineLine(machine)}`);

  let t0 = performance.now();
  // Set in the week the bench runs, as a clinician's practice is: the app reads its own clock for
  // "today" (the calendar's week, a group's latest register, the notes still due), so a practice
  // ending a year ago would be measured as one that had stopped (its last booked sessions never
  // held, nothing booked since).
  const practice = generatePractice({ seed: a.seed, scale: a.scale, today: Date.now() });
  const counts = Object.fromEntries(practiceTables(practice).map(([name, records]) => [name, records.length]));
  log(
    `Synthetic practice (its today: ${new Date(practice.now).toISOString().slice(0, 10)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(
      counts,
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );

  const o = { runs: a.runs, warmup: 1, scale: a.scale, resourcesDir: path.join(repoRoot, 'resources'), log };
  const metrics: Metric[] = [];
  const step = async (label: string, fn: () => Promise<Metric | Metric[]> | Metric | Metric[], section?: string) => {
    if (a.only && section !== undefined && !a.only.includes(section)) return;
    t0 = performance.now();
    log(`- ${label}`);
    const result = await fn();
    metrics.push(...(Array.isArray(result) ? result : [result]));
    log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  await step('unlock', () => benchUnlock(o), 'unlock');
  await step('seal/open throughput', () => benchCrypto(o), 'crypto');
  await step('conflict check', () => benchConflicts(practice, o), 'conflicts');
  await step('search', () => benchSearch(practice, o), 'search');
  await step('PDFs', () => benchPdf(practice, o), 'pdf');
  await step('calendar (.ics) and records export', () => benchTransfer(practice, o), 'transfer');
  if (!a.skipBrowser) {
    await step(
      'Chromium: IndexedDB, bridge, calendar, heap, backup',
      () => benchBrowser(practice, { ...o, samples: a.scale >= 0.5 ? 100 : 8, backupRuns: a.scale >= 0.5 ? 3 : 1 }),
      'browser',
    );
    await step('Chromium: the Audit trail screen on a long trail', () => benchAudit(practice, o), 'audit');
  }
  metrics.push(bundleSize(path.join(repoRoot, 'out/renderer')));

  const order = [
    'notes-backlog-first',
    'notes-search-first',
    'notes-search-first-complete',
    'search-load-longtasks',
    'notes-search-first-page-side',
    'notes-search-first-complete-page-side',
    'unlock',
    'seal',
    'open',
    'note-save',
    'note-save-audited',
    'week-switch',
    'week-query',
    'conflict-check',
    'search',
    'search-index-build',
    'search-index-load',
    'search-index-first-build',
    'pdf-agreement',
    'pdf-roster',
    'ics-export',
    'records-export',
    'backup',
    'backup-page-read',
    'backup-main-write',
    'backup-page-side',
    'backup-page-floor',
    'backup-app-share',
    'restore',
    'restore-write',
    'audit-first-page',
    'audit-older-page',
    'audit-verify',
    'audit-verify-step',
    'renderer-heap-session',
    'renderer-heap',
    'open-practice',
    'bundle',
    'conflict-index-build',
    'load-practice',
  ];
  metrics.sort((x, y) => order.indexOf(x.id) - order.indexOf(y.id));

  const date = new Date().toISOString();
  const result = {
    date,
    machine,
    scale: a.scale,
    seed: a.seed,
    runs: a.runs,
    counts,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    metrics,
  };
  fs.mkdirSync(a.out, { recursive: true });
  fs.writeFileSync(path.join(a.out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    `Measured ${date.slice(0, 10)} at scale ${a.scale} (${counts.appointments} appointments, ${counts.notes} notes) on ${machineLine(machine)}.`,
    '',
    markdownTable(metrics),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(a.out, 'latest.md'), md);

  log('');
  log(consoleTable(metrics));
  log('');
  for (const m of metrics) if (m.note) log(`* ${m.name}: ${m.note}`);
  const missed = metrics.filter((m) => m.pass === false);
  log('');
  log(
    `${missed.length === 0 ? 'Every budget met.' : `${missed.length} budget(s) missed: ${missed.map((m) => m.id).join(', ')}.`} Results in ${path.relative(repoRoot, a.out)}/latest.json (${result.durationSeconds} s).`,
  );
  if (a.strict && missed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
