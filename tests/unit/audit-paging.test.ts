/**
 * A long audit trail read a page at a time (only the page's entries opened) and checked in
 * bounded steps: whatever the steps, the verdict is verify()'s, for an untouched trail and for
 * every kind of tampering verify() reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditAction, AuditEntry } from '../../shared/audit';
import { AuditTrail } from '../../electron/main/services/audit-trail';
import type { AuditCheckProgress } from '../../electron/main/services/audit-trail';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import { FAST_KDF, PASS, codeOf } from './helpers/main-services';

const N = 250;
const ACTIONS: AuditAction[] = ['create', 'update', 'sign', 'export', 'print'];
const START = Date.UTC(2026, 0, 5, 9, 0);
let file: string;
let store: MemoryStore;
let vault: Vault;
let trail: AuditTrail;
let clock: number;

beforeEach(async () => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-audit-paging-')), 'audit', 'trail.jsonl');
  store = new MemoryStore();
  clock = START;
  vault = new Vault({ store, kdf: FAST_KDF, now: () => clock });
  await vault.create(PASS);
  trail = new AuditTrail({ file, vault, store, now: () => clock });
  // Batches of different sizes, an hour apart.
  for (let seq = 0; seq < N;) {
    const size = Math.min(N - seq, 1 + (seq % 7));
    trail.append(
      Array.from({ length: size }, (_, j) => ({ action: ACTIONS[(seq + j) % 5]!, kind: 'note', recordId: `note-${seq + j}` })),
    );
    seq += size;
    clock += 3_600_000;
  }
});

const lines = (): string[] => fs.readFileSync(file, 'utf8').trim().split('\n');
const write = (ls: string[], end = '\n'): void => fs.writeFileSync(file, ls.join('\n') + end);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
const flipCiphertext = (line: string): string => {
  const stored = JSON.parse(line);
  const ct = Buffer.from(stored.env.ct, 'base64');
  ct[0] = ct[0]! ^ 0xff;
  stored.env.ct = ct.toString('base64');
  return JSON.stringify(stored);
};

/** Runs a check to its end in steps of `lines` lines, keeping every answer. */
function stepped(lines: number): AuditCheckProgress[] {
  const steps = [trail.verifyStep(undefined, { lines })];
  while (!steps.at(-1)!.done) {
    steps.push(trail.verifyStep(steps.at(-1)!.run, { lines }));
    if (steps.length > 10_000) throw new Error('the check never ends');
  }
  return steps;
}

describe('audit trail pages', () => {
  it('come newest first, a page at a time down to the first entry, each opening only its own entries', () => {
    const open = vi.spyOn(vault, 'open');
    const opened = () => open.mock.calls.reduce((n, [items]) => n + items.length, 0);

    const first = trail.page({ limit: 100 });
    expect(first).toMatchObject({ total: N, next: N - 99, unreadable: 0 });
    expect(first.entries.map((e) => e.seq)).toEqual(range(N, N - 99));
    expect(opened()).toBe(100);

    const second = trail.page({ before: first.next!, limit: 100 });
    expect(second.entries.map((e) => e.seq)).toEqual(range(N - 100, N - 199));
    const last = trail.page({ before: second.next!, limit: 100 });
    expect(last.entries.map((e) => e.seq)).toEqual(range(N - 200, 1));
    expect(last.next).toBeNull();
    expect(opened()).toBe(N);
    // The same entries verify() opens, in the other order.
    expect([...first.entries, ...second.entries, ...last.entries]).toEqual(trail.verify().entries.reverse());
  });

  it('take in entries appended since the last page, and follow a file rewritten under them', () => {
    const before = trail.page({ limit: 5 });
    trail.append([{ action: 'sign', kind: 'note', recordId: 'note-late' }]);
    const after = trail.page({ limit: 5 });
    expect(after.total).toBe(N + 1);
    expect(after.entries[0]).toMatchObject({ seq: N + 1, recordId: 'note-late' });
    expect(after.entries.slice(1)).toEqual(before.entries.slice(0, 4));

    // Two lines of different lengths swapped on disk: the page shows the file as it now is.
    const ls = lines();
    [ls[N - 1], ls[N - 3]] = [ls[N - 3]!, ls[N - 1]!];
    write(ls);
    expect(trail.page({ limit: 4 }).entries.map((e) => e.seq)).toEqual([N + 1, N - 2, N - 1, N]);
  });

  it('filtered, carry on page by page and find exactly what the whole list holds', () => {
    const filters = [
      { actions: ['sign'] as AuditAction[] },
      { from: START + 10 * 3_600_000, to: START + 40 * 3_600_000 },
      { actions: ['print', 'create'] as AuditAction[], from: START + 50 * 3_600_000 },
    ];
    for (const filter of filters) {
      const found: AuditEntry[] = [];
      let before: number | undefined;
      for (;;) {
        const page = trail.page({ ...filter, limit: 7, ...(before ? { before } : {}) });
        expect(page.entries.length).toBeLessThanOrEqual(7);
        found.push(...page.entries);
        if (page.next === null) break;
        before = page.next;
      }
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(trail.list(filter).reverse());
    }
  });

  it('count an entry that cannot be opened instead of showing it, and still fill the page', () => {
    const ls = lines();
    ls[N - 6] = flipCiphertext(ls[N - 6]!);
    write(ls);
    const page = trail.page({ limit: 10 });
    expect(page.unreadable).toBe(1);
    expect(page.entries.map((e) => e.seq)).toEqual(range(N, N - 10).filter((s) => s !== N - 5));
  });

  it('are shown only while unlocked', async () => {
    vault.lock('manual');
    expect(await codeOf(() => trail.page({ limit: 10 }))).toBe('LOCKED');
  });
});

