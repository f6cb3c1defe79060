/**
 * Pure helpers the note screens share: starting a draft, switching template without losing
 * text, finding the previous note to copy a plan from, session times in the clinician's zone,
 * and the shape a note takes in a PDF export. No React, no I/O: unit-tested under Node.
 */
import type { Appointment, Attendance, Membership, Note, NoteTemplate } from '../../../shared/records';
import { NOTE_SECTION_MAX } from '../../../shared/records';
import { currentMembers, membersDuring } from '../../../shared/groups/roster';
import type { NotesPdfRequest } from '../../../shared/exports';
import { newId } from '../../../shared/ids';
import { attendeeSectionFor } from '../../../shared/notes/privacy';
import { NoteActionError, planTextOf } from '../../../shared/notes/lifecycle';
import { templateFor } from '../../../shared/notes/templates';
import { isGroupNote } from '../../../shared/notes/validation';
import { formatClock, formatDay, instantFromZoned, zonedParts } from '../../../shared/scheduling/time';

export type NoteAudience = 'individual' | 'group';

export interface DraftStart {
  now: number;
  audience: NoteAudience;
  clientId?: string;
  groupId?: string;
  appointment?: Appointment;
}

const MINUTE_MS = 60_000;

/** A fresh, empty draft. Linked to an appointment, it takes the session's owner, time and length. */
export function newDraft({ now, audience, clientId, groupId, appointment }: DraftStart): Note {
  const group = appointment ? appointment.kind === 'group' : audience === 'group';
  const template: NoteTemplate = group ? 'GIRP' : 'SOAP';
  const owner = appointment
    ? group
      ? { groupId: appointment.groupId }
      : { clientId: appointment.clientId }
    : group
      ? { groupId }
      : { clientId };
  return {
    id: newId(),
    template,
    ...(appointment ? { appointmentId: appointment.id } : {}),
    ...(owner.clientId !== undefined ? { clientId: owner.clientId } : {}),
    ...(owner.groupId !== undefined ? { groupId: owner.groupId } : {}),
    sessionAt: appointment ? appointment.start : roundDownToQuarterHour(now),
    durationMinutes: appointment ? Math.max(0, Math.min(720, Math.round((appointment.end - appointment.start) / MINUTE_MS))) : 50,
    sections: {},
    attendeeSections: {},
    interventions: [],
    risk: { level: 'none', plan: '' },
    nextSteps: '',
    status: 'draft',
    addenda: [],
    createdAt: now,
    updatedAt: now,
  };
}

const roundDownToQuarterHour = (instant: number): number => instant - (instant % (15 * MINUTE_MS));

/**
 * Changes a draft's template. Text in sections the new template lacks is moved, headed by its
 * old label, into the new template's first section: a template switch must never hide or drop
 * what the clinician wrote (validation would otherwise refuse to sign unseen text).
 */
export function switchTemplate(note: Note, template: NoteTemplate): Note {
  if (template === note.template) return note;
  const from = templateFor(note.template);
  const to = templateFor(template);
  const targetKeys = new Set(to.sections.map((section) => section.key));
  const sections: Record<string, string> = {};
  const orphans: string[] = [];
  const labelOf = (key: string): string => from.sections.find((section) => section.key === key)?.label ?? key;
  for (const [key, text] of Object.entries(note.sections)) {
    if (targetKeys.has(key)) sections[key] = text;
    else if (text.trim() !== '') orphans.push(`${labelOf(key)}:\n${text.trim()}`);
  }
  const first = to.sections[0]!.key;
  if (orphans.length > 0)
    sections[first] = [sections[first]?.trim() ?? '', ...orphans].filter((part) => part !== '').join('\n\n');
  // Moved together, the text would be longer than a section can be kept: refuse rather than lose the next save.
  if ((sections[first]?.length ?? 0) > NOTE_SECTION_MAX)
    throw new NoteActionError(
      `The ${to.name} template would put more text in “${to.sections[0]!.label}” than a section can hold. Shorten the note first, or keep the ${from.name} template.`,
    );
  // Per-attendee sections belong to group templates only; keep them while the note is a group note.
  const attendeeSections =
    to.perAttendee !== undefined || isGroupNote({ template, groupId: note.groupId }) ? note.attendeeSections : {};
  return { ...note, template, sections, attendeeSections };
}

