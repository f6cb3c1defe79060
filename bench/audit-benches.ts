/**
 * The Audit trail screen on the synthetic practice's ten years of audit entries (300,000 at
 * scale 1, at least 500): written through main's own AuditTrail (sealed and chained, as the app
 * writes them, dated across the ten years), then the screen opened in the built app in
 * Chromium through the e2e harness. Main's steps of the background check are timed in Node on
 * the same trail.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AuditEvent } from '../shared/audit';
import { AUDIT_PAGE } from '../shared/audit';
import type { AuditCheckProgress } from '../electron/main/services/audit-trail';
import { freshProfileDir, launchApp } from '../tests/e2e/harness';
import type { SyntheticPractice } from '../tests/fixtures/synthetic-practice';
import type { BenchOptions } from './node-benches';
import { PASSPHRASE } from './node-benches';
import { clickAndWait } from './page-functions';
import type { Metric } from './report';
import { timingMetric } from './report';
import { summarise } from './stats';

/** Audit entries in the synthetic practice's trail at scale 1. */
export const AUDIT_ENTRIES_AT_SCALE_1 = 300_000;
const TEN_YEARS = 10 * 365.25 * 86_400_000;
const SCREEN = 'section[aria-labelledby="audit-title"]';

export const auditEntryCount = (scale: number): number => Math.max(500, Math.round(AUDIT_ENTRIES_AT_SCALE_1 * scale));

/** A working day's entries, over and over through the practice's notes: unlock, notes written and signed, an export, lock. */
function* auditEvents(practice: SyntheticPractice): Generator<AuditEvent> {
  for (let day = 0; ; day++) {
    yield { action: 'unlock', kind: 'vault' };
    for (let k = 0; k < 6; k++) {
      const note = practice.notes[(day * 6 + k) % practice.notes.length]!;
      const recordId = note.id.toLowerCase();
      yield { action: 'create', kind: 'note', recordId };
      yield { action: 'update', kind: 'note', recordId };
      yield { action: 'sign', kind: 'note', recordId, contentHash: createHash('sha256').update(recordId).digest('hex') };
    }
    if (day % 5 === 0) yield { action: 'export', kind: 'records' };
    yield { action: 'lock', kind: 'vault' };
  }
}

