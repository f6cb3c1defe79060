import { useMemo, useState } from 'react';
import type { Client } from '../../../shared/records';
import { newId } from '../../../shared/ids';
import type { ClientField, CsvTable, DateOrder } from '../../../shared/transfer/client-csv';
import {
  CLIENT_FIELDS,
  CsvImportError,
  FIELD_LABEL,
  guessDateOrder,
  guessMapping,
  planClientImport,
  readCsv,
} from '../../../shared/transfer/client-csv';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { UndoRefused, importClients, undoClientImport } from './client-import';

const PREVIEW_ROWS = 5;

/** Import clients from a spreadsheet: map the columns, preview, import all or nothing, undo. */
export function ClientImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { bump } = useSession();
  const [fileName, setFileName] = useState('');
  const [table, setTable] = useState<CsvTable | null>(null);
  const [mapping, setMapping] = useState<ClientField[]>([]);
  const [dateOrder, setDateOrder] = useState<DateOrder>('dmy');
  const [existing, setExisting] = useState<Client[]>([]);
  const [message, setMessage] = useState('');
  const [done, setDone] = useState<{ text: string; clients: Client[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async () => {
    setMessage('');
    setDone(null);
    try {
      const file = await unwrap(api().import.readTextFile({ kind: 'csv' }));
      if (!file.chosen || file.text === undefined) return;
      let read: CsvTable;
      try {
        read = readCsv(file.text);
      } catch (error) {
        setTable(null);
        setMessage(
          `${file.fileName ?? 'That file'}: ${error instanceof CsvImportError ? error.message : 'it could not be read as a spreadsheet. Nothing has been imported.'}`,
        );
        return;
      }
      const guessed = guessMapping(read.headers);
      const dob = guessed.indexOf('dateOfBirth');
      setDateOrder((dob >= 0 ? guessDateOrder(read.rows.map((r) => r.cells[dob]!)) : null) ?? 'dmy');
      setExisting((await repositories().clients.all()).records);
      setFileName(file.fileName ?? '');
      setMapping(guessed);
      setTable(read);
    } catch (error) {
      setMessage(messageOf(error));
    }
  };

  const planned = useMemo(() => {
    if (!table) return null;
    try {
      return { plan: planClientImport(table, mapping, { existing, dateOrder, now: Date.now(), newId }), problem: '' };
    } catch (error) {
      return { plan: null, problem: error instanceof CsvImportError ? error.message : messageOf(error) };
    }
  }, [table, mapping, existing, dateOrder]);
  const plan = planned?.plan ?? null;

  const confirm = async () => {
    if (!plan) return;
    setBusy(true);
    setMessage('');
    try {
      const clients = plan.clients.map((c) => c.client);
      await importClients(clients);
      bump();
      setTable(null);
      const notImported = plan.refused.length;
      setDone({
        text: `Imported ${clients.length} client${clients.length === 1 ? '' : 's'} from ${fileName || 'the file'}.${notImported ? ` ${notImported} row${notImported === 1 ? ' was' : 's were'} not imported (listed above before importing).` : ''}`,
        clients,
      });
    } catch (error) {
      setMessage(`${messageOf(error)} Nothing was imported.`);
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    if (!done) return;
    setBusy(true);
    setMessage('');
    try {
      await undoClientImport(done.clients);
      bump();
      setDone({
        text: `Import undone: the ${done.clients.length} imported client${done.clients.length === 1 ? ' was' : 's were'} removed.`,
        clients: [],
      });
    } catch (error) {
      setMessage(error instanceof UndoRefused ? error.message : messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const byRow = new Map<number, string>();
  if (plan) {
    for (const c of plan.clients) byRow.set(c.rowNumber, 'Will be imported');
    for (const r of plan.refused) byRow.set(r.rowNumber, `Not imported: ${r.reason}`);
  }
  const count = plan?.clients.length ?? 0;

  return (
    <Dialog title="Import clients" open={open} onClose={onClose} wide>
      <div className="form-stack">
        <p className="muted small">
          Choose a CSV file: an export from SimplePractice, TherapyNotes, Jane or Google Contacts, or any spreadsheet with a
          header row, separated by commas, semicolons or tabs. You will see how each column is read and every row’s outcome before
          anything is saved.
        </p>
        <div className="actions">
          <button type="button" onClick={() => void choose()}>
            Choose CSV file…
          </button>
        </div>
        <ErrorAlert message={message} />
        {done && (
          <div className="row">
            <p role="status">{done.text}</p>
            {done.clients.length > 0 && (
              <button type="button" disabled={busy} onClick={() => void undo()}>
                Undo this import
              </button>
            )}
          </div>
        )}
        {table && (
          <>
            <h3>{fileName}</h3>
            {table.notices.map((n) => (
              <p key={n} className="warning" role="note">
                {n}
              </p>
            ))}
            <fieldset className="plain">
              <legend>What each column holds</legend>
              <div className="form-row">
                {table.headers.map((header, i) => (
                  <label key={i}>
                    Column “{header || `${i + 1}`}”
                    <select
                      value={mapping[i]}
                      onChange={(e) => setMapping(mapping.map((m, k) => (k === i ? (e.target.value as ClientField) : m)))}
                    >
                      {CLIENT_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {FIELD_LABEL[f]}
                        </option>
                      ))}
                    </select>
                    <span className="muted small">e.g. {table.rows[0]?.cells[i] || '(empty)'}</span>
                  </label>
                ))}
              </div>
              <label>
                Dates of birth are written
                <select value={dateOrder} onChange={(e) => setDateOrder(e.target.value as DateOrder)}>
                  <option value="dmy">Day first (23/04/1990)</option>
                  <option value="mdy">Month first (04/23/1990)</option>
                </select>
              </label>
            </fieldset>
            <ErrorAlert message={planned?.problem} />
            <table aria-label="Preview of the first rows">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  {table.headers.map((h, i) => (
                    <th scope="col" key={i}>
                      {h}
                    </th>
                  ))}
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {table.rows.slice(0, PREVIEW_ROWS).map((r) => (
                  <tr key={r.rowNumber}>
                    <td>{r.rowNumber}</td>
                    {r.cells.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                    <td>{byRow.get(r.rowNumber) ?? 'Empty row, skipped'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {plan && (
              <>
                <p>
                  {count} client{count === 1 ? '' : 's'} will be imported; {plan.refused.length} row
                  {plan.refused.length === 1 ? '' : 's'} will not.
                </p>
                {plan.refused.length > 0 && (
                  <ul aria-label="Rows not imported">
                    {plan.refused.map((r) => (
                      <li key={r.rowNumber}>
                        Row {r.rowNumber}
                        {r.name ? ` (${r.name})` : ''}: {r.reason}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
            <div className="actions">
              <button type="button" onClick={() => setTable(null)}>
                Cancel import
              </button>
              <button type="button" className="primary" disabled={busy || count === 0} onClick={() => void confirm()}>
                {busy ? 'Importing…' : `Import ${count} client${count === 1 ? '' : 's'}`}
              </button>
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}
