import { useCallback, useMemo, useRef, useState } from 'react';
import type {
  Appointment,
  AgreementSignature,
  AgreementVersion,
  Attendance,
  Client,
  Group,
  Membership,
} from '../../../shared/records';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';
import type { Unreadable } from '../data/repository';
import { uniqueById } from '../data/repository';
import type { Opened } from '../data/repository';
import { useLoad, useRecords } from '../data/useRecords';
import { afterPaint } from '../ui/after-paint';
import { currentVersionOf } from './agreement-view';
import { useStagedAttendance } from './useStagedAttendance';

/** Everything one group's page shows, loaded by index on groupId and reloaded after any write. */
export interface GroupWorkspace {
  group: Group | undefined;
  memberships: Membership[];
  /** The group's sessions, oldest first. */
  sessions: Appointment[];
  /** The marks opened so far: the last year's first (see useStagedAttendance), then every one. */
  attendance: Attendance[];
  /** Every mark is in `attendance`; until then, rates and totals over the whole history wait. */
  attendanceComplete: boolean;
  /** Sessions some of whose marks are not in `attendance` yet (empty once it is complete). */
  attendanceUnopened: ReadonlySet<string>;
  /** Why attendance could not be opened, in words a clinician understands ('' when it could). */
  attendanceError: string;
  versions: AgreementVersion[];
  current: AgreementVersion | undefined;
  signatures: AgreementSignature[];
  clients: Client[];
  nameOf: (clientId: string) => string;
  /** Whether this client's record is read (until every client's is, a past member's may not be). */
  named: (clientId: string) => boolean;
  unreadable: { kind: string; items: Unreadable[] }[];
  loading: boolean;
  /**
   * The parts still being read for the first time: each panel says it is opening that part
   * rather than show it empty ("No members yet", "No agreement yet" for a group that has them).
   * `roster` is the memberships and the names of the current members and those waiting; `clients`
   * is every client (the roster's "Client to add", and past members' names), read once the rest of
   * the page is in, every year of attendance too; `names` is both (whatever names past members
   * waits for it).
   */
  pending: { roster: boolean; names: boolean; sessions: boolean; agreement: boolean; clients: boolean };
  /** The memberships and the roster's names are read (not still coming, and not failed). */
  rosterIn: boolean;
  /** Why the roster, or the list of clients to add, could not be read ('' when it could). */
  rosterError: string;
  clientsError: string;
  /** Why the sessions, or the agreement's versions and signatures, could not be read ('' when they could). */
  sessionsError: string;
  agreementError: string;
}

const NOBODY: Opened<Client> = { records: [], unreadable: [] };
const NO_MEMBERSHIPS: Membership[] = [];

