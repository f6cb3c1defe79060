import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Appointment, Note, NoteTemplate, RiskLevel } from '../../../shared/records';
import { NOTE_TEMPLATES, RISK_LEVELS } from '../../../shared/records';
import { copyForwardPlan, editNote, NoteActionError } from '../../../shared/notes/lifecycle';
import type { NotePatch } from '../../../shared/notes/lifecycle';
import { crossMemberNameWarnings } from '../../../shared/notes/privacy';
import { INTERVENTIONS, templateFor, TEMPLATES } from '../../../shared/notes/templates';
import type { NoteIssue } from '../../../shared/notes/validation';
import { isGroupNote, validateNote } from '../../../shared/notes/validation';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { discardDraft, signNote } from './actions';
import { useRecords } from '../data/useRecords';
import { Dialog } from '../ui/Dialog';
import {
  attendeeIdsOf,
  formatSession,
  fromDateTimeInput,
  previousNoteFor,
  RISK_LABELS,
  switchTemplate,
  toDateTimeInput,
} from './note-model';
import { SAVE_STATUS_TEXT, useDraftAutosave } from './useDraftAutosave';
import type { NotesData } from './useNotesData';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField, TimeField } from '../ui/DateTimeFields';

interface NoteEditorProps {
  initial: Note;
  /** Whether the draft is already stored (opened from drafts) or only exists on screen so far. */
  persisted: boolean;
  data: NotesData;
  onClose: () => void;
  onSigned: (note: Note) => void;
}

const INTERVENTION_SET: ReadonlySet<string> = new Set(INTERVENTIONS);
const MINUTE_MS = 60_000;

