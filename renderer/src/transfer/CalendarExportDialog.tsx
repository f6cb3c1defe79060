import { useState } from 'react';
import type { FormEvent } from 'react';
import type { IcsNameDetail } from '../../../shared/transfer/ics';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { addDays, addMonths, dateField, instantFromFields } from '../calendar/time-ui';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { exportCalendar } from './calendar-transfer';

const DETAILS: { value: IcsNameDetail; label: string; hint: string }[] = [
  { value: 'none', label: 'No names', hint: '“Session”, “Group: TGG”, “Supervision”' },
  { value: 'initials', label: 'Initials', hint: '“Session: J.S.”' },
  {
    value: 'full',
    label: 'Full names',
    hint: '“Session: Jane Smith”. Anyone who sees the calendar file or the program you open it in sees them.',
  },
];

/** Export a date range of the calendar as an .ics file, naming no one unless the clinician asks. */
export function CalendarExportDialog({ open, anchor, onClose }: { open: boolean; anchor: number; onClose: () => void }) {
  const { settings } = useSession();
  const tz = settings.timeZone;
  const [from, setFrom] = useState(() => dateField(anchor, tz));
  const [to, setTo] = useState(() => dateField(addDays(addMonths(anchor, 3, tz), -1, tz), tz));
  const [detail, setDetail] = useState<IcsNameDetail>('none');
  const [message, setMessage] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage('');
    setDone('');
    const start = instantFromFields(from, '00:00', tz);
    const lastDay = instantFromFields(to, '00:00', tz);
    if (start === null || lastDay === null) return setMessage('Enter both dates, such as 2027-03-01.');
    if (lastDay < start) return setMessage('The last day must be on or after the first day.');
    setBusy(true);
    try {
      const result = await exportCalendar({
        from: start,
        to: addDays(lastDay, 1, tz),
        detail,
        timeZone: tz,
        suggestedName: `holdspace-calendar-${from}-to-${to}.ics`,
      });
      if (result.events === 0) setMessage('There are no sessions between those dates, so there is nothing to export.');
      else if (result.saved)
        setDone(`Saved ${result.fileName ?? 'the calendar'} with ${result.events} event${result.events === 1 ? '' : 's'}.`);
    } catch (error) {
      setMessage(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Export calendar" open={open} onClose={onClose}>
      <form className="form-stack" onSubmit={submit} noValidate>
        <div className="form-row">
          <label>
            First day
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            Last day
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </div>
        <fieldset className="plain">
          <legend>What events say about who they are with</legend>
          {DETAILS.map((d) => (
            <label key={d.value} className="inline">
              <input
                type="radio"
                name="ics-detail"
                value={d.value}
                checked={detail === d.value}
                onChange={() => setDetail(d.value)}
              />
              {d.label} <span className="muted small">{d.hint}</span>
            </label>
          ))}
        </fieldset>
        <p className="muted small">
          Times carry your time zone ({tz}). Repeating sessions export as one repeating event with its exceptions. Notes, contact
          details, locations and record numbers are never included.
        </p>
        <ErrorAlert message={message} />
        {done && <p role="status">{done}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Exporting…' : 'Export .ics file'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
