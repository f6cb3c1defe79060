/**
 * A note's life: drafted and edited freely, then signed once. Signing fixes the clinical
 * content with a SHA-256 hash of its canonical form; from then on the only change allowed
 * is an addendum, so the record shows what was written at the time and what was added later.
 */
import type { Note } from '../records';
import { planSectionOf } from './templates';
import { validateNote } from './validation';
import type { NoteIssue, NoteValidationContext } from './validation';

/** Thrown when something tries to change a signed note. */
export class SignedNoteError extends Error {
  constructor(message = 'This note has been signed, so it can’t be edited. Add an addendum to correct or add to it.') {
    super(message);
    this.name = 'SignedNoteError';
  }
}

/** Thrown when a note action isn't possible; the message is written for the clinician. */
export class NoteActionError extends Error {
  constructor(
    message: string,
    readonly issues: readonly NoteIssue[] = [],
  ) {
    super(message);
    this.name = 'NoteActionError';
  }
}

/** The fields a clinician may edit on a draft. Status, signature, hash and addenda change only through their own functions. */
export const EDITABLE_NOTE_FIELDS = [
  'template',
  'appointmentId',
  'clientId',
  'groupId',
  'sessionAt',
  'durationMinutes',
  'sections',
  'attendeeSections',
  'interventions',
  'risk',
  'nextSteps',
] as const;
export type NotePatch = Partial<Pick<Note, (typeof EDITABLE_NOTE_FIELDS)[number]>>;

export const MAX_ADDENDUM_LENGTH = 20_000;

/**
 * Applies a patch to a draft and returns the new note. `sections` and `attendeeSections`
 * replace the whole map (pass `{ ...note.sections, plan: text }` to change one section).
 * Keys outside EDITABLE_NOTE_FIELDS are ignored, so untyped callers cannot sign or unsign by patching.
 */
export function editNote(note: Note, patch: NotePatch, now: number): Note {
  if (note.status === 'signed') throw new SignedNoteError();
  const edited: Note = { ...note, updatedAt: now };
  for (const field of EDITABLE_NOTE_FIELDS) {
    if (Object.hasOwn(patch, field)) Object.assign(edited, { [field]: patch[field] });
  }
  return edited;
}

/** Version tag inside the canonical form, so a future change of format can't be mistaken for tampering. */
const CANONICAL_FORMAT = 'holdspace-note-content-v1';

const sortedEntries = (record: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(record)
    // An empty section and a missing one say the same thing; editors differ in which they store.
    .filter(([, text]) => text !== '')
    // Code-unit order, not localeCompare: the order must not depend on the machine's locale.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The clinical content of a note as one deterministic string: the same content always gives
 * the same text, whatever order keys were inserted in. Ids, timestamps, status and addenda
 * are not clinical content and are left out.
 */
export function canonicalNoteContent(note: Note): string {
  return JSON.stringify([
    CANONICAL_FORMAT,
    ['template', note.template],
    ['sessionAt', note.sessionAt],
    ['durationMinutes', note.durationMinutes],
    ['sections', sortedEntries(note.sections)],
    ['attendeeSections', sortedEntries(note.attendeeSections)],
    // Interventions are a set of tags; their order in the pick-list carries no meaning.
    ['interventions', [...note.interventions].sort()],
    ['risk', [note.risk.level, note.risk.plan]],
    ['nextSteps', note.nextSteps],
  ]);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function noteContentHash(note: Note): Promise<string> {
  return sha256Hex(canonicalNoteContent(note));
}

/** True when a signed note's content still matches the hash taken when it was signed. */
export async function verifyNoteContent(note: Note): Promise<boolean> {
  if (note.status !== 'signed' || note.contentHash === undefined) return false;
  return (await noteContentHash(note)) === note.contentHash;
}

/**
 * Signs a draft. Refuses a note with validation issues (they are attached to the error) and
 * a note that is already signed.
 */
export async function signNote(note: Note, now: number, context: NoteValidationContext = {}): Promise<Note> {
  if (note.status === 'signed') throw new SignedNoteError('This note is already signed.');
  const issues = validateNote(note, context);
  if (issues.length > 0) {
    throw new NoteActionError('This note isn’t ready to sign yet. Fix the highlighted items first.', issues);
  }
  return { ...note, status: 'signed', signedAt: now, contentHash: await noteContentHash(note), updatedAt: now };
}

/** Adds a dated addendum to a signed note. Addenda are kept oldest first. */
export function addAddendum(note: Note, text: string, now: number): Note {
  if (note.status !== 'signed') {
    throw new NoteActionError('This note is still a draft, so you can edit it directly. Addenda are for signed notes.');
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new NoteActionError('Write the addendum before adding it.');
  if (trimmed.length > MAX_ADDENDUM_LENGTH) {
    throw new NoteActionError('This addendum is too long. Split it into shorter addenda.');
  }
  // A stable sort keeps same-instant addenda in the order they were added.
  const addenda = [...note.addenda, { at: now, text: trimmed }].sort((a, b) => a.at - b.at);
  return { ...note, addenda, updatedAt: now };
}

/** The plan a note carries forward: its template's plan section, or its next steps. */
export function planTextOf(note: Note): string {
  const planSection = planSectionOf(note.template);
  const fromSection = planSection === undefined ? '' : (note.sections[planSection.key] ?? '').trim();
  return fromSection !== '' ? fromSection : note.nextSteps.trim();
}

/**
 * Copies the previous session's plan into a new draft's plan, so the clinician starts from
 * what was agreed last time. Templates may differ: the plan is read from the previous
 * template's plan section (or its next steps, for free-form) and written to the new
 * template's plan section (or next steps). Text already in the new plan is kept, with the
 * carried-forward plan appended. Only copies between notes for the same client or group,
 * because a plan from one record must never appear on another.
 */
export function copyForwardPlan(previousNote: Note, newNote: Note): Note {
  if (newNote.status === 'signed') throw new SignedNoteError();
  const sameClient = previousNote.clientId !== undefined && previousNote.clientId === newNote.clientId;
  const sameGroup = previousNote.groupId !== undefined && previousNote.groupId === newNote.groupId;
  if (!sameClient && !sameGroup) {
    throw new NoteActionError('The previous note is for a different client or group, so its plan can’t be copied here.');
  }

  const plan = planTextOf(previousNote);
  if (plan === '') return newNote;

  const append = (existing: string): string => {
    const current = existing.trim();
    if (current === '') return plan;
    if (current.includes(plan)) return existing;
    return `${current}\n\n${plan}`;
  };

  const targetSection = planSectionOf(newNote.template);
  if (targetSection === undefined) return { ...newNote, nextSteps: append(newNote.nextSteps) };
  return {
    ...newNote,
    sections: { ...newNote.sections, [targetSection.key]: append(newNote.sections[targetSection.key] ?? '') },
  };
}
