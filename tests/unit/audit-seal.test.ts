/**
 * The copy of the audit trail's head kept with the records: putting the trail file and its
 * end marker (in the settings file) back to an earlier, genuine pair verifies on its own,
 * but no longer passes once the page hands back the head its records last saw.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditSeal } from '../../shared/audit';
import { MemoryStore } from '../../electron/main/services/kv-store';
import { Vault } from '../../electron/main/services/vault';
import { AuditTrail } from '../../electron/main/services/audit-trail';
import { FAST_KDF, PASS, codeOf, testServices } from './helpers/main-services';

const note = (i: number) => ({ action: 'update' as const, kind: 'note', recordId: `note-${i}` });

async function unlocked() {
  const s = testServices();
  await s.vault.create(PASS);
  const trailFile = path.join(s.dataDir, 'audit', 'trail.jsonl');
  /** The two files someone with the disk can copy and put back: the trail and the settings (its end marker). */
  const snapshot = () => ({ trail: fs.readFileSync(trailFile), head: structuredClone(s.store.get('auditHead')) });
  const putBack = (snap: ReturnType<typeof snapshot>) => {
    fs.writeFileSync(trailFile, snap.trail);
    s.store.set('auditHead', snap.head);
  };
  const seal = (stored: AuditSeal | 'unreadable' | null) => s.handlers['audit.seal']({ stored }) as { seal: AuditSeal | null };
  const verify = () =>
    s.handlers['audit.verify']({}) as { intact: boolean; entries: number; problems: { line: number; problem: string }[] };
  return { s, trailFile, snapshot, putBack, seal, verify };
}

describe('the copy of the audit trail’s head kept with the records', () => {
  it('reports a trail put back together with its end marker to an earlier copy as older than the records', async () => {
    const { s, snapshot, putBack, seal, verify } = await unlocked();
    s.handlers['audit.record']({ events: [note(1)] });
    const earlier = snapshot();
    s.handlers['audit.record']({ events: [note(2), note(3)] });
    // At lock the page keeps the head as it is now.
    const kept = seal(null).seal!;
    expect(kept.seq).toBeGreaterThanOrEqual(4);
    s.vault.lock('manual');

    // Someone with the disk puts back the earlier trail and settings file: a genuine, older pair.
    putBack(earlier);
    await s.vault.unlock(PASS);
    const alone = verify();
    expect(alone.intact).toBe(true); // the trail and its marker agree: this is what the copy is for

    // At unlock the page hands back what it kept.
    expect(seal(kept).seal).toBeNull();
    const checked = verify();
    expect(checked.intact).toBe(false);
    expect(checked.problems).toContainEqual(expect.objectContaining({ problem: 'older-than-records' }));

    // The page keeps its copy (no fresh one was given), so the next check still reports it: the trail has
    // grown again past the copy's point (this lock and unlock), with links other than those the records saw.
    s.vault.lock('manual');
    await s.vault.unlock(PASS);
    expect(seal(kept).seal).toBeNull();
    expect(verify().problems).toContainEqual(expect.objectContaining({ problem: 'not-records-trail' }));
  });

  it('an untouched trail passes, and the copy moves forward with it', async () => {
    const { s, seal, verify } = await unlocked();
    const first = seal(null).seal!;
    s.handlers['audit.record']({ events: [note(1)] });
    s.vault.lock('manual');
    await s.vault.unlock(PASS);
    const next = seal(first).seal!;
    expect(next.seq).toBeGreaterThan(first.seq);
    expect(verify()).toMatchObject({ intact: true, problems: [] });
    expect(seal(next).seal!.seq).toBe(next.seq);
  });

  it('a trail swapped for another of the same length, or a copy that is not this vault’s, is reported', async () => {
    const { s, trailFile, seal, verify } = await unlocked();
    s.handlers['audit.record']({ events: [note(1), note(2)] });
    const kept = seal(null).seal!;

    // A copy forged without the key (or altered on disk).
    expect(seal({ ...kept, seq: kept.seq + 5 }).seal).toBeNull();
    expect(verify().problems).toContainEqual(expect.objectContaining({ problem: 'not-records-trail' }));
    expect(seal('unreadable').seal).toBeNull();
    expect(verify().problems).toContainEqual(expect.objectContaining({ problem: 'not-records-trail' }));

    // Another vault's genuine trail of the same length put in place of this one (with its marker).
    const other = new Vault({ store: new MemoryStore(), kdf: FAST_KDF });
    await other.create(PASS);
    const otherFile = path.join(path.dirname(trailFile), 'other.jsonl');
    const otherTrail = new AuditTrail({ file: otherFile, vault: other, store: new MemoryStore() });
    otherTrail.append(Array.from({ length: kept.seq }, (_, i) => note(i)));
    fs.copyFileSync(otherFile, trailFile);
    expect(seal(kept).seal).toBeNull();
    expect(verify().problems).toContainEqual(expect.objectContaining({ problem: 'not-records-trail' }));
  });

  it('is handed out only while unlocked', async () => {
    const { s, seal } = await unlocked();
    s.vault.lock('manual');
    expect(await codeOf(() => seal(null))).toBe('LOCKED');
  });
});