/** Which of two candidates for "previous note" wins: the later session, then a signed note over a draft, then the later edit. */
function laterNote(a: Note, b: Note): boolean {
  if (a.sessionAt !== b.sessionAt) return a.sessionAt > b.sessionAt;
  if ((a.status === 'signed') !== (b.status === 'signed')) return a.status === 'signed';
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt;
  return a.id > b.id;
}

/**
 * The most recent other note for the same client or group from before this session that has a
 * plan to copy forward, if any (an empty draft in between is passed over). Notes sharing a
 * session time are ordered the same way whatever order they come in.
 */
export function previousNoteFor(note: Note, notes: readonly Note[]): Note | undefined {
  let best: Note | undefined;
  for (const other of notes) {
    if (other.id === note.id || other.sessionAt >= note.sessionAt) continue;
    const same =
      (note.groupId !== undefined && other.groupId === note.groupId) ||
      (note.groupId === undefined &&
        note.clientId !== undefined &&
        other.groupId === undefined &&
        other.clientId === note.clientId);
    if (!same || planTextOf(other) === '') continue;
    if (best === undefined || laterNote(other, best)) best = other;
  }
  return best;
}

/** Signed notes win over a draft with the same id (the moment between signing and removing the draft). */
export function mergeNotes(signed: readonly Note[], drafts: readonly Note[]): Note[] {
  const byId = new Map<string, Note>();
  for (const draft of drafts) byId.set(draft.id, draft);
  for (const note of signed) byId.set(note.id, note);
  return [...byId.values()];
}

/** Client ids of the members who were there: present, late or leaving early all count as attending. */
export function attendeeIdsOf(attendance: readonly Attendance[]): string[] {
  const ids = attendance
    .filter(
      (mark) => mark.clientId !== undefined && (mark.mark === 'present' || mark.mark === 'late' || mark.mark === 'left-early'),
    )
    .map((mark) => mark.clientId!);
  return [...new Set(ids)];
}

/** The note with its linked session's current start and length (unchanged when they already match). */
export function withSessionTime(note: Note, session: Pick<Appointment, 'start' | 'end'>): Note {
  const durationMinutes = Math.max(0, Math.round((session.end - session.start) / 60_000));
  if (note.sessionAt === session.start && note.durationMinutes === durationMinutes) return note;
  return { ...note, sessionAt: session.start, durationMinutes };
}

/**
 * The members a session's note is written for, before a register is taken: those in the group
 * during the session; when no one was (a roster entered after the sessions it covers, as when a
 * practice starts using Holdspace), today's members.
 */
function membersForNote(memberships: readonly Membership[], groupId: string, from: number, to: number): string[] {
  const during = membersDuring(memberships, groupId, from, to);
  const chosen = during.length > 0 ? during : currentMembers(memberships, groupId);
  return chosen.map((m) => m.clientId);
}

/**
 * Whom a group note has a section for: those the register marks present (or late, or leaving
 * early) when it was taken for the session; otherwise the members of the group during the
 * session (not today's roster: a member who has left since was there, one who joined since was
 * not, and a section is filed on that person's record; one added as it began counts), or today's
 * members when the roster has no one then; and anyone whose section already holds text, so
 * nothing written is hidden.
 */
