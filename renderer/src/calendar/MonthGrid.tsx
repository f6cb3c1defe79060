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
  return (
    <div className="month-grid" role="grid" aria-label="Month overview">
      {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
        <div key={d} className="month-head" role="columnheader">
          {d}
        </div>
      ))}
      {days.map((day) => {
        const inDay = appointments.filter((a) => a.start >= day.from && a.start < day.to && a.status !== 'cancelled');
        const count = (lane: 'individual' | 'group' | 'other') => inDay.filter((a) => laneOf(a.kind) === lane).length;
        const p = zonedParts(day.from + 12 * 3_600_000, tz);
        const summary = `${count('individual')} individual, ${count('group')} group, ${count('other')} other`;
        const classes = ['month-cell', p.month !== month ? 'outside' : '', now >= day.from && now < day.to ? 'today' : ''].join(' ');
        return (
          <div key={day.from} role="gridcell" className={classes}>
            <button type="button" className="month-day" aria-label={`${formatDay(day.from + 12 * 3_600_000, tz)}: ${summary}`} onClick={() => onPickDay(day.from)}>
              <span className="month-date">{p.day}</span>
              {inDay.length > 0 && (
                <span className="month-counts" aria-hidden="true">
                  {count('individual') > 0 && <span className="dot kind-individual">{count('individual')}</span>}
                  {count('group') > 0 && <span className="dot kind-group">{count('group')}</span>}
                  {count('other') > 0 && <span className="dot kind-other">{count('other')}</span>}
                </span>
              )}
            </button>
          </div>
        );
      })}
    </div>
  );
}
