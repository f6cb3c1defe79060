/** The note editor's fieldsets, each drawing one part of the draft from `useNoteEditor`. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { NoteTemplate, RiskLevel } from '../../../shared/records';
import { NOTE_SECTION_MAX, NOTE_SHORT_MAX, NOTE_TEMPLATES, RISK_LEVELS } from '../../../shared/records';
import { INTERVENTIONS, templateFor, TEMPLATES } from '../../../shared/notes/templates';
import type { NoteIssue } from '../../../shared/notes/validation';
import { DateField, TimeField } from '../ui/DateTimeFields';
import { formatSession, fromDateTimeInput, RISK_LABELS, toDateTimeInput } from './note-model';
import type { NoteEditorState } from './useNoteEditor';

const INTERVENTION_SET: ReadonlySet<string> = new Set(INTERVENTIONS);

/** Ties a field to the issue that stops the note being signed, if there is one. */
export interface FieldIssues {
  props: (field: string) => { 'aria-invalid'?: true; 'aria-describedby'?: string };
  text: (field: string) => ReactNode;
}

export function fieldIssues(idPrefix: string, issues: readonly NoteIssue[]): FieldIssues {
  const issueFor = (field: string): NoteIssue | undefined => issues.find((issue) => issue.field === field);
  return {
    props: (field) => (issueFor(field) ? { 'aria-invalid': true, 'aria-describedby': `${idPrefix}-${field}` } : {}),
    text: (field) => {
      const issue = issueFor(field);
      return issue ? (
        <span id={`${idPrefix}-${field}`} className="field-issue">
          {issue.message}
        </span>
      ) : null;
    },
  };
}

interface FieldsetProps {
  editor: NoteEditorState;
  issues: FieldIssues;
}

export function SessionFieldset({ editor, issues }: FieldsetProps) {
  const { note, data, group, linked, timeZone, change } = editor;
  const templateChoices = NOTE_TEMPLATES.filter((kind) => TEMPLATES[kind].audiences.includes(group ? 'group' : 'individual'));
  return (
    <fieldset className="note-card" disabled={editor.busy}>
      <legend>Session</legend>
      <div className="form-row">
        {!linked && (
          <label>
            Session type
            <select
              value={group ? 'group' : 'individual'}
              onChange={(e) => editor.chooseAudience(e.target.value as 'individual' | 'group')}
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
                onChange={(e) => change({ groupId: e.target.value || undefined, appointmentId: undefined, attendeeSections: {} })}
                {...issues.props('groupId')}
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
            {issues.text('groupId')}
          </div>
        ) : (
          <div className="field">
            <label>
              Client
              <select
                value={note.clientId ?? ''}
                disabled={linked}
                onChange={(e) => change({ clientId: e.target.value || undefined, appointmentId: undefined })}
                {...issues.props('clientId')}
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
            {issues.text('clientId')}
          </div>
        )}
        <label>
          Linked appointment
          <select value={note.appointmentId ?? ''} onChange={(e) => editor.chooseSession(e.target.value)}>
            <option value="">Standalone (no appointment)</option>
            {editor.sessionChoices.map((a) => (
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
              inputProps={issues.props('sessionAt')}
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
              inputProps={issues.props('sessionAt')}
            />
          </div>
          {issues.text('sessionAt')}
        </div>
        <div className="field">
          <label>
            Duration (minutes)
            <input
              type="number"
              min={1}
              max={720}
              value={note.durationMinutes}
              onChange={(e) => change({ durationMinutes: Math.max(0, Math.min(720, Math.round(Number(e.target.value) || 0))) })}
              {...issues.props('durationMinutes')}
            />
          </label>
          {issues.text('durationMinutes')}
        </div>
        <label>
          Template
          <select value={note.template} onChange={(e) => editor.chooseTemplate(e.target.value as NoteTemplate)}>
            {templateChoices.map((kind) => (
              <option key={kind} value={kind}>
                {TEMPLATES[kind].name}: {TEMPLATES[kind].description}
              </option>
            ))}
          </select>
        </label>
      </div>
    </fieldset>
  );
}

export function SectionsFieldset({ editor, issues }: FieldsetProps) {
  const { note, previous, timeZone, change } = editor;
  const template = templateFor(note.template);
  return (
    <fieldset className="note-card" disabled={editor.busy}>
      <legend>{template.description}</legend>
      <div className="copy-forward">
        <button type="button" onClick={editor.copyForward} disabled={previous === undefined}>
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
              maxLength={NOTE_SECTION_MAX}
              onChange={(e) => change({ sections: { ...note.sections, [section.key]: e.target.value } })}
              {...issues.props(`sections.${section.key}`)}
            />
          </label>
          {issues.text(`sections.${section.key}`)}
        </div>
      ))}
    </fieldset>
  );
}

