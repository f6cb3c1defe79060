/**
 * Locking: flush whatever is being written (sealed drafts), drop the key in main, then
 * reload the page. The reload is the point: it discards every decrypted object, React
 * state, search index and cache in one step, so the page holds no client text afterwards.
 */
import { api } from './api';
import { keepAuditSeal } from '../audit/audit-seal';
import { auditWaiting, recordAudit } from '../data/sealed-writes';

/** Saves what an editor holds; resolves false when that could not be saved (the text is still on screen). */
type Flusher = () => Promise<boolean>;
const flushers = new Set<Flusher>();

/** Editors register here so their last keystrokes are sealed before the key goes. */
export function registerFlusher(flush: Flusher): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Saves every open editor; resolves false if any could not save. */
export async function flushAll(): Promise<boolean> {
  const results = await Promise.allSettled([...flushers].map((f) => f()));
  return results.every((r) => r.status === 'fulfilled' && r.value);
}

/**
 * Kept across the reload that follows a lock: what the lock could not keep, so the next unlock
 * says so. A time and a count only, never text: session storage can reach disk.
 */
const LOST_AT_LOCK = 'holdspace.unsavedAtLock';
const AUDIT_LOST_AT_LOCK = 'holdspace.auditLostAtLock';

function remember(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the notice is lost, the lock goes ahead.
  }
}

function take(key: string): string | null {
  try {
    const value = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    return value;
  } catch {
    return null;
  }
}

export function rememberUnsavedAtLock(): void {
  remember(LOST_AT_LOCK, String(Date.now()));
}

/** Once, after an unlock: whether the last lock dropped note changes that could not be saved. */
export function takeUnsavedAtLock(): boolean {
  return take(LOST_AT_LOCK) !== null;
}

/** Audit entries still waiting when the key went: they can no longer be written. */
export function rememberAuditLostAtLock(count: number): void {
  if (count > 0) remember(AUDIT_LOST_AT_LOCK, String(count));
}

/** Once, after an unlock: how many audit entries the last lock had to leave unwritten. */
export function takeAuditLostAtLock(): number {
  const value = Number(take(AUDIT_LOST_AT_LOCK));
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** One more try at the audit entries waiting for the trail; how many still wait. */
export async function writeWaitingAudit(): Promise<number> {
  if (auditWaiting() > 0) await recordAudit(api(), []);
  return auditWaiting();
}

/** Why a lock the clinician asked for did not go ahead: what would be lost. */
export interface LockRefusal {
  unsavedDraft: boolean;
  auditWaiting: number;
}

let locking = false;

/**
 * Locks Holdspace. When an editor's latest changes cannot be saved first, or audit entries for
 * saved changes still cannot be written, a lock the clinician asked for (the button, Ctrl+L)
 * does not go ahead unless `force`d: it resolves with what would be lost so the screen can ask,
 * and the text stays on screen. A lock for being away (idle) goes ahead, since the key must not
 * stay in memory, and the next unlock says what was lost.
 */
export async function lockNow(
  reason: 'manual' | 'idle' | 'shortcut',
  options: { force?: boolean } = {},
): Promise<'locked' | LockRefusal> {
  if (locking) return 'locked';
  locking = true;
  let saved: boolean;
  try {
    saved = await flushAll();
  } catch {
    saved = false;
  }
  const waiting = await writeWaitingAudit();
  if ((!saved || waiting > 0) && reason !== 'idle' && !options.force) {
    locking = false;
    return { unsavedDraft: !saved, auditWaiting: waiting };
  }
  try {
    if (!saved) rememberUnsavedAtLock();
    rememberAuditLostAtLock(waiting);
    await keepAuditSeal();
    await api().vault.lock({ reason });
  } finally {
    clearDecryptedState();
  }
  return 'locked';
}

export function clearDecryptedState(): void {
  document.body.replaceChildren();
  window.location.reload();
}
