/**
 * Runs automatic backups in the background while Holdspace is unlocked. Main decides when
 * one is due (shared/backup/schedule.ts on its clock, with the changes it has sealed); this
 * asks right after unlocking, every half minute, and when the window comes back into focus,
 * and when one is due reads the sealed rows in small pages, yielding between them, into
 * main's writer. Main verifies the file before it counts. Screens read the status and the
 * progress from this context (Settings, and the reminder on Today).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { api, messageOf, unwrap } from '../app/api';
import { copySealedRows, countSealedRows } from '../data/backup-rows';
import { LATEST_VERSION } from '../data/schema';

export type AutoBackupStatus = ChannelOutput<'autoBackup.status'>;

/** Small pages (at most this many rows, about this many bytes): each read and message stays short, so typing never waits. */
const PAGE_ROWS = 1_000;
const PAGE_BYTES = 256 * 1024;
const CHECK_EVERY_MS = 30_000;

export interface AutoBackupValue {
  status: AutoBackupStatus | null;
  /** While a backup is being written: rows copied and the total. */
  progress: { copied: number; total: number } | null;
  /** A message when starting a backup failed for a reason the status does not carry. */
  error: string;
  /** Makes a backup into the folder now (the reminder's "Back up now"), whatever the schedule. */
  runNow: () => Promise<void>;
  setStatus: (status: AutoBackupStatus) => void;
}

const AutoBackupContext = createContext<AutoBackupValue | null>(null);

export function useAutoBackup(): AutoBackupValue {
  const value = useContext(AutoBackupContext);
  if (!value) throw new Error('useAutoBackup outside the unlocked app');
  return value;
}

export function AutoBackupProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AutoBackupStatus | null>(null);
  const [progress, setProgress] = useState<{ copied: number; total: number } | null>(null);
  const [error, setError] = useState('');
  const running = useRef(false);

  const run = useCallback(async (): Promise<void> => {
    if (running.current) return;
    running.current = true;
    setError('');
    let token: string | undefined;
    try {
      const total = await countSealedRows();
      setProgress({ copied: 0, total });
      ({ token } = await unwrap(api().autoBackup.begin({ dbVersion: LATEST_VERSION })));
      const t = token;
      await copySealedRows({
        pageSize: PAGE_ROWS,
        targetPageBytes: PAGE_BYTES,
        yieldBetweenPages: true,
        send: async (table, rows) => void (await unwrap(api().autoBackup.append({ token: t, table, rows }))),
        onProgress: (copied) => setProgress({ copied, total: Math.max(total, copied) }),
      });
      token = undefined;
      await unwrap(api().autoBackup.finish({ token: t }));
    } catch (e) {
      // Main has recorded a failure of the folder in the status; a failure on this side is recorded as interrupted.
      if (token) await api().autoBackup.cancel({ token });
      setError(messageOf(e));
    } finally {
      running.current = false;
      setProgress(null);
      try {
        setStatus(await unwrap(api().autoBackup.status({})));
      } catch {
        // Locked meanwhile: the page is going away.
      }
    }
  }, []);

  const check = useCallback(async (): Promise<void> => {
    if (running.current) return;
    try {
      const next = await unwrap(api().autoBackup.status({}));
      setStatus(next);
      if (next.due && next.folder) await run();
    } catch {
      // Locked: the page reloads.
    }
  }, [run]);

  useEffect(() => {
    void check();
    const timer = window.setInterval(() => void check(), CHECK_EVERY_MS);
    const onFocus = (): void => void check();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [check]);

  const value = useMemo<AutoBackupValue>(
    () => ({ status, progress, error, runNow: run, setStatus }),
    [status, progress, error, run],
  );
  return <AutoBackupContext.Provider value={value}>{children}</AutoBackupContext.Provider>;
}