/** Group notes: a section for each member who attended (never shown on another member's record). */
export function AttendeesFieldset({ editor, issues }: FieldsetProps) {
  const { note, data, attendeeIds, nameWarnings, change } = editor;
  const perAttendee = templateFor(note.template).perAttendee;
  if (perAttendee === undefined) return null;
  return (
    <fieldset className="note-card" disabled={editor.busy}>
      <legend>{perAttendee.label}</legend>
      <p className="muted small">{perAttendee.prompt}</p>
      {note.groupId === undefined ? (
        <p className="muted">Choose the group to write a section for each member who attended.</p>
      ) : attendeeIds.length === 0 ? (
        <p className="muted">
          No members are marked as attending this session. Take attendance on the group’s page to add their sections.
        </p>
      ) : (
        <>
          {!editor.attendanceTaken && (
            <p className="muted small">
              Attendance hasn’t been taken for this session, so every current member is listed. Leave a section empty for anyone
              who wasn’t there.
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
                    maxLength={NOTE_SECTION_MAX}
                    onChange={(e) => change({ attendeeSections: { ...note.attendeeSections, [clientId]: e.target.value } })}
                    {...issues.props(`attendeeSections.${clientId}`)}
                  />
                </label>
                {issues.text(`attendeeSections.${clientId}`)}
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
  );
}

export function InterventionsFieldset({ editor }: { editor: NoteEditorState }) {
  const { note, change, toggleIntervention } = editor;
  const [other, setOther] = useState('');
  const addOther = (): void => {
    const name = other.trim();
    if (name !== '' && !note.interventions.includes(name)) change({ interventions: [...note.interventions, name.slice(0, 100)] });
    setOther('');
  };
  return (
    <fieldset className="note-card" disabled={editor.busy}>
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
            value={other}
            maxLength={100}
            onChange={(e) => setOther(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addOther();
              }
            }}
          />
        </label>
        <button type="button" onClick={addOther}>
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
  );
}

export function RiskFieldset({ editor, issues, radioName }: FieldsetProps & { radioName: string }) {
  const { note, change } = editor;
  const riskNeedsPlan = note.risk.level === 'moderate' || note.risk.level === 'high';
  return (
    <fieldset className="note-card" disabled={editor.busy}>
      <legend>Risk screen</legend>
      <div className="risk-levels" role="radiogroup" aria-label="Risk level">
        {RISK_LEVELS.map((level) => (
          <label key={level} className={`check risk-${level}`}>
            <input
              type="radio"
              name={radioName}
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
              maxLength={NOTE_SHORT_MAX}
              placeholder="What was agreed, who to contact, and when you will review it."
              onChange={(e) => change({ risk: { ...note.risk, plan: e.target.value } })}
              aria-required={riskNeedsPlan}
              {...issues.props('risk.plan')}
            />
          </label>
          {issues.text('risk.plan')}
        </div>
      )}
    </fieldset>
  );
}

export function NextStepsFieldset({ editor }: { editor: NoteEditorState }) {
  return (
    <fieldset className="note-card" disabled={editor.busy}>
      <legend>Next steps (optional)</legend>
      <label>
        Next steps
        <textarea
          value={editor.note.nextSteps}
          rows={3}
          maxLength={NOTE_SHORT_MAX}
          placeholder="Tasks for you before the next session: letters, referrals, liaison."
          onChange={(e) => editor.change({ nextSteps: e.target.value })}
        />
      </label>
    </fieldset>
  );
}
