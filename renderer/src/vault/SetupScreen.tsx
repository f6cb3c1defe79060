import { useEffect, useId, useState } from 'react';
import type { PassphraseAssessment } from '../../../shared/passphrase';
import { assessPassphrase } from '../../../shared/passphrase';
import { api, messageOf, unwrap } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { RestoreFromBackup } from './RestoreFromBackup';

export function SetupScreen({ onDone }: { onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [assessment, setAssessment] = useState<PassphraseAssessment | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const meterId = useId();

  useEffect(() => {
    let live = true;
    if (passphrase === '') {
      setAssessment(null);
      return;
    }
    void assessPassphrase(passphrase).then((a) => live && setAssessment(a));
    return () => {
      live = false;
    };
  }, [passphrase]);

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    setError('');
    const a = await assessPassphrase(passphrase);
    if (!a.acceptable) return setError(a.reason);
    if (passphrase !== confirm) return setError('The two passphrases do not match.');
    setBusy(true);
    try {
      const { recoveryKey: key } = await unwrap(api().vault.create({ passphrase }));
      setPassphrase('');
      setConfirm('');
      setRecoveryKey(key);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (restoring) {
    return (
      <main className="centered">
        <RestoreFromBackup onCancel={() => setRestoring(false)} onRestored={onDone} />
      </main>
    );
  }

  if (recoveryKey) {
    return (
      <main className="centered">
        <section className="card wide" aria-labelledby="recovery-title">
          <h1 id="recovery-title">Your recovery key</h1>
          <p>
            This key unlocks Holdspace if you forget your passphrase. It is shown <strong>only once</strong>. Write it down or
            print it, and keep it somewhere safe and separate from this laptop.
          </p>
          <p className="recovery-key" aria-label="Recovery key" tabIndex={0}>
            {recoveryKey}
          </p>
          <div className="warning" role="note">
            Without your passphrase or this recovery key, your records cannot be recovered by anyone, including us.
          </div>
          <label className="check">
            <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />I have saved my recovery key
            somewhere safe
          </label>
          <button
            type="button"
            className="primary"
            disabled={!saved}
            onClick={() => {
              setRecoveryKey(null);
              onDone();
            }}
          >
            Continue to Holdspace
          </button>
        </section>
      </main>
    );
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} aria-labelledby="setup-title" noValidate>
        <h1 id="setup-title">Welcome to Holdspace</h1>
        <p>
          Choose a passphrase. Everything you record is encrypted with it and never leaves this computer. A few unrelated words
          make a strong, memorable passphrase.
        </p>
        <label>
          Passphrase
          <input
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            aria-describedby={meterId}
            autoFocus
          />
        </label>
        <div id={meterId} className="meter" aria-live="polite">
          {assessment ? (
            <>
              <meter min={0} max={4} value={assessment.score} aria-label="Passphrase strength" />
              <span>
                Strength: {assessment.label}
                {assessment.reason ? `. ${assessment.reason}` : ''}
              </span>
            </>
          ) : (
            <span>At least 12 characters.</span>
          )}
        </div>
        <label>
          Confirm passphrase
          <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating your vault…' : 'Create encrypted vault'}
        </button>
        <p className="muted">Moving to a new computer, or was your laptop lost or replaced?</p>
        <button type="button" onClick={() => setRestoring(true)} disabled={busy}>
          Restore from a backup…
        </button>
      </form>
    </main>
  );
}
