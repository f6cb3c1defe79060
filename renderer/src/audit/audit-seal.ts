/**
 * The copy of the audit trail's head kept with the records (IndexedDB `meta`). Main hands
 * out a sealed copy of the trail's head at unlock and at lock; at each unlock the page
 * hands it back and main checks the trail still reaches it. Someone who puts the trail
 * file and its end marker back to an earlier copy must then put the records back too.
 */
import { auditSealSchema } from '../../../shared/audit';
import { api, unwrap } from '../app/api';
import { database } from '../data/db';

export const AUDIT_SEAL_KEY = 'auditSeal';

/** Hands the kept copy to main for checking and keeps the fresh one it returns (none while a problem stands). */
export async function checkAndKeepAuditSeal(): Promise<void> {
  const db = database();
  const kept = await db.meta.get(AUDIT_SEAL_KEY);
  const parsed = kept === undefined ? null : auditSealSchema.safeParse(kept.value);
  const stored = parsed === null ? null : parsed.success ? parsed.data : ('unreadable' as const);
  const { seal } = await unwrap(api().audit.seal({ stored }));
  if (seal) await db.meta.put({ key: AUDIT_SEAL_KEY, value: seal });
}

/** The same, never failing: at unlock and lock a failure only means the copy is refreshed next time. */
export async function keepAuditSeal(): Promise<void> {
  try {
    await checkAndKeepAuditSeal();
  } catch {
    // Checked again at the next unlock.
  }
}
