import { useState } from 'react';
import { MERGE_FIELDS } from '../../../shared/groups/agreements';
import type { AgreementClause } from '../../../shared/groups/agreements';
import { describeError } from './messages';
import { ErrorAlert } from '../ui/ErrorAlert';

/** Edits the agreement's title and clauses; saving makes a new version (the caller's job). */
export function AgreementEditor({
  initial,
  isFirst,
  onCancel,
  onSave,
}: {
  initial: { title: string; clauses: AgreementClause[] };
  isFirst: boolean;
  onCancel: () => void;
  onSave: (title: string, clauses: AgreementClause[]) => Promise<void>;
}) {
  const [title, setTitle] = useState(initial.title);
  const [clauses, setClauses] = useState<AgreementClause[]>(() => initial.clauses.map((c) => ({ ...c })));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const update = (index: number, patch: Partial<AgreementClause>) =>
    setClauses((list) => list.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const save = async (): Promise<void> => {
    setError('');
    setBusy(true);
    try {
      await onSave(title, clauses);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel form-stack agreement-editor"
      aria-labelledby="agreement-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="agreement-editor-title">{isFirst ? 'New agreement' : 'Edit agreement'}</h3>
      <p className="muted">
        {isFirst
          ? 'Saving makes version 1, which members then sign.'
          : 'Saving makes a new version. Members who signed the current version will need to sign again before they are marked present.'}{' '}
        Merge fields, filled in on each member’s copy: {MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}.
      </p>
      <label>
        Agreement title
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <ol className="clause-list">
        {clauses.map((clause, index) => (
          <li key={index} className="clause-edit">
            <label>
              Clause {index + 1} heading
              <input value={clause.heading} onChange={(e) => update(index, { heading: e.target.value })} />
            </label>
            <label>
              Clause {index + 1} text
              <textarea rows={5} value={clause.body} onChange={(e) => update(index, { body: e.target.value })} />
            </label>
            <button
              type="button"
              className="link"
              onClick={() => setClauses((list) => list.filter((_, i) => i !== index))}
              aria-label={`Remove clause ${index + 1}`}
            >
              Remove this clause
            </button>
          </li>
        ))}
      </ol>
      <div>
        <button type="button" onClick={() => setClauses((list) => [...list, { heading: '', body: '' }])}>
          Add a clause
        </button>
      </div>
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : isFirst ? 'Save agreement' : 'Save as new version'}
        </button>
      </div>
    </form>
  );
}
