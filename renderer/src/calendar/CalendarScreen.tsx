import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { PX_PER_MIN, WeekGrid } from './WeekGrid';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField } from '../ui/DateTimeFields';
import { displayMonthYear } from '../../../shared/locale/format';
import { hoursByFormat } from '../../../shared/balance/workload';

type View = 'week' | 'day' | 'month';
type Days = { from: number; to: number }[];

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

/**
 * The days of the period around `at`, the same list each time for the same period (kept by view,
 * zone and first day), so a grid drawn ahead keeps its props when its period becomes the one shown.
 */
function useDaysOf(): (view: View, at: number, tz: string) => Days {
  const [kept] = useState(() => new Map<string, Days>());
  return useCallback(
    (view: View, at: number, tz: string): Days => {
      const days = daysAt(view, at, tz);
      const key = `${view}|${tz}|${days[0]!.from}`;
      const found = kept.get(key);
      if (found) return found;
      if (kept.size > 32) kept.clear();
      kept.set(key, days);
      return days;
    },
    [kept],
  );
}

/** A period's grid: drawn for the period shown, and ahead, out of sight, for its neighbours. */
interface DrawnPeriod {
  key: string;
  days: Days;
  appointments: Appointment[];
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

  const daysOf = useDaysOf();
  const days = useMemo(() => daysOf(view, anchor, tz), [daysOf, view, anchor, tz]);
  const from = days[0]!.from;
  const to = days[days.length - 1]!.to;
  // The periods "Previous" and "Next" lead to, worked out the same way (a week with a clock
  // change is an hour longer or shorter than its neighbours).
  const neighbourDays = useMemo(
    () => [-1, 1].map((delta) => daysOf(view, shift(view, anchor, delta, tz), tz)),
    [daysOf, view, anchor, tz],
  );
  const neighbours = useMemo(() => neighbourDays.map((d) => ({ from: d[0]!.from, to: d[d.length - 1]!.to })), [neighbourDays]);
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

  // The grids drawn: the period shown and, once read ahead, its neighbours, drawn out of sight
  // (transparent, aria-hidden and inert: neither seen, reached by keyboard or pointer nor read out)
  // after the period shown is on screen (a deferred render). "Previous" or "Next" then shows a grid
  // already laid out and painted, in the click's own frame (only its opacity changes), and the
  // neighbours of the new period are drawn after it.
  const gridView = view !== 'month';
  const shownKey = `${view}|${from}`;
  const drawnNow = useMemo((): DrawnPeriod[] => {
    if (!gridView) return [];
    const around = neighbourDays.flatMap((d, i): DrawnPeriod[] => {
      const appointments = data.neighbourAppointments[i];
      return appointments ? [{ key: `${view}|${d[0]!.from}`, days: d, appointments }] : [];
    });
    return [...around, { key: shownKey, days, appointments: data.appointments }].sort(
      (a, b) => a.days[0]!.from - b.days[0]!.from,
    );
  }, [gridView, view, neighbourDays, data.neighbourAppointments, shownKey, days, data.appointments]);
  const drawnBefore = useDeferredValue(drawnNow);
  // In the click's frame the grids drawn before stay (the new period's among them, as it was drawn ahead);
  // the period shown always has its latest rows.
  const drawn = useMemo((): DrawnPeriod[] => {
    if (!gridView) return [];
    const shown = drawnNow.find((p) => p.key === shownKey)!;
    const kept = drawnBefore.filter((p) => p.key !== shownKey && p.key.startsWith(`${view}|`));
    return [...kept, shown].sort((a, b) => a.days[0]!.from - b.days[0]!.from);
  }, [gridView, view, drawnNow, drawnBefore, shownKey]);

