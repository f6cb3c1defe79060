/**
 * Reminders the app raises as system notifications. Notifications show on a locked screen and in
 * the OS notification centre, so by default their text never names a client or a group: it says
 * what and when ("Individual session at 14:00"). Names appear only when the clinician turned on
 * `reminders.showNamesInNotifications`, and only names the caller passes in.
 *
 * Every reminder has an id built from what it is about (appointment, note, version, date), so the
 * caller raises each once: pass the ids already raised as `alreadyRaised`, or keep a set yourself.
 */
import type { AgreementSignature, AgreementVersion, Appointment, Membership, Note } from '../records';
import type { Settings } from '../settings';
import { unsignedBeforeNextSession } from './agreements-due';
import { formatMinutes, plural } from './format';
import { findSkippedBreaks, isClinical } from './workload';
import { addLocalDays, localDateKey, localShortDate, localTime, startOfLocalDay } from './zone';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A note is nagged about once it is this late: the same working day is for writing it. */
export const NOTE_OVERDUE_AFTER_MS = 24 * HOUR;
/** Older unsigned notes belong on the notes list, not in a flood of notifications after an import. */
export const NOTE_REMINDER_WINDOW_MS = 14 * 24 * HOUR;

export type ReminderKind = 'session-soon' | 'note-unsigned' | 'agreement-unsigned' | 'break-skipped';

export interface Reminder {
  /** Stable: the same situation always gives the same id. */
  id: string;
  kind: ReminderKind;
  title: string;
  body: string;
  /** The instant the reminder is about (session start, run start), for ordering. */
  at: number;
}

export interface ReminderState {
  appointments: readonly Appointment[];
  notes: readonly Note[];
  memberships: readonly Membership[];
  signatures: readonly AgreementSignature[];
  agreementVersions: readonly AgreementVersion[];
  /** Display names by id; read only when names in notifications are switched on. */
  names?: { clients?: Readonly<Record<string, string>>; groups?: Readonly<Record<string, string>> };
  /** Ids raised before; they are not returned again. */
  alreadyRaised?: Iterable<string>;
}

export type ReminderSettings = Pick<Settings, 'timeZone' | 'reminders' | 'limits' | 'bufferMinutes'>;

interface Namer {
  client(clientId: string | undefined): string | null;
  group(groupId: string | undefined): string | null;
}

function namer(state: ReminderState, settings: ReminderSettings): Namer {
  const show = settings.reminders.showNamesInNotifications;
  const pick = (names: Readonly<Record<string, string>> | undefined, id: string | undefined): string | null => {
    if (!show || id === undefined || !names) return null;
    const name = names[id]?.trim();
    return name ? name : null;
  };
  return { client: (id) => pick(state.names?.clients, id), group: (id) => pick(state.names?.groups, id) };
}

/** "Individual session", or with names on, "Session with Sam" / "Grief Circle". */
function sessionLabel(appointment: Appointment, names: Namer): string {
  if (appointment.kind === 'individual') {
    const client = names.client(appointment.clientId);
    return client ? `Session with ${client}` : 'Individual session';
  }
  if (appointment.kind === 'group') {
    const group = names.group(appointment.groupId);
    return group ? `${group} session` : 'Group session';
  }
  if (appointment.kind === 'supervision') return 'Supervision';
  if (appointment.kind === 'self-care') return 'Self-care time';
  return 'Admin time';
}

const SESSION_REMINDER_KINDS: ReadonlySet<Appointment['kind']> = new Set(['individual', 'group', 'supervision']);

function sessionSoon(state: ReminderState, now: number, settings: ReminderSettings, names: Namer): Reminder[] {
  const lead = settings.reminders.sessionLeadMinutes * MINUTE;
  // A lead time of 0 minutes is how the clinician turns session reminders off.
  if (lead <= 0) return [];
  return state.appointments
    .filter((a) => SESSION_REMINDER_KINDS.has(a.kind) && a.status === 'scheduled' && a.start >= now && a.start - now <= lead)
    .map((appointment) => {
      const minutes = Math.ceil((appointment.start - now) / MINUTE);
      return {
        // The start is part of the id, so a session moved to a new time is reminded about again.
        id: `session:${appointment.id}:${appointment.start}`,
        kind: 'session-soon' as const,
        title: `${sessionLabel(appointment, names)} at ${localTime(appointment.start, settings.timeZone)}`,
        body: minutes <= 0 ? 'Starting now.' : `Starts in ${formatMinutes(minutes)}.`,
        at: appointment.start,
      };
    });
}

const NOTE_TITLE = 'Session note not signed';

/** "the individual session", or with names on, "the session with Sam" / "the Grief Circle session". */
function sessionPhrase(appointment: Appointment, names: Namer): string {
  if (appointment.kind === 'individual') {
    const client = names.client(appointment.clientId);
    return client ? `the session with ${client}` : 'the individual session';
  }
  const group = names.group(appointment.groupId);
  return group ? `the ${group} session` : 'the group session';
}

