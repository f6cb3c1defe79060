import { useState } from 'react';
import { BackupSecretFields, backupSecret } from '../backup/BackupSecretFields';
import { displayDateTime } from '../../../shared/locale/format';
import { api, messageOf, unwrap } from '../app/api';
import { openBackup, replaceRecords } from '../data/restore';
import type { OpenedBackup } from '../data/restore';
import { ErrorAlert } from '../ui/ErrorAlert';
import { RestoreSummary } from '../backup/RestoreSummary';
import { RecordsWritten } from '../ui/RecordsWritten';

type Inspected = { fileName: string; createdAt: number; counts: Record<string, number> };

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * First run on a new (or rebuilt) computer: the clinician chooses a backup, opens it with the
 * passphrase or recovery key that was current when it was made, sees what it holds (and any
 * damage) and confirms. The backup's vault header becomes this computer's vault, unlocked.
 */
export function RestoreFromBackup({ onCancel, onRestored }: { onCancel: () => void; onRestored: () => void }) {
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [opened, setOpened] = useState<OpenedBackup | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [written, setWritten] = useState<{ done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = (): void => {
    setInspected(null);
    setOpened(null);
    setSecret('');
    setStatus('');
    void api().backup.cancel({});
  };

  const choose = async (): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      const result = await unwrap(api().backup.inspect({}));
      if (result.chosen && result.fileName && result.createdAt !== undefined && result.counts) {
        setOpened(null);
        setSecret('');
        setInspected({ fileName: result.fileName, createdAt: result.createdAt, counts: result.counts });
      }
    } catch (e) {
      setInspected(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const check = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!inspected) return;
    setBusy(true);
    setError('');
    setStatus('Checking the backup…');
    try {
      setOpened(await openBackup(backupSecret(useRecovery, secret), inspected.counts));
      setStatus('');
    } catch (e) {
      setStatus('');
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (): Promise<void> => {
    if (!opened) return;
    setWritten(null);
    setBusy(true);
    setError('');
    try {
      await replaceRecords(opened, setStatus, (done, total) => setWritten({ done, total }));
      setSecret('');
      onRestored();
    } catch (e) {
      setStatus('');
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="restore-title">
      <h1 id="restore-title">Restore from a backup</h1>
      <p>
        Choose a Holdspace backup file. It opens with the passphrase or recovery key that was current when the backup was made,
        and that passphrase opens Holdspace on this computer from then on.
      </p>
      {!inspected && (
        <div className="actions">
          <button type="button" onClick={onCancel} disabled={busy}>
            Back
          </button>
          <button type="button" className="primary" onClick={() => void choose()} disabled={busy}>
            Choose backup file…
          </button>
        </div>
      )}
      {inspected && !opened && (
        <form className="form-stack" onSubmit={check} aria-label="Open backup" noValidate>
          <p role="note">
            <strong>{inspected.fileName}</strong>, made {displayDateTime(inspected.createdAt, localZone())}.
          </p>
          <BackupSecretFields
            useRecovery={useRecovery}
            onUseRecovery={setUseRecovery}
            secret={secret}
            onSecret={setSecret}
            backup="this backup"
            autoFocus
          />
          <div className="actions">
            <button type="button" onClick={reset} disabled={busy}>
              Choose another file
            </button>
            <button type="submit" className="primary" disabled={busy || !secret}>
              Open backup
            </button>
          </div>
        </form>
      )}
      {inspected && opened && (
        <RestoreSummary createdAt={inspected.createdAt} counts={inspected.counts} opened={opened} timeZone={localZone()}>
          <div className="actions">
            <button type="button" onClick={reset} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void restore()} disabled={busy}>
              Restore these records
            </button>
          </div>
        </RestoreSummary>
      )}
      <ErrorAlert message={error} />
      <p role="status">{status}</p>
      {written && busy && <RecordsWritten done={written.done} total={written.total} />}
    </section>
  );
}
