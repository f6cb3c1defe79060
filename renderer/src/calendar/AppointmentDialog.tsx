import { useEffect, useMemo, useState } from 'react';
import type { Appointment, AppointmentStatus } from '../../../shared/records';
import { APPOINTMENT_STATUSES, isClinicalKind } from '../../../shared/records';
import type { BookingCheck } from '../../../shared/scheduling';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { useNavigate } from '../navigation/navigation';
import { noteForSession } from '../navigation/route';
import { Dialog } from '../ui/Dialog';
import { appDeps } from '../data/deps';
import { moveAppointment, setAppointmentStatus } from './actions';
import { checkCandidates } from './booking';
import { ConflictReport } from './ConflictReport';
import type { Names } from './describe';
import { eventLabel, whoFor } from './describe';
import { STATUS_LABEL, kindLabel } from './labels';
import { clockChangeAt, dateField, instantFromFields, timeField } from './time-ui';
import { DateField, TimeField } from '../ui/DateTimeFields';

export function AppointmentDialog({
  appointment,
  names,
  onClose,
}: {
  appointment: Appointment | null;
  names: Names;
  onClose: () => void;
}) {
  const { settings, bump } = useSession();
  const navigate = useNavigate();
  const tz = settings.timeZone;
  const [date, setDate] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [check, setCheck] = useState<BookingCheck | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!appointment) return;
    setDate(dateField(appointment.start, tz));
    setStart(timeField(appointment.start, tz));
    setEnd(timeField(appointment.end, tz));
    setReason('');
    setMessage('');
  }, [appointment, tz]);

  const newStart = instantFromFields(date, start, tz);
  const newEnd = instantFromFields(date, end, tz);
  const clocks = [clockChangeAt(date, start, tz), clockChangeAt(date, end, tz)];
  const skipped = clocks.find((c) => c?.kind === 'skipped');
  const twice = clocks.find((c) => c?.kind === 'twice');
  // Why "Save new time" cannot be pressed, for a time the clinician has changed.
  const timeProblem =
    newStart === null || newEnd === null
      ? 'Enter a date, a start time and an end time.'
      : skipped
        ? skipped.message
        : newEnd <= newStart
          ? 'The end time must be after the start time.'
          : '';
  const moved =
    appointment !== null &&
    newStart !== null &&
    newEnd !== null &&
    (newStart !== appointment.start || newEnd !== appointment.end);
  const candidate = useMemo(
    () =>
      appointment && moved && !timeProblem && newStart !== null && newEnd !== null
        ? { ...appointment, start: newStart, end: newEnd }
        : null,
    [appointment, moved, timeProblem, newStart, newEnd],
  );

  useEffect(() => {
    if (!candidate) {
      setCheck(null);
      return;
    }
    let live = true;
    void checkCandidates(
      [candidate],
      settings,
      { clientName: (id) => names.clients.get(id)?.name, groupName: (id) => names.groups.get(id)?.name },
      [candidate.id],
    ).then((c) => live && setCheck(c));
    return () => {
      live = false;
    };
  }, [candidate, settings, names]);

  if (!appointment) return null;
  const client = appointment.clientId ? names.clients.get(appointment.clientId) : undefined;
  const hard = (check?.hard.length ?? 0) > 0;

  const run = async (work: () => Promise<void>, done: string): Promise<void> => {
    setBusy(true);
    try {
      await work();
      bump();
      setMessage(done);
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const setStatus = (status: AppointmentStatus): Promise<void> =>
    run(async () => {
      await setAppointmentStatus(appDeps(), appointment, status);
    }, `Marked as ${STATUS_LABEL[status].toLowerCase()}.`);

  const move = (): Promise<void> =>
    run(async () => {
      if (!candidate) return;
      await moveAppointment(appDeps(), appointment, {
        start: candidate.start,
        end: candidate.end,
        ...(hard ? { overrideReason: reason.trim() } : {}),
      });
      onClose();
    }, 'Moved.');

  return (
    <Dialog
      title={`${kindLabel(appointment.kind)}${whoFor(appointment, names) ? ` · ${whoFor(appointment, names)}` : ''}`}
      open
      onClose={onClose}
      wide
    >
      <div className="form-stack">
        <p className="muted">{eventLabel(appointment, names, tz)}</p>
        {appointment.seriesId && <p className="muted small">Part of a weekly series. Changes here affect this session only.</p>}
        {appointment.overrideReason && (
          <p className="conflict-soft">
            Booked despite a conflict. Reason: <span className="prewrap">{appointment.overrideReason}</span>
          </p>
        )}
        <label>
          Status
          <select
            value={appointment.status}
            onChange={(e) => void setStatus(e.target.value as AppointmentStatus)}
            disabled={busy}
          >
            {APPOINTMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="form-row plain">
          <legend>Move or change the time</legend>
          <DateField label="Date" value={date} onChange={(v) => setDate(v)} />
          <TimeField label="Start" value={start} onChange={(v) => setStart(v)} />
          <TimeField label="End" value={end} onChange={(v) => setEnd(v)} />
        </fieldset>
        {appointment &&
          (date !== dateField(appointment.start, tz) ||
            start !== timeField(appointment.start, tz) ||
            end !== timeField(appointment.end, tz)) &&
          timeProblem && (
            <p className="muted" role="status">
              {timeProblem}
            </p>
          )}
        {moved && !timeProblem && twice && newStart !== null && newEnd !== null && (
          <p className="conflict-soft">
            {twice.message} As entered, the session lasts {Math.round((newEnd - newStart) / 60_000)} minutes.
          </p>
        )}
        {moved && !timeProblem && <ConflictReport check={check} />}
        {moved && hard && (
          <label>
            Reason for overriding
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
        <p role="status" className="muted">
          {message}
        </p>
        <div className="actions spread">
          <div className="toolbar">
            {isClinicalKind(appointment.kind) && (
              <button type="button" onClick={() => navigate(noteForSession(appointment.id))}>
                Write note
              </button>
            )}
            {client?.telehealthUrl && (
              <button type="button" onClick={() => void unwrap(api().shell.openExternal({ url: client.telehealthUrl }))}>
                Join telehealth session
              </button>
            )}
            {appointment.status !== 'cancelled' && (
              <button type="button" className="danger" onClick={() => void setStatus('cancelled')} disabled={busy}>
                Cancel this session
              </button>
            )}
          </div>
          <div className="toolbar">
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button
              type="button"
              className="primary"
              disabled={!candidate || busy || check === null || (hard && reason.trim().length < 3)}
              onClick={() => void move()}
            >
              Save new time
            </button>
          </div>
        </div>
      </div>
    </Dialog>
  );
}
