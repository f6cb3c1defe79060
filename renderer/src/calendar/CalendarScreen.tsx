import { useEffect, useMemo, useState } from 'react';
import { CalendarExportDialog } from '../transfer/CalendarExportDialog';
import { CalendarImportDialog } from '../transfer/CalendarImportDialog';
import type { Appointment, AppointmentKind, Membership } from '../../../shared/records';
import { dayRange, formatDay, weekRange, zonedParts } from '../../../shared/scheduling';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { allOf, useRecords } from '../data/useRecords';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { AppointmentDialog } from './AppointmentDialog';
import { BookingDialog } from './BookingDialog';
import type { BookingPrefill } from './BookingDialog';
import { appDeps } from '../data/deps';
import { moveAppointment } from './actions';
import { groupsOfClientAt } from './booking';
import { checksForCached } from './describe';
import { MonthGrid } from './MonthGrid';
import { addDays, addMonths, dateField, daysOf, instantFromFields, pad, timeField } from './time-ui';
import { useCalendarData } from './useCalendarData';
import { WeekGrid } from './WeekGrid';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField } from '../ui/DateTimeFields';
import { displayMonthYear } from '../../../shared/locale/format';
import { hoursByFormat } from '../../../shared/balance/workload';

type View = 'week' | 'day' | 'month';

function monthDays(anchor: number, tz: string): { from: number; to: number }[] {
  const p = zonedParts(anchor, tz);
  const first = instantFromFields(`${p.year}-${pad(p.month)}-01`, '12:00', tz)!;
  let cursor = weekRange(first, tz).from;
  const days: { from: number; to: number }[] = [];
  for (let i = 0; i < 42; i++) {
    const d = dayRange(cursor, tz);
    days.push(d);
    cursor = d.to;
  }
  return days;
}

function daysAt(view: View, at: number, tz: string): { from: number; to: number }[] {
  return view === 'month' ? monthDays(at, tz) : daysOf(view, at, tz);
}

/** The anchor one period on (delta 1) or back (-1). */
function shift(view: View, at: number, delta: number, tz: string): number {
  return view === 'month' ? addMonths(at, delta, tz) : addDays(at, delta * (view === 'week' ? 7 : 1), tz);
}

