import { useState } from 'react';
import { BackupSecretFields, backupSecret } from '../backup/BackupSecretFields';
import type { ChannelOutput } from '../../../shared/contract';
import { displayCount, displayDateTime } from '../../../shared/locale/format';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { describeCounts } from '../backup/RestoreSummary';
import { ErrorAlert } from '../ui/ErrorAlert';

type CheckResult = ChannelOutput<'backup.check'>;
type Problem = Extract<CheckResult, { outcome: 'problem' }>['problem'];

/** What is wrong with a file, in words a clinician can act on. */
const PROBLEM: Record<Problem, string> = {
  'not-backup': 'This file is not a Holdspace backup.',
  empty: 'This file is empty: it holds no backup.',
  truncated:
    'This backup is incomplete: the file ends before the backup does. It was probably cut short while it was being copied or written (a drive removed too early, a sync that did not finish). Do not rely on it.',
  changed:
    'This backup has been changed or damaged since Holdspace wrote it: its contents no longer match its seal. Do not rely on it; use another backup.',
  unreadable: 'Holdspace could not read this file. Check that the drive it is on is connected, and try again.',
  newer: 'This backup was made by a newer version of Holdspace. Install the newer version to check or restore it.',
  older:
    'This backup was made by an earlier version of Holdspace, whose backups cannot be checked for changes. Make a new backup with this version.',
};

/**
 * "Check a backup": verifies any backup file without restoring it. A backup of this vault is
 * checked with the key already unlocked; another vault's asks for that backup's passphrase.
 */
export function CheckBackup() {
  const { settings } = useSession();
  const tz = settings.timeZone;
  const [result, setResult] = useState<CheckResult | null>(null);
  const [secret, setSecret] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const run = async (call: () => Promise<CheckResult>): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      const next = await call();
      if (next.outcome !== 'cancelled') setResult(next);
      if (next.outcome !== 'other-vault') setSecret('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const made = (createdAt: number | undefined): string =>
    createdAt === undefined ? '' : ` It says it was made ${displayDateTime(createdAt, tz)}.`;

  return (
    <section className="card inline" aria-labelledby="check-backup-title">
      <h2 id="check-backup-title">Check a backup</h2>
      <p className="muted">
        Checks that a backup file is complete and unchanged, without restoring it or changing anything on this computer.
      </p>
      <button
        type="button"
        onClick={() => {
          setResult(null);
          void run(() => unwrap(api().backup.check({})));
        }}
        disabled={busy}
      >
        Check a backup…
      </button>
      {busy && <p role="status">Checking the backup…</p>}
      {result?.outcome === 'verified' && (
        <div className="notice" role="status" aria-label="Backup check result">
          <p>
            <strong>Verified.</strong> {result.fileName} was made {displayDateTime(result.createdAt, tz)} and holds{' '}
            {displayCount(result.records)} {result.records === 1 ? 'record' : 'records'} ({describeCounts(result.counts)}). Every
            part of it is complete and unchanged
            {result.ownVault ? '; it opens with your passphrase.' : '; it opens with the passphrase you entered.'}
          </p>
          {result.malformed > 0 && (
            <p>
              {displayCount(result.malformed)} {result.malformed === 1 ? 'record was' : 'records were'} already damaged on the
              computer that made it; restoring would keep them, unopened.
            </p>
          )}
        </div>
      )}
      {result?.outcome === 'problem' && (
        <div className="warning" role="alert" aria-label="Backup check result">
          <p>
            <strong>Not verified.</strong> {result.fileName}: {PROBLEM[result.problem]}
            {made(result.createdAt)}
          </p>
        </div>
      )}
      {result?.outcome === 'other-vault' && (
        <form
          className="form-stack"
          aria-label="Check another vault's backup"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => unwrap(api().backup.checkWithSecret(backupSecret(useRecovery, secret))));
          }}
        >
          <p role="note">
            {result.fileName} was made {displayDateTime(result.createdAt, tz)} by another Holdspace vault (another computer, or
            this one before a restore), so your passphrase cannot check it. Enter the passphrase or recovery key that was current
            when it was made.
          </p>
          <BackupSecretFields
            useRecovery={useRecovery}
            onUseRecovery={setUseRecovery}
            secret={secret}
            onSecret={setSecret}
            backup="the backup to check"
          />
          <div className="actions">
            <button type="button" onClick={() => setResult(null)} disabled={busy}>
              Cancel check
            </button>
            <button type="submit" className="primary" disabled={busy || !secret}>
              Check with this passphrase
            </button>
          </div>
        </form>
      )}
      <ErrorAlert message={error} />
    </section>
  );
}
