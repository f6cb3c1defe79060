/**
 * The note workflows, one function per action the clinician takes. Components call these; these
 * call the repositories. A workflow that writes several records commits them in one IndexedDB
 * transaction (data/sealed-writes.ts).
 */
import type { Note } from '../../../shared/records';
import { withSessionTime } from './note-model';
import { addAddendum as withAddendum, signNote as signed } from '../../../shared/notes/lifecycle';
import type { Deps } from '../data/deps';
import { commitTogether, recordAudit } from '../data/sealed-writes';

/**
 * Signs a draft: the signed note replaces the draft. Throws `NoteActionError` (with the issues)
 * when the note is not ready to sign.
 */
export async function signNote(
  { repos, api }: Deps,
  draft: Note,
  context: { now: number; attendeeIds?: readonly string[] },
): Promise<Note> {
  // The note takes its session's time as it stands now: a session moved since the draft was
  // linked is signed at its new time (and cannot be signed before it has taken place).
  const session = draft.appointmentId === undefined ? undefined : await repos.appointments.get(draft.appointmentId);
  const current = session !== undefined && session.kind !== 'unreadable' ? withSessionTime(draft, session) : draft;
  const note = await signed(current, context.now, context);
  // One transaction: a signed note is never kept beside its still-editable draft.
  const written = await commitTogether([
    await repos.notes.prepareSave([note], 'update'),
    await repos.drafts.prepareRemove([note.id]),
  ]);
  // The audit trail is in main, out of the transaction's reach: told once the records are committed.
  await recordAudit(api, [...written, { action: 'sign', kind: 'note', recordId: note.id, contentHash: note.contentHash! }]);
  return note;
}

/** Deletes a draft (drafts are not clinical history until signed). */
export async function discardDraft({ repos }: Deps, id: string): Promise<void> {
  await repos.drafts.remove(id);
}

/** Adds a dated addendum beneath a signed note. Throws `NoteActionError` for an empty one. */
export async function addAddendum({ repos }: Deps, note: Note, text: string, now: number): Promise<Note> {
  const updated = withAddendum(note, text, now);
  await repos.notes.save([updated], 'update');
  return updated;
}
