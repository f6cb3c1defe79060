import { useEffect, useMemo, useState } from 'react';
import type { AppointmentKind } from '../../../shared/records';
import { APPOINTMENT_KINDS } from '../../../shared/records';
import type { BookingCandidate, BookingCheck } from '../../../shared/scheduling';
import { expandSeries, weeklyRule, zonedParts } from '../../../shared/scheduling';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { Dialog } from '../ui/Dialog';
import { appDeps } from '../data/deps';
import { bookAppointment, bookSeries } from './actions';
import { checkCandidates } from './booking';
import { ConflictReport } from './ConflictReport';
import type { Names } from './describe';
import { kindLabel } from './labels';
import { clockChangeAt, instantFromFields } from './time-ui';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField, TimeField } from '../ui/DateTimeFields';

export interface BookingPrefill {
  kind: AppointmentKind;
  date: string;
  start: string;
  end: string;
  clientId?: string;
  groupId?: string;
}

const MAX_WEEKLY = 104;

/** New appointment: kind, who, when, optional weekly repeat, and the conflict check as you type. */
export function BookingDialog({
  open,
  prefill,
  names,
  onClose,
}: {
  open: boolean;
  prefill: BookingPrefill;
  names: Names;
  onClose: () => void;
}) {
  const { settings, bump } = useSession();
  const tz = settings.timeZone;
  const [form, setForm] = useState(prefill);
  const [title, setTitle] = useState('');
  const [repeats, setRepeats] = useState(false);
  const [count, setCount] = useState('10');
  const [reason, setReason] = useState('');
  const [check, setCheck] = useState<BookingCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setForm(prefill);
      setTitle('');
      setRepeats(false);
      setReason('');
      setError('');
      setCheck(null);
    }
  }, [open, prefill]);

  const clients = useMemo(
    () =>
      [...names.clients.values()]
        .filter((c) => !c.archived && c.status !== 'discharged')
        .sort((a, b) => a.name.localeCompare(b.name)),
    [names.clients],
  );
  const groups = useMemo(
    () => [...names.groups.values()].filter((g) => !g.archived).sort((a, b) => a.name.localeCompare(b.name)),
    [names.groups],
  );

  const start = instantFromFields(form.date, form.start, tz);
  const end = instantFromFields(form.date, form.end, tz);
  const weeks = Math.min(MAX_WEEKLY, Math.max(1, Math.floor(Number(count)) || 1));

  // A time on a clock-change day that does not exist (skipped) blocks saving; one that happens twice is explained.
  const clocks = [clockChangeAt(form.date, form.start, tz), clockChangeAt(form.date, form.end, tz)];
  const skipped = clocks.find((c) => c?.kind === 'skipped');
  const twice = clocks.find((c) => c?.kind === 'twice');

  let problem = '';
  if (start === null || end === null) problem = 'Enter a date, a start time and an end time.';
  else if (skipped) problem = skipped.message;
  else if (end <= start) problem = 'The end time must be after the start time.';
  else if (form.kind === 'individual' && !form.clientId) problem = 'Choose the client for this session.';
  else if (form.kind === 'group' && !form.groupId) problem = 'Choose the group for this session.';

  const candidates = useMemo((): BookingCandidate[] => {
    if (problem || start === null || end === null) return [];
    const base = {
      kind: form.kind,
      ...(form.kind === 'individual' && form.clientId ? { clientId: form.clientId } : {}),
      ...(form.kind === 'group' && form.groupId ? { groupId: form.groupId } : {}),
    };
    if (!repeats) return [{ ...base, start, end }];
    const occurrences = expandSeries(
      {
        id: 'candidate',
        kind: form.kind,
        rrule: weeklyRule({ weekdays: [zonedParts(start, tz).weekday], count: weeks }),
        dtstart: start,
        timeZone: tz,
        durationMinutes: Math.round((end - start) / 60_000),
        cancelled: [],
        moved: [],
        title: '',
        createdAt: 0,
        updatedAt: 0,
      },
      { from: start, to: start + (weeks + 1) * 7 * 86_400_000 },
    );
    return occurrences.map((o) => ({ ...base, start: o.start, end: o.end }));
  }, [problem, start, end, form.kind, form.clientId, form.groupId, repeats, weeks, tz]);

  useEffect(() => {
    if (!open || candidates.length === 0) {
      setCheck(null);
      return;
    }
    let live = true;
    setChecking(true);
    const timer = window.setTimeout(() => {
      void checkCandidates(candidates, settings, {
        clientName: (id) => names.clients.get(id)?.name,
        groupName: (id) => names.groups.get(id)?.name,
      }).then(
        (c) => {
          if (!live) return;
          setCheck(c);
          setChecking(false);
        },
        (e: unknown) => live && setError(messageOf(e)),
      );
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [open, candidates, settings, names]);

  const hard = (check?.hard.length ?? 0) > 0;
  const canSave = !problem && !busy && check !== null && (!hard || reason.trim().length >= 3);

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (!canSave || start === null || end === null) return;
    setBusy(true);
    try {
      const who = {
        ...(form.kind === 'individual' && form.clientId ? { clientId: form.clientId } : {}),
        ...(form.kind === 'group' && form.groupId ? { groupId: form.groupId } : {}),
      };
      const overrideReason = hard ? reason.trim() : '';
      if (repeats) {
        await bookSeries(
          appDeps(),
          {
            kind: form.kind,
            ...who,
            firstStart: start,
            durationMinutes: Math.round((end - start) / 60_000),
            weekdays: [zonedParts(start, tz).weekday],
            count: weeks,
            title,
            overrideReason,
          },
          tz,
        );
      } else {
        await bookAppointment(appDeps(), { kind: form.kind, ...who, start, end, title, overrideReason });
      }
      bump();
      onClose();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const setKind = (kind: AppointmentKind): void => {
    setForm((f) => ({ ...f, kind }));
  };
  const pickClient = (clientId: string): void => {
    const c = names.clients.get(clientId);
    setForm((f) => {
      const s = instantFromFields(f.date, f.start, tz);
      // A client's default session length sets the end time, which the clinician can still change.
      if (!c || s === null) return { ...f, clientId };
      const endAt = new Date(s + c.defaultSessionMinutes * 60_000);
      const endText = new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: tz,
      }).format(endAt);
      return { ...f, clientId, end: endText };
    });
  };

  return (
    <Dialog title="New appointment" open={open} onClose={onClose} wide>
      <form className="form-stack" onSubmit={save} noValidate>
        <div className="form-row">
          <label>
            Kind
            <select value={form.kind} onChange={(e) => setKind(e.target.value as AppointmentKind)}>
              {APPOINTMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </label>
          {form.kind === 'individual' && (
            <label>
              Client
              <select value={form.clientId ?? ''} onChange={(e) => pickClient(e.target.value)}>
                <option value="">Choose a client…</option>
                {clients.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {form.kind === 'group' && (
            <label>
              Group
              <select value={form.groupId ?? ''} onChange={(e) => setForm((f) => ({ ...f, groupId: e.target.value }))}>
                <option value="">Choose a group…</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {form.kind !== 'individual' && form.kind !== 'group' && (
            <label>
              Title
              <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Peer supervision" />
            </label>
          )}
        </div>
        <div className="form-row">
          <DateField label="Date" value={form.date} onChange={(v) => setForm((f) => ({ ...f, date: v }))} />
          <TimeField label="Start" value={form.start} onChange={(v) => setForm((f) => ({ ...f, start: v }))} />
          <TimeField label="End" value={form.end} onChange={(v) => setForm((f) => ({ ...f, end: v }))} />
        </div>
        <div className="form-row">
          <label className="check">
            <input type="checkbox" checked={repeats} onChange={(e) => setRepeats(e.target.checked)} />
            Repeats weekly
          </label>
          {repeats && (
            <label>
              Number of sessions
              <input type="number" min={2} max={MAX_WEEKLY} value={count} onChange={(e) => setCount(e.target.value)} />
            </label>
          )}
        </div>
        {!problem && twice && start !== null && end !== null && (
          <p className="conflict-soft">
            {twice.message} As entered, the session lasts {Math.round((end - start) / 60_000)} minutes.
          </p>
        )}
        {problem ? (
          <p className="muted" role="status">
            {problem}
          </p>
        ) : (
          <ConflictReport check={check} checking={checking} />
        )}
        {hard && (
          <label>
            Reason for overriding
            <textarea
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Why this booking should go ahead despite the conflict (kept with the appointment)"
            />
          </label>
        )}
        <ErrorAlert message={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!canSave}>
            {busy ? 'Saving…' : 'Save appointment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
