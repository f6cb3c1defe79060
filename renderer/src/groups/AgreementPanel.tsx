import { unprintableNotice } from '../ui/unprintable';
import { useState } from 'react';
import { currentSignatureOf, fillAgreement, MERGE_FIELDS } from '../../../shared/groups/agreements';
import type { AgreementClause } from '../../../shared/groups/agreements';
import { currentMembers } from '../../../shared/groups/roster';
import type { AgreementVersion } from '../../../shared/records';
import { localDateKey, localShortDate } from '../../../shared/balance/zone';
import { api, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { saveAgreementVersion } from './actions';
import { Dialog } from '../ui/Dialog';
import { AgreementEditor } from './AgreementEditor';
import { agreementPdfRequest, badgeFor, formatSignedOn } from './agreement-view';
import type { PdfMember } from './agreement-view';
import { Badge } from './Badge';
import { describeError } from './messages';
import { safeFileName } from './schedule';
import { PaperSignatureForm, SignOnScreenForm } from './SignForms';
import type { GroupWorkspace } from './useGroupWorkspace';
import { ErrorAlert } from '../ui/ErrorAlert';

type Signing = { clientId: string; how: 'screen' | 'paper' };

/** The group's agreement: its versions, editing (each save is a new version), signing and PDFs. */
export function AgreementPanel({ workspace }: { workspace: GroupWorkspace }) {
  const { settings, bump } = useSession();
  const group = workspace.group!;
  const { current, versions, signatures, nameOf } = workspace;
  const tz = settings.timeZone;
  const [editing, setEditing] = useState<{ title: string; clauses: AgreementClause[] } | undefined>();
  const [signing, setSigning] = useState<Signing | undefined>();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const members: PdfMember[] = currentMembers(workspace.memberships, group.id)
    .map((m) => ({ clientId: m.clientId, name: nameOf(m.clientId) }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const run = async (action: () => Promise<string>): Promise<void> => {
    setError('');
    setMessage('');
    setBusy(true);
    try {
      setMessage(await action());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const startFromDefault = () =>
    run(async () => {
      const text = await unwrap(api().agreement.defaultText({}));
      setEditing({ title: text.title, clauses: text.clauses });
      return '';
    });

  const saveVersion = async (title: string, clauses: AgreementClause[]): Promise<void> => {
    const version = await saveAgreementVersion(appDeps(), current, { title, clauses, groupId: group.id });
    setEditing(undefined);
    setMessage(
      version.version === 1
        ? 'Agreement saved as version 1. Members can now sign it.'
        : `Agreement saved as version ${version.version}. Members who signed an earlier version will be asked to sign again.`,
    );
    bump();
  };

  // The suggested file name never carries a client's or group's name: file names show in
  // recent-file lists and in unencrypted backups of the Documents folder.
  const exportPdf = (who: readonly PdfMember[], destination: 'save' | 'print', blank: boolean, fileLabel: string) =>
    run(async () => {
      if (!current) throw new Error('no agreement');
      if (who.length === 0) return 'There are no members to include yet.';
      const request = agreementPdfRequest({
        group,
        version: current,
        members: who,
        signatures,
        paperSize: settings.paperSize,
        generatedOn: localDateKey(Date.now(), tz),
        blank,
      });
      const result = await unwrap(
        api().export.agreementPdf({
          request,
          destination,
          suggestedName: safeFileName(`${fileLabel} v${current.version} ${localDateKey(Date.now(), tz)}`, 'pdf'),
          audit: { kind: 'agreement', recordIds: [current.id] },
        }),
      );
      const boxes = unprintableNotice(result.unprintable);
      if (destination === 'print') return result.saved ? `Sent to the printer.${boxes}` : 'Printing was cancelled.';
      return result.saved ? `Saved as ${result.fileName ?? 'a PDF'}.${boxes}` : 'Saving was cancelled.';
    });

  if (editing) {
    return (
      <AgreementEditor
        initial={editing}
        isFirst={current === undefined}
        onCancel={() => setEditing(undefined)}
        onSave={saveVersion}
      />
    );
  }

  // Until the versions (and the members signing them) are read, "No agreement yet" (and a first
  // version 1 beside the real ones) or "0 of 0 members have signed" would be wrong.
  if (workspace.rosterError) return <ErrorAlert message={`The roster could not be opened: ${workspace.rosterError}`} />;
  // Not "No agreement yet": a version 1 started here would sit beside the versions that could not be read.
  if (workspace.agreementError) return <ErrorAlert message={`The agreement could not be opened: ${workspace.agreementError}`} />;
  if (workspace.pending.agreement || !workspace.rosterIn) {
    return (
      <p className="muted" role="status">
        Opening the agreement…
      </p>
    );
  }

  if (!current) {
    return (
      <div className="empty-state">
        <h3>No agreement yet</h3>
        <p>
          Members sign a confidentiality agreement before they take part. Start from Holdspace’s default wording and adapt it, or
          write your own.
        </p>
        <div className="toolbar centered-row">
          <button type="button" className="primary" disabled={busy} onClick={() => void startFromDefault()}>
            Start from the default agreement
          </button>
          <button
            type="button"
            onClick={() => setEditing({ title: 'Group confidentiality agreement', clauses: [{ heading: '', body: '' }] })}
          >
            Write your own
          </button>
        </div>
        <ErrorAlert message={error} />
      </div>
    );
  }

  const preview = fillAgreement(current, {
    group: group.name,
    facilitator: group.facilitator,
    member: '[member’s name]',
    date: '[date signed]',
  });
  const signedCount = members.filter((m) => currentSignatureOf(m.clientId, current, signatures)).length;
  const signingName = signing ? nameOf(signing.clientId) : '';

  return (
    <div className="agreement">
      <section className="panel" aria-labelledby="agreement-title">
        <div className="panel-header">
          <div>
            <h3 id="agreement-title">{current.title}</h3>
            <p className="muted">
              Version {current.version}, saved {localShortDate(current.createdAt, tz)} · {signedCount} of {members.length} current
              members have signed this version
            </p>
          </div>
          <button type="button" onClick={() => setEditing({ title: current.title, clauses: current.clauses })}>
            Edit agreement
          </button>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void exportPdf(members, 'print', false, 'Group agreements')}
          >
            Print roster agreements
          </button>
          <button type="button" disabled={busy} onClick={() => void exportPdf(members, 'save', false, 'Group agreements')}>
            Save roster agreements as PDF
          </button>
          <button type="button" disabled={busy} onClick={() => void exportPdf(members, 'print', true, 'Blank group agreements')}>
            Print blank copies for signing in ink
          </button>
        </div>
        <p className="muted">Printed on {settings.paperSize === 'A4' ? 'A4' : 'US Letter'} paper (change this in Settings).</p>
      </section>

      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        <ErrorAlert message={error} />
      </div>

      <table className="table signing-table">
        <caption>Signatures for version {current.version}</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Status</th>
            <th scope="col">Signed</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No members yet. Add members on the Roster tab.
              </td>
            </tr>
          )}
          {members.map((m) => {
            const signature = currentSignatureOf(m.clientId, current, signatures);
            return (
              <tr key={m.clientId}>
                <th scope="row" dir="auto">
                  {m.name}
                </th>
                <td>
                  <Badge badge={badgeFor(m.clientId, current, signatures)} />
                </td>
                <td>
                  {signature
                    ? `${formatSignedOn(signature.signedOn)} (${signature.method === 'on-screen' ? 'on screen' : 'in ink'})`
                    : '—'}
                </td>
                <td>
                  <div className="row-actions">
                    {!signature && (
                      <>
                        <button
                          type="button"
                          onClick={() => setSigning({ clientId: m.clientId, how: 'screen' })}
                          aria-label={`Sign on screen for ${m.name}`}
                        >
                          Sign on screen
                        </button>
                        <button
                          type="button"
                          onClick={() => setSigning({ clientId: m.clientId, how: 'paper' })}
                          aria-label={`Record paper signature for ${m.name}`}
                        >
                          Signed on paper
                        </button>
                      </>
                    )}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void exportPdf([m], 'print', false, 'Member agreement')}
                      aria-label={`Print agreement for ${m.name}`}
                    >
                      Print
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void exportPdf([m], 'save', false, 'Member agreement')}
                      aria-label={`Save agreement PDF for ${m.name}`}
                    >
                      Save PDF
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <details className="panel agreement-text">
        <summary>Agreement text (version {current.version})</summary>
        <article aria-label={`${preview.title}, version ${current.version}`}>
          {preview.clauses.map((clause, index) => (
            <section key={index}>
              <h4>
                {index + 1}. {clause.heading}
              </h4>
              {clause.body.split(/\n{2,}/).map((paragraph, i) => (
                <p key={i}>{paragraph}</p>
              ))}
            </section>
          ))}
        </article>
      </details>

      {versions.length > 1 && (
        <details className="panel">
          <summary>Earlier versions ({versions.length - 1})</summary>
          <ul className="list">
            {versions
              .filter((v: AgreementVersion) => v.version !== current.version)
              .map((v) => (
                <li key={v.id} className="list-item">
                  <span>
                    Version {v.version}: {v.title}
                  </span>
                  <span className="muted">
                    saved {localShortDate(v.createdAt, tz)} · {signatures.filter((s) => s.version === v.version).length}{' '}
                    signatures
                  </span>
                </li>
              ))}
          </ul>
        </details>
      )}

      <Dialog
        title={signing?.how === 'paper' ? `Record paper signature for ${signingName}` : `Sign agreement: ${signingName}`}
        open={signing !== undefined}
        onClose={() => setSigning(undefined)}
        wide
      >
        {signing?.how === 'screen' && (
          <SignOnScreenForm
            workspace={workspace}
            clientId={signing.clientId}
            onCancel={() => setSigning(undefined)}
            onSigned={(text) => {
              setSigning(undefined);
              setMessage(text);
            }}
          />
        )}
        {signing?.how === 'paper' && (
          <PaperSignatureForm
            workspace={workspace}
            clientId={signing.clientId}
            onPrintBlank={() =>
              void exportPdf([{ clientId: signing.clientId, name: signingName }], 'print', true, 'Blank member agreement')
            }
            onCancel={() => setSigning(undefined)}
            onSigned={(text) => {
              setSigning(undefined);
              setMessage(text);
            }}
          />
        )}
      </Dialog>
      <p className="muted merge-help">Merge fields you can use in the text: {MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}.</p>
    </div>
  );
}
