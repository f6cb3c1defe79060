import { useState } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { api, messageOf, unwrap } from '../app/api';
import { AutoBackupPanel } from './AutoBackupPanel';
import { BackupPanel } from './BackupPanel';
import { CheckBackup } from './CheckBackup';
import { RecordsExportPanel } from '../transfer/RecordsExportPanel';
import { BlocksSettings } from './BlocksSettings';
import { TimeAndLanguageSettings } from './TimeAndLanguageSettings';
import { LimitsSettings } from '../balance/LimitsSettings';

export function SettingsScreen({ settings, onChange }: { settings: Settings; onChange: (s: Settings) => void }) {
  const [status, setStatus] = useState('');
  const save = async (patch: SettingsPatch): Promise<void> => {
    try {
      onChange(await unwrap(api().settings.update({ patch })));
      setStatus('Settings saved.');
    } catch (e) {
      setStatus(messageOf(e));
    }
  };
  return (
    <section aria-labelledby="settings-title" className="view">
      <header className="view-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="form-grid">
        <label>
          Lock after inactivity (minutes)
          <input
            type="number"
            min={1}
            max={240}
            defaultValue={settings.idleLockMinutes}
            onBlur={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 240) void save({ idleLockMinutes: n });
              else setStatus('Choose a whole number of minutes between 1 and 240.');
            }}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.lockOnSuspend}
            onChange={(e) => void save({ lockOnSuspend: e.target.checked })}
          />
          Lock when the laptop sleeps or the screen locks
        </label>
        <label>
          Paper size for printed agreements
          <select value={settings.paperSize} onChange={(e) => void save({ paperSize: e.target.value as Settings['paperSize'] })}>
            <option value="A4">A4</option>
            <option value="Letter">US Letter</option>
          </select>
        </label>
      </div>
      <LimitsSettings settings={settings} save={(patch) => void save(patch)} onInvalid={setStatus} />
      <p role="status" className="muted">
        {status}
      </p>
      <TimeAndLanguageSettings settings={settings} save={save} />
      <BlocksSettings settings={settings} save={save} />
      <ChangePassphrase />
      <AutoBackupPanel />
      <BackupPanel />
      <CheckBackup />
      <RecordsExportPanel />
    </section>
  );
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card inline"
      aria-labelledby="change-pass-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          await unwrap(api().vault.changePassphrase({ current, next }));
          setMessage('Passphrase changed. Use the new one next time you unlock; your recovery key still works.');
          setCurrent('');
          setNext('');
        } catch (err) {
          setMessage(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="change-pass-title">Change passphrase</h2>
      <label>
        Current passphrase
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        New passphrase
        <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || !current || !next}>
        {busy ? 'Changing…' : 'Change passphrase'}
      </button>
      <p role="status">{message}</p>
    </form>
  );
}
