/**
 * The one loader of the note backlog, for the Notes screen, Balance and Today. It reads the
 * clear index fields alone: which sessions took place (kind, status, times, client or group)
 * and which of them have a signed note. Nothing is decrypted, so the backlog of a ten-year
 * practice shows at once instead of after every note has been opened.
 *
 * In full it reads the keys of every past session and every signed note's link: about two
 * seconds of IndexedDB at ten years (in the background a little at a time: see FullCheckOptions).
 * Scoped (`from`, `also`), it checks only the sessions since a moment plus some given ids, each on
 * its own: what Today needs (five weeks), and what the Notes screen needs with the backlog kept at
 * its last full check (data/kept-backlog.ts).
 */
import { APPOINTMENT_STATUSES, CLINICAL_KINDS, NOTE_STATUSES } from '../../../shared/records';
import { noteBacklog } from '../../../shared/notes/backlog';
import type { BacklogAppointment, BacklogItem, BacklogNote } from '../../../shared/notes/backlog';
import { MAX_APPOINTMENT_MS } from '../calendar/booking';
import type { NoteLink, SealedRow } from '../data/db';
import { keepBacklog, nextTouchedSeq, readKeptBacklog, readTouchedSessions } from '../data/kept-backlog';
import { linksOfSessions, signedLinks } from '../data/note-links';
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

/** Which sessions to check: every one (the default), or those starting from `from` on plus the ids in `also`. */
export interface BacklogScope {
  from: number;
  also?: readonly string[];
}

type BacklogRepos = Pick<Repositories, 'appointments' | 'notes'>;

/** Every note status but signed. */
const UNSIGNED = NOTE_STATUSES.filter((status) => status !== 'signed');

/** Notes saved but not signed yet (a group note in progress): few, and the backlog offers to continue them. */
function unsignedNoteIds(repos: BacklogRepos): Promise<string[]> {
  // One plain key range per status, each one getAllKeys: Dexie's notEqual walks every signed
  // note's index entry with a cursor, one step each (seconds with ten years), and even an empty
  // range past 'signed' took IndexedDB tens of milliseconds.
  return Promise.all(UNSIGNED.map((status) => repos.notes.keys((t) => t.where('status').equals(status)))).then((parts) =>
    parts.flat(),
  );
}

/**
 * Client and group sessions that ended by `now` without a signed note linked to them, and the
 * links of notes to them. Drafts keep only their save time in clear: a caller with drafts open
 * adds them (`backlogFrom`), for "Continue note". With a scope, only the sessions it names are
 * checked (see BacklogScope).
 */
export async function loadBacklogInputs(
  repos: BacklogRepos,
  now: number,
  scope?: BacklogScope,
  options: FullCheckOptions = {},
): Promise<BacklogInputs> {
  return scope === undefined ? loadEveryPastSession(repos, now, options) : loadScoped(repos, now, scope);
}

export interface FullCheckOptions {
  /**
   * In the background: its reads go one after another, and the sessions' keys a span of time per
   * request (see SESSION_KEYS_SPAN_MS), so what the clinician opens meanwhile is read in between.
   * All at once, the five reads held IndexedDB for about two seconds at ten years, and a screen
   * opened then waited that long. Not in the background (nothing kept yet), they run together:
   * the screen is waiting for them.
   */
  background?: boolean;
}

/**
 * The span of session start times read per request in a background full check: about 1,100
 * sessions at the synthetic practice's ten years (44,000 sessions), a read of some tens of
 * milliseconds on two busy cores.
 */
const SESSION_KEYS_SPAN_MS = 90 * 86_400_000;

