/**
 * What must be true before a note can be signed. A draft may be incomplete at any time;
 * these issues only block signing, and each one tells the clinician what to fix.
 */
import type { Note } from '../records';
import { NOTE_SECTION_MAX, NOTE_SHORT_MAX } from '../records';
import { templateFor } from './templates';

export interface NoteIssue {
  /** Path of the field the issue is about: 'sections.plan', 'risk.plan', 'attendeeSections.<clientId>', ... */
  field: string;
  message: string;
}

export interface NoteValidationContext {
  /**
   * Client ids of the members who attended the session (present, late or left early).
   * When given, a per-attendee section for anyone else is an issue.
   */
  attendeeIds?: readonly string[];
  /** When given, a session that has not happened yet cannot be signed. */
  now?: number;
}

/** Longest plausible session: a full-day group workshop. Anything longer is almost certainly a typo. */
export const MAX_SESSION_MINUTES = 480;

/** A group note is one written for a group session; GIRP is only for groups. */
export function isGroupNote(note: Pick<Note, 'template' | 'groupId'>): boolean {
  return note.template === 'GIRP' || note.groupId !== undefined;
}

const hasText = (text: string | undefined): boolean => text !== undefined && text.trim() !== '';

export function validateNote(note: Note, context: NoteValidationContext = {}): NoteIssue[] {
  const issues: NoteIssue[] = [];
  const template = templateFor(note.template);
  const group = isGroupNote(note);

  if (group) {
    if (note.groupId === undefined) issues.push({ field: 'groupId', message: 'Choose the group this note is for.' });
    if (note.clientId !== undefined) {
      issues.push({
        field: 'clientId',
        message:
          'A group note belongs to the group, not to one client. Put what concerns a single member in their individual section.',
      });
    }
  } else if (note.clientId === undefined) {
    issues.push({ field: 'clientId', message: 'Choose the client this note is for.' });
  }

  for (const section of template.sections) {
    if (section.required && !hasText(note.sections[section.key])) {
      issues.push({
        field: `sections.${section.key}`,
        message: `${section.label} is empty. Write at least a line before signing.`,
      });
    }
  }
  const templateKeys = new Set(template.sections.map((section) => section.key));
  for (const [key, text] of Object.entries(note.sections)) {
    // Text under a key the template doesn't show (left behind by a template switch) would be signed unseen.
    if (!templateKeys.has(key) && hasText(text)) {
      issues.push({
        field: `sections.${key}`,
        message: `Some text is in a section that isn’t part of the ${template.name} template, so it wouldn’t be visible. Move it into one of the template’s sections.`,
      });
    }
  }

  // Longer than a note can be kept: it could not be saved, so say which part before anything else.
  const tooLong = (field: string, label: string, text: string, max: number): void => {
    if (text.length > max)
      issues.push({
        field,
        message: `${label} is longer than Holdspace can keep (${text.length.toLocaleString('en-GB')} characters; at most ${max.toLocaleString('en-GB')}). Shorten it, or move part of it into another section or an addendum.`,
      });
  };
  for (const [key, text] of Object.entries(note.sections))
    tooLong(
      `sections.${key}`,
      template.sections.find((section) => section.key === key)?.label ?? 'A section',
      text,
      NOTE_SECTION_MAX,
    );
  for (const [clientId, text] of Object.entries(note.attendeeSections))
    tooLong(`attendeeSections.${clientId}`, 'A member’s section', text, NOTE_SECTION_MAX);
  tooLong('risk.plan', 'The risk plan', note.risk.plan, NOTE_SHORT_MAX);
  tooLong('nextSteps', 'Next steps', note.nextSteps, NOTE_SHORT_MAX);

  if ((note.risk.level === 'moderate' || note.risk.level === 'high') && !hasText(note.risk.plan)) {
    issues.push({
      field: 'risk.plan',
      message: `Risk is rated ${note.risk.level}. Write the risk plan (what was agreed, who to contact, when you will review it) before signing.`,
    });
  }

  if (!Number.isInteger(note.durationMinutes) || note.durationMinutes <= 0) {
    issues.push({ field: 'durationMinutes', message: 'Enter how many minutes the session lasted.' });
  } else if (note.durationMinutes > MAX_SESSION_MINUTES) {
    issues.push({
      field: 'durationMinutes',
      message: `The session is recorded as ${note.durationMinutes} minutes, which is longer than 8 hours. Check the duration.`,
    });
  }

  if (context.now !== undefined && note.sessionAt > context.now) {
    issues.push({
      field: 'sessionAt',
      message: 'This session hasn’t happened yet. Notes can be signed once it has taken place.',
    });
  }

  const attendeeEntries = Object.entries(note.attendeeSections).filter(([, text]) => hasText(text));
  if (!group) {
    for (const [clientId] of attendeeEntries) {
      issues.push({
        field: `attendeeSections.${clientId}`,
        message: 'Individual sections are only for group notes. Move this text into the note’s own sections.',
      });
    }
  } else if (context.attendeeIds !== undefined) {
    const attendees = new Set(context.attendeeIds);
    for (const [clientId] of attendeeEntries) {
      if (!attendees.has(clientId)) {
        issues.push({
          field: `attendeeSections.${clientId}`,
          message:
            'There is an individual section for someone who isn’t marked as attending this session. Remove it, or update the attendance first.',
        });
      }
    }
  }

  return issues;
}

/** A draft with no issues can be signed; a signed note never can be again. */
export function canSign(note: Note, context: NoteValidationContext = {}): boolean {
  return note.status === 'draft' && validateNote(note, context).length === 0;
}
