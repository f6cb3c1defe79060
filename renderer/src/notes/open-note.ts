/**
 * How other screens open the note editor without importing it: the calendar calls
 * `openNoteFor(appointmentId)` on a session, a timeline calls `openNote(noteId)`.
 *
 * The request is kept here until the Notes screen takes it, and announced with a window
 * event ('holdspace:open-note'), because the screen may already be showing (it listens) or
 * may only mount after `navigate('notes')` (it takes the pending request when it mounts).
 * The screen also accepts the event with an appointment id as its `detail`, so a caller that
 * only dispatches the event (as the calendar's own helper does) works too.
 */
import { navigate } from '../shell/navigate';

export type OpenNoteRequest =
  { appointmentId: string } | { noteId: string } | { newFor: { clientId?: string; groupId?: string } };

export const OPEN_NOTE_EVENT = 'holdspace:open-note';

let pending: OpenNoteRequest | undefined;

function request(next: OpenNoteRequest): void {
  pending = next;
  window.dispatchEvent(new CustomEvent(OPEN_NOTE_EVENT));
  navigate('notes');
}

/** Opens the note for a session: its signed note, its draft, or a new draft linked to it. */
export const openNoteFor = (appointmentId: string): void => request({ appointmentId });

/** Opens an existing note or draft by id. */
export const openNote = (noteId: string): void => request({ noteId });

/** Starts a standalone note (not linked to a session) for a client or a group. */
export const startNoteFor = (owner: { clientId?: string; groupId?: string }): void => request({ newFor: owner });

/** Hands the pending request to the Notes screen, once. */
export function takeOpenNoteRequest(): OpenNoteRequest | undefined {
  const taken = pending;
  pending = undefined;
  return taken;
}
