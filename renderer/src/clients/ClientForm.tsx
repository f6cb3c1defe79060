import { useState } from 'react';
import type { Client } from '../../../shared/records';
import { CLIENT_STATUSES, MODALITIES, clientSchema } from '../../../shared/records';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField } from '../ui/DateTimeFields';
import { useSession } from '../app/session';
import { localDateKey } from '../../../shared/balance/zone';

export type ClientDraft = Omit<Client, 'id' | 'createdAt' | 'updatedAt' | 'archived'>;

/** The defaults of a new client are the record schema's own, so the form and the schema cannot disagree. */
const clientDefaults = clientSchema.omit({ id: true, name: true, archived: true, createdAt: true, updatedAt: true });
export const emptyClient = (): ClientDraft => ({ name: '', ...clientDefaults.parse({}) });

const STATUS_LABEL: Record<(typeof CLIENT_STATUSES)[number], string> = {
  enquiry: 'Enquiry',
  active: 'Active',
  paused: 'Paused',
  discharged: 'Discharged',
};
export const statusLabel = (s: Client['status']): string => STATUS_LABEL[s];

/** Create and edit share one form; validation messages come from the record schema. */
export function ClientForm({
  initial,
  onSave,
  onCancel,
  busy,
}: {
  initial: ClientDraft;
  onSave: (d: ClientDraft) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const [draft, setDraft] = useState<ClientDraft>(initial);
  const [error, setError] = useState('');
  const timeZone = useSession().settings.timeZone;
  const set = <K extends keyof ClientDraft>(key: K, value: ClientDraft[K]): void => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    const parsed = clientSchema.safeParse({ ...draft, id: 'check', archived: false, createdAt: 0, updatedAt: 0 });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Please check the details.');
    if (draft.telehealthUrl && !/^https:\/\//i.test(draft.telehealthUrl))
      return setError('The telehealth link must start with https://');
    // Today where the clinician is (not in UTC, which is a day behind or ahead in much of the world).
    if (draft.dateOfBirth && draft.dateOfBirth > localDateKey(Date.now(), timeZone))
      return setError('The date of birth is in the future.');
    setError('');
    onSave({ ...draft, name: draft.name.trim() });
  };

  return (
    <form className="form-stack" onSubmit={submit} noValidate>
      <div className="form-row">
        <label>
          Full name
          <input value={draft.name} onChange={(e) => set('name', e.target.value)} autoFocus required />
        </label>
        <label>
          Preferred name
          <input value={draft.preferredName} onChange={(e) => set('preferredName', e.target.value)} />
        </label>
        <label>
          Pronouns
          <input value={draft.pronouns} onChange={(e) => set('pronouns', e.target.value)} placeholder="e.g. she/her" />
        </label>
      </div>
      <div className="form-row">
        <DateField label="Date of birth" value={draft.dateOfBirth} onChange={(v) => set('dateOfBirth', v)} />
        <label>
          Status
          <select value={draft.status} onChange={(e) => set('status', e.target.value as Client['status'])}>
            {CLIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Default session length (minutes)
          <input
            type="number"
            min={10}
            max={240}
            value={draft.defaultSessionMinutes}
            onChange={(e) => set('defaultSessionMinutes', Number(e.target.value))}
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          Email
          <input type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} />
        </label>
        <label>
          Phone
          <input type="tel" value={draft.phone} onChange={(e) => set('phone', e.target.value)} />
        </label>
      </div>
      <label>
        Address
        <textarea rows={2} value={draft.address} onChange={(e) => set('address', e.target.value)} />
      </label>
      <label>
        Emergency contact
        <input
          value={draft.emergencyContact}
          onChange={(e) => set('emergencyContact', e.target.value)}
          placeholder="Name, relationship, phone"
        />
      </label>
      <label>
        Presenting concerns
        <textarea rows={3} value={draft.presentingConcerns} onChange={(e) => set('presentingConcerns', e.target.value)} />
      </label>
      <fieldset className="chips">
        <legend>Modalities</legend>
        {MODALITIES.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              checked={draft.modalities.includes(m)}
              onChange={(e) =>
                set('modalities', e.target.checked ? [...draft.modalities, m] : draft.modalities.filter((x) => x !== m))
              }
            />
            {m}
          </label>
        ))}
      </fieldset>
      <label>
        Telehealth link
        <input
          type="url"
          value={draft.telehealthUrl}
          onChange={(e) => set('telehealthUrl', e.target.value)}
          placeholder="https://"
        />
      </label>
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Save client
        </button>
      </div>
    </form>
  );
}
