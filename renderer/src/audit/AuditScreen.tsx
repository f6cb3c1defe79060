import { format } from 'date-fns';
import { useCallback, useEffect, useState } from 'react';
import type { AuditAction, AuditEntry } from '../../../shared/audit';
import { AUDIT_ACTIONS } from '../../../shared/audit';
import { api, messageOf, unwrap } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { keepAuditSeal } from './audit-seal';
import { DateField } from '../ui/DateTimeFields';

const dayStart = (s: string): number | undefined => (s ? new Date(`${s}T00:00:00`).getTime() : undefined);
const dayEnd = (s: string): number | undefined => (s ? new Date(`${s}T23:59:59.999`).getTime() : undefined);

export function AuditScreen() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [integrity, setIntegrity] = useState<string>('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const f = dayStart(from);
      const t = dayEnd(to);
      const { entries: list } = await unwrap(
        api().audit.list({
          ...(f !== undefined ? { from: f } : {}),
          ...(t !== undefined ? { to: t } : {}),
          ...(action ? { actions: [action] } : {}),
        }),
      );
      setEntries(list.slice().reverse());
      // The trail is checked against the copy of its head kept with the records, then verified.
      await keepAuditSeal();
      const check = await unwrap(api().audit.verify({}));
      const older = check.problems.some((p) => p.problem === 'older-than-records');
      const foreign = check.problems.some((p) => p.problem === 'not-records-trail');
      setIntegrity(
        check.intact
          ? `All ${check.entries} entries verified: the trail is complete and unaltered.`
          : older
            ? 'Warning: the audit trail is older than the records: it ends before entries your records have already seen, so it has been put back to an earlier copy.'
            : foreign
              ? 'Warning: the audit trail is not the one your records last saw: it has been put back to an earlier copy, replaced or altered.'
              : `Warning: the audit trail has been altered (${check.problems.length} problem${check.problems.length === 1 ? '' : 's'} found).`,
      );
    } catch (e) {
      setError(messageOf(e));
    }
  }, [from, to, action]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="audit-title" className="view">
      <header className="view-header">
        <h1 id="audit-title">Audit trail</h1>
        <p className="muted">Every unlock, lock, change, signature, export and print. Entries hold no client text.</p>
      </header>
      <div className="filters" role="group" aria-label="Filter the audit trail">
        <DateField label="From" value={from} onChange={(v) => setFrom(v)} />
        <DateField label="To" value={to} onChange={(v) => setTo(v)} />
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      {integrity && (
        <p className={integrity.startsWith('Warning') ? 'error' : 'ok'} role="status">
          {integrity}
        </p>
      )}
      <ErrorAlert message={error} />
      <table className="table">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Record kind</th>
            <th scope="col">Record id</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{format(e.at, 'd MMM yyyy HH:mm:ss')}</td>
              <td>{e.action}</td>
              <td>{e.kind}</td>
              <td className="mono">{e.recordId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && <p className="muted">No entries match these filters.</p>}
    </section>
  );
}
