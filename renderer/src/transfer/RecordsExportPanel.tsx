import { unprintableNotice } from '../ui/unprintable';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { exportAllRecords } from './records-export';
import type { RecordsExportProgress } from './records-export';

/** Settings: every record out, readable, for a records request or a move to another system. */
export function RecordsExportPanel() {
  const { settings } = useSession();
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<RecordsExportProgress | null>(null);
  const [message, setMessage] = useState('');
  const [done, setDone] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage('');
    setDone('');
    if (!passphrase) return setMessage('Enter your passphrase to export every record.');
    setProgress({ done: 0, total: 0 });
    try {
      const result = await exportAllRecords(passphrase, settings, setProgress);
      setPassphrase('');
      if (result.chosen) {
        setDone(
          `Exported ${result.files} files to the folder “${result.folder}”.${result.unreadable ? ` ${result.unreadable} damaged records could not be opened and are not in it.` : ''}${unprintableNotice(result.unprintable)} The files are not encrypted: keep them safe.`,
        );
      }
    } catch (error) {
      setMessage(messageOf(error));
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="card inline" aria-labelledby="records-export-title">
      <h2 id="records-export-title">Export all records</h2>
      <p className="muted small">
        Every client, group, membership, appointment, attendance mark and outcome measure as spreadsheet (CSV) files, each
        client’s notes as a PDF, signed agreements as PDFs, and a README explaining them, in a new folder where you choose. For a
        records request or a move to another system. The files are not encrypted.
      </p>
      <form className="form-stack" onSubmit={submit} noValidate>
        <label>
          Passphrase (asked again to export everything)
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" />
        </label>
        <ErrorAlert message={message} />
        {progress && (
          <p role="status">
            {progress.total === 0 ? 'Checking your passphrase…' : `Exporting… ${progress.done} of ${progress.total} files`}
          </p>
        )}
        {done && <p role="status">{done}</p>}
        <div className="actions">
          <button type="submit" disabled={progress !== null}>
            Export all records…
          </button>
        </div>
      </form>
    </section>
  );
}
