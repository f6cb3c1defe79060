/**
 * A change is saved but the audit trail cannot be written (a full disk under it, a refused
 * file): the save is not reported as failed, since the record is stored and trying again would
 * store it twice; its audit events wait, in order, and are written first once the trail can be.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, expect, it, vi } from 'vitest';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import { createRepositories } from '../../renderer/src/data/repositories';
import { onAuditBacklog, recordAudit } from '../../renderer/src/data/sealed-writes';
import { createClient } from '../../renderer/src/clients/actions';
import { signNote } from '../../renderer/src/notes/actions';
import { signableDraft } from './helpers/notes';
import { realApi } from './helpers/records-api';

afterEach(() => vi.restoreAllMocks());

/** The trail's file refuses to open for appending, as on a full disk, until `heal` is called. */
function failTrail(dataDir: string, code: 'ENOSPC' | 'EACCES'): { heal: () => void } {
  const trail = path.join(dataDir, 'audit', 'trail.jsonl');
  const real = fs.openSync;
  const spy = vi.spyOn(fs, 'openSync').mockImplementation(((...args: Parameters<typeof fs.openSync>) => {
    if (String(args[0]) === trail && args[1] === 'a+') throw Object.assign(new Error(code), { code });
    return (real as (...a: unknown[]) => number)(...args);
  }) as typeof fs.openSync);
  return { heal: () => spy.mockRestore() };
}

it('a client saved while the trail cannot be written is saved once, and its entry is written before the next', async () => {
  const { api, services } = await realApi();
  const db = await openDatabase(new HoldspaceDb(`backlog-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange }));
  const repos = createRepositories(db, api);
  const waiting: number[] = [];
  const stop = onAuditBacklog((n) => waiting.push(n));

  const fault = failTrail(services.dataDir, 'ENOSPC');
  const first = await createClient({ repos, api }, { name: 'Jordan Example' } as never);
  expect(await db.clients.count()).toBe(1);
  expect(waiting.at(-1)).toBe(1);

  fault.heal();
  const second = await createClient({ repos, api }, { name: 'Sam Example' } as never);
  expect(waiting.at(-1)).toBe(0);
  stop();
  const page = await api.audit.list({ limit: 50 });
  if (!page.ok) throw new Error(page.error.message);
  const creates = page.value.entries.filter((e) => e.action === 'create').map((e) => e.recordId);
  // Newest first: the second client's entry after the first's.
  expect(creates).toEqual([second.id, first.id]);
});

it('a note signed while the trail cannot be written stays signed, and its sign entry with its hash is written later', async () => {
  const { api, services } = await realApi();
  const db = await openDatabase(new HoldspaceDb(`backlog-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange }));
  const repos = createRepositories(db, api);
  const T0 = Date.UTC(2026, 2, 10, 10);
  const draft = signableDraft(T0);
  await repos.drafts.save([draft]);

  const fault = failTrail(services.dataDir, 'EACCES');
  await signNote({ repos, api }, draft, { now: T0 + 3_600_000 });
  expect(await db.notes.count()).toBe(1);
  expect(await db.drafts.count()).toBe(0);

  fault.heal();
  await recordAudit(api, []);
  const page = await api.audit.list({ limit: 50 });
  if (!page.ok) throw new Error(page.error.message);
  const sign = page.value.entries.find((e) => e.action === 'sign');
  expect(sign).toMatchObject({ kind: 'note', recordId: 'note-1', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
});
