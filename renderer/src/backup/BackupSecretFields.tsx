/**
 * What opens a backup: its passphrase, or the recovery key that was current when it was made.
 * One fieldset for the three places that ask (restore at first run, restore in Settings, Check
 * a backup from another vault).
 */

export type BackupSecret = { passphrase: string } | { recoveryKey: string };

export function backupSecret(useRecovery: boolean, secret: string): BackupSecret {
  return useRecovery ? { recoveryKey: secret.trim() } : { passphrase: secret };
}

export function BackupSecretFields(props: {
  useRecovery: boolean;
  onUseRecovery: (useRecovery: boolean) => void;
  secret: string;
  onSecret: (secret: string) => void;
  /** Ends each label: "Passphrase for this backup", "Recovery key for the backup to check". */
  backup: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={props.useRecovery} onChange={(e) => props.onUseRecovery(e.target.checked)} />
        Use the recovery key instead
      </label>
      <label>
        {props.useRecovery ? `Recovery key for ${props.backup}` : `Passphrase for ${props.backup}`}
        <input
          type={props.useRecovery ? 'text' : 'password'}
          value={props.secret}
          onChange={(e) => props.onSecret(e.target.value)}
          autoComplete="off"
          autoFocus={props.autoFocus}
        />
      </label>
    </>
  );
}
