import { foldForSearch } from '../../../shared/notes/search-text';
import { useMemo, useState } from 'react';
import type { Client } from '../../../shared/records';
import { CLIENT_STATUSES } from '../../../shared/records';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { createClient } from './actions';
import { allOf, useRecords } from '../data/useRecords';
import { Dialog } from '../ui/Dialog';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { ClientForm, emptyClient, statusLabel } from './ClientForm';
import type { ClientDraft } from './ClientForm';
import { ClientPage } from './ClientPage';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ClientImportDialog } from '../transfer/ClientImportDialog';

// As note search compares: "zoe" finds Zoë and "lukasz" Łukasz, while the vowel signs of Devanagari or Thai names count.
const fold = foldForSearch;

export function ClientsScreen() {
  const { bump } = useSession();
  const { records, unreadable, loading, error } = useRecords(allOf((r) => r.clients));
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<Client['status'] | ''>('');
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const visible = useMemo(() => {
    const q = fold(query.trim());
    return records
      .filter((c) => showArchived || !c.archived)
      .filter((c) => !status || c.status === status)
      .filter((c) => !q || [c.name, c.preferredName, c.email, c.phone].some((f) => fold(f).includes(q)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [records, query, status, showArchived]);

  const create = async (draft: ClientDraft): Promise<void> => {
    setBusy(true);
    try {
      const client = await createClient(appDeps(), draft);
      setCreating(false);
      setFormError('');
      setSelectedId(client.id);
      bump();
    } catch (e) {
      setFormError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const selected = records.find((c) => c.id === selectedId);

  return (
    <section className="view" aria-labelledby="clients-title">
      <header className="view-header row">
        <div>
          <h1 id="clients-title">Clients</h1>
          <p className="muted">
            {records.filter((c) => !c.archived).length} current, {records.filter((c) => c.archived).length} archived
          </p>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => setImporting(true)}>
            Import clients…
          </button>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New client
          </button>
        </div>
      </header>
      {importing && <ClientImportDialog open onClose={() => setImporting(false)} />}
      <UnreadableNotice items={unreadable} kind="client record" />
      <ErrorAlert message={error} />
      <div className="two-col">
        <div className="panel">
          <div className="form-stack">
            <label>
              Search clients
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, email or phone" />
            </label>
            <label>
              Status
              <select value={status} onChange={(e) => setStatus(e.target.value as Client['status'] | '')}>
                <option value="">All statuses</option>
                {CLIENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
              Show archived clients
            </label>
          </div>
          {loading ? (
            <p className="muted">Opening records…</p>
          ) : (
            <ul className="list picker" aria-label="Clients">
              {visible.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className={c.id === selectedId ? 'pick active' : 'pick'}
                    aria-current={c.id === selectedId ? 'true' : undefined}
                    onClick={() => setSelectedId(c.id)}
                  >
                    <span dir="auto">{c.name}</span>
                    <span className="muted small">
                      {c.archived ? 'Archived' : statusLabel(c.status)}
                      {c.preferredName ? ` · “${c.preferredName}”` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {!loading && visible.length === 0 && <p className="muted">No clients match.</p>}
        </div>
        <div>
          {selected ? (
            // A page per client: nothing read for one client is ever on screen under another's name.
            <ClientPage key={selected.id} client={selected} />
          ) : (
            <div className="empty-state">
              <h2>Choose a client</h2>
              <p>Select someone from the list, or add a new client. Their details are encrypted on this laptop.</p>
            </div>
          )}
        </div>
      </div>
      <Dialog title="New client" open={creating} onClose={() => setCreating(false)} wide>
        <ClientForm initial={emptyClient()} onSave={(d) => void create(d)} onCancel={() => setCreating(false)} busy={busy} />
        <ErrorAlert message={formError} />
      </Dialog>
    </section>
  );
}