/** The ids of every client and group session of these kinds that started by `now`. */
async function clinicalSessionIds(repos: BacklogRepos, now: number, background: boolean): Promise<string[]> {
  const ofKind = (kind: string, from: number, to: number, toIncluded: boolean) =>
    repos.appointments.keys((t) => t.where('[kind+start]').between([kind, from], [kind, to], true, toIncluded));
  if (!background) return (await Promise.all(CLINICAL_KINDS.map((kind) => ofKind(kind, -Infinity, now, true)))).flat();
  const db = repos.notes.db;
  // The first start from `from` on (an index key: no row is read), so years without sessions are skipped.
  const firstFrom = async (kind: string, from: number): Promise<number | undefined> => {
    const keys = (await db.appointments
      .where('[kind+start]')
      .between([kind, from], [kind, now], true, true)
      .limit(1)
      .keys()) as unknown as [string, number][];
    return keys[0]?.[1];
  };
  const ids: string[] = [];
  for (const kind of CLINICAL_KINDS) {
    let from = await firstFrom(kind, -Infinity);
    while (from !== undefined) {
      const to = from + SESSION_KEYS_SPAN_MS;
      const last = to > now;
      const found = await ofKind(kind, from, last ? now : to, last);
      for (const id of found) ids.push(id);
      from = last ? undefined : found.length > 0 ? to : await firstFrom(kind, to);
    }
  }
  return ids;
}

async function loadScoped(repos: BacklogRepos, now: number, scope: BacklogScope): Promise<BacklogInputs> {
  const since = await Promise.all(
    CLINICAL_KINDS.map((kind) =>
      repos.appointments.keys((t) => t.where('[kind+start]').between([kind, scope.from], [kind, now], true, true)),
    ),
  );
  const ids = [...new Set([...since.flat(), ...(scope.also ?? [])])];
  const [rows, links, unsignedIds] = await Promise.all([
    repos.appointments.rowsByIds(ids),
    // The links of these sessions, and of signed notes linked to none (matched by client and time).
    linksOfSessions(repos.notes.db, [...ids, '']),
    unsignedNoteIds(repos),
  ]);
  const notes = await notesOfLinks(repos, links, unsignedIds);
  const done = new Set(sessionsWithSignedNotes(notes));
  const clinical: readonly unknown[] = CLINICAL_KINDS;
  const notHeld: readonly unknown[] = NOT_HELD;
  return {
    appointments: rows
      .filter((row) => clinical.includes(row.kind) && !notHeld.includes(row.status) && !done.has(row.id))
      .filter((row) => (row.end as number) <= now)
      .map(appointmentFromClear),
    notes,
  };
}

/**
 * The backlog's notes from note links: a signed note linked to a session as its link alone; signed
 * notes written before they were linked to a session (matched by client or group and time) and
 * unsigned ones (whose fields tell which session each continues) from their clear fields, read
 * (there are few).
 */
async function notesOfLinks(
  repos: BacklogRepos,
  links: readonly NoteLink[],
  unsignedIds: readonly string[],
): Promise<BacklogNote[]> {
  const notes: BacklogNote[] = [];
  const unlinked: string[] = [];
  for (const link of links) {
    if (link.appointmentId === '') unlinked.push(link.noteId);
    else notes.push({ id: link.noteId, appointmentId: link.appointmentId, sessionAt: 0, status: 'signed' });
  }
  const toRead = [...unlinked, ...unsignedIds];
  if (toRead.length > 0) notes.push(...(await repos.notes.rowsByIds(toRead)).map(noteOf));
  return notes;
}

/** The sessions that have a signed note linked to them. */
const sessionsWithSignedNotes = (notes: readonly BacklogNote[]): string[] =>
  notes.flatMap((n) => (n.status === 'signed' && n.appointmentId !== undefined ? [n.appointmentId] : []));

/**
 * The ids of the sessions that need a note as of `now`, worked out from the rows of a whole
 * practice in memory (a restore keeps them as the backlog: see data/kept-backlog.ts).
 */
export function openSessionsOf(appointmentRows: readonly SealedRow[], noteRows: readonly SealedRow[], now: number): string[] {
  // The time zone only sets how many days overdue each is, which is not kept.
  return noteBacklog(appointmentRows.map(appointmentFromClear), noteRows.map(noteOf), now, 'UTC').map(
    (item) => item.appointment.id,
  );
}

