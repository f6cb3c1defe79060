import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Appointment } from '../../../shared/records';
import type { Settings } from '../../../shared/settings';
import type { BookingCheck } from '../../../shared/scheduling';
import { AppointmentIndex, checkBooking, formatClock, formatDay, minutesOfDay, parseClockTime, zonedParts } from '../../../shared/scheduling';
import type { Names } from './describe';
import { eventLabel, whoFor } from './describe';
import { laneOf } from './labels';
import { placeInColumns } from './layout';
import { addDays } from './time-ui';
import { displayHourLabel, displayShortDay } from '../../../shared/locale/format';

const PX_PER_MIN = 0.9;
const SNAP = 15;
type Lane = 'individual' | 'group' | 'other' | 'all';

export interface PendingMove {
  id: string;
  start: number;
  end: number;
}

interface Props {
  days: { from: number; to: number }[];
  appointments: Appointment[];
  names: Names;
  checks: Map<string, BookingCheck>;
  settings: Settings;
  layout: 'split' | 'combined';
  now: number;
  activeGroupIdsForClient: (clientId: string, at: number) => string[];
  onSlot: (dayFrom: number, minutes: number, lane: Lane) => void;
  onOpen: (a: Appointment) => void;
  onMove: (a: Appointment, start: number, end: number, check: BookingCheck) => Promise<void>;
}

// "Mon 1 Jun" in the clinician's format; the formatters are kept per zone in shared/locale.
const shortDay = displayShortDay;

const LANES: Record<'split' | 'combined', { lane: Lane; label: string }[]> = {
  split: [
    { lane: 'individual', label: 'Individual' },
    { lane: 'group', label: 'Groups' },
    { lane: 'other', label: 'Other' },
  ],
  combined: [{ lane: 'all', label: 'All' }],
};

