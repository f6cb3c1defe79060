/**
 * How the automatic backup stands, in the clinician's words and format: "Last backup 09:14
 * today, verified, 140,759 records", a backup under way with its progress, and a reminder
 * when one failed or was missed, with "Back up now". Shown in Settings and on Today.
 */
import type { BackupFailureKind } from '../../../shared/backup/schedule';
import { displayCount, displayTime, displayWhen } from '../../../shared/locale/format';
import { useSession } from '../app/session';
import { useAutoBackup } from './auto-backup';
import type { AutoBackupStatus } from './auto-backup';

const records = (n: number): string => `${displayCount(n)} ${n === 1 ? 'record' : 'records'}`;

/** What went wrong, and what the clinician can do about it. */
export function failureWords(kind: BackupFailureKind, folder: string): string {
  switch (kind) {
    case 'unreachable':
      return `Holdspace could not reach the backup folder (${folder}). If it is on a drive that is unplugged or a network folder that is offline, connect it.`;
    case 'denied':
      return `Holdspace is not allowed to write in the backup folder (${folder}). Allow it, or choose another folder.`;
    case 'full':
      return `The drive holding the backup folder (${folder}) is full. Free some space there, or choose another folder.`;
    case 'verify-failed':
      return `The last backup did not read back correctly from the backup folder (${folder}), so it was not kept. The drive may be failing.`;
    case 'interrupted':
      return 'The last backup was interrupted before it finished.';
    case 'other':
      return `Holdspace could not write a backup in the backup folder (${folder}).`;
  }
}

export function lastBackupLine(status: AutoBackupStatus, now: number, timeZone: string): string {
  const last = status.lastSuccess;
  if (!last) return status.folder ? 'No backup has been made in this folder yet.' : 'Automatic backups are off.';
  const damaged = last.malformed > 0 ? ` (${records(last.malformed)} in it were already damaged on this computer)` : '';
  return `Last backup ${displayWhen(last.at, now, timeZone)}, verified, ${records(last.records)}${damaged}.`;
}

/** The line under way or done, for Settings. */
export function BackupStatusLine() {
  const { settings } = useSession();
  const { status, progress } = useAutoBackup();
  if (!status) return null;
  return (
    <p role="status" aria-label="Automatic backup">
      {progress
        ? `Backing up in the background… ${displayCount(progress.copied)} of ${records(progress.total)}`
        : lastBackupLine(status, Date.now(), settings.timeZone)}
    </p>
  );
}

/** A failed or missed backup, said plainly with what happens next; nothing when all is well. */
export function BackupReminder({ actionLabel = 'Back up now' }: { actionLabel?: string }) {
  const { settings } = useSession();
  const { status, progress, runNow } = useAutoBackup();
  if (!status?.reminder || !status.folder) return null;
  const tz = settings.timeZone;
  const now = Date.now();
  const { reminder } = status;
  const last =
    reminder.lastSuccessAt === null
      ? 'No backup has been made there yet.'
      : `Your last backup was ${displayWhen(reminder.lastSuccessAt, now, tz)}.`;
  return (
    <div className="warning backup-reminder" role="alert" aria-label="Backup reminder">
      {reminder.kind === 'failed' ? (
        <p>
          The automatic backup did not work. {failureWords(reminder.failure, status.folder)}{' '}
          {status.retryAt !== null ? `Holdspace will try again at ${displayTime(status.retryAt, tz)}. ` : ''}Nothing is lost: your
          records are safe on this computer and earlier backups are as they were. {last}
        </p>
      ) : (
        <p>A backup is overdue. {last} Check the backup folder is connected, then back up now.</p>
      )}
      <button type="button" onClick={() => void runNow()} disabled={progress !== null}>
        {progress ? 'Backing up…' : actionLabel}
      </button>
    </div>
  );
}
