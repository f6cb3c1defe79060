import type { Appointment } from '../../../shared/records';
import { formatDay, zonedParts } from '../../../shared/scheduling';
import { laneOf } from './labels';

/** A month overview: each day with its counts per format; choosing a day opens it. */
export function MonthGrid({
  days,
  month,
  appointments,
  tz,
  now,
  onPickDay,
}: {
  days: { from: number; to: number }[];
  month: number;
  appointments: Appointment[];
  tz: string;
  now: number;
  onPickDay: (dayFrom: number) => void;
}) {
  const cell = (day: { from: number; to: number }) => {
    const inDay = appointments.filter((a) => a.start >= day.from && a.start < day.to && a.status !== 'cancelled');
    const count = (lane: 'individual' | 'group' | 'other') => inDay.filter((a) => laneOf(a.kind) === lane).length;
    const p = zonedParts(day.from + 12 * 3_600_000, tz);
    const summary = `${count('individual')} individual, ${count('group')} group, ${count('other')} other`;
    const classes = ['month-cell', p.month !== month ? 'outside' : '', now >= day.from && now < day.to ? 'today' : ''].join(' ');
    return (
      <div key={day.from} role="gridcell" className={classes}>
        <button
          type="button"
          className="month-day"
          aria-label={`${formatDay(day.from + 12 * 3_600_000, tz)}: ${summary}`}
          onClick={() => onPickDay(day.from)}
        >
          <span className="month-date">{p.day}</span>
          {/* The counts are drawn from attributes by CSS: the button's text is then the date alone, which its
              accessible name contains (voice control), and the name gives the counts in words. */}
          {inDay.length > 0 && (
            <span className="month-counts" aria-hidden="true">
              {count('individual') > 0 && <span className="dot kind-individual" data-count={count('individual')} />}
              {count('group') > 0 && <span className="dot kind-group" data-count={count('group')} />}
              {count('other') > 0 && <span className="dot kind-other" data-count={count('other')} />}
            </span>
          )}
        </button>
      </div>
    );
  };
  const weeks = Array.from({ length: Math.ceil(days.length / 7) }, (_, i) => days.slice(i * 7, i * 7 + 7));
  return (
    <div className="month-grid" role="grid" aria-label="Month overview">
      <div role="row" className="month-row">
        {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
          <div key={d} className="month-head" role="columnheader">
            {d}
          </div>
        ))}
      </div>
      {weeks.map((week) => (
        <div key={week[0]!.from} role="row" className="month-row">
          {week.map(cell)}
        </div>
      ))}
    </div>
  );
}