export function WeekGrid(props: Props) {
  const { days, appointments, names, checks, settings, layout, now, onSlot, onOpen, onMove } = props;
  const tz = settings.timeZone;
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const grid = useRef<HTMLDivElement>(null);
  const follow = useRef<string | null>(null);
  const drag = useRef<{ id: string; x: number; y: number; mode: 'move' | 'resize'; moved: boolean; width: number } | null>(null);

  // The axis covers working hours and stretches to whatever is booked outside them.
  const startMinutes = Math.min(
    parseClockTime(settings.workingHours.start) - 60,
    ...appointments.map((a) => minutesOfDay(a.start, tz)),
  );
  const endMinutes = Math.max(
    parseClockTime(settings.workingHours.end) + 60,
    ...appointments.map((a) => Math.min(24 * 60, minutesOfDay(a.start, tz) + (a.end - a.start) / 60_000)),
  );
  const firstHour = Math.max(0, Math.floor(startMinutes / 60));
  const lastHour = Math.min(24, Math.ceil(endMinutes / 60));
  const top = (minutes: number): number => (minutes - firstHour * 60) * PX_PER_MIN;
  const height = (lastHour - firstHour) * 60 * PX_PER_MIN;

  const shown = (a: Appointment): Appointment => (pending?.id === a.id ? { ...a, start: pending.start, end: pending.end } : a);

  const checkPending = (a: Appointment, start: number, end: number): BookingCheck => {
    const index = new AppointmentIndex(appointments.filter((x) => x.id !== a.id));
    return checkBooking(
      { ...a, start, end },
      {
        index,
        settings,
        activeGroupIdsForClient: props.activeGroupIdsForClient as never,
        clientName: (id) => names.clients.get(id)?.name,
        groupName: (id) => names.groups.get(id)?.name,
      },
    );
  };

  const propose = (a: Appointment, start: number, end: number): void => {
    if (end - start < SNAP * 60_000) return;
    setPending({ id: a.id, start, end });
    const check = checkPending(a, start, end);
    const verdict = check.hard.length
      ? `Conflict: ${check.hard.map((h) => h.message).join(' ')}`
      : check.soft.length
        ? `Warning: ${check.soft.map((s) => s.message).join(' ')}`
        : 'No conflicts.';
    const outOfView = start >= days[days.length - 1]!.to || start < days[0]!.from ? ' This is outside the days shown.' : '';
    setAnnouncement(
      `Proposed ${formatDay(start, tz)} ${formatClock(start, tz)} to ${formatClock(end, tz)}.${outOfView} ${verdict} Press Enter to save or Escape to cancel.`,
    );
  };

  const commit = async (a: Appointment): Promise<void> => {
    if (!pending) return;
    const check = checkPending(a, pending.start, pending.end);
    if (check.hard.length > 0) {
      setAnnouncement(`Not moved: ${check.hard.map((h) => h.message).join(' ')} Open the appointment to book it anyway with a reason.`);
      setPending(null);
      return;
    }
    await onMove(a, pending.start, pending.end, check);
    setAnnouncement(`Moved to ${formatDay(pending.start, tz)} ${formatClock(pending.start, tz)} to ${formatClock(pending.end, tz)}.`);
    setPending(null);
  };

  const onKey = (e: React.KeyboardEvent, a: Appointment): void => {
    // The focus follows this appointment from now on, wherever its button ends up.
    follow.current = a.id;
    const cur = shown(a);
    const step = SNAP * 60_000;
    switch (e.key) {
      case 'ArrowUp':
        e.preventDefault();
        if (e.shiftKey) propose(a, cur.start, cur.end - step);
        else propose(a, cur.start - step, cur.end - step);
        break;
      case 'ArrowDown':
        e.preventDefault();
        if (e.shiftKey) propose(a, cur.start, cur.end + step);
        else propose(a, cur.start + step, cur.end + step);
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        e.preventDefault();
        const delta = e.key === 'ArrowLeft' ? -1 : 1;
        propose(a, addDays(cur.start, delta, tz), addDays(cur.end, delta, tz));
        break;
      }
      case 'Enter':
      case ' ':
        e.preventDefault();
        if (pending?.id === a.id) void commit(a);
        else onOpen(a);
        break;
      case 'Escape':
        if (pending) {
          e.preventDefault();
          e.stopPropagation();
          setPending(null);
          setAnnouncement('Move cancelled.');
        }
        break;
    }
  };

  useEffect(() => {
    const onPointerMove = (e: PointerEvent): void => {
      const d = drag.current;
      if (!d) return;
      const a = appointments.find((x) => x.id === d.id);
      if (!a) return;
      const minutes = Math.round((e.clientY - d.y) / PX_PER_MIN / SNAP) * SNAP;
      const dayShift = d.mode === 'move' ? Math.round((e.clientX - d.x) / d.width) : 0;
      if (minutes === 0 && dayShift === 0) return;
      d.moved = true;
      if (d.mode === 'resize') propose(a, a.start, a.end + minutes * 60_000);
      else propose(a, addDays(a.start, dayShift, tz) + minutes * 60_000, addDays(a.end, dayShift, tz) + minutes * 60_000);
    };
    const onPointerUp = (): void => {
      const d = drag.current;
      drag.current = null;
      if (!d) return;
      const a = appointments.find((x) => x.id === d.id);
      if (a && d.moved) void commit(a);
      else if (a) onOpen(a);
    };
    window.addEventListener('pointermove', onPointerMove);
    window.addEventListener('pointerup', onPointerUp);
    return () => {
      window.removeEventListener('pointermove', onPointerMove);
      window.removeEventListener('pointerup', onPointerUp);
    };
  });

  const startDrag = (e: React.PointerEvent, a: Appointment, mode: 'move' | 'resize'): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const column = (e.currentTarget as HTMLElement).closest('.day-column') as HTMLElement | null;
    drag.current = { id: a.id, x: e.clientX, y: e.clientY, mode, moved: false, width: column?.offsetWidth ?? 140 };
  };

  // Buttons are reused by position, so the focus follows the appointment being moved by
  // keyboard to wherever its button now is (another slot, another day, and after saving, the
  // place it was saved to), until the clinician moves the focus to something else.
  useLayoutEffect(() => {
    const id = follow.current;
    if (!id || !grid.current) return;
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.dataset.appointment === id) return;
    if (focused && focused !== document.body && !grid.current.contains(focused)) return;
    const target = grid.current.querySelector<HTMLElement>(`[data-appointment="${CSS.escape(id)}"]`);
    // Moved off the days shown: the grid itself holds the focus (and takes the keys for the
    // move) rather than a button now showing another appointment.
    if (target) target.focus();
    else if (focused !== grid.current) grid.current.focus();
  });

  const byId = new Map(appointments.map((a) => [a.id, a]));
  const lanes = LANES[layout];
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);

  return (
    <div
      ref={grid}
      className="week-grid"
      style={{ ['--days' as string]: days.length }}
      tabIndex={-1}
      role="group"
      aria-label="Appointments"
      onFocus={(e) => {
        if (e.target === e.currentTarget) return;
        if (follow.current && (e.target as HTMLElement).dataset.appointment !== follow.current) follow.current = null;
      }}
      onBlur={(e) => {
        // The clinician took the focus elsewhere (a dialog, the toolbar): stop following.
        if (e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) follow.current = null;
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget || !pending) return;
        const a = byId.get(pending.id);
        if (a) onKey(e, a);
      }}
    >
      <p className="sr-only" role="status" aria-live="assertive">
        {announcement}
      </p>
      <div className="week-head">
        <div className="gutter" />
        {days.map((day, dayIndex) => {
          const inDay = appointments.filter((a) => a.start >= day.from && a.start < day.to && a.status !== 'cancelled');
          const count = (lane: 'individual' | 'group') => inDay.filter((a) => laneOf(a.kind) === lane).length;
          const isToday = now >= day.from && now < day.to;
          return (
            // Keyed by position: switching weeks then updates the columns in place rather than rebuilding them.
            <div key={dayIndex} className={isToday ? 'day-head today' : 'day-head'}>
              <span className="day-name">{shortDay(day.from + 12 * 3_600_000, tz)}</span>
              <span className="muted small" title={`${count('individual')} individual, ${count('group')} group`}>
                <span className="count-individual">{count('individual')} 1:1</span> · <span className="count-group">{count('group')} group</span>
              </span>
              {layout === 'split' && (
                <span className="lane-heads" aria-hidden="true">
                  {lanes.map((l) => (
                    <span key={l.lane} className={`lane-head lane-${l.lane}`}>
                      {l.lane === 'individual' ? '1:1' : l.lane === 'group' ? 'Group' : '·'}
                    </span>
                  ))}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <div className="week-body" style={{ height }}>
        <div className="gutter">
          {hours.map((h) => (
            <span key={h} className="hour-label" style={{ top: top(h * 60) }}>
              {displayHourLabel(h)}
            </span>
          ))}
        </div>
        {days.map((day, dayIndex) => {
          const weekday = zonedParts(day.from + 12 * 3_600_000, tz).weekday;
          const blocks = [
            ...settings.groupBlocks.map((b) => ({ ...b, kind: 'group' as const, label: 'Protected group time' })),
            ...settings.protectedBlocks.map((b) => ({ ...b, label: b.kind === 'supervision' ? 'Protected supervision' : 'Protected self-care' })),
          ].filter((b) => b.weekday === weekday);
          const isToday = now >= day.from && now < day.to;
          const dayLabel = formatDay(day.from + 12 * 3_600_000, tz);
          return (
            <div key={dayIndex} className="day-column" role="group" aria-label={dayLabel}>
              {hours.map((h) => (
                <div key={h} className="hour-line" style={{ top: top(h * 60) }} />
              ))}
              {blocks.map((b, i) => (
                <div
                  key={i}
                  className={b.kind === 'group' ? 'group-block' : 'group-block protected-block'}
                  title={`${b.label} ${b.start}–${b.end}`}
                  style={{ top: top(parseClockTime(b.start)), height: (parseClockTime(b.end) - parseClockTime(b.start)) * PX_PER_MIN }}
                >
                  <span>{b.label}</span>
                </div>
              ))}
              {isToday && <div className="today-line" style={{ top: top(minutesOfDay(now, tz)) }} aria-hidden="true" />}
              <div className="lanes">
                {lanes.map(({ lane, label }) => {
                  const items = appointments
                    .map(shown)
                    .filter((a) => a.start >= day.from && a.start < day.to && (lane === 'all' || laneOf(a.kind) === lane));
                  return (
                    <div
                      key={lane}
                      className={`lane lane-${lane}`}
                      aria-label={`${label} lane, ${dayLabel}`}
                      onClick={(e) => {
                        if (e.target !== e.currentTarget) return;
                        const y = e.clientY - (e.currentTarget as HTMLElement).getBoundingClientRect().top;
                        const minutes = Math.floor((y / PX_PER_MIN + firstHour * 60) / SNAP) * SNAP;
                        onSlot(day.from, minutes, lane);
                      }}
                    >
                      {placeInColumns(items).map(({ item: a, column, columns }, slot) => {
                        const check = checks.get(a.id);
                        const flag = check?.hard.length ? 'has-conflict' : check?.soft.length ? 'has-warning' : '';
                        const minutes = minutesOfDay(a.start, tz);
                        const original = byId.get(a.id)!;
                        return (
                          // Keyed by place in the lane: a week switch then reuses the buttons rather than
                          // rebuilding them. Focus follows the appointment being moved (see the effect above).
                          <button
                            key={slot}
                            data-appointment={a.id}
                            type="button"
                            className={`event kind-${a.kind} status-${a.status} ${flag} ${pending?.id === a.id ? 'pending' : ''}`}
                            style={{
                              top: top(minutes),
                              height: Math.max(18, ((a.end - a.start) / 60_000) * PX_PER_MIN - 2),
                              left: `${(column / columns) * 100}%`,
                              width: `${100 / columns}%`,
                            }}
                            aria-label={eventLabel(a, names, tz, check)}
                            title={[...(check?.hard ?? []), ...(check?.soft ?? [])].map((c) => c.message).join('\n') || undefined}
                            onKeyDown={(e) => onKey(e, original)}
                            onPointerDown={(e) => startDrag(e, original, 'move')}
                            onClick={(e) => e.preventDefault()}
                          >
                            <span className="event-time">
                              {formatClock(a.start, tz)}–{formatClock(a.end, tz)}
                            </span>
                            <span className="event-who">{whoFor(a, names) || (a.kind === 'self-care' ? 'Break' : '')}</span>
                            {flag && (
                              <span className={`event-flag ${flag}`} aria-hidden="true">
                                {check?.hard.length ? 'Conflict' : 'Warning'}
                              </span>
                            )}
                            <span className="resize-handle" aria-hidden="true" onPointerDown={(e) => startDrag(e, original, 'resize')} />
                          </button>
                        );
                      })}
                    </div>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
