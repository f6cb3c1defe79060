/**
 * The one loader of the note backlog, for the Notes screen, Balance and Today. It reads the
 * clear index fields alone: which sessions took place (kind, status, times, client or group)
 * and which of them have a signed note. Nothing is decrypted, so the backlog of a ten-year
 * practice shows at once instead of after every note has been opened.
 */
import { APPOINTMENT_STATUSES, CLINICAL_KINDS } from '../../../shared/records';
import { noteBacklog } from '../../../shared/notes/backlog';
import type { BacklogAppointment, BacklogItem, BacklogNote } from '../../../shared/notes/backlog';
import type { SealedRow } from '../data/db';
import { signedLinks } from '../data/note-links';
import { appointmentFromClear } from '../data/repositories';
import type { Repositories } from '../data/repositories';

export interface BacklogInputs {
  appointments: BacklogAppointment[];
  notes: BacklogNote[];
}

/** Statuses of sessions that did not take place (see sessionTookPlace in shared/notes/backlog.ts). */
const NOT_HELD = APPOINTMENT_STATUSES.filter((status) => status !== 'scheduled' && status !== 'completed');

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function noteOf(row: SealedRow): BacklogNote {
  return {
    id: row.id,
    appointmentId: text(row.appointmentId),
    clientId: text(row.clientId),
    groupId: text(row.groupId),
    sessionAt: typeof row.sessionAt === 'number' ? row.sessionAt : 0,
    status: row.status === 'signed' ? 'signed' : 'draft',
  };
}

/**
 * Client and group sessions that ended by `now` without a signed note linked to them, and every
 * note's link to its session. Drafts keep only their save time in clear: a caller with drafts
 * open adds them (`backlogFrom`), for "Continue note".
 */
export async function loadBacklogInputs(
  repos: Pick<Repositories, 'appointments' | 'notes'>,
  now: number,
): Promise<BacklogInputs> {
  const [sessionIds, links, unsignedIds, notHeld] = await Promise.all([
    // Only client work needs a note: the ids of those two kinds through the [kind+start] index
    // (keys only: ten years of rows are not read).
    Promise.all(
      CLINICAL_KINDS.map((kind) =>
        repos.appointments.keys((t) => t.where('[kind+start]').between([kind, -Infinity], [kind, now], true, true)),
      ),
    ),
    // Which session each signed note belongs to, keys only from its own small store (no note is read).
    signedLinks(repos.notes.db),
    // Notes saved but not signed yet (a group note in progress): few, and the backlog offers to continue them.
    repos.notes.keys((t) => t.where('status').notEqual('signed')),
    // Cancelled and missed sessions never need a note: their ids (keys only) are left out
    // before any row is read.
    Promise.all(NOT_HELD.map((status) => repos.appointments.keys((t) => t.where('status').equals(status)))),
  ]);
  const notes: BacklogNote[] = [];
  const unlinked: string[] = [];
  for (const link of links) {
    if (link.appointmentId === '') unlinked.push(link.noteId);
    else notes.push({ id: link.noteId, appointmentId: link.appointmentId, sessionAt: 0, status: 'signed' });
  }
  // Signed notes written before they were linked to a session are matched by client or group
  // and time, and unsigned notes' fields tell which session each continues: read the clear
  // fields of both (there are few).
  const toRead = [...unlinked, ...unsignedIds];
  if (toRead.length > 0) notes.push(...(await repos.notes.rowsByIds(toRead)).map(noteOf));
  // A session with a signed note linked to it is never in the backlog: read the rows of the
  // rest only (a few hundred, where the practice has tens of thousands of sessions).
  const done = new Set<string>(notHeld.flat());
  for (const n of notes) if (n.status === 'signed' && n.appointmentId !== undefined) done.add(n.appointmentId);
  const open = sessionIds.flat().filter((id) => !done.has(id));
  const rows = await repos.appointments.rowsByIds(open);
  return {
    appointments: rows.filter((row) => (row.end as number) <= now).map(appointmentFromClear),
    notes,
  };
}

/**
 * The backlog from what `loadBacklogInputs` read, oldest first: with the drafts a screen has
 * open (which session has a note started), and from `since` on when a screen shows recent
 * sessions only (Today).
 */
export function backlogFrom(
  inputs: BacklogInputs,
  now: number,
  timeZone: string,
  options: { drafts?: readonly BacklogNote[]; since?: number } = {},
): BacklogItem<BacklogAppointment>[] {
  const { drafts = [], since } = options;
  const items = noteBacklog(inputs.appointments, [...inputs.notes, ...drafts], now, timeZone);
  return since === undefined ? items : items.filter((item) => item.appointment.start >= since);
}
