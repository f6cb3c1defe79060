import { useEffect, useState } from 'react';
import { ApiError, api, messageOf, unwrap } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';

export function UnlockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // On the page's monotonic clock: a wall clock set back mid-wait must not stretch the countdown.
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => performance.now());

  useEffect(() => {
    if (waitUntil <= now) return;
    const t = window.setTimeout(() => setNow(performance.now()), 500);
    return () => window.clearTimeout(t);
  }, [waitUntil, now]);

  const waitSeconds = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!secret) return setError(mode === 'passphrase' ? 'Enter your passphrase.' : 'Enter your recovery key.');
    setBusy(true);
    setError('');
    try {
      await unwrap(
        mode === 'passphrase'
          ? api().vault.unlock({ passphrase: secret })
          : api().vault.unlockWithRecoveryKey({ recoveryKey: secret }),
      );
      setSecret('');
      onUnlocked();
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof ApiError && e.retryAfterMs) {
        setWaitUntil(performance.now() + e.retryAfterMs);
        setNow(performance.now());
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} aria-labelledby="unlock-title" noValidate>
        <h1 id="unlock-title">Holdspace is locked</h1>
        <p>
          {mode === 'passphrase' ? 'Enter your passphrase to open your records.' : 'Enter the recovery key you saved at setup.'}
        </p>
        <label>
          {mode === 'passphrase' ? 'Passphrase' : 'Recovery key'}
          <input
            type={mode === 'passphrase' ? 'password' : 'text'}
            autoComplete={mode === 'passphrase' ? 'current-password' : 'off'}
            spellCheck={false}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoFocus
          />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" className="primary" disabled={busy || waitSeconds > 0}>
          {busy ? 'Unlocking…' : waitSeconds > 0 ? `Try again in ${waitSeconds} s` : 'Unlock'}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setMode(mode === 'passphrase' ? 'recovery' : 'passphrase');
            setSecret('');
            setError('');
          }}
        >
          {mode === 'passphrase' ? 'Use recovery key instead' : 'Use passphrase instead'}
        </button>
      </form>
    </main>
  );
}
