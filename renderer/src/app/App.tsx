import { useCallback, useEffect, useState } from 'react';
import { api, unwrap } from './api';
import { clearDecryptedState, flushAll } from './lock';
import { SetupScreen } from '../vault/SetupScreen';
import { UnlockScreen } from '../vault/UnlockScreen';
import { Shell } from '../shell/Shell';

type Phase =
  { name: 'loading' } | { name: 'setup' } | { name: 'locked' } | { name: 'unlocked' } | { name: 'error'; message: string };

export function App() {
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const status = await unwrap(api().vault.status({}));
      setPhase(
        status.state === 'uninitialised'
          ? { name: 'setup' }
          : status.state === 'locked'
            ? { name: 'locked' }
            : { name: 'unlocked' },
      );
    } catch (e) {
      setPhase({ name: 'error', message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onLocked = (): void => clearDecryptedState();
    const off = api().on('vault-locked', onLocked);
    // A lock started by the system (sleep, screen lock, idle): save what the editors hold, then say so.
    const offLocking = api().on('vault-locking', () => {
      void flushAll().finally(() => void api().vault.flushed({}));
    });
    window.addEventListener('holdspace-event:vault-locked', onLocked);
    return () => {
      off();
      offLocking();
      window.removeEventListener('holdspace-event:vault-locked', onLocked);
    };
  }, [refresh]);

  switch (phase.name) {
    case 'loading':
      return (
        <main className="centered" aria-busy="true">
          <p>Opening Holdspace…</p>
        </main>
      );
    case 'setup':
      return <SetupScreen onDone={() => setPhase({ name: 'unlocked' })} />;
    case 'locked':
      return <UnlockScreen onUnlocked={() => setPhase({ name: 'unlocked' })} />;
    case 'unlocked':
      return <Shell />;
    case 'error':
      return (
        <main className="centered">
          <div className="card" role="alert">
            <h1>Holdspace cannot open</h1>
            <p>{phase.message}</p>
          </div>
        </main>
      );
  }
}
