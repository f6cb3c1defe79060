/**
 * Locking: flush whatever is being written (sealed drafts), drop the key in main, then
 * reload the page. The reload is the point: it discards every decrypted object, React
 * state, search index and cache in one step, so the page holds no client text afterwards.
 */
import { api } from './api';
import { keepAuditSeal } from '../audit/audit-seal';

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
 * Kept across the reload that follows a lock: the lock could not save an editor's latest
 * changes, so the next unlock says so. A time only, never text: session storage can reach disk.
 */
const LOST_AT_LOCK = 'holdspace.unsavedAtLock';

export function rememberUnsavedAtLock(): void {
  try {
    sessionStorage.setItem(LOST_AT_LOCK, String(Date.now()));
  } catch {
    // Storage unavailable: the notice is lost, the lock goes ahead.
  }
}

/** Once, after an unlock: whether the last lock dropped note changes that could not be saved. */
export function takeUnsavedAtLock(): boolean {
  try {
    const at = sessionStorage.getItem(LOST_AT_LOCK);
    sessionStorage.removeItem(LOST_AT_LOCK);
    return at !== null;
  } catch {
    return false;
  }
}

let locking = false;

/**
 * Locks Holdspace. When an editor's latest changes cannot be saved first, a lock the clinician
 * asked for (the button, Ctrl+L) does not go ahead unless `force`d: it resolves 'unsaved' so the
 * screen can ask, and the text stays on screen. A lock for being away (idle) goes ahead, since
 * the key must not stay in memory, and the next unlock says what was lost.
 */
export async function lockNow(
  reason: 'manual' | 'idle' | 'shortcut',
  options: { force?: boolean } = {},
): Promise<'locked' | 'unsaved'> {
  if (locking) return 'locked';
  locking = true;
  let saved: boolean;
  try {
    saved = await flushAll();
  } catch {
    saved = false;
  }
  if (!saved && reason !== 'idle' && !options.force) {
    locking = false;
    return 'unsaved';
  }
  try {
    if (!saved) rememberUnsavedAtLock();
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
