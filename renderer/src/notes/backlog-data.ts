/**
 * What the note backlog is worked out from, read from the clear index fields alone: which
 * sessions took place (kind, status, times, client or group) and which of them have a signed
 * note. Nothing is decrypted, so the backlog of a ten-year practice shows at once instead of
 * after every note has been opened.
 */
import { APPOINTMENT_STATUSES, CLINICAL_KINDS } from '../../../shared/records';
import type { BacklogAppointment, BacklogNote } from '../../../shared/notes/backlog';
import { database } from '../data/db';
import type { SealedRow } from '../data/db';
import { signedLinks } from '../data/note-links';
import { appointmentFromClear } from '../data/repositories';

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
 * Client and group sessions that ended by `now`, and every signed note's link to its session.
 * Drafts keep only their save time in clear: the caller adds the drafts it has open.
 */
export async function loadBacklogInputs(now: number): Promise<BacklogInputs> {
  const db = database();
  const [sessionIds, links, notHeld] = await Promise.all([
    // Only client work needs a note: the ids of those two kinds through the [kind+start] index
    // (keys only: ten years of rows are not read).
    Promise.all(
      CLINICAL_KINDS.map((kind) =>
        db.appointments.where('[kind+start]').between([kind, -Infinity], [kind, now], true, true).primaryKeys(),
      ),
    ),
    // Which session each signed note belongs to, keys only from its own small store (no note is read).
    signedLinks(db),
    // Cancelled and missed sessions never need a note: their ids (keys only) are left out
    // before any row is read.
    Promise.all(NOT_HELD.map((status) => db.appointments.where('status').equals(status).primaryKeys())),
  ]);
  const notes: BacklogNote[] = [];
  const unlinked: string[] = [];
  for (const link of links) {
    if (link.appointmentId === '') unlinked.push(link.noteId);
    else notes.push({ id: link.noteId, appointmentId: link.appointmentId, sessionAt: 0, status: 'signed' });
  }
  // Signed notes written before they were linked to a session are matched by client or group
  // and time, so read their clear fields; there are few.
  if (unlinked.length > 0) {
    const rows = await db.notes.bulkGet(unlinked);
    for (const row of rows) if (row) notes.push(noteOf(row));
  }
  // A session with a signed note linked to it is never in the backlog: read the rows of the
  // rest only (a few hundred, where the practice has tens of thousands of sessions).
  const done = new Set<string>(notHeld.flat());
  for (const n of notes) if (n.appointmentId !== undefined) done.add(n.appointmentId);
  const open = sessionIds.flat().filter((id) => !done.has(id));
  const rows = (await db.appointments.bulkGet(open)).filter((row): row is SealedRow => row !== undefined);
  return {
    appointments: rows.filter((row) => (row.end as number) <= now).map(appointmentFromClear),
    notes,
  };
}
