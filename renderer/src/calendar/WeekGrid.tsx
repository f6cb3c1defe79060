import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Appointment } from '../../../shared/records';
import type { Settings } from '../../../shared/settings';
import type { BookingCheck } from '../../../shared/scheduling';
import {
  AppointmentIndex,
  checkBooking,
  formatClock,
  formatDay,
  minutesOfDay,
  parseClockTime,
  zonedParts,
} from '../../../shared/scheduling';
import type { Names } from './describe';
import { eventLabel, hoverText, visibleName } from './describe';
import { laneOf } from './labels';
import type { Span } from './layout';
import { SPLIT_LANES, placeInColumns, placeSplitDay } from './layout';
import { addDays } from './time-ui';
import { displayHourLabel, displayShortDay } from '../../../shared/locale/format';

/** Pixels a minute takes on the grid's axis. */
export const PX_PER_MIN = 0.9;
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
  onMove: (a: Appointment, start: number, end: number) => Promise<void>;
  /** The week's appointments are still being read (aria-busy, so assistive technology waits for them). */
  busy?: boolean;
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

const LANE_SHORT = { individual: '1:1', group: 'Group', other: 'Other' } as const;

/** A weekly block's length in minutes ("20:00–00:00" runs to midnight). */
const blockMinutes = (b: { start: string; end: string }): number => {
  const length = parseClockTime(b.end) - parseClockTime(b.start);
  return length > 0 ? length : length + 24 * 60;
};

type BadgeKind = 'conflict' | 'warning' | Exclude<Appointment['status'], 'scheduled'>;
const BADGE_TEXT: Record<BadgeKind, string> = {
  conflict: 'Conflict',
  warning: 'Warning',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'late-cancel': 'Late cancel',
  'no-show': 'No-show',
};

/** A small drawn icon (no font needed); its meaning is in the event's accessible name and hover text. */
function Badge({ kind }: { kind: BadgeKind }) {
  return (
    <svg
      className={`badge-icon badge-${kind}`}
      data-meaning={BADGE_TEXT[kind]}
      viewBox="0 0 12 12"
      width="12"
      height="12"
      focusable="false"
    >
      {kind === 'conflict' && (
        <>
          <circle cx="6" cy="6" r="6" />
          <path d="M5 2.5h2l-.4 4.5h-1.2zM6 8.2a1.1 1.1 0 1 1 0 2.2 1.1 1.1 0 0 1 0-2.2z" className="mark" />
        </>
      )}
      {kind === 'warning' && (
        <>
          <path d="M6 .5l5.8 11H.2z" />
          <path d="M5.2 4h1.6l-.3 4h-1zM6 8.8a.9.9 0 1 1 0 1.8.9.9 0 0 1 0-1.8z" className="mark" />
        </>
      )}
      {kind === 'completed' && (
        <>
          <circle cx="6" cy="6" r="6" />
          <path d="M3 6.2l2 2 4-4.2" className="stroke" />
        </>
      )}
      {(kind === 'cancelled' || kind === 'late-cancel' || kind === 'no-show') && (
        <>
          <circle cx="6" cy="6" r="6" />
          {kind === 'no-show' ? (
            <circle cx="6" cy="6" r="2.8" className="stroke" />
          ) : (
            <path d="M3.5 3.5l5 5M8.5 3.5l-5 5" className="stroke" />
          )}
        </>
      )}
    </svg>
  );
}

interface DayLayout {
  inDay: Appointment[];
  lanes: Partial<Record<Lane, Span>>;
  events: Partial<Record<Lane, (Span & { item: Appointment })[]>>;
}

/**
 * One period's grid (a week or a day). Memoised: the calendar draws the neighbouring periods ahead
 * out of sight (CalendarScreen), and one of them becoming the period shown changes none of its props.
 */
