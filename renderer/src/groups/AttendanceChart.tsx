import { useEffect, useId, useRef } from 'react';
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
}: {
  points: readonly SessionAttendancePoint[];
  summary: string;
  label: (instant: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const summaryId = useId();
  const taken = points.filter((p) => p.rate !== null);
  // The chart is rebuilt only when what it shows changes, not on every render of the page.
  const series = JSON.stringify({
    labels: taken.map((p) => label(p.sessionAt)),
    attended: taken.map((p) => p.attended),
    absent: taken.map((p) => p.absent),
    excused: taken.map((p) => p.excused),
  });

  useEffect(() => {
    const data = JSON.parse(series) as { labels: string[]; attended: number[]; absent: number[]; excused: number[] };
    if (!canvas.current || data.labels.length === 0) return;
    const chart = new Chart(canvas.current, {
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
  }, [series]);

  if (taken.length === 0) return <p className="muted">{summary}</p>;
  return (
    <figure className="attendance-chart">
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-describedby={summaryId} aria-label="Attendance per session chart" />
      </div>
      <figcaption id={summaryId}>{summary}</figcaption>
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