/** The draft editor: every change is autosaved as a sealed draft; signing locks the note for good. */
export function NoteEditor({ initial, persisted, data, onClose, onSigned }: NoteEditorProps) {
  const { settings, bump } = useSession();
  const timeZone = settings.timeZone;
  const formRef = useRef<HTMLFormElement>(null);
  const isMounted = useCallback(() => formRef.current?.isConnected === true, []);
  const { note, status, failed, update, flush } = useDraftAutosave(initial, { persisted, isMounted });
  // After a refused signature the issues are re-checked on every change, so each one clears as it is fixed.
  const [signAttempted, setSignAttempted] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [confirmSign, setConfirmSign] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [busy, setBusy] = useState(false);
  const [otherIntervention, setOtherIntervention] = useState('');
  const ids = useId();

  const group = isGroupNote(note);
  const template = templateFor(note.template);
  const owner = { clientId: note.clientId, groupId: note.groupId };

  const appointments = useRecords<Appointment>(
    (r) =>
      owner.groupId !== undefined
        ? r.appointments.query((t) => t.where('groupId').equals(owner.groupId!))
        : owner.clientId !== undefined
          ? r.appointments.query((t) => t.where('clientId').equals(owner.clientId!))
          : Promise.resolve({ records: [], unreadable: [] }),
    [owner.clientId, owner.groupId],
  );
  const memberships = useRecords(
    (r) =>
      owner.groupId !== undefined
        ? r.memberships.query((t) => t.where('groupId').equals(owner.groupId!))
        : Promise.resolve({ records: [], unreadable: [] }),
    [owner.groupId],
  );
  const attendance = useRecords(
    (r) =>
      note.appointmentId !== undefined && group
        ? r.attendance.query((t) => t.where('appointmentId').equals(note.appointmentId!))
        : Promise.resolve({ records: [], unreadable: [] }),
    [note.appointmentId, group],
  );

  const sessionChoices = useMemo(
    () =>
      appointments.records
        .filter(
          (a) => (group ? a.kind === 'group' : a.kind === 'individual') && a.status !== 'cancelled' && a.status !== 'late-cancel',
        )
        .sort((a, b) => b.start - a.start),
    [appointments.records, group],
  );

  const attendanceTaken = attendance.records.length > 0;
  const attendeeIds = useMemo(() => {
    const fromRegister = attendanceTaken
      ? attendeeIdsOf(attendance.records)
      : memberships.records.filter((m) => m.status === 'member').map((m) => m.clientId);
    // Sections that already hold text stay visible, so nothing written is hidden from the clinician.
    const withText = Object.entries(note.attendeeSections)
      .filter(([, text]) => text.trim() !== '')
      .map(([clientId]) => clientId);
    return [...new Set([...fromRegister, ...withText])].sort((a, b) => data.clientName(a).localeCompare(data.clientName(b)));
  }, [attendanceTaken, attendance.records, memberships.records, note.attendeeSections, data]);

  const nameWarnings = useMemo(() => {
    if (!group) return [];
    const clientById = new Map(data.clients.map((c) => [c.id, c]));
    const members = [...new Set([...memberships.records.map((m) => m.clientId), ...attendeeIds])].map((clientId) => ({
      clientId,
      name: clientById.get(clientId)?.name ?? '',
      preferredName: clientById.get(clientId)?.preferredName ?? '',
    }));
    return crossMemberNameWarnings(note, members);
  }, [group, data.clients, memberships.records, attendeeIds, note]);

  // The previous note of this client or group: their own notes are opened, not the whole practice's.
  const previousOwner =
    note.groupId !== undefined
      ? { field: 'groupId', id: note.groupId }
      : note.clientId !== undefined
        ? { field: 'clientId', id: note.clientId }
        : null;
  const theirs = useRecords<Note>(
    (r) =>
      previousOwner
        ? r.notes.query((t) => t.where(previousOwner.field).equals(previousOwner.id))
        : Promise.resolve({ records: [], unreadable: [] }),
    [previousOwner?.field, previousOwner?.id],
  );
  const previous = useMemo(() => previousNoteFor(note, [...theirs.records, ...data.drafts]), [note, theirs.records, data.drafts]);

  const validationContext = useMemo(
    () => (group && attendanceTaken ? { attendeeIds: attendeeIdsOf(attendance.records) } : {}),
    [group, attendanceTaken, attendance.records],
  );
  const issues: NoteIssue[] = useMemo(
    () => (signAttempted ? validateNote(note, { ...validationContext, now: Date.now() }) : []),
    [signAttempted, note, validationContext],
  );

  const change = (patch: NotePatch): void => {
    update(editNote(note, patch, Date.now()));
  };
  const setSection = (key: string, text: string): void => change({ sections: { ...note.sections, [key]: text } });
  const setAttendee = (clientId: string, text: string): void =>
    change({ attendeeSections: { ...note.attendeeSections, [clientId]: text } });

  const chooseAudience = (audience: 'individual' | 'group'): void => {
    const next = editNote(note, { clientId: undefined, groupId: undefined, appointmentId: undefined }, Date.now());
    update(switchTemplate(next, audience === 'group' ? 'GIRP' : 'SOAP'));
  };
  const chooseTemplate = (kind: NoteTemplate): void => update({ ...switchTemplate(note, kind), updatedAt: Date.now() });
  const chooseSession = (appointmentId: string): void => {
    const chosen = sessionChoices.find((a) => a.id === appointmentId);
    if (chosen === undefined) return change({ appointmentId: undefined });
    change({
      appointmentId: chosen.id,
      sessionAt: chosen.start,
      durationMinutes: Math.max(0, Math.round((chosen.end - chosen.start) / MINUTE_MS)),
    });
  };

  const toggleIntervention = (name: string, on: boolean): void =>
    change({ interventions: on ? [...note.interventions, name] : note.interventions.filter((i) => i !== name) });
  const addOtherIntervention = (): void => {
    const name = otherIntervention.trim();
    if (name === '' || note.interventions.includes(name)) return setOtherIntervention('');
    change({ interventions: [...note.interventions, name.slice(0, 100)] });
    setOtherIntervention('');
  };

  const copyForward = (): void => {
    if (previous === undefined) return;
    try {
      update({ ...copyForwardPlan(previous, note), updatedAt: Date.now() });
      setNotice(`Plan copied from the note of ${formatSession(previous.sessionAt, timeZone)}.`);
    } catch (e) {
      setError(e instanceof NoteActionError ? e.message : messageOf(e));
    }
  };

  const close = async (): Promise<void> => {
    if (await flush()) {
      bump();
      onClose();
    } else {
      setError(
        'Your latest changes could not be saved, so the note is still open. Check that Holdspace is unlocked and try again.',
      );
    }
  };

  const sign = async (): Promise<void> => {
    setConfirmSign(false);
    setBusy(true);
    setError('');
    try {
      if (!(await flush())) throw new Error('unsaved');
      const context = {
        now: Date.now(),
        ...(group && attendanceTaken ? { attendeeIds: attendeeIdsOf(attendance.records) } : {}),
      };
      const signed = await signNote(appDeps(), note, context);
      bump();
      onSigned(signed);
    } catch (e) {
      if (e instanceof NoteActionError) setSignAttempted(true);
      else setError(messageOf(e));
      setBusy(false);
    }
  };

  const discard = async (): Promise<void> => {
    setConfirmDiscard(false);
    setBusy(true);
    try {
      await flush();
      await discardDraft(appDeps(), note.id);
      bump();
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const issueFor = (field: string): NoteIssue | undefined => issues.find((issue) => issue.field === field);
  const fieldProps = (field: string) => {
    const issue = issueFor(field);
    return issue ? { 'aria-invalid': true as const, 'aria-describedby': `${ids}-${field}` } : {};
  };
  const issueText = (field: string): ReactNode => {
    const issue = issueFor(field);
    return issue ? (
      <span id={`${ids}-${field}`} className="field-issue">
        {issue.message}
      </span>
    ) : null;
  };

  const riskNeedsPlan = note.risk.level === 'moderate' || note.risk.level === 'high';
  const templateChoices = NOTE_TEMPLATES.filter((kind) => TEMPLATES[kind].audiences.includes(group ? 'group' : 'individual'));
  const linked = note.appointmentId !== undefined;

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
          <span className={`save-status ${status}`} role="status" aria-live="polite" aria-label="Save status">
            {SAVE_STATUS_TEXT[status]}
          </span>
          <button type="button" onClick={() => void close()} disabled={busy}>
            Close
          </button>
          <button type="button" className="primary" onClick={() => setConfirmSign(true)} disabled={busy}>
            Sign note…
          </button>
        </div>
      </header>
      {failed && (
        <p className="error" role="alert">
          The draft could not be saved. Your text is still here; it will be saved again when you next type or leave a field.
        </p>
      )}
      <ErrorAlert message={error} />
      {issues.length > 0 && (
        <div className="error-box" role="alert">
          <p>This note isn’t ready to sign yet. Fix the highlighted items first.</p>
          <ul>
            {issues.map((issue) => (
              <li key={issue.field}>{issue.message}</li>
            ))}
          </ul>
        </div>
      )}
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}

      <form
        ref={formRef}
        className="note-form"
        aria-label="Note"
        onSubmit={(e) => e.preventDefault()}
        onBlur={() => void flush()}
        aria-busy={busy}
      >
        <fieldset className="note-card" disabled={busy}>
          <legend>Session</legend>
          <div className="form-row">
            {!linked && (
              <label>
                Session type
                <select
                  value={group ? 'group' : 'individual'}
                  onChange={(e) => chooseAudience(e.target.value as 'individual' | 'group')}
                >
                  <option value="individual">Individual</option>
                  <option value="group">Group</option>
                </select>
              </label>
            )}
            {group ? (
              <div className="field">
                <label>
                  Group
                  <select
                    value={note.groupId ?? ''}
                    disabled={linked}
                    onChange={(e) =>
                      change({ groupId: e.target.value || undefined, appointmentId: undefined, attendeeSections: {} })
                    }
                    {...fieldProps('groupId')}
                  >
                    <option value="">Choose a group</option>
                    {data.groups
                      .filter((g) => !g.archived || g.id === note.groupId)
                      .map((g) => (
                        <option key={g.id} value={g.id}>
                          {g.name}
                        </option>
                      ))}
                  </select>
                </label>
                {issueText('groupId')}
              </div>
            ) : (
              <div className="field">
                <label>
                  Client
                  <select
                    value={note.clientId ?? ''}
                    disabled={linked}
                    onChange={(e) => change({ clientId: e.target.value || undefined, appointmentId: undefined })}
                    {...fieldProps('clientId')}
                  >
                    <option value="">Choose a client</option>
                    {data.clients
                      .filter((c) => !c.archived || c.id === note.clientId)
                      .map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                  </select>
                </label>
                {issueText('clientId')}
              </div>
            )}
            <label>
              Linked appointment
              <select value={note.appointmentId ?? ''} onChange={(e) => chooseSession(e.target.value)}>
                <option value="">Standalone (no appointment)</option>
                {sessionChoices.map((a) => (
                  <option key={a.id} value={a.id}>
                    {formatSession(a.start, timeZone)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="form-row">
            <div className="field">
              <div className="form-row">
                <DateField
                  label="Session date"
                  value={toDateTimeInput(note.sessionAt, timeZone).slice(0, 10)}
                  onChange={(date) => {
                    const at = date
                      ? fromDateTimeInput(`${date}T${toDateTimeInput(note.sessionAt, timeZone).slice(11)}`, timeZone)
                      : undefined;
                    if (at !== undefined) change({ sessionAt: at });
                  }}
                  inputProps={fieldProps('sessionAt')}
                />
                <TimeField
                  label="Session time"
                  value={toDateTimeInput(note.sessionAt, timeZone).slice(11)}
                  onChange={(time) => {
                    const at = time
                      ? fromDateTimeInput(`${toDateTimeInput(note.sessionAt, timeZone).slice(0, 10)}T${time}`, timeZone)
                      : undefined;
                    if (at !== undefined) change({ sessionAt: at });
                  }}
                  inputProps={fieldProps('sessionAt')}
                />
              </div>
              {issueText('sessionAt')}
            </div>
            <div className="field">
              <label>
                Duration (minutes)
                <input
                  type="number"
                  min={1}
                  max={720}
                  value={note.durationMinutes}
                  onChange={(e) =>
                    change({ durationMinutes: Math.max(0, Math.min(720, Math.round(Number(e.target.value) || 0))) })
                  }
                  {...fieldProps('durationMinutes')}
                />
              </label>
              {issueText('durationMinutes')}
            </div>
            <label>
              Template
              <select value={note.template} onChange={(e) => chooseTemplate(e.target.value as NoteTemplate)}>
                {templateChoices.map((kind) => (
                  <option key={kind} value={kind}>
                    {TEMPLATES[kind].name}: {TEMPLATES[kind].description}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </fieldset>

        <fieldset className="note-card" disabled={busy}>
          <legend>{template.description}</legend>
          <div className="copy-forward">
            <button type="button" onClick={copyForward} disabled={previous === undefined}>
              Copy plan from previous note
            </button>
            <span className="muted small">
              {previous === undefined
                ? 'No earlier note for this client or group yet.'
                : `Previous note: ${formatSession(previous.sessionAt, timeZone)}`}
            </span>
          </div>
          {template.sections.map((section) => (
            <div className="field" key={section.key}>
              <label>
                {section.label}
                <textarea
                  value={note.sections[section.key] ?? ''}
                  placeholder={section.prompt}
                  rows={section.key === 'plan' ? 4 : 5}
                  onChange={(e) => setSection(section.key, e.target.value)}
                  {...fieldProps(`sections.${section.key}`)}
                />
              </label>
              {issueText(`sections.${section.key}`)}
            </div>
          ))}
        </fieldset>

        {template.perAttendee !== undefined && (
          <fieldset className="note-card" disabled={busy}>
            <legend>{template.perAttendee.label}</legend>
            <p className="muted small">{template.perAttendee.prompt}</p>
            {note.groupId === undefined ? (
              <p className="muted">Choose the group to write a section for each member who attended.</p>
            ) : attendeeIds.length === 0 ? (
              <p className="muted">
                No members are marked as attending this session. Take attendance on the group’s page to add their sections.
              </p>
            ) : (
              <>
                {!attendanceTaken && (
                  <p className="muted small">
                    Attendance hasn’t been taken for this session, so every current member is listed. Leave a section empty for
                    anyone who wasn’t there.
                  </p>
                )}
                {attendeeIds.map((clientId) => {
                  const warnings = nameWarnings.filter((w) => w.sectionClientId === clientId);
                  return (
                    <div className="field" key={clientId}>
                      <label>
                        {data.clientName(clientId)}
                        <textarea
                          value={note.attendeeSections[clientId] ?? ''}
                          rows={3}
                          onChange={(e) => setAttendee(clientId, e.target.value)}
                          {...fieldProps(`attendeeSections.${clientId}`)}
                        />
                      </label>
                      {issueText(`attendeeSections.${clientId}`)}
                      {warnings.map((w) => (
                        <span key={w.mentionedClientId} className="field-warning" role="note">
                          {w.message}
                        </span>
                      ))}
                    </div>
                  );
                })}
              </>
            )}
          </fieldset>
        )}

        <fieldset className="note-card" disabled={busy}>
          <legend>Interventions used</legend>
          <div className="intervention-grid">
            {INTERVENTIONS.map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={note.interventions.includes(name)}
                  onChange={(e) => toggleIntervention(name, e.target.checked)}
                />
                {name}
              </label>
            ))}
          </div>
          <div className="other-intervention">
            <label>
              Other intervention
              <input
                value={otherIntervention}
                maxLength={100}
                onChange={(e) => setOtherIntervention(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addOtherIntervention();
                  }
                }}
              />
            </label>
            <button type="button" onClick={addOtherIntervention}>
              Add intervention
            </button>
          </div>
          {note.interventions.some((name) => !INTERVENTION_SET.has(name)) && (
            <ul className="chip-list" aria-label="Other interventions">
              {note.interventions
                .filter((name) => !INTERVENTION_SET.has(name))
                .map((name) => (
                  <li key={name} className="chip">
                    {name}
                    <button
                      type="button"
                      className="icon"
                      aria-label={`Remove ${name}`}
                      onClick={() => toggleIntervention(name, false)}
                    >
                      ×
                    </button>
                  </li>
                ))}
            </ul>
          )}
        </fieldset>

        <fieldset className="note-card" disabled={busy}>
          <legend>Risk screen</legend>
          <div className="risk-levels" role="radiogroup" aria-label="Risk level">
            {RISK_LEVELS.map((level) => (
              <label key={level} className={`check risk-${level}`}>
                <input
                  type="radio"
                  name={`${ids}-risk`}
                  value={level}
                  checked={note.risk.level === level}
                  onChange={() => change({ risk: { ...note.risk, level: level as RiskLevel } })}
                />
                {RISK_LABELS[level]}
              </label>
            ))}
          </div>
          {(riskNeedsPlan || note.risk.plan !== '') && (
            <div className="field">
              <label>
                {riskNeedsPlan ? 'Risk plan (required)' : 'Risk plan'}
                <textarea
                  value={note.risk.plan}
                  rows={3}
                  placeholder="What was agreed, who to contact, and when you will review it."
                  onChange={(e) => change({ risk: { ...note.risk, plan: e.target.value } })}
                  aria-required={riskNeedsPlan}
                  {...fieldProps('risk.plan')}
                />
              </label>
              {issueText('risk.plan')}
            </div>
          )}
        </fieldset>

        <fieldset className="note-card" disabled={busy}>
          <legend>Next steps (optional)</legend>
          <label>
            Next steps
            <textarea
              value={note.nextSteps}
              rows={3}
              placeholder="Tasks for you before the next session: letters, referrals, liaison."
              onChange={(e) => change({ nextSteps: e.target.value })}
            />
          </label>
        </fieldset>
      </form>

      <div className="note-editor-footer">
        <button type="button" className="danger" onClick={() => setConfirmDiscard(true)} disabled={busy || status === 'new'}>
          Discard draft…
        </button>
      </div>

      <Dialog title="Sign this note?" open={confirmSign} onClose={() => setConfirmSign(false)}>
        <p>
          Signing locks the note. It can’t be edited afterwards; corrections are added as dated addenda beneath it. The signature
          and a fingerprint of the content are recorded in the audit trail.
        </p>
        <div className="actions">
          <button type="button" onClick={() => setConfirmSign(false)}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void sign()}>
            Sign note
          </button>
        </div>
      </Dialog>
      <Dialog title="Discard this draft?" open={confirmDiscard} onClose={() => setConfirmDiscard(false)}>
        <p>The draft and everything written in it will be deleted. This can’t be undone.</p>
        <div className="actions">
          <button type="button" onClick={() => setConfirmDiscard(false)}>
            Keep draft
          </button>
          <button type="button" className="danger" onClick={() => void discard()}>
            Discard draft
          </button>
        </div>
      </Dialog>
    </section>
  );
}
