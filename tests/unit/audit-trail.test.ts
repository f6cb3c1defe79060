import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../electron/main/services/audit-trail';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };
let file: string;
let store: MemoryStore;
let vault: Vault;
let trail: AuditTrail;
let clock: number;

beforeEach(async () => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-audit-')), 'audit', 'trail.jsonl');
  store = new MemoryStore();
  clock = Date.UTC(2026, 10, 2, 9, 0);
  vault = new Vault({ store, kdf: FAST_KDF, now: () => clock });
  await vault.create('quiet lantern orchard tidepool');
  trail = new AuditTrail({ file, vault, store, now: () => clock });
  for (const [i, action] of (['create', 'update', 'sign', 'export', 'print'] as const).entries()) {
    clock += 60_000;
    trail.append([{ action, kind: 'note', recordId: `note-${i}` }]);
  }
});

const lines = (): string[] => fs.readFileSync(file, 'utf8').trim().split('\n');
const write = (ls: string[]): void => fs.writeFileSync(file, ls.join('\n') + '\n');

describe('audit trail', () => {
  it('an untouched trail verifies and lists entries with no client text', () => {
    const result = trail.verify();
    expect(result.intact).toBe(true);
    expect(result.entries.map((e) => e.action)).toEqual(['create', 'update', 'sign', 'export', 'print']);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('note-0');
  });

  it('filters by date and action', () => {
    const start = Date.UTC(2026, 10, 2, 9, 0);
    expect(trail.list({ actions: ['sign', 'print'] }).map((e) => e.action)).toEqual(['sign', 'print']);
    expect(trail.list({ from: start + 3 * 60_000 }).map((e) => e.action)).toEqual(['sign', 'export', 'print']);
    expect(trail.list({ to: start + 2 * 60_000 }).map((e) => e.action)).toEqual(['create', 'update']);
  });

  it('detects an edited entry', () => {
    const ls = lines();
    const stored = JSON.parse(ls[2]!);
    const ct = Buffer.from(stored.env.ct, 'base64');
    ct[0] = ct[0]! ^ 0xff;
    stored.env.ct = ct.toString('base64');
    ls[2] = JSON.stringify(stored);
    write(ls);
    const result = trail.verify();
    expect(result.intact).toBe(false);
    expect(result.problems).toContainEqual({ line: 3, problem: 'edited' });
  });

  it('detects a changed chain link', () => {
    const ls = lines();
    const stored = JSON.parse(ls[1]!);
    stored.link = 'f'.repeat(64);
    ls[1] = JSON.stringify(stored);
    write(ls);
    expect(trail.verify().intact).toBe(false);
  });

  it('detects a removed entry', () => {
    const ls = lines();
    ls.splice(1, 1);
    write(ls);
    const result = trail.verify();
    expect(result.intact).toBe(false);
    expect(result.problems.map((p) => p.problem)).toContain('missing');
  });

  it('detects reordered entries', () => {
    const ls = lines();
    [ls[1], ls[2]] = [ls[2]!, ls[1]!];
    write(ls);
    const result = trail.verify();
    expect(result.intact).toBe(false);
    expect(result.problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['missing']));
  });

  it('detects a cut-off tail', () => {
    write(lines().slice(0, 3));
    expect(trail.verify().problems.map((p) => p.problem)).toContain('truncated');
  });

  it('keeps appending after lock and unlock, and records both', async () => {
    trail.append([{ action: 'lock', kind: 'vault' }]);
    vault.lock('manual');
    await vault.unlock('quiet lantern orchard tidepool');
    trail.append([{ action: 'unlock', kind: 'vault' }]);
    const result = trail.verify();
    expect(result.intact).toBe(true);
    expect(result.entries.slice(-2).map((e) => e.action)).toEqual(['lock', 'unlock']);
  });

  it('offers no way to delete entries', () => {
    const methods = Object.getOwnPropertyNames(AuditTrail.prototype);
    expect(methods.filter((m) => /delete|remove|clear|truncate/i.test(m))).toEqual([]);
  });
});
