/**
 * The settings file is on a disk that fills up (or refuses writing): the automatic-backup
 * bookkeeping kept there (first change, last failure, last success) is best-effort. A seal
 * never fails because of it, a failed backup still says why it failed and waits before
 * trying again, and what could not be written is written with the next save that succeeds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../electron/main/dispatcher';
import type { KeyValueStore } from '../../electron/main/services/kv-store';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { MINUTE_MS } from '../../shared/backup/schedule';
import { PASS, testServices } from './helpers/main-services';

const ORIGIN = 'app://holdspace';
const START = Date.parse('2026-11-30T09:14:00Z');
const enospc = (): Error => Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });

afterEach(() => {
  vi.restoreAllMocks();
});

/** A settings store whose writes fail while `full` is set (only for `onlyKey` when given); reads still work. */
class FullDiskStore implements KeyValueStore {
  readonly inner = new MemoryStore();
  full = false;
  onlyKey: string | null = null;
  refused = 0;
  get(key: string): unknown {
    return this.inner.get(key);
  }
  set(key: string, value: unknown): void {
    if (this.full && (this.onlyKey === null || this.onlyKey === key)) {
      this.refused += 1;
      throw enospc();
    }
    this.inner.set(key, value);
  }
  delete(key: string): void {
    this.inner.delete(key);
  }
}

async function setUp() {
  let clock = START;
  const store = new FullDiskStore();
  const s = testServices({ store, now: () => clock });
  await s.vault.create(PASS);
  const dispatch = createDispatcher({ handlers: s.handlers, trustedOrigin: ORIGIN });
  const call = (channel: string, payload: unknown) => dispatch(`${ORIGIN}/index.html`, `holdspace:${channel}`, payload);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-auto-full-'));
  s.autoBackup.setFolder(folder);
  const row = (id: string) => ({
    id,
    v: 1,
    env: s.vault.seal([{ id, table: 'clients', schemaVersion: 1, plaintext: '{"name":"A client"}' }])[0]!,
  });
  const status = async () => {
    const r = await call('autoBackup.status', {});
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { lastFailure: { kind: string; attempts: number } | null; due: boolean; retryAt: number | null };
  };
  return {
    s,
    store,
    call,
    folder,
    row,
    status,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('a settings file that cannot be written', () => {
  it('never stops a seal: the first change is kept in memory and written later', async () => {
    const { s, store, call, advance } = await setUp();
    await s.handlers['autoBackup.setSchedule']({ schedule: { kind: 'after-changes', minutes: 15 } });
    // A backup exists, so only changes make the next one due.
    store.inner.set('autoBackup', {
      ...(store.get('autoBackup') as object),
      lastSuccess: { at: START - 1, records: 0, fileName: 'x', malformed: 0 },
    });
    store.full = true;
    const item = { id: 'd1', table: 'drafts', schemaVersion: 1, plaintext: '{"x":1}' };
    for (let i = 0; i < 3; i++) {
      const r = await call('vault.seal', { items: [item] });
      expect(r.ok).toBe(true);
      if (r.ok) expect((r.value as { envelopes: unknown[] }).envelopes).toHaveLength(1);
    }
    // One attempt to write it, not one per seal.
    expect(store.refused).toBe(1);
    expect((store.get('autoBackup') as { firstChangeAt: number | null }).firstChangeAt).toBeNull();
    // The schedule still counts the change held in memory.
    advance(16 * MINUTE_MS);
    const st = await call('autoBackup.status', {});
    expect(st.ok && (st.value as { due: boolean }).due).toBe(true);
    // Room again: the next bookkeeping write carries it to the file.
    store.full = false;
    await s.handlers['autoBackup.setSchedule']({ schedule: { kind: 'after-changes', minutes: 30 } });
    expect((store.get('autoBackup') as { firstChangeAt: number | null }).firstChangeAt).toBe(START);
  });

  it('a backup that fails on a full drive says the drive is full, is shown as failed and waits before trying again', async () => {
    const { store, call, folder, row, status, advance } = await setUp();
    const begun = await call('autoBackup.begin', { dbVersion: 2 });
    if (!begun.ok) throw new Error(begun.error.message);
    const { token } = begun.value as { token: string };
    // The disk fills: the backup's write and the settings write both fail.
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw enospc();
    });
    store.full = true;
    const r = await call('autoBackup.append', { token, table: 'clients', rows: [row('c1')] });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED', message: expect.stringMatching(/drive is full/) } });
    const after = await status();
    expect(after.lastFailure).toMatchObject({ kind: 'full', attempts: 1 });
    expect(after.due).toBe(false);
    expect(after.retryAt).toBe(START + 5 * MINUTE_MS);
    // No partial file left in the folder.
    expect(fs.readdirSync(folder).filter((f) => !f.endsWith('.partial'))).toEqual([]);

    // Later, still full: the next attempt is refused the same way and counts as the second.
    advance(5 * MINUTE_MS);
    expect((await status()).due).toBe(true);
    const again = await call('autoBackup.begin', { dbVersion: 2 });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED', message: expect.stringMatching(/drive is full/) } });
    expect((await status()).lastFailure).toMatchObject({ kind: 'full', attempts: 2 });
    expect((await status()).retryAt).toBe(START + 15 * MINUTE_MS);

    // Room again: the failure is written with the next save that succeeds.
    vi.restoreAllMocks();
    store.full = false;
    await call('autoBackup.setSchedule', { schedule: { kind: 'daily' } });
    expect((store.get('autoBackup') as { lastFailure: unknown }).lastFailure).toMatchObject({ kind: 'full', attempts: 2 });
  });

  it('a backup made and verified counts even when the settings file cannot record it', async () => {
    const { store, call, folder, row, status } = await setUp();
    // Only this bookkeeping is refused here (the audit trail's own head is not this service's to soften).
    store.onlyKey = 'autoBackup';
    const begun = await call('autoBackup.begin', { dbVersion: 2 });
    if (!begun.ok) throw new Error(begun.error.message);
    const { token } = begun.value as { token: string };
    await call('autoBackup.append', { token, table: 'clients', rows: [row('c1')] });
    store.full = true;
    const done = await call('autoBackup.finish', { token });
    expect(done).toMatchObject({ ok: true, value: { records: 1 } });
    expect(fs.readdirSync(folder)).toHaveLength(1);
    const after = await status();
    expect(after.lastFailure).toBeNull();
    expect(after.due).toBe(false);
  });
});
