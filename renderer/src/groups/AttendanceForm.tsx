import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { MarkPermission } from '../../../shared/groups/agreements';
import { newId } from '../../../shared/ids';
import { ATTENDED_MARKS, latestMarks } from '../../../shared/groups/attendance';
import { activeMembersAt } from '../../../shared/groups/roster';
import { ATTENDANCE_MARKS } from '../../../shared/records';
import type { Appointment, Attendance, AttendanceMark } from '../../../shared/records';
import { localLongDate, localTime } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import { badgeFor } from './agreement-view';
import { MARK_KEYS, MARK_KEY_HINT, attendanceToSave, markLabel } from './attendance-entry';
import type { GuestEntry } from './attendance-entry';
import { Badge } from './Badge';
import type { GroupWorkspace } from './useGroupWorkspace';

const GUEST_MARKS: AttendanceMark[] = ['present', 'late', 'left-early'];

/**
 * The register for one session: a radio group per member (arrow keys move within a row; a
 * letter key marks and jumps to the next member) plus drop-in guests. Attending marks are
 * disabled, with the reason shown, for members `permission` refuses: those who haven't signed
 * the agreement in force when the session began (or a later version). Not for cancelled
 * sessions, which have no register.
 */
export function AttendanceForm({
  workspace,
  session,
  permission,
  onSave,
}: {
  workspace: GroupWorkspace;
  session: Appointment;
  permission: (clientId: string, mark: AttendanceMark) => MarkPermission;
  onSave: (records: Attendance[], label: string) => Promise<void>;
}) {
  const { settings } = useSession();
  const tz = settings.timeZone;
  const group = workspace.group!;
  const { nameOf } = workspace;
  const baseId = useId();
  const existing = latestMarks(workspace.attendance.filter((row) => row.appointmentId === session.id));
  const expected = activeMembersAt(workspace.memberships, group.id, session.start).map((m) => m.clientId);
  // Anyone already marked for this session stays on its register, even if their membership dates say otherwise.
  const marked = existing.flatMap((row) =>
    row.clientId !== undefined && !expected.includes(row.clientId) ? [row.clientId] : [],
  );
  const people = [...new Set([...expected, ...marked])].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));

  const [marks, setMarks] = useState<Record<string, AttendanceMark | undefined>>(() =>
    Object.fromEntries(existing.flatMap((row) => (row.clientId === undefined ? [] : [[row.clientId, row.mark]]))),
  );
  const [guests, setGuests] = useState<GuestEntry[]>(() =>
    existing
      .filter((row) => row.clientId === undefined)
      .map((row) => ({ id: row.id, name: row.guestName ?? '', mark: row.mark })),
  );
  const [guestName, setGuestName] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const rows = useRef<(HTMLDivElement | null)[]>([]);
  const label = `${localLongDate(session.start, tz)} at ${localTime(session.start, tz)}`;

  const setMark = (clientId: string, mark: AttendanceMark): boolean => {
    const allowed = permission(clientId, mark);
    if (!allowed.allowed) {
      setNotice(`${nameOf(clientId)}: ${allowed.reason}`);
      return false;
    }
    setMarks((m) => ({ ...m, [clientId]: mark }));
    return true;
  };

  const focusRow = (index: number): void => {
    const row = rows.current[index];
    const target =
      row?.querySelector<HTMLInputElement>('input:checked') ?? row?.querySelector<HTMLInputElement>('input:not(:disabled)');
    target?.focus();
  };

  const onRowKey = (e: KeyboardEvent, clientId: string, index: number): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const mark = MARK_KEYS[e.key.toLowerCase()];
    if (mark === undefined) return;
    e.preventDefault();
    if (setMark(clientId, mark) && index + 1 < people.length) {
      // Wait for the new mark to render so focus lands on the next member's checked radio.
      requestAnimationFrame(() => focusRow(index + 1));
    }
  };

  const markEveryonePresent = (): void => {
    const blocked = people.filter((id) => !permission(id, 'present').allowed);
    setMarks((m) => ({ ...m, ...Object.fromEntries(people.filter((id) => !blocked.includes(id)).map((id) => [id, 'present'])) }));
    setNotice(
      blocked.length === 0
        ? 'Everyone is marked present. Change anyone who was late, left early or absent.'
        : `Everyone else is marked present. ${blocked.map(nameOf).join(', ')} can’t be marked present until they sign the current agreement.`,
    );
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    const records = attendanceToSave(workspace.attendance, session, marks, guests, Date.now());
    await onSave(records, label);
    setBusy(false);
    const missing = people.filter((id) => marks[id] === undefined).length;
    setNotice(missing > 0 ? `${missing} ${missing === 1 ? 'member has' : 'members have'} no mark yet for this session.` : '');
  };

  return (
    <div className="register">
      <p className="muted" id={`${baseId}-hint`}>
        Quick entry: in a member’s row, press {MARK_KEY_HINT}; focus moves to the next member. Arrow keys move between choices.
      </p>
      <div className="toolbar">
        <button type="button" onClick={markEveryonePresent} disabled={people.length === 0}>
          Mark everyone present
        </button>
      </div>
      {people.length === 0 && <p className="muted">No one was a member of the group at this session.</p>}
      <ul className="register-rows" aria-label={`Register for ${label}`}>
        {people.map((clientId, index) => {
          const name = nameOf(clientId);
          const blocked = permission(clientId, 'present');
          const reasonId = `${baseId}-reason-${index}`;
          return (
            <li key={clientId} className="register-row">
              <div className="register-name">
                <strong dir="auto">{name}</strong> <Badge badge={badgeFor(clientId, workspace.current, workspace.signatures)} />
                {!blocked.allowed && (
                  <p className="reason" id={reasonId}>
                    {blocked.reason}
                  </p>
                )}
              </div>
              <div
                role="radiogroup"
                aria-label={`${name} attendance`}
                aria-describedby={blocked.allowed ? `${baseId}-hint` : `${reasonId} ${baseId}-hint`}
                className="marks"
                ref={(el) => {
                  rows.current[index] = el;
                }}
                onKeyDown={(e) => onRowKey(e, clientId, index)}
              >
                {ATTENDANCE_MARKS.map((mark) => (
                  <label key={mark} className={`mark-option mark-${mark}`}>
                    <input
                      type="radio"
                      name={`${baseId}-${clientId}`}
                      value={mark}
                      checked={marks[clientId] === mark}
                      disabled={ATTENDED_MARKS.has(mark) && !blocked.allowed}
                      onChange={() => setMark(clientId, mark)}
                    />
                    {markLabel(mark)}
                  </label>
                ))}
              </div>
            </li>
          );
        })}
      </ul>

      <fieldset className="guests">
        <legend>Drop-in guests</legend>
        {guests.length > 0 && (
          <ul className="guest-rows">
            {guests.map((guest, index) => (
              <li key={guest.id ?? index}>
                <span dir="auto">{guest.name}</span>
                <label className="inline">
                  <span className="sr-only">{guest.name} attendance</span>
                  <select
                    value={guest.mark}
                    onChange={(e) =>
                      setGuests((list) =>
                        list.map((g, i) => (i === index ? { ...g, mark: e.target.value as AttendanceMark } : g)),
                      )
                    }
                  >
                    {GUEST_MARKS.map((mark) => (
                      <option key={mark} value={mark}>
                        {markLabel(mark)}
                      </option>
                    ))}
                  </select>
                </label>
                {!workspace.attendance.some((row) => row.id === guest.id) && (
                  <button
                    type="button"
                    onClick={() => setGuests((list) => list.filter((_, i) => i !== index))}
                    aria-label={`Remove guest ${guest.name}`}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <div className="toolbar">
          <label className="grow">
            Guest’s name
            <input
              value={guestName}
              onChange={(e) => setGuestName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (guestName.trim()) {
                    setGuests((list) => [...list, { id: newId(), name: guestName.trim(), mark: 'present' }]);
                    setGuestName('');
                  }
                }
              }}
            />
          </label>
          <button
            type="button"
            disabled={guestName.trim() === ''}
            onClick={() => {
              setGuests((list) => [...list, { id: newId(), name: guestName.trim(), mark: 'present' }]);
              setGuestName('');
            }}
          >
            Add guest
          </button>
        </div>
      </fieldset>

      <p className="muted" aria-live="polite">
        {notice}
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save attendance'}
        </button>
      </div>
    </div>
  );
}
