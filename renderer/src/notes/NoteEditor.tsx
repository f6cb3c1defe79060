import { useId } from 'react';
import { templateFor } from '../../../shared/notes/templates';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatSession } from './note-model';
import {
  AttendeesFieldset,
  fieldIssues,
  InterventionsFieldset,
  NextStepsFieldset,
  RiskFieldset,
  SectionsFieldset,
  SessionFieldset,
} from './NoteFieldsets';
import { useNoteEditor } from './useNoteEditor';
import type { NoteEditorOptions } from './useNoteEditor';
import { SAVE_STATUS_TEXT } from './useDraftAutosave';

/** The draft editor: every change is autosaved as a sealed draft; signing locks the note for good. */
export function NoteEditor(props: NoteEditorOptions) {
  const editor = useNoteEditor(props);
  const { note, data, save, busy, timeZone } = editor;
  const ids = useId();
  const issues = fieldIssues(ids, editor.issues);
  const template = templateFor(note.template);

  return (
    <section className="note-editor" aria-labelledby={`${ids}-title`}>
      <header className="note-editor-header">
        <div>
          <h2 id={`${ids}-title`}>
            {template.name} note: {data.ownerName(note)}
          </h2>
          <p className="muted">
            Draft · {formatSession(note.sessionAt, timeZone)} · {note.durationMinutes} minutes
          </p>
        </div>
        <div className="note-editor-actions">
          <span className={`save-status ${save.status}`} role="status" aria-live="polite" aria-label="Save status">
            {SAVE_STATUS_TEXT[save.status]}
          </span>
          <button type="button" onClick={() => void editor.close()} disabled={busy}>
            Close
          </button>
          <button type="button" className="primary" onClick={() => editor.setConfirmSign(true)} disabled={busy}>
            Sign note…
          </button>
        </div>
      </header>
      {save.failed && (
        <p className="error" role="alert">
          The draft could not be saved. Your text is still here; it will be saved again when you next type or leave a field.
        </p>
      )}
      <ErrorAlert message={editor.error} />
      {editor.issues.length > 0 && (
        <div className="error-box" role="alert">
          <p>This note isn’t ready to sign yet. Fix the highlighted items first.</p>
          <ul>
            {editor.issues.map((issue) => (
              <li key={issue.field}>{issue.message}</li>
            ))}
          </ul>
        </div>
      )}
      {editor.notice && (
        <p className="ok" role="status">
          {editor.notice}
        </p>
      )}

      <form
        ref={editor.formRef}
        className="note-form"
        aria-label="Note"
        onSubmit={(e) => e.preventDefault()}
        onBlur={() => void save.flush()}
        aria-busy={busy}
      >
        <SessionFieldset editor={editor} issues={issues} />
        <SectionsFieldset editor={editor} issues={issues} />
        <AttendeesFieldset editor={editor} issues={issues} />
        <InterventionsFieldset editor={editor} />
        <RiskFieldset editor={editor} issues={issues} radioName={`${ids}-risk`} />
        <NextStepsFieldset editor={editor} />
      </form>

      <div className="note-editor-footer">
        <button
          type="button"
          className="danger"
          onClick={() => editor.setConfirmDiscard(true)}
          disabled={busy || save.status === 'new'}
        >
          Discard draft…
        </button>
      </div>

      <Dialog title="Sign this note?" open={editor.confirmSign} onClose={() => editor.setConfirmSign(false)}>
        <p>
          Signing locks the note. It can’t be edited afterwards; corrections are added as dated addenda beneath it. The signature
          and a fingerprint of the content are recorded in the audit trail.
        </p>
        <div className="actions">
          <button type="button" onClick={() => editor.setConfirmSign(false)}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void editor.sign()}>
            Sign note
          </button>
        </div>
      </Dialog>
      <Dialog title="Discard this draft?" open={editor.confirmDiscard} onClose={() => editor.setConfirmDiscard(false)}>
        <p>The draft and everything written in it will be deleted. This can’t be undone.</p>
        <div className="actions">
          <button type="button" onClick={() => editor.setConfirmDiscard(false)}>
            Keep draft
          </button>
          <button type="button" className="danger" onClick={() => void editor.discard()}>
            Discard draft
          </button>
        </div>
      </Dialog>
    </section>
  );
}
