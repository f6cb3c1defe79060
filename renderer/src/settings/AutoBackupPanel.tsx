import { useState } from 'react';
import type { BackupSchedule } from '../../../shared/backup/schedule';
import { api, messageOf, unwrap } from '../app/api';
import { useAutoBackup } from '../backup/auto-backup';
import { BackupReminder, BackupStatusLine } from '../backup/BackupStatus';
import { ErrorAlert } from '../ui/ErrorAlert';

const SCHEDULES: { value: string; label: string; schedule: BackupSchedule }[] = [
  { value: 'daily', label: 'Once a day, after unlocking', schedule: { kind: 'daily' } },
  { value: 'changes-15', label: 'After 15 minutes of changes', schedule: { kind: 'after-changes', minutes: 15 } },
  { value: 'changes-30', label: 'After 30 minutes of changes', schedule: { kind: 'after-changes', minutes: 30 } },
  { value: 'changes-60', label: 'After an hour of changes', schedule: { kind: 'after-changes', minutes: 60 } },
  { value: 'changes-240', label: 'After 4 hours of changes', schedule: { kind: 'after-changes', minutes: 240 } },
];
const valueOf = (s: BackupSchedule): string => (s.kind === 'daily' ? 'daily' : `changes-${s.minutes}`);

/**
 * Automatic backups: a folder the clinician chooses (an external drive, a synced folder) and
 * a schedule. Each backup is verified after it is written; the last 3 from today, one a day
 * for 14 days and one a month for 12 months are kept there, and nothing else in the folder is touched.
 */
export function AutoBackupPanel() {
  const { status, setStatus, runNow, progress, error: runError } = useAutoBackup();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const act = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const chooseFolder = () =>
    act(async () => {
      const result = await unwrap(api().autoBackup.chooseFolder({}));
      setStatus(result.status);
      // A new folder gets its first backup straight away.
      if (result.chosen) void runNow();
    });

  const failedRun = runError && !status?.reminder ? runError : '';
  return (
    <section className="card inline" aria-labelledby="auto-backup-title">
      <h2 id="auto-backup-title">Automatic backups</h2>
      <p className="muted">
        Holdspace writes an encrypted backup into a folder you choose (an external drive or a synced folder) in the background,
        checks each one after writing it, and keeps the last 3 from today, one a day for 14 days and one a month for 12 months.
        Other files in the folder are never touched.
      </p>
      {status && (
        <>
          <p>
            {status.folder ? (
              <>
                Backup folder: <code>{status.folder}</code>
              </>
            ) : (
              'No backup folder chosen: automatic backups are off.'
            )}
          </p>
          <div className="toolbar">
            <button type="button" onClick={() => void chooseFolder()} disabled={busy}>
              {status.folder ? 'Change backup folder…' : 'Choose backup folder…'}
            </button>
            {status.folder && (
              <>
                <button type="button" onClick={() => void runNow()} disabled={busy || progress !== null}>
                  Back up to the folder now
                </button>
                <button
                  type="button"
                  onClick={() => void act(async () => setStatus(await unwrap(api().autoBackup.turnOff({}))))}
                  disabled={busy || progress !== null}
                >
                  Turn off automatic backups
                </button>
              </>
            )}
          </div>
          <label>
            When to back up
            <select
              value={valueOf(status.schedule)}
              disabled={busy}
              onChange={(e) => {
                const chosen = SCHEDULES.find((s) => s.value === e.target.value);
                if (chosen)
                  void act(async () => setStatus(await unwrap(api().autoBackup.setSchedule({ schedule: chosen.schedule }))));
              }}
            >
              {SCHEDULES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <BackupStatusLine />
          <BackupReminder actionLabel="Try again now" />
        </>
      )}
      <ErrorAlert message={error || failedRun} />
    </section>
  );
}
