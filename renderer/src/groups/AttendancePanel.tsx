import { useCallback, useMemo, useState } from 'react';
import { canMarkPresent } from '../../../shared/groups/agreements';
import { activeMembersAt } from '../../../shared/groups/roster';
import {
  agreementToSignFor,
  attendanceByMember,
  attendanceCsv,
  attendanceRate,
  consecutiveAbsenceFlags,
  groupAttendanceOverTime,
  isCancelledSession,
  latestMarks,
  newFlags,
  withoutCancelledSessions,
} from '../../../shared/groups/attendance';
import type { Appointment, Attendance } from '../../../shared/records';
import { localDateKey, localLongDate, localShortDate, localTime } from '../../../shared/balance/zone';
import { api, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { database } from '../data/db';
import { appDeps } from '../data/deps';
import { recordAttendance } from './actions';
import { AttendanceChart } from './AttendanceChart';
import { AttendanceForm } from './AttendanceForm';
import { attendanceCsvRows, describeAttendanceTrend, markLabel, sessionSummary } from './attendance-entry';
import { describeError } from './messages';
import { safeFileName } from './schedule';
import type { GroupWorkspace } from './useGroupWorkspace';
import { ErrorAlert } from '../ui/ErrorAlert';

/** Absence-flag keys already raised, kept in the clear meta table: they are pairs of random ids and name no one. */
const RAISED_FLAGS_KEY = 'groups.raisedAbsenceFlags';

async function raisedFlagKeys(): Promise<string[]> {
  const row = await database().meta.get(RAISED_FLAGS_KEY);
  return Array.isArray(row?.value) ? (row.value as string[]) : [];
}

/** The session to open first: the latest one that has started, else the next one; cancelled ones are skipped. */
function defaultSession(sessions: readonly Appointment[], now: number): Appointment | undefined {
  const started = sessions.filter((s) => s.start <= now && !isCancelledSession(s));
  return started[started.length - 1] ?? sessions.find((s) => !isCancelledSession(s));
}

/** How a session reads in the picker: when it is, then whether it was called off or how attendance went. */
function sessionStatusText(session: Appointment, marks: readonly Attendance[]): string {
  if (session.status === 'cancelled') return 'cancelled';
  if (session.status === 'late-cancel') return 'cancelled late';
  return sessionSummary(marks);
}

/** Each session's attendance rows, by session id (a ten-year group has thousands of rows). */
function marksBySession(attendance: readonly Attendance[]): Map<string, Attendance[]> {
  const out = new Map<string, Attendance[]>();
  for (const row of attendance) {
    const rows = out.get(row.appointmentId);
    if (rows === undefined) out.set(row.appointmentId, [row]);
    else rows.push(row);
  }
  return out;
}

/** Sessions and attendance: take a register, see trends, follow up absences, export. */
export function AttendancePanel({ workspace }: { workspace: GroupWorkspace }) {
  const { settings, bump } = useSession();
  const group = workspace.group!;
  const tz = settings.timeZone;
  const { sessions, attendance, nameOf, attendanceComplete: complete, attendanceUnopened: unopened } = workspace;
  /** Whether this session's marks are opened yet (the last year's come first; see useStagedAttendance). */
  const marksIn = useCallback((s: Appointment): boolean => complete || !unopened.has(s.id), [complete, unopened]);
  const [chosen, setChosen] = useState<string | undefined>();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const session = sessions.find((s) => s.id === chosen) ?? defaultSession(sessions, Date.now());

  // Worked out again only when the records change, not on every choice in the session picker.
  const { points, summary, flags, bySession } = useMemo(() => {
    const points = groupAttendanceOverTime(attendance, sessions);
    // Marks recorded on a session that was then cancelled count nowhere, as in the chart.
    const memberMarks = latestMarks(
      withoutCancelledSessions(attendance, sessions).filter((row) => row.clientId !== undefined),
    ).map((row) => row.mark);
    const overall = attendanceRate(memberMarks).rate;
    return {
      points,
      summary: complete
        ? describeAttendanceTrend(points, overall, (t) => localShortDate(t, tz))
        : 'Counting attendance over every session; the last twelve months are shown meanwhile.',
      flags: consecutiveAbsenceFlags(attendanceByMember(attendance), sessions, settings.absenceFlagAfter),
      bySession: marksBySession(attendance),
    };
  }, [attendance, sessions, tz, settings.absenceFlagAfter, complete]);
  /** Who a session's register names: the members expected then, and anyone marked. */
  const peopleAt = (s: Appointment): string[] => [
    ...activeMembersAt(workspace.memberships, group.id, s.start).map((m) => m.clientId),
    ...(bySession.get(s.id) ?? []).flatMap((row) => (row.clientId === undefined ? [] : [row.clientId])),
  ];
  // The register needs this session's marks, who was a member then and their names (a past
  // member's come with every client's, read last), and what each had signed.
  const registerIn =
    session !== undefined &&
    marksIn(session) &&
    !workspace.pending.agreement &&
    workspace.agreementError === '' &&
    workspace.rosterIn &&
    (!workspace.pending.names || peopleAt(session).every(workspace.named));

  /** What the register needs and could not be read ('' when nothing). */
  const blocker = workspace.rosterError
    ? `roster: ${workspace.rosterError}`
    : workspace.agreementError
      ? `agreement: ${workspace.agreementError}`
      : '';

  // A ten-year weekly group has hundreds of sessions in the picker: each one's words are worked
  // out once per load, not on every render of the register beside it.
  const sessionLabels = useMemo(
    () =>
      sessions.map((s) => {
        const when = `${localLongDate(s.start, tz)}, ${localTime(s.start, tz)}`;
        return marksIn(s) ? `${when} — ${sessionStatusText(s, bySession.get(s.id) ?? [])}` : when;
      }),
    [sessions, tz, bySession, marksIn],
  );

  const saveRegister = async (records: Attendance[]): Promise<number> => {
    await recordAttendance(
      appDeps(),
      records,
      attendance.map((row) => row.id),
    );
    // Flag a run of absences once: remember which runs have been raised, and notify only for new ones.
    // Only from every mark: a run that began before the year opened first would look shorter, and be
    // raised again under another key. (Saved before the older years are in, it is raised at the next save.)
    if (!complete) {
      bump();
      return 0;
    }
    const after = [...attendance.filter((row) => !records.some((r) => r.id === row.id)), ...records];
    const current = consecutiveAbsenceFlags(attendanceByMember(after), sessions, settings.absenceFlagAfter);
    const raised = await raisedFlagKeys();
    const fresh = newFlags(raised, current);
    if (fresh.length > 0) {
      await database().meta.put({ key: RAISED_FLAGS_KEY, value: [...raised, ...fresh.map((f) => f.key)] });
      // Notifications can show on a locked or shared screen, so names appear only if the clinician chose that.
      const who = settings.reminders.showNamesInNotifications
        ? fresh.map((f) => nameOf(f.clientId)).join(', ')
        : fresh.length === 1
          ? 'A member of one of your groups'
          : `${fresh.length} members of one of your groups`;
      await unwrap(
        api().notify.show({
          title: 'Follow-up suggested',
          body: `${who} ${fresh.length === 1 ? 'has' : 'have'} missed ${settings.absenceFlagAfter} or more sessions in a row. Open Groups to see who.`,
        }),
      );
    }
    bump();
    return fresh.length;
  };

  const exportCsv = async (): Promise<void> => {
    setError('');
    setMessage('');
    try {
      const rows = attendanceCsvRows(attendance, group.name, nameOf, (t) => localDateKey(t, tz));
      if (rows.length === 0) return setError('There is no attendance to export yet.');
      const result = await unwrap(
        api().export.csv({
          content: attendanceCsv(rows),
          // No group name in the file name (recent-file lists and backups are not encrypted).
          suggestedName: safeFileName(`Group attendance ${localDateKey(Date.now(), tz)}`, 'csv'),
          audit: { kind: 'attendance', recordIds: [group.id] },
        }),
      );
      setMessage(result.saved ? `Attendance exported to ${result.fileName ?? 'the file you chose'}.` : 'Export cancelled.');
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div className="attendance">
      <ErrorAlert message={workspace.attendanceError && `Attendance could not be opened: ${workspace.attendanceError}`} />
      <ErrorAlert message={workspace.clientsError && `Past members’ names could not be opened: ${workspace.clientsError}`} />
      {flags.length > 0 && !workspace.pending.names && (
        <section className="follow-up" aria-labelledby="follow-up-title">
          <h3 id="follow-up-title">Follow-up suggested</h3>
          <ul>
            {flags.map((flag) => (
              <li key={flag.key}>
                <strong>{nameOf(flag.clientId)}</strong>: {flag.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      {workspace.sessionsError ? (
        <ErrorAlert message={`The group’s sessions could not be opened: ${workspace.sessionsError}`} />
      ) : workspace.pending.sessions ? (
        <p className="muted" role="status">
          Opening the sessions…
        </p>
      ) : sessions.length === 0 ? (
        <div className="empty-state">
          <h3>No sessions yet</h3>
          <p>Schedule sessions from the Details tab (Edit group, then “Schedule more sessions”) to take attendance.</p>
        </div>
      ) : (
        <section className="panel" aria-labelledby="register-title">
          <h3 id="register-title">Take attendance</h3>
          <label className="session-picker">
            Session
            <select value={session?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {sessions.map((s, i) => (
                <option key={s.id} value={s.id}>
                  {sessionLabels[i]}
                </option>
              ))}
            </select>
          </label>
          {session && !registerIn && blocker !== '' && (
            <ErrorAlert message={`This session’s register cannot be opened without the group’s ${blocker}.`} />
          )}
          {session && !registerIn && blocker === '' && (
            <p className="muted" role="status">
              Opening this session’s register…
            </p>
          )}
          {session && registerIn && isCancelledSession(session) && <CancelledSession session={session} workspace={workspace} />}
          {session && registerIn && !isCancelledSession(session) && (
            <AttendanceForm
              key={session.id}
              workspace={workspace}
              session={session}
              // Checked against the agreement in force when the session began, so a later version doesn't block earlier registers.
              permission={(clientId, mark) =>
                canMarkPresent(
                  clientId,
                  agreementToSignFor(clientId, session.start, workspace.versions, workspace.signatures),
                  workspace.signatures,
                  mark,
                )
              }
              onSave={async (records, label) => {
                setMessage('');
                setError('');
                try {
                  const raised = await saveRegister(records);
                  setMessage(
                    `Attendance saved for ${label}.` +
                      (raised > 0
                        ? ` ${raised === 1 ? 'One member has' : `${raised} members have`} missed several sessions in a row: see Follow-up suggested.`
                        : ''),
                  );
                } catch (e) {
                  setError(describeError(e));
                }
              }}
            />
          )}
        </section>
      )}
      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        <ErrorAlert message={error} />
      </div>

      <section className="panel" aria-labelledby="trend-title">
        <div className="panel-header">
          <h3 id="trend-title">Attendance over time</h3>
          {/* Every session's marks (and every member's name) go into the file, so it waits until they are all opened. */}
          <button type="button" onClick={() => void exportCsv()} disabled={!complete || workspace.pending.names}>
            Export attendance as CSV
          </button>
        </div>
        <AttendanceChart points={points} summary={summary} label={(t) => localShortDate(t, tz)} complete={complete} />
      </section>
    </div>
  );
}

/** A cancelled session has no register: say so, and show read-only any marks recorded before it was cancelled. */
function CancelledSession({ session, workspace }: { session: Appointment; workspace: GroupWorkspace }) {
  const { nameOf } = workspace;
  const marks = latestMarks(workspace.attendance.filter((row) => row.appointmentId === session.id));
  const who = (row: Attendance): string =>
    row.clientId === undefined ? `${row.guestName ?? 'Guest'} (guest)` : nameOf(row.clientId);
  return (
    <div className="register">
      <p className="muted">
        This session was {session.status === 'late-cancel' ? 'cancelled late' : 'cancelled'}, so there is no attendance to take.
        {marks.length > 0 &&
          ' The marks below were recorded before it was cancelled. They are kept, but count towards no one’s attendance rate or follow-up.'}
      </p>
      {marks.length > 0 && (
        <ul className="list" aria-label="Marks recorded before the session was cancelled">
          {[...marks]
            .sort((a, b) => who(a).localeCompare(who(b)))
            .map((row) => (
              <li key={row.id}>
                <span dir="auto">{who(row)}</span>: {markLabel(row.mark)}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