async function loadEveryPastSession(repos: BacklogRepos, now: number, options: FullCheckOptions): Promise<BacklogInputs> {
  const background = options.background === true;
  const reads = [
    // Only client work needs a note: the ids of those two kinds through the [kind+start] index
    // (keys only: ten years of rows are not read).
    () => clinicalSessionIds(repos, now, background),
    // Which session each signed note belongs to, keys only from its own small store (no note is read).
    () => signedLinks(repos.notes.db),
    () => unsignedNoteIds(repos),
    // Cancelled and missed sessions never need a note: their ids (keys only) are left out
    // before any row is read.
    () => Promise.all(NOT_HELD.map((status) => repos.appointments.keys((t) => t.where('status').equals(status)))),
  ] as const;
  const [sessionIds, links, unsignedIds, notHeld] = background
    ? [await reads[0](), await reads[1](), await reads[2](), await reads[3]()]
    : await Promise.all([reads[0](), reads[1](), reads[2](), reads[3]()]);
  const notes = await notesOfLinks(repos, links, unsignedIds);
  // A session with a signed note linked to it is never in the backlog: read the rows of the
  // rest only (a few hundred, where the practice has tens of thousands of sessions).
  const done = new Set<string>([...notHeld.flat(), ...sessionsWithSignedNotes(notes)]);
  const open = sessionIds.filter((id) => !done.has(id));
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

/**
 * How far before the last full check the sessions read by time start: a session still running at
 * the check was not waiting then, and must be read now. Bookings last at most MAX_APPOINTMENT_MS;
 * a week also covers anything longer brought in from elsewhere.
 */
const SINCE_MARGIN_MS = Math.max(MAX_APPOINTMENT_MS, 7 * 86_400_000);

/**
 * The backlog as it stands, quickly: the sessions kept at the last full check, those logged since
 * and every one since the check by time, each checked (see data/kept-backlog.ts). Worked out in
 * full, and kept, when nothing is kept yet (`checkedInFull` then says so).
 */
export async function loadCurrentBacklog(repos: BacklogRepos, now: number): Promise<BacklogInputs & { checkedInFull: boolean }> {
  const db = repos.notes.db;
  const [kept, log] = await db.transaction('r', db.meta, () => Promise.all([readKeptBacklog(db), readTouchedSessions(db)]));
  if (kept === undefined) return { ...(await checkBacklogInFull(repos, now)), checkedInFull: true };
  const inputs = await loadBacklogInputs(repos, now, {
    from: kept.checkedAt - SINCE_MARGIN_MS,
    also: [...kept.open, ...log.ids],
  });
  return { ...inputs, checkedInFull: false };
}

/**
 * Works the backlog out from every past session and keeps it, with the sessions logged while it
 * read (their writes may have come after the read). Keeps nothing when the backlog was rewritten
 * meanwhile (a restore, another check) or the log was cut short: the next check will.
 */
export async function checkBacklogInFull(
  repos: BacklogRepos,
  now: number,
  options: FullCheckOptions = {},
): Promise<BacklogInputs> {
  const db = repos.notes.db;
  const [before, startLog] = await db.transaction('r', db.meta, () =>
    Promise.all([readKeptBacklog(db), readTouchedSessions(db)]),
  );
  const startSeq = nextTouchedSeq(startLog);
  const inputs = await loadBacklogInputs(repos, now, undefined, options);
  await db.transaction('rw', db.meta, async () => {
    const [meanwhile, log] = await Promise.all([readKeptBacklog(db), readTouchedSessions(db)]);
    if (meanwhile?.checkedAt !== before?.checkedAt) return;
    if (log.base > startSeq) return;
    await keepBacklog(db, now, [...inputs.appointments.map((a) => a.id), ...log.ids.slice(startSeq - log.base)]);
  });
  return inputs;
}