export function noteAttendeeIds(
  note: Pick<Note, 'groupId' | 'sessionAt' | 'durationMinutes' | 'attendeeSections'>,
  attendance: readonly Attendance[],
  memberships: readonly Membership[],
): string[] {
  const present =
    attendance.length > 0
      ? attendeeIdsOf(attendance)
      : note.groupId === undefined
        ? []
        : membersForNote(memberships, note.groupId, note.sessionAt, note.sessionAt + note.durationMinutes * MINUTE_MS);
  const withText = Object.entries(note.attendeeSections)
    .filter(([, text]) => text.trim() !== '')
    .map(([clientId]) => clientId);
  return [...new Set([...present, ...withText])];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An instant as "yyyy-mm-ddTHH:mm" in the clinician's zone (the date and time fields take its two halves). */
export function toDateTimeInput(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** The instant a "yyyy-mm-ddTHH:mm" value names in the clinician's zone; undefined while half-typed. */
export function fromDateTimeInput(value: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return instantFromZoned({ year, month, day, hour, minute }, timeZone);
}

/** The instant a date input's day starts (or, with `endOfDay`, the next day starts) in the clinician's zone. */
export function fromDateInput(value: string, timeZone: string, endOfDay = false): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const start = instantFromZoned({ year, month, day, hour: 0, minute: 0 }, timeZone);
  if (!endOfDay) return start;
  // Noon plus a day lands on the next calendar day whatever the clock does overnight.
  const next = zonedParts(start + 36 * 60 * MINUTE_MS, timeZone);
  return instantFromZoned({ year: next.year, month: next.month, day: next.day, hour: 0, minute: 0 }, timeZone);
}

/** "Monday 9 March 2026 at 10:00". */
export function formatSession(instant: number, timeZone: string): string {
  return `${formatDay(instant, timeZone)} ${zonedParts(instant, timeZone).year} at ${formatClock(instant, timeZone)}`;
}

/** "2026-03-09", for file names and the PDF's generated-on date. */
export function isoDay(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

export function overdueText(daysOverdue: number): string {
  if (daysOverdue <= 0) return 'Due today';
  return `${daysOverdue} ${daysOverdue === 1 ? 'day' : 'days'} overdue`;
}

export const RISK_LABELS = { none: 'None', low: 'Low', moderate: 'Moderate', high: 'High' } as const;

export type PdfNote = NotesPdfRequest['notes'][number];

export interface PdfNoteOptions {
  /** Names for per-attendee sections, by client id. */
  names?: ReadonlyMap<string, string>;
  /**
   * Export for one member's record: only their own per-attendee section is included, so a
   * client's record never carries what another member shared.
   */
  forClientId?: string;
}

/** A note in the shape the PDF export takes: labelled sections in template order. */
export function pdfNoteOf(note: Note, { names, forClientId }: PdfNoteOptions = {}): PdfNote {
  const template = templateFor(note.template);
  const sections = template.sections.map((section) => ({ label: section.label, text: note.sections[section.key] ?? '' }));
  const attendeeIds =
    forClientId !== undefined
      ? attendeeSectionFor(note, forClientId) === undefined
        ? []
        : [forClientId]
      : Object.keys(note.attendeeSections).sort((a, b) => (names?.get(a) ?? a).localeCompare(names?.get(b) ?? b));
  for (const clientId of attendeeIds) {
    const text = attendeeSectionFor(note, clientId) ?? '';
    if (text.trim() === '') continue;
    sections.push({ label: `${template.perAttendee?.label ?? 'Individual notes'}: ${names?.get(clientId) ?? 'member'}`, text });
  }
  return {
    sessionAt: note.sessionAt,
    template: template.name,
    durationMinutes: note.durationMinutes,
    sections,
    interventions: note.interventions,
    risk: { level: note.risk.level, plan: note.risk.plan },
    nextSteps: note.nextSteps,
    status: note.status,
    ...(note.signedAt !== undefined ? { signedAt: note.signedAt } : {}),
    ...(note.contentHash !== undefined ? { contentHash: note.contentHash } : {}),
    addenda: note.addenda.map((addendum) => ({ at: addendum.at, text: addendum.text })),
  };
}