export const WeekGrid = memo(function WeekGrid(props: Props) {
  const { days, appointments, names, checks, settings, layout, now, onSlot, onOpen, onMove } = props;
  const tz = settings.timeZone;
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const grid = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const follow = useRef<string | null>(null);
  const drag = useRef<{ id: string; x: number; y: number; mode: 'move' | 'resize'; moved: boolean; width: number } | null>(null);

  // The axis covers working hours and kept time, and stretches to whatever is booked outside them.
  const kept = [...settings.groupBlocks, ...settings.protectedBlocks];
  const startMinutes = Math.min(
    parseClockTime(settings.workingHours.start) - 60,
    ...kept.map((b) => parseClockTime(b.start)),
    ...appointments.map((a) => minutesOfDay(a.start, tz)),
  );
  const endMinutes = Math.max(
    parseClockTime(settings.workingHours.end) + 60,
    ...kept.map((b) => parseClockTime(b.start) + blockMinutes(b)),
    ...appointments.map((a) => Math.min(24 * 60, minutesOfDay(a.start, tz) + (a.end - a.start) / 60_000)),
  );
  const firstHour = Math.max(0, Math.floor(startMinutes / 60));
  const lastHour = Math.min(24, Math.ceil(endMinutes / 60));
  const top = (minutes: number): number => (minutes - firstHour * 60) * PX_PER_MIN;
  const height = (lastHour - firstHour) * 60 * PX_PER_MIN;
  const nowShown = now >= days[0]!.from && now < days[days.length - 1]!.to;

  const shown = (a: Appointment): Appointment => (pending?.id === a.id ? { ...a, start: pending.start, end: pending.end } : a);

  const checkPending = (a: Appointment, start: number, end: number): BookingCheck => {
    const index = new AppointmentIndex(appointments.filter((x) => x.id !== a.id));
    return checkBooking(
      { ...a, start, end },
      {
        index,
        settings,
        activeGroupIdsForClient: props.activeGroupIdsForClient,
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
      setAnnouncement(
        `Not moved: ${check.hard.map((h) => h.message).join(' ')} Open the appointment to book it anyway with a reason.`,
      );
      setPending(null);
      return;
    }
    await onMove(a, pending.start, pending.end);
    setAnnouncement(
      `Moved to ${formatDay(pending.start, tz)} ${formatClock(pending.start, tz)} to ${formatClock(pending.end, tz)}.`,
    );
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

  // The grid opens (and a switch between day and week reopens it) scrolled to the start of the
  // working day, or to the first appointment shown if that is earlier, and again once the
  // appointments arrive; later week switches keep wherever the clinician has scrolled to.
  const empty = appointments.length === 0;
  const axisFrom = useRef(firstHour);
  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const shownStarts = appointments
      .filter((a) => a.start >= days[0]!.from && a.start < days[days.length - 1]!.to)
      .map((a) => minutesOfDay(a.start, tz));
    const target = Math.min(parseClockTime(settings.workingHours.start), ...shownStarts) - 30;
    box.scrollTop = Math.max(0, top(target));
    axisFrom.current = firstHour;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [days.length, empty]);

  // When the axis starts earlier or later (a week with an early booking), the same time stays at the top.
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && axisFrom.current !== firstHour) box.scrollTop += (axisFrom.current - firstHour) * 60 * PX_PER_MIN;
    axisFrom.current = firstHour;
  }, [firstHour]);

  // The focus follows the appointment being moved by keyboard to wherever its button now is:
  // another day's column (a new button), a new place in its lane (React moves one of the
  // buttons, which can drop the focus), and after saving, where it was saved to; until the
  // clinician moves the focus to something else. It runs when the move, the data or the days
  // shown change, the only times a button can come, go or move.
  useLayoutEffect(() => {
    const id = follow.current;
    if (!id || !grid.current) return;
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.dataset.appointment === id) return;
    if (focused && focused !== document.body && !grid.current.contains(focused)) return;
    const target = grid.current.querySelector<HTMLElement>(`[data-appointment="${CSS.escape(id)}"]`);
    // Moved off the days shown: the grid itself holds the focus (and takes the keys for the
    // move) until the appointment comes back or is saved.
    if (target) target.focus();
    else if (focused !== grid.current) grid.current.focus();
  }, [pending, appointments, days]);

  const byId = new Map(appointments.map((a) => [a.id, a]));
  const lanes = LANES[layout];
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);
  const shownAll = appointments.map(shown);

  // Each day's lanes and events, placed once and used by both the header and the body.
  const dayLayouts = days.map((day): DayLayout => {
    const inDay = shownAll.filter((a) => a.start >= day.from && a.start < day.to);
    if (layout === 'combined') {
      const full = { left: 0, width: 1 };
      return {
        inDay,
        lanes: { all: full },
        events: {
          all: placeInColumns(inDay).map(({ item, column, columns }) => ({ item, left: column / columns, width: 1 / columns })),
        },
      };
    }
    const byLane = { individual: [] as Appointment[], group: [] as Appointment[], other: [] as Appointment[] };
    for (const a of inDay) byLane[laneOf(a.kind)].push(a);
    return { inDay, ...placeSplitDay(byLane) };
  });

  return (
    <div
      ref={grid}
      className={`week-grid layout-${layout}`}
      style={{ ['--days' as string]: days.length }}
      tabIndex={-1}
      role="group"
      aria-label="Appointments"
      aria-busy={props.busy === true}
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
      <div className="week-scroll" ref={scroller} data-first-minute={firstHour * 60}>
        <div className="week-head">
          <div className="gutter" />
          {days.map((day, dayIndex) => {
            const { inDay, lanes: boxes } = dayLayouts[dayIndex]!;
            const count = (lane: 'individual' | 'group' | 'other') =>
              inDay.filter((a) => a.status !== 'cancelled' && laneOf(a.kind) === lane).length;
            const isToday = now >= day.from && now < day.to;
            return (
              // Keyed by position: switching weeks then updates the columns in place rather than rebuilding them.
              <div key={dayIndex} className={isToday ? 'day-head today' : 'day-head'}>
                <span className="day-name">{shortDay(day.from + 12 * 3_600_000, tz)}</span>
                <span
                  className="lane-heads"
                  title={`${count('individual')} individual, ${count('group')} group, ${count('other')} other`}
                >
                  {(layout === 'split' ? SPLIT_LANES : (['individual', 'group', 'other'] as const)).map((lane) => {
                    const n = count(lane);
                    const box = layout === 'split' ? boxes[lane]! : null;
                    // In the split layout a lane's head sits over its lane; a sliver of a lane shows its colour only.
                    const narrow = box !== null && box.width < 0.2;
                    return (
                      <span
                        key={lane}
                        className={`lane-head lane-${lane}${narrow ? ' narrow' : ''}${n === 0 ? ' empty' : ''}`}
                        style={box ? { width: `${box.width * 100}%` } : undefined}
                      >
                        {!narrow && (
                          <>
                            <span className="lane-name">{LANE_SHORT[lane]}</span>{' '}
                            {n > 0 && <span className="lane-count">{n}</span>}
                          </>
                        )}
                        {narrow && <span className="sr-only">{`${LANE_SHORT[lane]} ${n}`}</span>}
                      </span>
                    );
                  })}
                </span>
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
            {nowShown && (
              <span className="now-label" style={{ top: top(minutesOfDay(now, tz)) }}>
                {formatClock(now, tz)}
              </span>
            )}
          </div>
          {days.map((day, dayIndex) => {
            const weekday = zonedParts(day.from + 12 * 3_600_000, tz).weekday;
            const blocks = [
              ...settings.groupBlocks.map((b) => ({ ...b, kind: 'group' as const, label: 'Protected group time' })),
              ...settings.protectedBlocks.map((b) => ({
                ...b,
                label: b.kind === 'supervision' ? 'Protected supervision' : 'Protected self-care',
              })),
            ].filter((b) => b.weekday === weekday);
            const isToday = now >= day.from && now < day.to;
            const dayLabel = formatDay(day.from + 12 * 3_600_000, tz);
            const placed = dayLayouts[dayIndex]!;
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
                    style={{ top: top(parseClockTime(b.start)), height: blockMinutes(b) * PX_PER_MIN }}
                  >
                    <span>{b.label}</span>
                  </div>
                ))}
                {isToday && <div className="today-line" style={{ top: top(minutesOfDay(now, tz)) }} aria-hidden="true" />}
                {/* The lanes' backgrounds: a click on an empty slot books there (the New appointment button does the same by keyboard). */}
                <div className="lanes" aria-hidden="true">
                  {lanes.map(({ lane }) => (
                    <div
                      key={lane}
                      className={`lane lane-${lane}`}
                      style={{ width: `${placed.lanes[lane]!.width * 100}%` }}
                      onClick={(e) => {
                        const y = e.clientY - (e.currentTarget as HTMLElement).getBoundingClientRect().top;
                        const minutes = Math.floor((y / PX_PER_MIN + firstHour * 60) / SNAP) * SNAP;
                        onSlot(day.from, minutes, lane);
                      }}
                    />
                  ))}
                </div>
                {lanes.map(({ lane, label }) => (
                  <div key={lane} className="lane-events" role="group" aria-label={`${label} lane, ${dayLabel}`}>
                    {placed.events[lane]!.map(({ item: a, left, width }) => {
                      const check = checks.get(a.id);
                      const original = byId.get(a.id)!;
                      const who = visibleName(a, names);
                      const hard = check?.hard.length ?? 0;
                      const soft = check?.soft.length ?? 0;
                      const minutes = minutesOfDay(a.start, tz);
                      return (
                        // One button per appointment, so a button never turns into another appointment under
                        // the focus or a screen reader. Focus follows the one being moved (the effect above).
                        <button
                          key={a.id}
                          data-appointment={a.id}
                          type="button"
                          className={`event kind-${a.kind} lane-${laneOf(a.kind)} status-${a.status} ${hard ? 'has-conflict' : soft ? 'has-warning' : ''} ${pending?.id === a.id ? 'pending' : ''}`}
                          style={{
                            top: top(minutes),
                            height: Math.max(18, ((a.end - a.start) / 60_000) * PX_PER_MIN - 2),
                            left: `calc(${left * 100}% + 1px)`,
                            width: `calc(${width * 100}% - 3px)`,
                          }}
                          aria-label={eventLabel(a, names, tz, check)}
                          title={hoverText(a, names, tz, check)}
                          onKeyDown={(e) => onKey(e, original)}
                          onPointerDown={(e) => startDrag(e, original, 'move')}
                          onClick={(e) => e.preventDefault()}
                        >
                          {(hard > 0 || soft > 0 || a.status !== 'scheduled') && (
                            <span className="event-badges" aria-hidden="true">
                              {hard > 0 && <Badge kind="conflict" />}
                              {hard === 0 && soft > 0 && <Badge kind="warning" />}
                              {a.status !== 'scheduled' && <Badge kind={a.status} />}
                            </span>
                          )}
                          <span className="event-name" dir="auto">
                            {who}
                          </span>{' '}
                          {/* The time is drawn from the attribute by CSS, so the button's text is its name alone and
                              lies within its accessible name (which says the time as "10:00 to 10:50"): a voice
                              control user saying "click Jane Smith" reaches it. */}
                          <span
                            className="event-time"
                            aria-hidden="true"
                            data-time={`${formatClock(a.start, tz)}–${formatClock(a.end, tz)}`}
                          />
                          <span
                            className="resize-handle"
                            aria-hidden="true"
                            onPointerDown={(e) => startDrag(e, original, 'resize')}
                          />
                        </button>
                      );
                    })}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
