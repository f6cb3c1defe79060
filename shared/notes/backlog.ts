/**
 * The note backlog: sessions that took place but have no signed note yet. Unwritten notes are
 * a clinical and legal risk that grows with time, so the oldest come first.
 */
import type { Appointment, Note } from '../records';
import { isClinicalKind } from '../records';
import { localDayNumber } from '../locale/format';

/** What the backlog reads of an appointment: its clear index fields are enough. */
export type BacklogAppointment = Pick<Appointment, 'id' | 'kind' | 'status' | 'start' | 'end' | 'clientId' | 'groupId'>;
/** What the backlog reads of a note: its clear index fields are enough. */
export type BacklogNote = Pick<Note, 'id' | 'appointmentId' | 'clientId' | 'groupId' | 'sessionAt' | 'status'>;

export interface BacklogItem<A extends BacklogAppointment = Appointment> {
  appointment: A;
  /**
   * Calendar days, in the clinician's time zone, from the day the session ended to today:
   * 0 for a session that ended today, 1 for yesterday's. Calendar days rather than 24-hour
   * periods, because "yesterday's note" is how clinicians count.
   */
  daysOverdue: number;
  /** The unsigned draft for this session, if one was started. */
  draftNoteId: string | undefined;
}

/** A session happened if it was marked completed, or was still scheduled and has ended (not yet marked). */
function sessionTookPlace(appointment: BacklogAppointment, now: number): boolean {
  if (appointment.status === 'completed') return true;
  return appointment.status === 'scheduled' && appointment.end <= now;
}

/**
 * Notes are matched to appointments by appointment id; a note without one (written before
 * it was linked) matches an appointment for the same client or group whose time contains its sessionAt.
 */
const ownerKeyOfNote = (note: BacklogNote): string | undefined =>
  note.groupId !== undefined ? `group:${note.groupId}` : note.clientId !== undefined ? `client:${note.clientId}` : undefined;
const ownerKeyOfAppointment = (appointment: BacklogAppointment): string | undefined =>
  appointment.kind === 'group'
    ? appointment.groupId === undefined
      ? undefined
      : `group:${appointment.groupId}`
    : appointment.clientId === undefined
      ? undefined
      : `client:${appointment.clientId}`;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function noteBacklog<A extends BacklogAppointment>(
  appointments: readonly A[],
  notes: readonly BacklogNote[],
  now: number,
  timeZone: string,
): BacklogItem<A>[] {
  // Indexed up front: a ten-year practice has tens of thousands of both.
  const notesByAppointment = new Map<string, BacklogNote[]>();
  const unlinkedNotesByOwner = new Map<string, BacklogNote[]>();
  for (const note of notes) {
    if (note.appointmentId !== undefined) pushTo(notesByAppointment, note.appointmentId, note);
    else {
      const owner = ownerKeyOfNote(note);
      if (owner !== undefined) pushTo(unlinkedNotesByOwner, owner, note);
    }
  }

  const today = localDayNumber(now, timeZone);
  const backlog: BacklogItem<A>[] = [];
  for (const appointment of appointments) {
    // Only client work needs a clinical note; supervision, admin and self-care time do not.
    if (!isClinicalKind(appointment.kind) || !sessionTookPlace(appointment, now)) continue;
    const owner = ownerKeyOfAppointment(appointment);
    const candidates = [
      ...(notesByAppointment.get(appointment.id) ?? []),
      ...(owner === undefined ? [] : (unlinkedNotesByOwner.get(owner) ?? [])).filter(
        (note) => note.sessionAt >= appointment.start && note.sessionAt < appointment.end,
      ),
    ];
    if (candidates.some((note) => note.status === 'signed')) continue;
    // Calendar days in the clinician's zone (a 23- or 25-hour day around a clock change is one day).
    const daysOverdue = Math.max(0, today - localDayNumber(appointment.end, timeZone));
    backlog.push({ appointment, daysOverdue, draftNoteId: candidates[0]?.id });
  }

  return backlog.sort(
    (a, b) =>
      a.appointment.end - b.appointment.end ||
      a.appointment.start - b.appointment.start ||
      (a.appointment.id < b.appointment.id ? -1 : a.appointment.id > b.appointment.id ? 1 : 0),
  );
}
