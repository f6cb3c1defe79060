import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { api, unwrap } from '../app/api';
import { lockNow } from '../app/lock';
import { SessionContext } from '../app/session';
import { useIdleLock } from '../app/useIdleLock';
import { AuditScreen } from '../audit/AuditScreen';
import { DatabaseTooNewError, database, openDatabase } from '../data/db';
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
  const [storageWarning, setStorageWarning] = useState('');
  const [revision, setRevision] = useState(0);
  const bump = useCallback(() => setRevision((r) => r + 1), []);

  useEffect(() => {
    void (async () => {
      try {
        await openDatabase(database());
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
        void lockNow('shortcut');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
        <button type="button" className="lock-button" onClick={() => void lockNow('manual')} title="Lock (Ctrl+L)">
          Lock Holdspace
        </button>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
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
                {current && <current.Component />}
                {view === 'audit' && <AuditScreen />}
                {view === 'settings' && <SettingsScreen settings={session.settings} onChange={setSettings} />}
              </NavigationContext.Provider>
            </AutoBackupProvider>
          </SessionContext.Provider>
        )}
      </main>
    </div>
  );
}
