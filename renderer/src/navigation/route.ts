/**
 * Where the app is: a screen and, for screens that take one, what to open there. A leaf module
 * (no imports), so screens, the shell and the view list can all name it without a cycle.
 */
export type ViewId = 'today' | 'calendar' | 'clients' | 'groups' | 'notes' | 'balance' | 'audit' | 'settings';

/** What the Notes screen opens on arrival. */
export type NoteRequest =
  /** The note for a session: its signed note, its draft, or a new draft linked to it. */
  | { appointmentId: string }
  /** An existing note or draft. */
  | { noteId: string }
  /** A new standalone note (not linked to a session) for a client or a group. */
  | { newFor: { clientId?: string; groupId?: string } };

export type Route = { view: 'notes'; open?: NoteRequest } | { view: Exclude<ViewId, 'notes'> };

/** The route for the note of a session. */
export const noteForSession = (appointmentId: string): Route => ({ view: 'notes', open: { appointmentId } });

/** The route for an existing note or draft. */
export const noteById = (noteId: string): Route => ({ view: 'notes', open: { noteId } });

/** The route for a new standalone note for a client or a group. */
export const newNoteFor = (owner: { clientId?: string; groupId?: string }): Route => ({
  view: 'notes',
  open: { newFor: owner },
});
