/**
 * The audit trail's end marker cannot be moved without the key, the page cannot write
 * the actions main performs, and an app stopped between writing an entry and moving the
 * marker is not mistaken for a cut-off trail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { PASS, testServices } from './helpers/main-services';

async function trailWithEntries() {
  const s = testServices();
  await s.vault.create(PASS);
  for (let i = 0; i < 5; i++)
    await s.handlers['audit.record']({ events: [{ action: 'update', kind: 'note', recordId: `note-${i}` }] });
  const file = path.join(s.dataDir, 'audit', 'trail.jsonl');
  return { s, file };
}

describe('audit end marker', () => {
  it('cutting entries off the end and moving the marker back to match is reported', async () => {
    const { s, file } = await trailWithEntries();
    expect(s.audit.verify().intact).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const kept = lines.slice(0, -2);
    fs.writeFileSync(file, kept.join('\n') + '\n');
    const last = JSON.parse(kept.at(-1)!) as { seq: number; link: string };
    // The marker edited to the cut point, as the earlier review reproduced.
    s.store.set('auditHead', { seq: last.seq, link: last.link });
    expect(s.audit.verify().intact).toBe(false);
    // Nor does copying a marker field by field with a made-up tag help.
    s.store.set('auditHead', { seq: last.seq, link: last.link, mac: 'a'.repeat(64) });
    expect(s.audit.verify().intact).toBe(false);
  });

  it('a trail written past its marker (the app stopped before the marker moved) is taken in at unlock, not reported as cut off', async () => {
    const { s } = await trailWithEntries();
    const before = s.store.get('auditHead');
    await s.handlers['audit.record']({ events: [{ action: 'create', kind: 'note', recordId: 'note-late' }] });
    s.store.set('auditHead', before); // the marker's write never reached the disk, and the app stopped
    const restarted = testServices({ dataDir: s.dataDir, store: s.store });
    await restarted.vault.unlock(PASS);
    const { intact, entries, problems } = restarted.audit.verify();
    expect(problems).toEqual([]);
    expect(intact).toBe(true);
    expect(entries.some((e) => e.recordId === 'note-late')).toBe(true);
  });
});

describe('what the page may record', () => {
  const accepts = (event: Record<string, unknown>): boolean =>
    contract['audit.record'].input.safeParse({ events: [event] }).success;

  it('only record-level create, update, sign and delete (an import undone) of a named record', () => {
    for (const action of ['create', 'update', 'sign', 'delete'])
      expect(accepts({ action, kind: 'note', recordId: 'n-1' })).toBe(true);
    expect(accepts({ action: 'delete', kind: 'vault' })).toBe(false);
    for (const action of ['lock', 'unlock', 'restore', 'export', 'print']) {
      expect(accepts({ action, kind: 'vault' }), action).toBe(false);
      expect(accepts({ action, kind: 'note', recordId: 'n-1' }), action).toBe(false);
    }
    expect(accepts({ action: 'update', kind: 'note' })).toBe(false);
  });

  it('main records the lock, unlock and backup it performs itself', async () => {
    const { s } = await trailWithEntries();
    s.saveTo.push(path.join(s.dataDir, 'b.holdspace-backup'));
    const { token } = await s.handlers['backup.begin']({ dbVersion: 2, suggestedName: 'b' });
    await s.handlers['backup.finish']({ token: token! });
    s.vault.lock('manual');
    await s.vault.unlock(PASS);
    const actions = s.audit.verify().entries.map((e) => `${e.action}:${e.kind}`);
    expect(actions).toEqual(expect.arrayContaining(['export:backup', 'lock:vault', 'unlock:vault']));
  });
});
