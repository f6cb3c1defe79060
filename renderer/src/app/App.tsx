import { useCallback, useEffect, useState } from 'react';
import { api, unwrap } from './api';
import { RECORD_TABLES } from '../../../shared/envelope';
import { database, findRecordsDatabase } from '../data/db';
import { clearDecryptedState, flushAll, rememberAuditLostAtLock, rememberUnsavedAtLock, writeWaitingAudit } from './lock';
import { SetupScreen } from '../vault/SetupScreen';
import { UnlockScreen } from '../vault/UnlockScreen';
import { Shell } from '../shell/Shell';
import { settleInterruptedRestore } from '../data/restore';
import { keepAuditSeal } from '../audit/audit-seal';

const RESTORE_FINISHED =
  'Holdspace stopped while it was restoring a backup, after your records had been replaced. The restore has now been finished: unlock with the passphrase or recovery key of that backup.';
const RESTORE_UNDONE =
  'Holdspace stopped while it was restoring a backup, before any record had been replaced. Nothing was changed; you can restore it again.';
const HEADER_COPY_KEY = 'vaultHeader';
const MISSING_HEADER =
  "Your records are on this computer, but the settings file holding the key that opens them is missing or damaged, and no copy of it was found. Setting up again would hide them, so Holdspace has not done that. Restore the settings file from this computer's own backup, then open Holdspace again.";

/** A copy of the vault header (wrapped keys, KDF parameters: nothing secret) kept with the records. */
async function keepHeaderCopy(): Promise<void> {
  try {
    const { header } = await unwrap(api().vault.headerCopy({}));
    await database().meta.put({ key: HEADER_COPY_KEY, value: header });
  } catch {
    // Kept at the next unlock; the settings file still holds the header.
  }
}

/**
 * With no vault header in main: the copy kept with the records, 'no-header' when records
 * exist without one (never offer Setup over them), or null on a truly new computer.
 */
async function headerFromRecords(): Promise<Record<string, unknown> | 'no-header' | null> {
  const db = database();
  const copy = await db.meta.get(HEADER_COPY_KEY);
  if (copy && typeof copy.value === 'object' && copy.value !== null) return copy.value as Record<string, unknown>;
  for (const name of RECORD_TABLES) {
    if ((await db[name].count()) > 0) return 'no-header';
  }
  return null;
}

type Phase =
  { name: 'loading' } | { name: 'setup' } | { name: 'locked' } | { name: 'unlocked' } | { name: 'error'; message: string };

export function App() {
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const [notices, setNotices] = useState<string[]>([]);

  const refresh = useCallback(async () => {
    try {
      // The database holding the records first (a restore writes a new one), then any restore settled:
      // a restore journal that cannot be read is said in main's start-up notices.
      await findRecordsDatabase();
      const settled = await settleInterruptedRestore();
      // Said once, whatever screen comes next (an unreadable settings file set aside, say).
      const { notices: fresh } = await unwrap(api().app.notices({}));
      if (settled !== 'none') fresh.push(settled === 'finished' ? RESTORE_FINISHED : RESTORE_UNDONE);
      if (fresh.length > 0) setNotices((shown) => [...shown, ...fresh]);
      let status = await unwrap(api().vault.status({}));
      if (status.state === 'uninitialised') {
        const found = await headerFromRecords();
        if (found === 'no-header') {
          setPhase({ name: 'error', message: MISSING_HEADER });
          return;
        }
        if (found) status = await unwrap(api().vault.recoverHeader({ header: found }));
      }
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
      void flushAll()
        .then(async (saved) => {
          if (!saved) rememberUnsavedAtLock();
          rememberAuditLostAtLock(await writeWaitingAudit());
        })
        .then(keepAuditSeal)
        .finally(() => void api().vault.flushed({}));
    });
    window.addEventListener('holdspace-event:vault-locked', onLocked);
    return () => {
      off();
      offLocking();
      window.removeEventListener('holdspace-event:vault-locked', onLocked);
    };
  }, [refresh]);

  useEffect(() => {
    if (phase.name === 'unlocked') {
      void keepHeaderCopy();
      // The trail is checked against the head the records last saw, and the copy refreshed.
      void keepAuditSeal();
    }
  }, [phase.name]);

  const screen = renderPhase(phase, setPhase);
  if (notices.length === 0) return screen;
  return (
    <>
      <div className="warning startup-notice" role="alert" aria-label="Start-up notice">
        {notices.map((n) => (
          <p key={n}>{n}</p>
        ))}
        <button type="button" onClick={() => setNotices([])}>
          Dismiss
        </button>
      </div>
      {screen}
    </>
  );
}

function renderPhase(phase: Phase, setPhase: (phase: Phase) => void) {
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
