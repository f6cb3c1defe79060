/**
 * Getting a practice out: the calendar of the whole ten-year practice as one .ics file, and
 * "Export all records" (every CSV, a notes PDF per client with their outcome measures, each
 * signed agreement's PDF, the README), written to a scratch folder and removed afterwards.
 * Both run the app's own code in Node: the renderer's planning (shared/transfer/ics.ts,
 * renderer/src/transfer/records-plan.ts) and main's formatting and PDF services. Opening the
 * records from IndexedDB first, and carrying the requests over IPC, are not in these figures
 * (the Chromium rows "Open the whole practice in the renderer" measure the first).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderIcs } from '../electron/main/services/export-ics';
import { RecordsExportFolder } from '../electron/main/services/export-records';
import { preloadPdfFonts, renderAgreementPdf, renderNotesPdf } from '../electron/main/services/pdf';
import { planIcsExport } from '../shared/transfer/ics-plan';
import { recordsReadme } from '../shared/transfer/records-export';
import { planRecordsExport } from '../renderer/src/transfer/records-plan';
import type { SyntheticPractice } from '../tests/fixtures/synthetic-practice';
import type { BenchOptions } from './node-benches';
import type { Metric } from './report';
import { timingMetric } from './report';
import { summarise, time } from './stats';

const DAY_MS = 86_400_000;

export async function benchTransfer(practice: SyntheticPractice, o: BenchOptions): Promise<Metric[]> {
  const clientNames = new Map(practice.clients.map((c) => [c.id, c.name] as const));
  const groupNames = new Map(practice.groups.map((g) => [g.id, g.name] as const));

  // ---- the whole calendar as .ics: every appointment of the practice, its series cut to the range
  const from = practice.appointments.reduce((t, a) => Math.min(t, a.start), Infinity) - DAY_MS;
  const to = practice.appointments.reduce((t, a) => Math.max(t, a.end), -Infinity) + DAY_MS;
  let events = 0;
  let bytes = 0;
  let planMs = 0;
  const ics = await time(
    () => {
      const t0 = performance.now();
      const request = planIcsExport({
        range: { from, to },
        timeZone: practice.timeZone,
        detail: 'initials',
        appointments: practice.appointments,
        series: practice.series,
        clientName: (id) => clientNames.get(id),
        groupName: (id) => groupNames.get(id),
      });
      planMs = performance.now() - t0;
      events = request.events.length;
      bytes = Buffer.byteLength(renderIcs(request, Date.UTC(2026, 0, 5)));
    },
    { warmup: 1, runs: Math.max(1, Math.min(o.runs, 5)) },
  );

  // ---- Export all records, into a scratch folder
  await preloadPdfFonts(o.resourcesDir);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'holdspace-bench-records-'));
  let files = 0;
  let written = 0;
  let pdfMs = 0;
  try {
    const t0 = performance.now();
    const plan = planRecordsExport(
      { ...practice, notes: practice.notes },
      { timeZone: practice.timeZone, today: '2026-01-05', paperSize: 'A4', format: { locale: 'en-GB', hourCycle: 'auto' } },
    );
    const folder = RecordsExportFolder.create(scratch, 'Holdspace records 2026-01-05');
    const write = (name: string, content: Buffer | string) => {
      folder.write(name, content);
      written += Buffer.byteLength(content);
    };
    for (const [name, text] of Object.entries(plan.csvFiles)) write(name, text);
    const p0 = performance.now();
    for (const pdf of plan.clientPdfs) write(pdf.name, await renderNotesPdf(pdf.request(), { resourcesDir: o.resourcesDir }));
    for (const pdf of plan.agreementPdfs)
      write(pdf.name, await renderAgreementPdf(pdf.request(), { resourcesDir: o.resourcesDir }));
    pdfMs = performance.now() - p0;
    write(
      'README.txt',
      recordsReadme({
        exportedAt: '2026-01-05',
        timeZone: practice.timeZone,
        counts: { clients: practice.clients.length },
        pdfs: plan.clientPdfs.length + plan.agreementPdfs.length,
      }),
    );
    files = folder.written;
    const total = performance.now() - t0;
    o.log(`  records export: ${files} files, ${(written / 1e6).toFixed(1)} MB in ${(total / 1000).toFixed(1)} s`);
    return [
      timingMetric('ics-export', `Export the whole calendar as .ics (${events.toLocaleString('en-GB')} events)`, ics, {
        budgetMs: 5_000,
        budget: '≤ 5 s',
        unit: 's',
        note: `Every appointment of the practice in one range, series cut to it: planning ${planMs.toFixed(0)} ms, the rest ical-generator and the VTIMEZONE; ${(bytes / 1e6).toFixed(1)} MB. Reading the appointments from IndexedDB first is not included.`,
      }),
      timingMetric(
        'records-export',
        `Export all records (${practice.notes.length.toLocaleString('en-GB')} notes, ${files} files)`,
        summarise([total]),
        {
          unit: 's',
          note: `CSVs, a notes PDF per client with their outcome measures, each signed agreement, README: ${(written / 1e6).toFixed(0)} MB, of which rendering the PDFs took ${(pdfMs / 1000).toFixed(1)} s. Opening the records in the renderer and carrying them to main are not included. One run.`,
        },
      ),
    ];
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
