import { useEffect, useId, useState } from 'react';
import { subMonths } from 'date-fns';
import { useSeen } from '../ui/useSeen';
import { RECENT_MONTHS } from './useStagedAttendance';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { SessionAttendancePoint } from '../../../shared/groups/attendance';

// Registering only what the chart uses keeps chart.js's bundle small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Attendance per session as stacked bars. The canvas is an image to assistive technology,
 * named by the text summary, which is also shown to everyone; the table has every number.
 */
export function AttendanceChart({
  points,
  summary,
  label,
  complete = true,
}: {
  points: readonly SessionAttendancePoint[];
  summary: string;
  label: (instant: number) => string;
  /** Whether every session's marks are in `points` (the last year's come first). */
  complete?: boolean;
}) {
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const summaryId = useId();
  const periodId = useId();
  const [every, setEvery] = useState(false);
  const recorded = points.filter((p) => p.rate !== null);
  // Ten years of a weekly group is five hundred bars, which no one can read: the chart and its
  // table show the twelve months up to the latest session with attendance, unless every session is asked for.
  const latest = recorded[recorded.length - 1];
  const since = latest === undefined ? 0 : subMonths(latest.sessionAt, RECENT_MONTHS).getTime();
  const recent = recorded.filter((p) => p.sessionAt > since);
  const taken = every && complete ? recorded : recent;
  // The chart is rebuilt only when what it shows changes, not on every render of the page.
  const series = JSON.stringify({
    labels: taken.map((p) => label(p.sessionAt)),
    attended: taken.map((p) => p.attended),
    absent: taken.map((p) => p.absent),
    excused: taken.map((p) => p.excused),
  });

  // Drawn once on screen (it sits under the register).
  const seen = useSeen(canvas);
  useEffect(() => {
    const data = JSON.parse(series) as { labels: string[]; attended: number[]; absent: number[]; excused: number[] };
    if (!seen || !canvas || data.labels.length === 0) return;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'Attended', data: data.attended, backgroundColor: '#2f6f73', stack: 'all', maxBarThickness: 56 },
          { label: 'Absent', data: data.absent, backgroundColor: '#c97b63', stack: 'all', maxBarThickness: 56 },
          { label: 'Excused', data: data.excused, backgroundColor: '#b8c2c6', stack: 'all', maxBarThickness: 56 },
        ],
      },
      options: {
        // Movement adds nothing here and bothers people who are sensitive to motion.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'People' } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [series, seen, canvas]);

  if (recorded.length === 0) return <p className="muted">{summary}</p>;
  return (
    <figure className="attendance-chart">
      <div className="chart-box">
        <canvas ref={setCanvas} role="img" aria-describedby={summaryId} aria-label="Attendance per session chart" />
      </div>
      <figcaption id={summaryId}>{summary}</figcaption>
      {(recent.length < recorded.length || !complete) && (
        <label className="chart-period" htmlFor={periodId}>
          Sessions shown{' '}
          <select id={periodId} value={every && complete ? 'all' : 'recent'} onChange={(e) => setEvery(e.target.value === 'all')}>
            <option value="recent">
              {complete
                ? `The last ${RECENT_MONTHS} months (${recent.length} of ${recorded.length})`
                : `The last ${RECENT_MONTHS} months (${recent.length})`}
            </option>
            <option value="all" disabled={!complete}>
              {complete ? `Every session (${recorded.length})` : 'Every session (counting…)'}
            </option>
          </select>
        </label>
      )}
      <details>
        <summary>Attendance per session as a table</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Attended</th>
              <th scope="col">Of whom guests</th>
              <th scope="col">Absent</th>
              <th scope="col">Excused</th>
            </tr>
          </thead>
          <tbody>
            {taken.map((p) => (
              <tr key={p.appointmentId}>
                <td>{label(p.sessionAt)}</td>
                <td>{p.attended}</td>
                <td>{p.guests}</td>
                <td>{p.absent}</td>
                <td>{p.excused}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