  // The grid shown is the one that takes clicks and the keyboard; the grid that was shown stops taking
  // them. Done in the task after the new period is painted: making a whole grid inert or not restyles
  // every element in it (about 30 ms here), which would otherwise hold the new period's frame back.
  // Until then the grid left is out of sight (opacity), out of the accessibility tree (aria-hidden) and
  // under the grid shown.
  const [interactiveKey, setInteractiveKey] = useState(shownKey);
  useEffect(() => {
    let timer: number | undefined;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setInteractiveKey(shownKey), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [shownKey]);

  // Where the clinician has scrolled the grid shown to, as the time at its top: a switch keeps it (each
  // grid has its own axis, which starts earlier in a week with an early booking). A switch between day
  // and week opens the grid at the start of the working day instead (WeekGrid).
  const stack = useRef<HTMLDivElement>(null);
  const topMinute = useRef<{ view: View; minute: number } | null>(null);
  useLayoutEffect(() => {
    const scroller = stack.current?.querySelector<HTMLElement>('.week-slot[data-shown] .week-scroll');
    const top = topMinute.current;
    if (!scroller || !top || top.view !== view) return;
    scroller.scrollTop = Math.max(0, (top.minute - Number(scroller.dataset.firstMinute)) * PX_PER_MIN);
  }, [shownKey, view]);

  const step = (delta: number): void => setAnchor((a) => shift(view, a, delta, tz));
  const unit = view === 'month' ? 'month' : view;

  // The grids' handlers stay the same from render to render, so a grid drawn ahead is not drawn again.
  const onMove = useCallback(
    async (a: Appointment, start: number, end: number): Promise<void> => {
      try {
        await moveAppointment(appDeps(), a, { start, end });
        setMessage('');
        bump();
      } catch (e) {
        setMessage(messageOf(e));
      }
    },
    [bump],
  );

  const onSlot = useCallback(
    (dayFrom: number, minutes: number, lane: 'individual' | 'group' | 'other' | 'all'): void => {
      const date = dateField(dayFrom + 12 * 3_600_000, tz);
      const kind: AppointmentKind = lane === 'group' ? 'group' : lane === 'other' ? 'admin' : 'individual';
      const startText = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
      const endMinutes = Math.min(23 * 60 + 55, minutes + (kind === 'group' ? 90 : 50));
      setBooking({ kind, date, start: startText, end: `${pad(Math.floor(endMinutes / 60))}:${pad(endMinutes % 60)}` });
    },
    [tz],
  );
  const onOpen = useCallback((a: Appointment) => setOpenId(a.id), []);

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
        <div
          className="week-stack"
          ref={stack}
          onScrollCapture={(e) => {
            const scroller = e.target as HTMLElement;
            if (!scroller.classList.contains('week-scroll') || !scroller.closest('.week-slot[data-shown]')) return;
            topMinute.current = { view, minute: scroller.scrollTop / PX_PER_MIN + Number(scroller.dataset.firstMinute) };
          }}
        >
          {drawn.map((period) => {
            const shown = period.key === shownKey;
            return (
              <div
                key={period.key}
                className="week-slot"
                data-shown={shown ? '' : undefined}
                aria-hidden={shown ? undefined : true}
                inert={period.key !== interactiveKey}
              >
                <WeekGrid
                  days={period.days}
                  appointments={period.appointments}
                  names={names}
                  checks={checksForCached(period.appointments, settings, activeGroupIdsForClient, names)}
                  settings={settings}
                  layout={layout}
                  now={now}
                  activeGroupIdsForClient={activeGroupIdsForClient}
                  onSlot={onSlot}
                  onOpen={onOpen}
                  onMove={onMove}
                  busy={shown && data.loading}
                />
              </div>
            );
          })}
        </div>
      )}
      {booking && <BookingDialog open prefill={booking} names={names} onClose={() => setBooking(null)} />}
      <AppointmentDialog appointment={opened} names={names} onClose={() => setOpenId(null)} />
      {transfer === 'export' && <CalendarExportDialog open anchor={from} onClose={() => setTransfer(null)} />}
      {transfer === 'import' && <CalendarImportDialog open onClose={() => setTransfer(null)} />}
    </section>
  );
}
