import { useMemo } from 'react';
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
import type { SealedRow } from '../data/db';
import { repositories } from '../data/repositories';
import type { Unreadable } from '../data/repository';
import { useRecords } from '../data/useRecords';
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
  unreadable: { kind: string; items: Unreadable[] }[];
  loading: boolean;
}

/** `read`, started by the first call and shared by the next ones. */
function once(read: () => Promise<SealedRow[]>): () => Promise<SealedRow[]> {
  let started: Promise<SealedRow[]> | undefined;
  return () => (started ??= read());
}

export function useGroupWorkspace(groupId: string): GroupWorkspace {
  const groups = useRecords<Group>((r) => r.groups.byIds([groupId]), [groupId]);
  const memberships = useRecords<Membership>((r) => r.memberships.query((t) => t.where('groupId').equals(groupId)), [groupId]);
  const { revision } = useSession();
  // The group's sessions, still sealed, read once per load for both the sessions list and the
  // choice of which attendance marks to open first (a ten-year group's few hundred rows, read
  // from a busy IndexedDB while the page opens, were read twice).
  const sessionRows = useMemo(
    () => once(() => repositories().appointments.rows((t) => t.where('groupId').equals(groupId))),
    // A write anywhere (the revision) means the rows are read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [groupId, revision],
  );
  const sessions = useRecords<Appointment>((r) => sessionRows().then((rows) => r.appointments.openRows(rows)), [sessionRows]);
  const attendance = useStagedAttendance(groupId, sessionRows);
  const versions = useRecords<AgreementVersion>((r) => r.agreements.query((t) => t.where('groupId').equals(groupId)), [groupId]);
  const signatures = useRecords<AgreementSignature>(
    (r) => r.signatures.query((t) => t.where('groupId').equals(groupId)),
    [groupId],
  );
  const clients = useRecords<Client>((r) => r.clients.all());

  // Sorted once per load, so what the panels work out from them (attendance over ten years) holds still between renders.
  const sortedSessions = useMemo(() => [...sessions.records].sort((a, b) => a.start - b.start), [sessions.records]);
  const names = new Map(clients.records.map((c) => [c.id, c.name]));
  return {
    group: groups.records[0],
    memberships: memberships.records,
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
    unreadable: [
      { kind: 'group record', items: groups.unreadable },
      { kind: 'membership', items: memberships.unreadable },
      { kind: 'session', items: sessions.unreadable },
      { kind: 'attendance record', items: attendance.unreadable },
      { kind: 'agreement version', items: versions.unreadable },
      { kind: 'signature', items: signatures.unreadable },
      { kind: 'client record', items: clients.unreadable },
    ].filter((u) => u.items.length > 0),
    loading: [groups, memberships, sessions, attendance, versions, signatures, clients].some((s) => s.loading),
  };
}