/** `read`, started by the first call and shared by the next ones. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= read());
}

export function useGroupWorkspace(groupId: string): GroupWorkspace {
  const { revision } = useSession();
  // The group's own record: the page shows nothing of the group (its roster included) until it is in.
  const groupRead = useMemo(
    () => once(() => repositories().groups.byIds([groupId])),
    // A write anywhere (the revision) means it is read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [groupId, revision],
  );
  const groups = useRecords<Group>(() => groupRead(), [groupRead]);
  // The memberships and, read by id straight after, the client records of the current members and
  // those waiting: the roster's names, without reading every client of the practice first (a
  // thousand records, read while the group's sessions and attendance are). Past members' names
  // come with every client's, read last (`everyone`).
  const rosterRead = useMemo(
    () =>
      once(async (): Promise<{ memberships: Opened<Membership>; people: Opened<Client> }> => {
        const r = repositories();
        const memberships = await r.memberships.query((t) => t.where('groupId').equals(groupId));
        const onRoster = memberships.records.filter((m) => m.status !== 'left').map((m) => m.clientId);
        return { memberships, people: await r.clients.byIds([...new Set(onRoster)]) };
      }),
    // A write anywhere (the revision) means it is read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [groupId, revision],
  );
  const roster = useLoad(() => rosterRead(), [rosterRead]);
  // The roster is the tab that opens first: the group's sessions, attendance and agreement are read
  // once it and the group's record are in (or could not be) and the frame showing them is drawn, so the page's main thread
  // and IndexedDB are not busy with a ten-year group's hundreds of sessions while its dozen
  // members' names are read and shown (the first of those reads, answered before that frame, held
  // it back by 50-100 ms in the bench). Read again after a write, the roster stays on screen
  // meanwhile: nothing waits for a frame then.
  const drawnFor = useRef<string | undefined>(undefined);
  const rosterShown = useMemo(
    () =>
      once(async () => {
        await Promise.allSettled([groupRead(), rosterRead()]);
        if (drawnFor.current === groupId) return;
        await afterPaint();
        drawnFor.current = groupId;
      }),
    [groupRead, rosterRead, groupId],
  );
  const afterRoster = useCallback(<T>(read: () => Promise<T>): Promise<T> => rosterShown().then(read), [rosterShown]);
  // The group's sessions, still sealed, read once per load for both the sessions list and the
  // choice of which attendance marks to open first (a ten-year group's few hundred rows, read
  // from a busy IndexedDB while the page opens, were read twice).
  const sessionRows = useMemo(
    () => once(() => afterRoster(() => repositories().appointments.rows((t) => t.where('groupId').equals(groupId)))),
    [afterRoster, groupId],
  );
  const sessions = useRecords<Appointment>((r) => sessionRows().then((rows) => r.appointments.openRows(rows)), [sessionRows]);
  const attendance = useStagedAttendance(groupId, sessionRows);
  const versions = useRecords<AgreementVersion>(
    (r) => afterRoster(() => r.agreements.query((t) => t.where('groupId').equals(groupId))),
    [afterRoster],
  );
  const signatures = useRecords<AgreementSignature>(
    (r) => afterRoster(() => r.signatures.query((t) => t.where('groupId').equals(groupId))),
    [afterRoster],
  );
  // Every client, for the roster's "Client to add" and past members' names: read once the page's
  // own records are in, every year of attendance too (a ten-year group's older years are opened in
  // the background for a second or two), so it never holds up a read the clinician is waiting for,
  // such as the tab clicked next. Kept on screen while it is read again.
  const firstReadsIn = ![groups, roster, sessions, versions, signatures, attendance].some((s) => s.loading);
  // Once reached it stays reached: a later reload (after a save) of a history that failed to open
  // before must not take the client list and past members' names away again.
  const [othersIn, setOthersIn] = useState(false);
  if (!othersIn && firstReadsIn && (attendance.complete || attendance.error !== '')) setOthersIn(true);
  const everyone = useLoad<Opened<Client> | null>(async (r) => (othersIn ? r.clients.all() : null), [othersIn]);
  const clients = everyone.data ?? NOBODY;
  const clientsPending = (everyone.data ?? null) === null && everyone.error === '';

  // Sorted once per load, so what the panels work out from them (attendance over ten years) holds still between renders.
  const sortedSessions = useMemo(() => [...sessions.records].sort((a, b) => a.start - b.start), [sessions.records]);
  const people = roster.data?.people ?? NOBODY;
  const names = useMemo(() => new Map([...people.records, ...clients.records].map((c) => [c.id, c.name])), [people, clients]);
  return {
    group: groups.records[0],
    memberships: roster.data?.memberships.records ?? NO_MEMBERSHIPS,
    sessions: sortedSessions,
    attendance: attendance.records,
    attendanceComplete: attendance.complete,
    attendanceUnopened: attendance.unopenedSessions,
    attendanceError: attendance.error,
    versions: [...versions.records].sort((a, b) => b.version - a.version),
    current: currentVersionOf(versions.records, groupId),
    signatures: signatures.records,
    clients: clients.records,
    // A client record that can't be opened still has a row on the roster; say so rather than show a blank.
    nameOf: (clientId: string) => names.get(clientId) ?? 'Client record unavailable',
    named: (clientId: string) => names.has(clientId),
    unreadable: [
      { kind: 'group record', items: groups.unreadable },
      { kind: 'membership', items: roster.data?.memberships.unreadable ?? [] },
      { kind: 'session', items: sessions.unreadable },
      { kind: 'attendance record', items: attendance.unreadable },
      { kind: 'agreement version', items: versions.unreadable },
      { kind: 'signature', items: signatures.unreadable },
      // Each unreadable client once, whether it was read for the roster's names or with everyone.
      { kind: 'client record', items: uniqueById([...people.unreadable, ...clients.unreadable]) },
    ].filter((u) => u.items.length > 0),
    loading: !firstReadsIn,
    pending: {
      roster: roster.loading,
      sessions: sessions.loading,
      agreement: versions.loading || signatures.loading,
      clients: clientsPending,
      names: roster.loading || clientsPending,
    },
    rosterIn: !roster.loading && roster.error === '',
    rosterError: roster.error,
    clientsError: everyone.error,
    sessionsError: sessions.error,
    agreementError: versions.error || signatures.error,
  };
}