export function CalendarScreen() {
  const { settings, bump } = useSession();
  const tz = settings.timeZone;
  const [anchor, setAnchor] = useState(() => Date.now());
  const [view, setView] = useState<View>('week');
  const [layout, setLayout] = useState<'split' | 'combined'>('split');
  const [now, setNow] = useState(() => Date.now());
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [goto, setGoto] = useState('');
  const [message, setMessage] = useState('');
  const [transfer, setTransfer] = useState<'export' | 'import' | null>(null);

  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(t);
  }, []);

  const days = useMemo(() => daysAt(view, anchor, tz), [view, anchor, tz]);
  const from = days[0]!.from;
  const to = days[days.length - 1]!.to;
  // The periods "Previous" and "Next" lead to, worked out the same way (a week with a clock
  // change is an hour longer or shorter than its neighbours).
  const neighbours = useMemo(
    () =>
      [-1, 1].map((delta) => {
        const d = daysAt(view, shift(view, anchor, delta, tz), tz);
        return { from: d[0]!.from, to: d[d.length - 1]!.to };
      }),
    [view, anchor, tz],
  );
  const memberships = useRecords<Membership>(allOf((r) => r.memberships));
  const activeGroupIdsForClient = useMemo(() => groupsOfClientAt(memberships.records), [memberships.records]);
  const data = useCalendarData(from, to, neighbours);
  const names = useMemo(() => ({ clients: data.clients, groups: data.groups }), [data.clients, data.groups]);
  // Conflicts and warnings of the neighbouring periods are worked out once they are read ahead,
  // in the pause after a render, so moving to them only looks the checks up.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      for (const appointments of data.readAhead) checksForCached(appointments, settings, activeGroupIdsForClient, names);
    }, 0);
    return () => window.clearTimeout(timer);
  }, [data.readAhead, settings, activeGroupIdsForClient, names]);
  const checks = useMemo(
    () => checksForCached(data.appointments, settings, activeGroupIdsForClient, names),
    [data.appointments, settings, activeGroupIdsForClient, names],
  );

  const step = (delta: number): void => setAnchor((a) => shift(view, a, delta, tz));
  const unit = view === 'month' ? 'month' : view;

  const onMove = async (a: Appointment, start: number, end: number): Promise<void> => {
    try {
      await moveAppointment(appDeps(), a, { start, end });
      setMessage('');
      bump();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const onSlot = (dayFrom: number, minutes: number, lane: 'individual' | 'group' | 'other' | 'all'): void => {
    const date = dateField(dayFrom + 12 * 3_600_000, tz);
    const kind: AppointmentKind = lane === 'group' ? 'group' : lane === 'other' ? 'admin' : 'individual';
    const startText = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
    const endMinutes = Math.min(23 * 60 + 55, minutes + (kind === 'group' ? 90 : 50));
    setBooking({ kind, date, start: startText, end: `${pad(Math.floor(endMinutes / 60))}:${pad(endMinutes % 60)}` });
  };

  const newAppointment = (): void => {
    const base = Math.max(now, from);
    const rounded = Math.ceil(base / 900_000) * 900_000;
    const date = dateField(view === 'week' && (now < from || now >= to) ? from + 9 * 3_600_000 : rounded, tz);
    const start = view === 'week' && (now < from || now >= to) ? '09:00' : timeField(rounded, tz);
    const startMin = Number(start.slice(0, 2)) * 60 + Number(start.slice(3));
    const endMin = Math.min(23 * 60 + 55, startMin + 50);
    setBooking({ kind: 'individual', date, start, end: `${pad(Math.floor(endMin / 60))}:${pad(endMin % 60)}` });
  };

  // The same count as the Balance screen's: no-shows and late cancellations add no hours.
  const shownHours = hoursByFormat(data.appointments, { from, to });
  const title =
    view === 'month'
      ? displayMonthYear(anchor, tz)
      : view === 'day'
        ? formatDay(from + 12 * 3_600_000, tz)
        : `Week of ${formatDay(from + 12 * 3_600_000, tz)}`;
  const opened = openId ? (data.appointments.find((a) => a.id === openId) ?? null) : null;

  return (
    <section className="view calendar" aria-labelledby="calendar-title">
      <header className="view-header row">
        <div>
          <h1 id="calendar-title">Calendar</h1>
          <p className="muted" aria-live="polite">
            {title} · {shownHours.hours.individual.toFixed(1)} h individual, {shownHours.hours.group.toFixed(1)} h group
          </p>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => setTransfer('import')}>
            Import calendar…
          </button>
          <button type="button" onClick={() => setTransfer('export')}>
            Export calendar…
          </button>
          <button type="button" className="primary" onClick={newAppointment}>
            New appointment
          </button>
        </div>
      </header>
      <div className="toolbar calendar-toolbar">
        <div className="toolbar" role="group" aria-label="Navigate">
          <button type="button" onClick={() => step(-1)}>
            Previous {unit}
          </button>
          <button type="button" onClick={() => setAnchor(Date.now())}>
            Today
          </button>
          <button type="button" onClick={() => step(1)}>
            Next {unit}
          </button>
          <DateField
            label="Go to date"
            labelClassName="inline"
            value={goto}
            onChange={setGoto}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || !goto) return;
              const at = instantFromFields(goto, '12:00', tz);
              if (at !== null) setAnchor(at);
            }}
          />
        </div>
        <div className="toolbar" role="group" aria-label="View">
          {(['day', 'week', 'month'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
              {v[0]!.toUpperCase() + v.slice(1)}
            </button>
          ))}
        </div>
        {view !== 'month' && (
          <div className="toolbar" role="group" aria-label="Layout">
            <button type="button" aria-pressed={layout === 'split'} onClick={() => setLayout('split')}>
              Split lanes
            </button>
            <button type="button" aria-pressed={layout === 'combined'} onClick={() => setLayout('combined')}>
              Combined
            </button>
          </div>
        )}
      </div>
      <ul className="calendar-legend" aria-label="Kinds of appointment">
        <li>
          <span className="swatch lane-individual" aria-hidden="true" /> Individual sessions
        </li>
        <li>
          <span className="swatch lane-group" aria-hidden="true" /> Groups
        </li>
        <li>
          <span className="swatch lane-other" aria-hidden="true" /> Other: supervision, admin, self-care
        </li>
      </ul>
      <p className="muted small">
        Tip: focus an appointment and use the arrow keys to move it (Shift with Up or Down changes its length), then Enter to save
        or Escape to cancel. Drag to move with the mouse.
      </p>
      <UnreadableNotice items={data.unreadable} kind="appointment" />
      <ErrorAlert message={data.error || message} />
      {view === 'month' ? (
        <MonthGrid
          days={days}
          month={zonedParts(anchor, tz).month}
          appointments={data.appointments}
          tz={tz}
          now={now}
          onPickDay={(d) => {
            setAnchor(d + 12 * 3_600_000);
            setView('day');
          }}
        />
      ) : (
        <WeekGrid
          days={days}
          appointments={data.appointments}
          names={names}
          checks={checks}
          settings={settings}
          layout={layout}
          now={now}
          activeGroupIdsForClient={activeGroupIdsForClient}
          onSlot={onSlot}
          onOpen={(a) => setOpenId(a.id)}
          onMove={onMove}
          busy={data.loading}
        />
      )}
      {booking && <BookingDialog open prefill={booking} names={names} onClose={() => setBooking(null)} />}
      <AppointmentDialog appointment={opened} names={names} onClose={() => setOpenId(null)} />
      {transfer === 'export' && <CalendarExportDialog open anchor={from} onClose={() => setTransfer(null)} />}
      {transfer === 'import' && <CalendarImportDialog open onClose={() => setTransfer(null)} />}
    </section>
  );
}
