import { useState } from 'react';
import { BackupSecretFields, backupSecret } from '../backup/BackupSecretFields';
import { ApiError, api, messageOf, unwrap } from '../app/api';
import { copySealedRows } from '../data/backup-rows';
import { RestoreSummary } from '../backup/RestoreSummary';
import { LATEST_VERSION } from '../data/schema';
import { openBackup, replaceRecords } from '../data/restore';
import type { OpenedBackup } from '../data/restore';
import { displayDateTime } from '../../../shared/locale/format';
import { useSession } from '../app/session';
import { localDateKey } from '../../../shared/balance/zone';
import { RecordsWritten } from '../ui/RecordsWritten';

/** Rows per backup message: small enough for any IPC, large enough to be quick. */
const CHUNK = 5_000;
type Inspected = { fileName: string; createdAt: number; counts: Record<string, number> };
type Opened = OpenedBackup;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Backup copies the sealed rows as they are (nothing is decrypted) with the vault header
 * and audit trail. Restore replaces everything on this computer after the backup's own
 * passphrase or recovery key has opened it.
 */
export function BackupPanel() {
  const { settings } = useSession();
  const [status, setStatus] = useState('');
  const [written, setWritten] = useState<{ done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [secret, setSecret] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [current, setCurrent] = useState('');
  const [damage, setDamage] = useState<Opened | null>(null);
  const [restoredWithDamage, setRestoredWithDamage] = useState<number | null>(null);

  const backUp = async (): Promise<void> => {
    setBusy(true);
    setStatus('Preparing the backup…');
    try {
      const { token } = await unwrap(
        api().backup.begin({
          dbVersion: LATEST_VERSION,
          suggestedName: `Holdspace backup ${localDateKey(Date.now(), settings.timeZone)}.holdspace-backup`,
        }),
      );
      if (!token) {
        setStatus('Backup cancelled.');
        return;
      }
      await copySealedRows({
        pageSize: CHUNK,
        send: async (table, rows) => void (await unwrap(api().backup.append({ token, table, rows }))),
        onProgress: (copied) => setStatus(`Backing up… ${copied} records`),
      });
      const result = await unwrap(api().backup.finish({ token }));
      setStatus(
        `Backup saved as ${result.fileName} (${result.records} records, all still encrypted), and read back to check it.`,
      );
    } catch (e) {
      setStatus(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = async (): Promise<void> => {
    setBusy(true);
    setStatus('');
    try {
      const result = await unwrap(api().backup.inspect({}));
      if (result.chosen && result.fileName && result.createdAt !== undefined && result.counts) {
        setInspected({ fileName: result.fileName, createdAt: result.createdAt, counts: result.counts });
      }
    } catch (e) {
      setStatus(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const cancelRestore = (): void => {
    setInspected(null);
    setDamage(null);
    setSecret('');
    setCurrent('');
    void api().backup.cancel({});
  };

  const replace = async (opened: Opened): Promise<void> => {
    setWritten(null);
    setBusy(true);
    try {
      await replaceRecords(opened, setStatus, (done, total) => setWritten({ done, total }));
      setSecret('');
      setCurrent('');
      setInspected(null);
      setDamage(null);
      if (opened.damaged > 0) {
        // The clinician reads this, then reloads when ready.
        setRestoredWithDamage(opened.damaged);
        setStatus('');
      } else {
        setStatus('Restored. Reloading…');
        window.setTimeout(() => window.location.reload(), 300);
      }
    } catch (err) {
      setStatus(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (!inspected) return;
    setBusy(true);
    setStatus('Checking the backup…');
    try {
      const opened = await openBackup(backupSecret(useRecovery, secret), inspected.counts, current);
      if (opened.damaged > 0) {
        // Said before anything is replaced; the clinician decides.
        setDamage(opened);
        setStatus('');
        return;
      }
      await replace(opened);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CORRUPT_BACKUP') cancelRestore();
      setStatus(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card inline" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup and restore</h2>
      <p className="muted">
        A backup holds your records exactly as they are stored: encrypted. Keep it on an encrypted drive; it opens only with your
        passphrase or recovery key.
      </p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => void backUp()} disabled={busy}>
          Back up now
        </button>
        <button type="button" onClick={() => void choose()} disabled={busy}>
          Restore from a backup…
        </button>
      </div>
      {restoredWithDamage !== null && (
        <div className="warning" role="alert">
          <p>
            Restored. {plural(restoredWithDamage, 'damaged record was', 'damaged records were')} kept but cannot be opened; each
            says so where it appears.
          </p>
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            Continue
          </button>
        </div>
      )}
      {damage && inspected && (
        <RestoreSummary createdAt={inspected.createdAt} counts={inspected.counts} opened={damage} timeZone={settings.timeZone}>
          <div className="actions">
            <button type="button" onClick={cancelRestore} disabled={busy}>
              Cancel restore
            </button>
            <button type="button" className="danger" onClick={() => void replace(damage)} disabled={busy}>
              Restore anyway
            </button>
          </div>
        </RestoreSummary>
      )}
      {inspected && !damage && (
        <form className="form-stack" onSubmit={restore} aria-label="Restore backup">
          <div className="warning" role="note">
            Restoring <strong>{inspected.fileName}</strong> (made {displayDateTime(inspected.createdAt, settings.timeZone)},{' '}
            {Object.values(inspected.counts).reduce((a, b) => a + b, 0)} records) replaces everything in Holdspace on this
            computer. Back up the current records first if you may need them.
          </div>
          <BackupSecretFields
            useRecovery={useRecovery}
            onUseRecovery={setUseRecovery}
            secret={secret}
            onSecret={setSecret}
            backup="this backup"
          />
          <label>
            Your current passphrase (on this computer)
            <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="off" />
          </label>
          <div className="actions">
            <button type="button" onClick={cancelRestore}>
              Cancel
            </button>
            <button type="submit" className="danger" disabled={busy || !secret || !current}>
              Replace my records with this backup
            </button>
          </div>
        </form>
      )}
      <p role="status">{status}</p>
      {written && busy && <RecordsWritten done={written.done} total={written.total} />}
    </section>
  );
}
