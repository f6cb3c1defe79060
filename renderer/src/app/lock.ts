/**
 * Locking: flush whatever is being written (sealed drafts), drop the key in main, then
 * reload the page. The reload is the point: it discards every decrypted object, React
 * state, search index and cache in one step, so the page holds no client text afterwards.
 */
import { api } from './api';
import { keepAuditSeal } from '../audit/audit-seal';

type Flusher = () => Promise<void>;
const flushers = new Set<Flusher>();

/** Editors register here so their last keystrokes are sealed before the key goes. */
export function registerFlusher(flush: Flusher): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

export async function flushAll(): Promise<void> {
  await Promise.allSettled([...flushers].map((f) => f()));
}

let locking = false;
export async function lockNow(reason: 'manual' | 'idle' | 'shortcut'): Promise<void> {
  if (locking) return;
  locking = true;
  try {
    await flushAll();
    await keepAuditSeal();
    await api().vault.lock({ reason });
  } finally {
    clearDecryptedState();
  }
}

export function clearDecryptedState(): void {
  document.body.replaceChildren();
  window.location.reload();
}
