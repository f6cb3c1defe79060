import { tz } from '@date-fns/tz';
import type { ChartConfiguration } from 'chart.js';
import { format } from 'date-fns';
import { useMemo } from 'react';
import { weeklyHoursText } from '../../../shared/balance/dashboard';
import type { WeekBreakdown } from '../../../shared/balance/dashboard';
import { otherHoursText, sessionsPerDayText, shareSummaryText } from '../../../shared/balance/summaries';
import type { WorkloadSummary } from '../../../shared/balance/workload';
import type { Settings } from '../../../shared/settings';
import { CHART_COLOURS, ChartCanvas } from './ChartCanvas';

const gridded = { grid: { color: CHART_COLOURS.grid }, border: { display: false } };

export function BalanceCharts({
  week,
  weeks,
  limits,
}: {
  week: WorkloadSummary;
  weeks: readonly WeekBreakdown[];
  limits: Settings['limits'];
}) {
  const zone = week.timeZone;

  const weekly = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: weeks.map((w) => format(w.summary.range.from, 'd MMM', { in: tz(zone) })),
        datasets: [
          {
            type: 'bar',
            label: 'Individual',
            data: weeks.map((w) => w.summary.hours.individual),
            backgroundColor: CHART_COLOURS.individual,
            stack: 'clinical',
          },
          {
            type: 'bar',
            label: 'Group',
            data: weeks.map((w) => w.summary.hours.group),
            backgroundColor: CHART_COLOURS.group,
            stack: 'clinical',
          },
          {
            type: 'line',
            label: 'Weekly limit',
            data: weeks.map(() => limits.maxClinicalHoursPerWeek),
            borderColor: CHART_COLOURS.over,
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Hours' }, ...gridded },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    }),
    [weeks, zone, limits.maxClinicalHoursPerWeek],
  );

  const perDay = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: week.days.map((d) => format(d.from, 'EEE', { in: tz(zone) })),
        datasets: [
          {
            type: 'bar',
            label: 'Sessions',
            data: week.days.map((d) => d.sessions),
            backgroundColor: week.days.map((d) => (d.overSessions || d.overHours ? CHART_COLOURS.over : CHART_COLOURS.accent)),
          },
          {
            type: 'line',
            label: 'Daily limit',
            data: week.days.map(() => limits.maxSessionsPerDay),
            borderColor: CHART_COLOURS.over,
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Sessions' }, ...gridded },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    }),
    [week, zone, limits.maxSessionsPerDay],
  );

  const byKind = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: ['Individual', 'Group', 'Admin and notes', 'Supervision', 'Self-care'],
        datasets: [
          {
            label: 'Hours',
            data: [week.hours.individual, week.hours.group, week.hours.admin, week.hours.supervision, week.hours['self-care']],
            backgroundColor: [
              CHART_COLOURS.individual,
              CHART_COLOURS.group,
              CHART_COLOURS.other,
              CHART_COLOURS.other,
              CHART_COLOURS.other,
            ],
          },
        ],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        scales: {
          x: { beginAtZero: true, title: { display: true, text: 'Hours' }, ...gridded },
          y: { grid: { display: false } },
        },
        plugins: { legend: { display: false } },
      },
    }),
    [week],
  );

  return (
    <div className="chart-grid">
      <ChartCanvas
        title="Clinical hours per week"
        summary={weeklyHoursText(weeks, zone, limits.maxClinicalHoursPerWeek)}
        config={weekly}
      />
      <ChartCanvas title="Sessions per day this week" summary={sessionsPerDayText(week)} config={perDay} />
      <ChartCanvas
        title="Where this week’s hours went"
        summary={`${shareSummaryText('This week', week)} ${otherHoursText(week)}`}
        config={byKind}
      />
    </div>
  );
}