export async function benchAudit(practice: SyntheticPractice, o: BenchOptions): Promise<Metric[]> {
  const count = auditEntryCount(o.scale);
  const profileDir = freshProfileDir('bench-audit');
  /** Main's clock while the trail is written (spread over ten years), then the real one. */
  let seedingAt: number | undefined;
  const app = await launchApp({ profileDir, now: () => seedingAt ?? Date.now() });
  try {
    await app.services.vault.create(PASSPHRASE);
    o.log(`  writing ${count.toLocaleString('en-GB')} audit entries…`);
    const t0 = performance.now();
    const events = auditEvents(practice);
    const first = practice.now - TEN_YEARS;
    /** Lines in the trail, through main's own line index. */
    const lines = () => app.services.audit.page({ limit: 1 }).total;
    let left = count - lines();
    while (left > 0) {
      const batch: AuditEvent[] = [];
      for (let i = 0; i < Math.min(2000, left); i++) batch.push(events.next().value as AuditEvent);
      seedingAt = Math.round(first + ((count - left) / count) * TEN_YEARS);
      app.services.audit.append(batch);
      left -= batch.length;
    }
    seedingAt = undefined;
    o.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const total = lines();

    // At unlock main indexes the trail's lines once (reconcile); timed here on its own.
    const r0 = performance.now();
    app.services.audit.reconcile();
    const indexMs = performance.now() - r0;

    await app.page.reload();
    const nav = app.page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor({ timeout: 60_000 });
    const button = nav.getByRole('button', { name: 'Audit trail', exact: true });
    const away = nav.getByRole('button', { name: 'Today', exact: true });

    o.log('  first page…');
    const firstPage: number[] = [];
    const olderPage: number[] = [];
    for (let r = 0; r < o.warmup + o.runs; r++) {
      await away.click();
      await app.page.locator(SCREEN).waitFor({ state: 'detached' });
      const ms = await app.page.evaluate(clickAndWait, {
        click: (await button.elementHandle()) as never,
        selector: `${SCREEN} tbody tr:nth-child(${AUDIT_PAGE})`,
        timeoutMs: 60_000,
      });
      const older = app.page.getByRole('button', { name: 'Show older entries' });
      while (await older.isDisabled()) await new Promise((resolve) => setTimeout(resolve, 5));
      const more = await app.page.evaluate(clickAndWait, {
        click: (await older.elementHandle()) as never,
        selector: `${SCREEN} tbody tr:nth-child(${2 * AUDIT_PAGE})`,
        timeoutMs: 60_000,
      });
      if (r >= o.warmup) {
        firstPage.push(ms);
        olderPage.push(more);
      }
    }

    // The check in the background, from the click until its verdict (watched from before the click).
    o.log('  background check…');
    await away.click();
    await app.page.locator(SCREEN).waitFor({ state: 'detached' });
    const verdict = app.page.evaluate(clickAndWait, {
      selector: `${SCREEN} [role="status"]`,
      text: 'entries verified|Warning',
      timeoutMs: 60 * 60_000,
    });
    await app.page.evaluate(clickAndWait, {
      click: (await button.elementHandle()) as never,
      selector: `${SCREEN} tbody tr`,
      timeoutMs: 60_000,
    });
    const verifyMs = await verdict;
    const said = (await app.page.locator(`${SCREEN} [role="status"]`).textContent()) ?? '';
    if (!said.includes('verified')) throw new Error(`the seeded trail did not verify: ${said}`);

    // Main's side of the same check, step by step, in Node: how long each step holds main.
    o.log('  check steps in main…');
    const steps: number[] = [];
    let step: AuditCheckProgress | undefined;
    do {
      const s0 = performance.now();
      step = app.services.audit.verifyStep(step?.run);
      steps.push(performance.now() - s0);
    } while (!step.done);
    if (!step.intact) throw new Error('the seeded trail did not verify in Node');
    const stepT = summarise(steps);
    const longest = Math.max(...steps);

    const n = total.toLocaleString('en-GB');
    return [
      timingMetric('audit-first-page', `Audit trail screen, first page shown (${n} entries)`, summarise(firstPage), {
        budgetMs: 1000,
        note: `Click on Audit trail until its first ${AUDIT_PAGE} rows are on screen (timed inside the page, to the end of the frame showing them). Main reads and opens only those ${AUDIT_PAGE} entries, found through its index of the trail's lines, built at unlock (${indexMs.toFixed(0)} ms for this trail, timed on its own). The chain is checked after, in the background.`,
      }),
      timingMetric('audit-older-page', 'Audit trail screen, "Show older entries" (next 100)', summarise(olderPage), {
        note: 'From the click until the 200th row is on screen.',
      }),
      timingMetric('audit-verify', `Audit trail checked in the background (${n} entries)`, summarise([verifyMs]), {
        unit: 's',
        note: `From the click on Audit trail until the verdict ("All ${n} entries verified"): the head copy kept with the records checked, then every entry opened and its link checked, in ${steps.length.toLocaleString('en-GB')} steps of at most 40 ms or 1,000 lines, each a separate call from the page, with a progress bar meanwhile. The rows above are on screen long before.`,
      }),
      timingMetric('audit-verify-step', "Audit trail check, one step in main (the page's call)", stepT, {
        budgetMs: 50,
        note: `Each step of the whole check timed in Node on the same trail (${steps.length.toLocaleString('en-GB')} steps, longest ${longest.toFixed(1)} ms): main is held no longer than one step at a time.`,
      }),
    ];
  } finally {
    await app.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}
