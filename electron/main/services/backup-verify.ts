/**
 * Verifies a backup file without restoring it and without decrypting a single record: the
 * whole-file HMAC chain is checked (so any change, loss or reordering of a line is found),
 * every row's envelope is checked for its structure (the vault's key id, the cipher, a
 * 12-byte nonce, a ciphertext at least as long as its 16-byte tag, no id twice in a table),
 * and the rows are counted. Used after every automatic backup, and by "Check a backup".
 */
import { backupMacKey, readBackup, readBackupHead } from './backup';
import type { BackupProblem } from './backup';
import { BackupFileError } from './backup';
import type { VaultHeader } from './vault';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const decodedLength = (text: string): number => {
  if (!BASE64.test(text) || text.length % 4 !== 0) return -1;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
};

export interface VerifiedBackup {
  createdAt: number;
  dbVersion: number;
  keyId: string;
  records: number;
  counts: Record<string, number>;
  /** Rows whose envelope is not well formed (already so on the computer that made it): kept, but they will not open. */
  malformed: number;
}

export type VerifyOutcome = { ok: true; backup: VerifiedBackup } | { ok: false; problem: BackupProblem; createdAt?: number };

/** Authenticates the whole file with `macKey` and checks every envelope; never throws for a bad file. */
export async function verifyBackupFile(file: string, macKey: Buffer): Promise<VerifyOutcome> {
  let keyId = '';
  let malformed = 0;
  const seen = new Map<string, Set<string>>();
  let head: { createdAt: number; vault: VaultHeader } | null = null;
  try {
    head = await readBackupHead(file);
    keyId = head.vault.keyId;
    const { index } = await readBackup(file, {
      macKey,
      onChunk: ({ table, rows }) => {
        let ids = seen.get(table);
        if (!ids) seen.set(table, (ids = new Set()));
        for (const row of rows) {
          const env = row.env;
          const ok = env.kid === keyId && decodedLength(env.iv) === 12 && decodedLength(env.ct) >= 16 && !ids.has(row.id);
          ids.add(row.id);
          if (!ok) malformed += 1;
        }
      },
    });
    return {
      ok: true,
      backup: {
        createdAt: index.createdAt,
        dbVersion: index.dbVersion,
        keyId,
        records: index.rows,
        counts: index.counts,
        malformed,
      },
    };
  } catch (error) {
    const problem: BackupProblem = error instanceof BackupFileError ? error.problem : 'changed';
    return head ? { ok: false, problem, createdAt: head.createdAt } : { ok: false, problem };
  }
}

/** The same check with a data key (this vault's, or one a backup's passphrase unwrapped). */
export async function verifyWithDataKey(file: string, dataKey: Buffer): Promise<VerifyOutcome> {
  const macKey = backupMacKey(dataKey);
  try {
    return await verifyBackupFile(file, macKey);
  } finally {
    macKey.fill(0);
  }
}