function unsignedNotes(state: ReminderState, now: number, settings: ReminderSettings, names: Namer): Reminder[] {
  const zone = settings.timeZone;
  const isDue = (sessionEnd: number) => sessionEnd + NOTE_OVERDUE_AFTER_MS <= now && sessionEnd >= now - NOTE_REMINDER_WINDOW_MS;
  const when = (instant: number) => `${localShortDate(instant, zone)} at ${localTime(instant, zone)}`;
  const reminders: Reminder[] = [];

  const signedFor = new Set(state.notes.filter((n) => n.status === 'signed' && n.appointmentId).map((n) => n.appointmentId));
  const appointmentIds = new Set(state.appointments.map((a) => a.id));
  for (const appointment of state.appointments) {
    // An ended session still marked "scheduled" most likely happened and was never marked; the
    // reminder prompts the clinician either to write the note or to record what really happened.
    if (!isClinical(appointment) || (appointment.status !== 'completed' && appointment.status !== 'scheduled')) continue;
    if (!isDue(appointment.end) || signedFor.has(appointment.id)) continue;
    reminders.push({
      id: `note:${appointment.id}`,
      kind: 'note-unsigned',
      title: NOTE_TITLE,
      body: `The note for ${sessionPhrase(appointment, names)} on ${when(appointment.start)} is not signed yet.`,
      at: appointment.start,
    });
  }

  // Drafts written for a session not in this list (or for none) still need signing.
  for (const note of state.notes) {
    if (note.status !== 'draft' || (note.appointmentId !== undefined && appointmentIds.has(note.appointmentId))) continue;
    if (!isDue(note.sessionAt + note.durationMinutes * MINUTE)) continue;
    const who = note.groupId ? names.group(note.groupId) : names.client(note.clientId);
    const subject = who ? `The note for ${who}` : note.groupId ? 'A group note' : 'A session note';
    reminders.push({
      id: `note-draft:${note.id}`,
      kind: 'note-unsigned',
      title: NOTE_TITLE,
      body: `${subject} from ${when(note.sessionAt)} is still a draft.`,
      at: note.sessionAt,
    });
  }
  return reminders;
}

function agreementsForTomorrow(state: ReminderState, now: number, settings: ReminderSettings, names: Namer): Reminder[] {
  const zone = settings.timeZone;
  const tomorrow = addLocalDays(startOfLocalDay(now, zone), 1, zone);
  const dayAfter = addLocalDays(tomorrow, 1, zone);
  const reminders: Reminder[] = [];
  for (const appointment of state.appointments) {
    if (appointment.kind !== 'group' || appointment.status !== 'scheduled' || appointment.groupId === undefined) continue;
    if (appointment.start < tomorrow || appointment.start >= dayAfter) continue;
    const [due] = unsignedBeforeNextSession(
      [{ groupId: appointment.groupId, startsAt: appointment.start }],
      state.memberships,
      state.signatures,
      state.agreementVersions,
    );
    if (!due || due.currentVersion === null || due.unsignedCount === 0) continue;
    const group = names.group(appointment.groupId);
    const time = localTime(appointment.start, zone);
    const who = group ? `${group} (tomorrow at ${time})` : `tomorrow’s ${time} group`;
    const memberNames = due.unsignedClientIds
      .map((clientId) => names.client(clientId))
      .filter((name): name is string => name !== null);
    const listed = memberNames.length > 0 ? ` Not signed yet: ${memberNames.join(', ')}.` : '';
    const members = plural(due.unsignedCount, 'member');
    const verb = due.unsignedCount === 1 ? 'has' : 'have';
    reminders.push({
      id: `agreement:${appointment.id}:v${due.currentVersion}`,
      kind: 'agreement-unsigned',
      title: 'Group agreement not signed',
      body: `${members} of ${who} ${verb} not signed the current group agreement.${listed}`,
      at: appointment.start,
    });
  }
  return reminders;
}

function breaksSkippedToday(state: ReminderState, now: number, settings: ReminderSettings): Reminder[] {
  const zone = settings.timeZone;
  const today = startOfLocalDay(now, zone);
  const tomorrow = addLocalDays(today, 1, zone);
  const todays = state.appointments.filter((a) => a.start >= today && a.start < tomorrow);
  const limit = settings.limits.breakAfterConsecutiveSessions;
  const breakLength = settings.bufferMinutes > 0 ? ` of at least ${formatMinutes(settings.bufferMinutes)}` : '';
  return findSkippedBreaks(todays, zone, settings).map((run) => ({
    id: `break:${localDateKey(run.start, zone)}:${run.appointmentIds[0]}`,
    kind: 'break-skipped' as const,
    title: 'No break between sessions today',
    body:
      `${run.sessions} sessions run back to back from ${localTime(run.start, zone)} to ${localTime(run.end, zone)}. ` +
      `You planned a break${breakLength} after ${plural(limit, 'session')}.`,
    at: run.start,
  }));
}

export function dueReminders(state: ReminderState, now: number, settings: ReminderSettings): Reminder[] {
  const names = namer(state, settings);
  const raised = new Set(state.alreadyRaised ?? []);
  return [
    ...sessionSoon(state, now, settings, names),
    ...unsignedNotes(state, now, settings, names),
    ...agreementsForTomorrow(state, now, settings, names),
    ...breaksSkippedToday(state, now, settings),
  ]
    .filter((reminder) => !raised.has(reminder.id))
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