describe('the check in steps', () => {
  const tamperings: [string, () => void][] = [
    ['untouched', () => undefined],
    [
      'an edited entry',
      () => {
        const ls = lines();
        ls[120] = flipCiphertext(ls[120]!);
        write(ls);
      },
    ],
    [
      'a changed link',
      () => {
        const ls = lines();
        ls[77] = ls[77]!.replace(/"link":"[0-9a-f]{64}"/, `"link":"${'f'.repeat(64)}"`);
        write(ls);
      },
    ],
    ['a removed entry', () => write(lines().filter((_, i) => i !== 30))],
    [
      'reordered entries',
      () => {
        const ls = lines();
        [ls[40], ls[41]] = [ls[41]!, ls[40]!];
        write(ls);
      },
    ],
    ['a cut-off tail', () => write(lines().slice(0, 200))],
    [
      'a garbage line and blank lines',
      () => write([...lines().slice(0, 90), '', '   ', 'not json', 'null', ...lines().slice(90)]),
    ],
    ['half a line at the end', () => write([...lines(), lines()[3]!.slice(0, 40)], '')],
    ['the end marker moved without the key', () => store.set('auditHead', { seq: 200, link: JSON.parse(lines()[199]!).link })],
    ['the head copy kept with the records not this vault’s', () => trail.witness('unreadable')],
  ];

  it.each(tamperings)('reaches verify()’s verdict: %s', (_name, tamper) => {
    tamper();
    const whole = trail.verify();
    const steps = stepped(9);
    const last = steps.at(-1)!;
    const nonBlank = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
    expect(steps.length).toBeGreaterThanOrEqual(Math.ceil(nonBlank / 9));
    // Each step is bounded, moves on, and gives no verdict before the end.
    for (const [i, step] of steps.entries()) {
      expect(step.checked - (i === 0 ? 0 : steps[i - 1]!.checked)).toBeLessThanOrEqual(9);
      if (i < steps.length - 1) expect(step).toMatchObject({ done: false, intact: false, run: steps[0]!.run });
    }
    expect(last).toMatchObject({
      done: true,
      intact: whole.intact,
      problems: whole.problems,
      problemCount: whole.problems.length,
      entries: whole.entries.length,
      checked: nonBlank,
      total: nonBlank,
    });
    if (_name === 'untouched') expect(last.intact).toBe(true);
    else expect(last.problems.length).toBeGreaterThan(0);
  });

  it('carries on over entries appended while it runs', () => {
    const first = trail.verifyStep(undefined, { lines: 100 });
    expect(first).toMatchObject({ done: false, checked: 100, total: N });
    trail.append([{ action: 'lock', kind: 'vault' }]);
    let step = first;
    while (!step.done) step = trail.verifyStep(step.run, { lines: 100 });
    expect(step).toMatchObject({ intact: true, checked: N + 1, total: N + 1, entries: N + 1 });
  });

  it('starts over when the trail is replaced under it, and reports the new one', () => {
    const exported = trail.exportTrail();
    const first = trail.verifyStep(undefined, { lines: 200 });
    expect(first.checked).toBe(200);
    // A restore puts back an older trail: its first 150 lines, with their own end marker.
    const head = { ...exported.head };
    trail.replaceWith(exported.lines.slice(0, 150), head);
    const next = trail.verifyStep(first.run, { lines: 200 });
    expect(next.run).not.toBe(first.run);
    expect(next).toMatchObject({ done: true, checked: 150, intact: false });
    expect(next.problems).toEqual(trail.verify().problems);
  });

  it('is dropped at lock: a step after unlocking starts a new check', async () => {
    const first = trail.verifyStep(undefined, { lines: 100 });
    vault.lock('manual');
    await vault.unlock(PASS);
    const next = trail.verifyStep(first.run, { lines: 100 });
    expect(next.run).not.toBe(first.run);
    expect(next.checked).toBe(100);
  });
});
