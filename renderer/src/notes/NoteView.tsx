import { NOTE_SHORT_MAX } from '../../../shared/records';
import { unprintableNotice } from '../ui/unprintable';
import { useEffect, useId, useState } from 'react';
import type { Note } from '../../../shared/records';
import { NoteActionError, verifyNoteContent } from '../../../shared/notes/lifecycle';
import { templateFor } from '../../../shared/notes/templates';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { addAddendum } from './actions';
import { NoteBody } from './NoteBody';
import { pdfDateFormat } from '../../../shared/locale/format';
import { formatSession, isoDay, pdfNoteOf } from './note-model';
import type { NotesData } from './useNotesData';
import { ErrorAlert } from '../ui/ErrorAlert';

/** A signed note: read-only, with its addenda beneath and a form to add another. */
export function NoteView({ note: initial, data, onClose }: { note: Note; data: NotesData; onClose: () => void }) {
  const { settings, bump } = useSession();
  const timeZone = settings.timeZone;
  const [note, setNote] = useState(initial);
  const [addendum, setAddendum] = useState('');
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [intact, setIntact] = useState<boolean | undefined>(undefined);
  const ids = useId();

  useEffect(() => {
    let live = true;
    void verifyNoteContent(note).then((ok) => live && setIntact(ok));
    return () => {
      live = false;
    };
  }, [note]);

  const saveAddendum = async (): Promise<void> => {
    setError('');
    setMessage('');
    try {
      setBusy(true);
      const updated = await addAddendum(appDeps(), note, addendum, Date.now());
      setNote(updated);
      setAddendum('');
      setMessage('Addendum added.');
      bump();
    } catch (e) {
      setError(e instanceof NoteActionError ? e.message : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const exportPdf = async (): Promise<void> => {
    setError('');
    setMessage('');
    setBusy(true);
    try {
      const names = new Map(Object.keys(note.attendeeSections).map((clientId) => [clientId, data.clientName(clientId)]));
      const result = await unwrap(
        api().export.notesPdf({
          request: {
            paperSize: settings.paperSize,
            timeZone,
            format: pdfDateFormat(),
            title: `Session note: ${data.ownerName(note)}`,
            generatedOn: isoDay(Date.now(), timeZone),
            notes: [pdfNoteOf(note, { names })],
          },
          destination: 'save',
          // No name in the file name: file names show up in recent-file lists and backups unencrypted.
          suggestedName: `Session note ${isoDay(note.sessionAt, timeZone)}.pdf`,
          audit: { kind: 'note', recordIds: [note.id] },
        }),
      );
      if (result.saved)
        setMessage(`Exported${result.fileName ? ` as ${result.fileName}` : ''}.${unprintableNotice(result.unprintable)}`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="note-view" aria-labelledby={`${ids}-title`}>
      <header className="note-editor-header">
        <div>
          <h2 id={`${ids}-title`}>
            {templateFor(note.template).name} note: {data.ownerName(note)}
          </h2>
          <p className="muted">
            {formatSession(note.sessionAt, timeZone)} · {note.durationMinutes} minutes
          </p>
          <p className="signed-line">
            <span className="badge ok">Signed</span>{' '}
            {note.signedAt !== undefined && <span>on {formatSession(note.signedAt, timeZone)}</span>}
            {intact === false && (
              <span className="badge danger" role="alert">
                The content no longer matches what was signed
              </span>
            )}
            {note.contentHash !== undefined && (
              <span className="muted small mono" title="SHA-256 of the signed content, also recorded in the audit trail">
                Fingerprint {note.contentHash.slice(0, 16)}
              </span>
            )}
          </p>
        </div>
        <div className="note-editor-actions">
          <button type="button" onClick={() => void exportPdf()} disabled={busy}>
            Export PDF
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <p className="locked-notice" role="note">
        This note is signed, so it can’t be edited. To correct or add to it, write an addendum below; it is dated and shown
        beneath the note.
      </p>
      <ErrorAlert message={error} />
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      <div className="note-card">
        <NoteBody note={note} scope={{ kind: 'all' }} clientName={data.clientName} timeZone={timeZone} />
      </div>
      <form
        className="note-card addendum-form"
        onSubmit={(e) => {
          e.preventDefault();
          void saveAddendum();
        }}
      >
        <label>
          Addendum
          <textarea
            value={addendum}
            rows={3}
            maxLength={NOTE_SHORT_MAX}
            placeholder="A correction or later information. The original note stays as it was signed."
            onChange={(e) => setAddendum(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || addendum.trim() === ''}>
            Add addendum
          </button>
        </div>
      </form>
    </article>
  );
}
