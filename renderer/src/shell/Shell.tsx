import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { api, unwrap } from '../app/api';
import { lockNow, takeAuditLostAtLock, takeUnsavedAtLock } from '../app/lock';
import type { LockRefusal } from '../app/lock';
import { Dialog } from '../ui/Dialog';
import { ScreenBoundary } from '../ui/ScreenBoundary';
import { onAuditBacklog, recordAudit } from '../data/sealed-writes';
import { SessionContext } from '../app/session';
import { useIdleLock } from '../app/useIdleLock';
import { AuditScreen } from '../audit/AuditScreen';
import { DatabaseTooNewError, database, openDatabase, willUpgrade } from '../data/db';
import { SettingsScreen } from '../settings/SettingsScreen';
import { ReminderCentre } from '../balance/ReminderCentre';
import { applyDisplayFormat, computerTimeZone } from '../locale/computer';
import { ZoneChangePrompt } from '../locale/ZoneChangePrompt';
import type { ZoneChange } from '../locale/ZoneChangePrompt';
import { NavigationContext } from '../navigation/navigation';
import type { Route } from '../navigation/route';
import { FEATURE_VIEWS } from './views';
import { AutoBackupProvider } from '../backup/auto-backup';

export function Shell() {
  const [route, navigate] = useState<Route>({ view: 'today' });
  const view = route.view;
  const navigation = useMemo(() => ({ route, navigate }), [route]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [zoneChange, setZoneChange] = useState<ZoneChange | null>(null);
  const [fatal, setFatal] = useState('');
  // An upgrade from an earlier version builds new indexes over every record, once: said while it runs.
  const [upgrading, setUpgrading] = useState(false);
  const [storageWarning, setStorageWarning] = useState('');
  const [revision, setRevision] = useState(0);
  // A lock asked for while a note's latest changes could not be saved, or audit entries still wait: ask first.
  const [refusedLock, setRefusedLock] = useState<LockRefusal | null>(null);
  // The last lock (idle, or the computer sleeping) could not save a note's latest changes, or write audit entries.
  const [lostAtLock, setLostAtLock] = useState(takeUnsavedAtLock);
  const [auditLostAtLock, setAuditLostAtLock] = useState(takeAuditLostAtLock);
  // Changes saved whose audit entries main could not write yet (a full disk): said until they are.
  const [auditWaiting, setAuditWaiting] = useState(0);
  useEffect(() => onAuditBacklog(setAuditWaiting), []);
  const lock = useCallback(async (reason: 'manual' | 'shortcut', force = false) => {
    const outcome = await lockNow(reason, { force });
    if (outcome !== 'locked') setRefusedLock(outcome);
  }, []);
  const bump = useCallback(() => setRevision((r) => r + 1), []);

  useEffect(() => {
    void (async () => {
      try {
        if (await willUpgrade(database()).catch(() => false)) setUpgrading(true);
        await openDatabase(database());
        setUpgrading(false);
        // At first run this makes the computer's zone the practice's; later it says if the computer moved.
        const report = await unwrap(api().settings.reportComputerZone({ timeZone: computerTimeZone() }));
        setSettings(report.settings);
        setZoneChange(report.zoneChanged);
      } catch (e) {
        setFatal(e instanceof DatabaseTooNewError ? e.message : 'Holdspace could not open its records on this computer.');
      }
      // Without persistence the browser engine may evict data under disk pressure.
      const persisted = (await navigator.storage?.persisted?.()) || (await navigator.storage?.persist?.());
      if (!persisted) {
        setStorageWarning(
          'This computer has not given Holdspace permanent storage, so if the disk runs nearly full your records could be removed. Make a backup now and keep backing up regularly.',
        );
      }
    })();
  }, []);
  useIdleLock(settings?.idleLockMinutes ?? 10);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        void lock('shortcut');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lock]);

  // Set during render, before any screen below formats a date with it; a no-op when unchanged.
  if (settings) applyDisplayFormat(settings);

  const session = useMemo(
    () => (settings ? { settings, updateSettings: setSettings, revision, bump } : null),
    [settings, revision, bump],
  );

  if (fatal) {
    return (
      <main className="centered">
        <div className="card" role="alert">
          <h1>Holdspace cannot open your records</h1>
          <p>{fatal}</p>
        </div>
      </main>
    );
  }

  const current = FEATURE_VIEWS.find((v) => v.id === view);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand" aria-hidden="true">
          Holdspace
        </div>
        <ul>
          {[...FEATURE_VIEWS, { id: 'audit' as const, label: 'Audit trail' }, { id: 'settings' as const, label: 'Settings' }].map(
            (v) => (
              <li key={v.id}>
                <button
                  type="button"
                  className={view === v.id ? 'nav-item active' : 'nav-item'}
                  aria-current={view === v.id ? 'page' : undefined}
                  onClick={() => navigate({ view: v.id })}
                >
                  {v.label}
                </button>
              </li>
            ),
          )}
        </ul>
        <button type="button" className="lock-button" onClick={() => void lock('manual')} title="Lock (Ctrl+L)">
          Lock Holdspace
        </button>
      </nav>
      <Dialog
        title={
          refusedLock?.unsavedDraft === false
            ? 'Some changes are not in the audit trail yet'
            : 'Your latest note changes are not saved'
        }
        open={refusedLock !== null}
        onClose={() => setRefusedLock(null)}
      >
        <div className="form-stack">
          {refusedLock?.unsavedDraft && (
            <p>
              Holdspace could not save the latest changes to a note, so it has not locked: they are still on the screen. If you
              lock now, those changes are lost. You can stay, copy the text somewhere safe or try saving again (the note says why
              it could not save), then lock.
            </p>
          )}
          {(refusedLock?.auditWaiting ?? 0) > 0 && (
            <p>
              {refusedLock!.auditWaiting === 1 ? 'A saved change is' : `${refusedLock!.auditWaiting} saved changes are`} not yet
              in the audit trail, which could not be written (the disk may be full). The changes are kept, but if you lock now the
              trail will never record them. Free some disk space and stay a moment, or lock anyway.
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => setRefusedLock(null)}>
              Stay unlocked
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setRefusedLock(null);
                void lock('manual', true);
              }}
            >
              {refusedLock?.unsavedDraft === false ? 'Lock without them' : 'Lock and lose the changes'}
            </button>
          </div>
        </div>
      </Dialog>
      <main id="main" className="content" tabIndex={-1}>
        {auditWaiting > 0 && (
          <div className="warning" role="alert">
            <p>
              Holdspace could not add {auditWaiting === 1 ? 'a change' : `${auditWaiting} changes`} to the audit trail (the disk
              may be full or the file refused). The changes themselves are saved. Holdspace tries again with your next change;
              free some disk space, then try now.
            </p>
            <button type="button" onClick={() => void recordAudit(api(), [])}>
              Write the audit trail again
            </button>
          </div>
        )}
        {auditLostAtLock > 0 && (
          <div className="warning" role="alert">
            <p>
              When Holdspace last locked, {auditLostAtLock === 1 ? 'a saved change' : `${auditLostAtLock} saved changes`} could
              not be written to the audit trail (the disk may have been full). The changes are saved, but the trail does not
              record them.
            </p>
            <button type="button" onClick={() => setAuditLostAtLock(0)}>
              Dismiss audit trail notice
            </button>
          </div>
        )}
        {lostAtLock && (
          <div className="warning" role="alert">
            <p>
              When Holdspace last locked, the latest changes to a note could not be saved and were lost. Open your most recent
              note to check what it holds.
            </p>
            <button type="button" onClick={() => setLostAtLock(false)}>
              Dismiss lost changes notice
            </button>
          </div>
        )}
        {storageWarning && (
          <div className="warning" role="status">
            <p>{storageWarning}</p>
            <button type="button" onClick={() => navigate({ view: 'settings' })}>
              Open backup settings
            </button>{' '}
            <button type="button" onClick={() => setStorageWarning('')}>
              Dismiss storage warning
            </button>
          </div>
        )}
        {!session && (
          <p className="muted" role="status">
            {upgrading
              ? 'Updating how your records are stored for this version of Holdspace. This happens once and can take a minute with years of records. If Holdspace is closed meanwhile, nothing is lost: it starts again next time.'
              : 'Opening your records…'}
          </p>
        )}
        {session && (
          <SessionContext.Provider value={session}>
            <AutoBackupProvider>
              <NavigationContext.Provider value={navigation}>
                {zoneChange && (
                  <ZoneChangePrompt
                    change={zoneChange}
                    onAnswered={(next) => {
                      setSettings(next);
                      setZoneChange(null);
                    }}
                  />
                )}
                <ReminderCentre />
                {/* Keyed by screen: moving to another screen starts it afresh after a failure. */}
                <ScreenBoundary key={view} screen={current?.label ?? (view === 'audit' ? 'Audit trail' : 'Settings')}>
                  {current && <current.Component />}
                  {view === 'audit' && <AuditScreen />}
                  {view === 'settings' && <SettingsScreen settings={session.settings} onChange={setSettings} />}
                </ScreenBoundary>
              </NavigationContext.Provider>
            </AutoBackupProvider>
          </SessionContext.Provider>
        )}
      </main>
    </div>
  );
}
