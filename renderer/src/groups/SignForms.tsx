import { useState } from 'react';
import { fillAgreement } from '../../../shared/groups/agreements';
import { newId } from '../../../shared/ids';
import type { AgreementSignature } from '../../../shared/records';
import { localDateKey, localLongDate } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { signAgreement } from './actions';
import { describeError } from './messages';
import { SignaturePadField } from './SignaturePadField';
import type { GroupWorkspace } from './useGroupWorkspace';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField } from '../ui/DateTimeFields';

/** Saves a signature for the current version and records the signing in the audit trail. */
const saveSignature = (signature: AgreementSignature): Promise<void> => signAgreement(appDeps(), signature);

interface FormProps {
  workspace: GroupWorkspace;
  clientId: string;
  onCancel: () => void;
  onSigned: (message: string) => void;
}

/** The member reads their copy, then member and facilitator each sign on the pad. */
export function SignOnScreenForm({ workspace, clientId, onCancel, onSigned }: FormProps) {
  const { settings, bump } = useSession();
  const group = workspace.group!;
  const version = workspace.current!;
  const name = workspace.nameOf(clientId);
  const facilitator = group.facilitator || 'Facilitator';
  const [memberSignature, setMemberSignature] = useState<string | undefined>();
  const [facilitatorSignature, setFacilitatorSignature] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  const text = fillAgreement(version, {
    group: group.name,
    facilitator: group.facilitator,
    member: name,
    date: localLongDate(now, settings.timeZone),
  });

  const save = async (): Promise<void> => {
    if (!memberSignature || !facilitatorSignature) {
      return setError('Both the member and the facilitator need to sign before this can be saved.');
    }
    setBusy(true);
    setError('');
    try {
      const at = Date.now();
      await saveSignature({
        id: newId(),
        groupId: group.id,
        clientId,
        agreementId: version.id,
        version: version.version,
        method: 'on-screen',
        signedOn: localDateKey(at, settings.timeZone),
        memberSignature,
        facilitatorSignature,
        createdAt: at,
        updatedAt: at,
      });
      bump();
      onSigned(`${name} has signed version ${version.version} of the agreement.`);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <div className="form-stack sign-form">
      <div className="agreement-copy" tabIndex={0} aria-label={`Agreement text for ${name}`}>
        <h3>{text.title}</h3>
        {text.clauses.map((clause, index) => (
          <section key={index}>
            <h4>
              {index + 1}. {clause.heading}
            </h4>
            {clause.body.split(/\n{2,}/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </section>
        ))}
      </div>
      <p className="muted">
        Version {version.version}, signed today, {localLongDate(now, settings.timeZone)}.
      </p>
      <div className="signature-pair">
        <SignaturePadField title={`Member’s signature`} signerName={name} onChange={setMemberSignature} />
        <SignaturePadField title={`Facilitator’s signature`} signerName={facilitator} onChange={setFacilitatorSignature} />
      </div>
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save signatures'}
        </button>
      </div>
    </div>
  );
}

/** Wet-ink signing: print a blank copy, have it signed, then record the date it was signed. */
export function PaperSignatureForm({
  workspace,
  clientId,
  onCancel,
  onSigned,
  onPrintBlank,
}: FormProps & { onPrintBlank: () => void }) {
  const { settings, bump } = useSession();
  const group = workspace.group!;
  const version = workspace.current!;
  const name = workspace.nameOf(clientId);
  const today = localDateKey(Date.now(), settings.timeZone);
  const [signedOn, setSignedOn] = useState(today);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (): Promise<void> => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOn)) return setError('Enter the date the paper copy was signed.');
    if (signedOn > today) return setError('The date signed can’t be in the future.');
    if (!confirmed) return setError('Confirm that both the member and the facilitator signed the printed copy.');
    setBusy(true);
    setError('');
    try {
      const at = Date.now();
      await saveSignature({
        id: newId(),
        groupId: group.id,
        clientId,
        agreementId: version.id,
        version: version.version,
        method: 'wet-ink',
        signedOn,
        createdAt: at,
        updatedAt: at,
      });
      bump();
      onSigned(`Recorded ${name}’s signed paper copy of version ${version.version}. Keep the paper copy with your records.`);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <div className="form-stack">
      <p>
        Print a blank copy of version {version.version}, have {name} and the facilitator sign it in ink, then record it here. Keep
        the signed paper copy with your records.
      </p>
      <div>
        <button type="button" onClick={onPrintBlank}>
          Print blank copy for {name}
        </button>
      </div>
      <DateField
        label="Date signed"
        value={signedOn}
        max={today}
        rangeMessage="The date cannot be in the future."
        onChange={(v) => setSignedOn(v)}
      />
      <label className="check">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        The member and the facilitator have both signed the printed copy
      </label>
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Record as signed'}
        </button>
      </div>
    </div>
  );
}
