/**
 * Fault injection under the audit trail: the disk fails at the Nth file operation (or the
 * settings file, which holds the end marker, refuses to be written), once or from then on,
 * while an entry is appended and while the vault locks. For every N the trail afterwards is
 * the old one or the new one, never a mix, it verifies, the next append chains on, and a
 * lock leaves the key dropped.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import type { KeyValueStore } from '../../electron/main/services/kv-store';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { PASS, codeOf, testServices } from './helpers/main-services';

type Mode = 'once' | 'from-then-on';
const FS_OPS = ['openSync', 'writeSync', 'fsyncSync', 'ftruncateSync', 'fstatSync', 'readSync', 'closeSync'] as const;

/** A settings store whose writes can be made to fail like the disk under it. */
class FlakyStore implements KeyValueStore {
  private readonly inner = new MemoryStore();
  failing: () => boolean = () => false;
  get(key: string): unknown {
    return this.inner.get(key);
  }
  set(key: string, value: unknown): void {
    if (this.failing()) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    this.inner.set(key, value);
  }
  delete(key: string): void {
    this.inner.delete(key);
  }
}

/**
 * Counts the file operations on the trail and the settings writes, in order, and fails the
 * `failAt`th (and, in `from-then-on`, every one after it). Returns how many there were.
 */
function injectFaults(store: FlakyStore, trailFile: () => string, failAt: number, mode: Mode) {
  let count = 0;
  let active = true;
  const fail = (): boolean => {
    if (!active) return false;
    count += 1;
    return mode === 'once' ? count === failAt : count >= failAt;
  };
  const fds = new Set<number>();
  const real = { ...fs };
  for (const name of FS_OPS) {
    vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
      const ours = name === 'openSync' ? String(args[0]).startsWith(trailFile()) : fds.has(args[0] as number);
      if (ours && fail()) {
        if (name === 'closeSync') (real.closeSync as (fd: number) => void)(args[0] as number);
        // A full disk takes part of a write before refusing the rest: half a line reaches the file.
        if (name === 'writeSync') {
          const [fd, buffer, offset, length] = args as [number, Buffer, number, number];
          real.writeSync(fd, buffer, offset, Math.floor(length / 2));
        }
        throw Object.assign(new Error(`no space left on device (${name})`), { code: 'ENOSPC' });
      }
      const out = (real[name] as (...a: unknown[]) => unknown)(...args);
      if (ours && name === 'openSync') fds.add(out as number);
      if (name === 'closeSync') fds.delete(args[0] as number);
      return out;
    }) as never);
  }
  store.failing = fail;
  return {
    get count() {
      return count;
    },
    stop: () => {
      active = false;
      vi.restoreAllMocks();
      store.failing = () => false;
    },
  };
}

async function setUp() {
  const store = new FlakyStore();
  const s = testServices({ store });
  await s.vault.create(PASS);
  s.handlers['audit.record']({ events: [{ action: 'create', kind: 'note', recordId: 'note-1' }] });
  const trailFile = `${s.dataDir}/audit/trail.jsonl`;
  const verify = () => s.audit.verify();
  return { s, store, trailFile, verify };
}

const actions = (entries: AuditEntry[]) => entries.map((e) => `${e.seq}:${e.action}:${e.recordId ?? ''}`);

afterEach(() => {
  vi.restoreAllMocks();
});

/** How many faultable operations one clean run of `act` makes. */
async function operationsIn(act: (ctx: Awaited<ReturnType<typeof setUp>>) => unknown): Promise<number> {
  const ctx = await setUp();
  const probe = injectFaults(ctx.store, () => ctx.trailFile, Number.POSITIVE_INFINITY, 'once');
  await act(ctx);
  const n = probe.count;
  probe.stop();
  return n;
}

describe.each<Mode>(['once', 'from-then-on'])('the disk fails during an audit append (%s)', (mode) => {
  const append = (ctx: Awaited<ReturnType<typeof setUp>>) =>
    ctx.s.handlers['audit.record']({ events: [{ action: 'update', kind: 'note', recordId: 'note-1' }] });

  it('for every N: the old trail or the new one, verified, and the next append chains on', async () => {
    const total = await operationsIn(append);
    expect(total).toBeGreaterThanOrEqual(5);
    for (let failAt = 1; failAt <= total; failAt++) {
      const ctx = await setUp();
      const old = actions(ctx.verify().entries);
      const faults = injectFaults(ctx.store, () => ctx.trailFile, failAt, mode);
      let failed = false;
      try {
        append(ctx);
      } catch {
        failed = true;
      }
      faults.stop();
      const after = ctx.verify();
      const now = actions(after.entries);
      // Either nothing was added, or the entry is there whole; an append that reported success kept it.
      const added = [...old, `${old.length + 1}:update:note-1`];
      expect([old, added], `fault at ${failAt}`).toContainEqual(now);
      if (!failed) expect(now, `fault at ${failAt}`).toEqual(added);
      if (mode === 'once') expect(after.intact, `fault at ${failAt}: ${JSON.stringify(after.problems)}`).toBe(true);

      // With the disk back, the next append settles whatever was left and chains on.
      ctx.s.handlers['audit.record']({ events: [{ action: 'sign', kind: 'note', recordId: 'note-1' }] });
      const next = ctx.verify();
      expect(next.intact, `fault at ${failAt}: ${JSON.stringify(next.problems)}`).toBe(true);
      expect(next.entries.at(-1)).toMatchObject({ action: 'sign', seq: next.entries.length });
      expect(next.entries.length).toBeGreaterThanOrEqual(old.length + 1);
      // And after a lock and unlock (reconcile) it still verifies.
      ctx.s.vault.lock('manual');
      await ctx.s.vault.unlock(PASS);
      expect(ctx.verify().intact, `fault at ${failAt}`).toBe(true);
    }
  });
});

describe.each<Mode>(['once', 'from-then-on'])('the disk fails while the vault locks (%s)', (mode) => {
  const lock = (ctx: Awaited<ReturnType<typeof setUp>>) => ctx.s.vault.lock('manual');

  it('for every N: the key is dropped, and the trail is the old one or has the lock entry whole', async () => {
    const total = await operationsIn(lock);
    expect(total).toBeGreaterThanOrEqual(5);
    for (let failAt = 1; failAt <= total; failAt++) {
      const ctx = await setUp();
      const old = actions(ctx.verify().entries);
      const faults = injectFaults(ctx.store, () => ctx.trailFile, failAt, mode);
      expect(() => lock(ctx)).not.toThrow();
      faults.stop();
      expect(ctx.s.vault.state(), `fault at ${failAt}`).toBe('locked');
      expect(await codeOf(() => ctx.s.vault.seal([{ id: 'n', table: 'notes', schemaVersion: 1, plaintext: 'x' }]))).toBe(
        'LOCKED',
      );
      await ctx.s.vault.unlock(PASS);
      const after = ctx.verify();
      expect(after.intact, `fault at ${failAt}: ${JSON.stringify(after.problems)}`).toBe(true);
      const now = actions(after.entries);
      // The old entries, then perhaps the lock entry, then this unlock.
      const withoutUnlock = now.slice(0, -1);
      expect([old, [...old, `${old.length + 1}:lock:`]], `fault at ${failAt}`).toContainEqual(withoutUnlock);
      expect(after.entries.at(-1)?.action).toBe('unlock');
    }
  });
});
