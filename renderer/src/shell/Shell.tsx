import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { api, unwrap } from '../app/api';
import { lockNow } from '../app/lock';
import { useIdleLock } from '../app/useIdleLock';
import { AuditScreen } from '../audit/AuditScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { TodayScreen } from './TodayScreen';

export const VIEWS = [
  { id: 'today', label: 'Today' },
  { id: 'audit', label: 'Audit trail' },
  { id: 'settings', label: 'Settings' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export function Shell() {
  const [view, setView] = useState<ViewId>('today');
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    void unwrap(api().settings.get({})).then(setSettings);
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
          {VIEWS.map((v) => (
            <li key={v.id}>
              <button
                type="button"
                className={view === v.id ? 'nav-item active' : 'nav-item'}
                aria-current={view === v.id ? 'page' : undefined}
                onClick={() => setView(v.id)}
              >
                {v.label}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="lock-button" onClick={() => void lockNow('manual')} title="Lock (Ctrl+L)">
          Lock Holdspace
        </button>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {view === 'today' && <TodayScreen />}
        {view === 'audit' && <AuditScreen />}
        {view === 'settings' && settings && <SettingsScreen settings={settings} onChange={setSettings} />}
      </main>
    </div>
  );
}
