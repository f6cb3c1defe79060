import type { Note } from '../../../shared/records';
import { attendeeSectionFor } from '../../../shared/notes/privacy';
import { templateFor } from '../../../shared/notes/templates';
import { formatSession, RISK_LABELS } from './note-model';

/**
 * Which per-attendee sections a reading view may show: all of them (the group note itself),
 * only one member's (that member's record), or none (the group's own timeline).
 */
export type AttendeeScope = { kind: 'all' } | { kind: 'member'; clientId: string } | { kind: 'none' };

interface NoteBodyProps {
  note: Note;
  scope: AttendeeScope;
  clientName: (clientId: string) => string;
  timeZone: string;
  /** Heading level for section titles, so the body nests correctly wherever it is shown. */
  level?: 3 | 4;
}

/**
 * A note read back. All note text is rendered as React text nodes inside elements with
 * `white-space: pre-wrap`: whatever a note contains (markup, script tags) is shown as typed.
 */
export function NoteBody({ note, scope, clientName, timeZone, level = 3 }: NoteBodyProps) {
  const Heading = level === 3 ? 'h3' : 'h4';
  const template = templateFor(note.template);
  const attendeeIds =
    scope.kind === 'all'
      ? Object.keys(note.attendeeSections).sort((a, b) => clientName(a).localeCompare(clientName(b)))
      : scope.kind === 'member' && attendeeSectionFor(note, scope.clientId) !== undefined
        ? [scope.clientId]
        : [];
  return (
    <div className="note-body">
      {template.sections.map((section) => (
        <section key={section.key} className="note-section">
          <Heading>{section.label}</Heading>
          <p className="note-text" dir="auto">
            {note.sections[section.key]?.trim() || '—'}
          </p>
        </section>
      ))}
      {attendeeIds
        .filter((clientId) => (attendeeSectionFor(note, clientId) ?? '').trim() !== '')
        .map((clientId) => (
          <section key={clientId} className="note-section attendee">
            <Heading>
              {template.perAttendee?.label ?? 'Individual notes'}: {clientName(clientId)}
            </Heading>
            <p className="note-text" dir="auto">
              {attendeeSectionFor(note, clientId)}
            </p>
          </section>
        ))}
      <dl className="note-facts">
        <dt>Interventions</dt>
        <dd>
          {note.interventions.length === 0
            ? 'None recorded'
            : note.interventions.map((name) => (
                <span key={name} className="tag">
                  {name}
                </span>
              ))}
        </dd>
        <dt>Risk</dt>
        <dd>
          <span className={`risk-badge risk-${note.risk.level}`}>{RISK_LABELS[note.risk.level]}</span>
          {note.risk.plan.trim() !== '' && <span className="note-text risk-plan">{note.risk.plan}</span>}
        </dd>
        {note.nextSteps.trim() !== '' && (
          <>
            <dt>Next steps</dt>
            <dd className="note-text">{note.nextSteps}</dd>
          </>
        )}
      </dl>
      {note.addenda.length > 0 && (
        <section className="addenda" aria-label="Addenda">
          <Heading>Addenda</Heading>
          <ol className="addenda-list">
            {note.addenda.map((addendum, i) => (
              <li key={`${addendum.at}-${i}`} className="addendum">
                <p className="addendum-date">Added {formatSession(addendum.at, timeZone)}</p>
                <p className="note-text" dir="auto">
                  {addendum.text}
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
