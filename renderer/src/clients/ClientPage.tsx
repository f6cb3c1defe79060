import Dexie from 'dexie';
import { useState } from 'react';
import type { Appointment, Client } from '../../../shared/records';
import { formatClock, formatDay } from '../../../shared/scheduling';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { updateClient } from './actions';
import { useRecords } from '../data/useRecords';
import { Dialog } from '../ui/Dialog';
import { kindLabel } from '../calendar/labels';
import { ClientForm, statusLabel } from './ClientForm';
import type { ClientDraft } from './ClientForm';
import { CLIENT_PANELS } from './panels';

/** Upcoming sessions listed on a client's page. */
const UPCOMING_SHOWN = 8;

/** One client: details, upcoming sessions and the feature panels (groups, notes, measures). */
export function ClientPage({ client }: { client: Client }) {
  const { settings, bump } = useSession();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const upcoming = useRecords<Appointment>(
    async (r) => {
      // Chosen by their clear fields (when, status): only those not yet over are read, by
      // [clientId+end], so ten years of past sessions are neither read nor opened.
      const from = Date.now();
      const rows = (
        await r.appointments.rows((t) => t.where('[clientId+end]').between([client.id, from], [client.id, Dexie.maxKey]))
      )
        .filter((row) => row.status === 'scheduled')
        .sort((a, b) => (a.start as number) - (b.start as number))
        .slice(0, UPCOMING_SHOWN);
      return r.appointments.openRows(rows);
    },
    [client.id],
  );
  const now = Date.now();
  const next = upcoming.records
    .filter((a) => a.end >= now && a.status === 'scheduled')
    .sort((a, b) => a.start - b.start)
    .slice(0, UPCOMING_SHOWN);

  const save = async (patch: Partial<Client>, action: string): Promise<void> => {
    setBusy(true);
    try {
      await updateClient(appDeps(), client, patch);
      setMessage(action);
      setEditing(false);
      bump();
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const openTelehealth = async (): Promise<void> => {
    try {
      const { opened } = await unwrap(api().shell.openExternal({ url: client.telehealthUrl }));
      setMessage(opened ? 'Opened the telehealth link in your browser.' : 'The link was not opened.');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  return (
    <article className="panel client-page" aria-labelledby="client-name">
      <header className="view-header row">
        <div>
          <h2 id="client-name" dir="auto">
            {client.name}
          </h2>
          <p className="muted">
            {[
              client.preferredName && `Prefers “${client.preferredName}”`,
              client.pronouns,
              client.archived ? 'Archived' : statusLabel(client.status),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <div className="toolbar">
          {client.telehealthUrl && (
            <button type="button" onClick={() => void openTelehealth()}>
              Open telehealth link
            </button>
          )}
          <button type="button" onClick={() => setEditing(true)}>
            Edit details
          </button>
          {client.archived ? (
            <button type="button" onClick={() => void save({ archived: false }, 'Client restored.')} disabled={busy}>
              Restore client
            </button>
          ) : (
            <button
              type="button"
              onClick={() => void save({ archived: true }, 'Client archived. Their records are kept.')}
              disabled={busy}
            >
              Archive client
            </button>
          )}
        </div>
      </header>
      <p role="status" className="muted">
        {message}
      </p>
      <dl className="details">
        {client.dateOfBirth && (
          <>
            <dt>Date of birth</dt>
            <dd>{client.dateOfBirth}</dd>
          </>
        )}
        {(client.email || client.phone) && (
          <>
            <dt>Contact</dt>
            <dd>{[client.email, client.phone].filter(Boolean).join(' · ')}</dd>
          </>
        )}
        {client.emergencyContact && (
          <>
            <dt>Emergency contact</dt>
            <dd>{client.emergencyContact}</dd>
          </>
        )}
        {client.presentingConcerns && (
          <>
            <dt>Presenting concerns</dt>
            <dd className="prewrap">{client.presentingConcerns}</dd>
          </>
        )}
        {client.modalities.length > 0 && (
          <>
            <dt>Modalities</dt>
            <dd>
              {client.modalities.map((m) => (
                <span key={m} className="tag">
                  {m}
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="upcoming-title">
        <h3 id="upcoming-title">Upcoming sessions</h3>
        {next.length === 0 ? (
          <p className="muted">No upcoming sessions.</p>
        ) : (
          <ul className="list">
            {next.map((a) => (
              <li key={a.id} className="list-item">
                <span>
                  {kindLabel(a.kind)} · {formatDay(a.start, settings.timeZone)} {formatClock(a.start, settings.timeZone)}–
                  {formatClock(a.end, settings.timeZone)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {CLIENT_PANELS.map(({ id, title, Component }) => (
        <section key={id} aria-label={title} className="client-panel">
          <h3>{title}</h3>
          <Component clientId={client.id} />
        </section>
      ))}
      <Dialog title="Edit client" open={editing} onClose={() => setEditing(false)} wide>
        <ClientForm
          initial={client satisfies ClientDraft}
          onSave={(d) => void save(d, 'Details saved.')}
          onCancel={() => setEditing(false)}
          busy={busy}
        />
      </Dialog>
    </article>
  );
}
