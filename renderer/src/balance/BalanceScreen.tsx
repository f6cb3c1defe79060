/**
 * Balance: where the clinician's time went this week and over four weeks, whether individual and
 * group work are in the proportion they chose, and what is waiting (notes, agreements). Every
 * figure comes from the pure functions in shared/balance, and every chart has its words beside it.
 */
import { useMemo, useState } from 'react';
import { dashboardPeriods, localDateToInstant, weeklyBreakdown } from '../../../shared/balance/dashboard';
import { formatHours, formatPercent, plural } from '../../../shared/balance/format';
import { attendanceText, limitsText } from '../../../shared/balance/summaries';
import { workloadSummary } from '../../../shared/balance/workload';
import type { WorkloadSummary } from '../../../shared/balance/workload';
import { localDateKey, localLongDate } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { BalanceCharts } from './BalanceCharts';
import { NowPanel } from './NowPanel';
import { loadBalance } from './loadBalance';
import type { BalanceData } from './loadBalance';
import { useLoad } from '../data/useRecords';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField } from '../ui/DateTimeFields';

export function BalanceScreen() {
  const { settings } = useSession();
  const zone = settings.timeZone;
  const [weekOf, setWeekOf] = useState(() => localDateKey(Date.now(), zone));
  const [dateError, setDateError] = useState('');
  const periods = useMemo(() => dashboardPeriods(localDateToInstant(weekOf, zone) ?? Date.now(), zone), [weekOf, zone]);
  const { data, loading, error } = useLoad((repos) => loadBalance(repos, periods, Date.now(), zone), [periods, zone]);

  const chooseWeek = (value: string): void => {
    if (localDateToInstant(value, zone) === null) {
      setDateError('Choose a date, such as 23/03/2026.');
      return;
    }
    setDateError('');
    setWeekOf(value);
  };

  return (
    <section aria-labelledby="balance-title" className="view balance">
      <header className="view-header">
        <h1 id="balance-title">Balance</h1>
        <p className="muted">Your clinical hours, the mix of individual and group work, and what is waiting for you.</p>
      </header>
      <div className="toolbar">
        <DateField
          label="Week of"
          className="week-picker"
          value={weekOf}
          onChange={(v) => {
            if (v) chooseWeek(v);
          }}
          inputProps={{ 'aria-describedby': 'week-of-hint' }}
        />
        <button type="button" onClick={() => chooseWeek(localDateKey(Date.now(), zone))}>
          This week
        </button>
        <p id="week-of-hint" className="muted week-hint">
          {dateError || `Showing the week of ${localLongDate(periods.week.from, zone)} and the four weeks to its Sunday.`}
        </p>
      </div>
      <ErrorAlert message={error} />
      {loading && !data && <p className="muted">Adding up your diary…</p>}
      {data && <Dashboard data={data} periods={periods} />}
    </section>
  );
}

function Dashboard({ data, periods }: { data: BalanceData; periods: ReturnType<typeof dashboardPeriods> }) {
  const { settings } = useSession();
  const zone = settings.timeZone;
  const week = useMemo(
    () => workloadSummary(data.periodAppointments, periods.week, zone, settings),
    [data, periods, zone, settings],
  );
  const fourWeeks = useMemo(
    () => workloadSummary(data.periodAppointments, periods.fourWeeks, zone, settings),
    [data, periods, zone, settings],
  );
  const weeks = useMemo(
    () => weeklyBreakdown(data.periodAppointments, periods.fourWeeks, zone, settings),
    [data, periods, zone, settings],
  );
  const lastDay = localLongDate(periods.fourWeeks.to - 1, zone);
  return (
    <>
      <UnreadableNotice items={data.unreadable} kind="record" />
      <div className="period-grid">
        <PeriodCard id="balance-week" title={`Week beginning ${localLongDate(periods.week.from, zone)}`} summary={week} />
        <PeriodCard id="balance-four-weeks" title={`Four weeks to ${lastDay}`} summary={fourWeeks} />
      </div>
      <BalanceCharts week={week} weeks={weeks} limits={settings.limits} />
      <NowPanel data={data} />
    </>
  );
}

function Stat({ label, value, detail, tone }: { label: string; value: string; detail?: string; tone?: 'warn' | 'ok' }) {
  return (
    <div className={tone ? `balance-stat ${tone}` : 'balance-stat'}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {detail && <span className="stat-detail">{detail}</span>}
      </dd>
    </div>
  );
}

const rate = (value: number | null): string => (value === null ? 'No data' : formatPercent(value));

function PeriodCard({ id, title, summary }: { id: string; title: string; summary: WorkloadSummary }) {
  const share = summary.individualShare;
  const shareTone = summary.shareStatus === 'on-target' ? 'ok' : summary.shareStatus === 'no-clinical-hours' ? undefined : 'warn';
  const limits = limitsText(summary);
  const overLimits = summary.daysOverLimit.length + summary.weeksOverLimit.length + summary.skippedBreaks.length > 0;
  return (
    <section className="panel period" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <dl className="balance-stats">
        <Stat label="Individual" value={formatHours(summary.hours.individual)} />
        <Stat label="Group" value={formatHours(summary.hours.group)} />
        <Stat label="Clinical total" value={formatHours(summary.clinicalHours)} />
        <Stat
          label="Individual share"
          value={share === null ? 'No data' : formatPercent(share)}
          detail={`target ${formatPercent(summary.targetIndividualShare)}`}
          tone={shareTone}
        />
        <Stat label="Admin and notes" value={formatHours(summary.hours.admin)} />
        <Stat label="Supervision" value={formatHours(summary.hours.supervision)} />
        <Stat label="Self-care" value={formatHours(summary.hours['self-care'])} />
        <Stat
          label="No-shows"
          value={rate(summary.attendance.noShowRate)}
          detail={summary.attendance.due > 0 ? plural(summary.attendance.noShows, 'session') : undefined}
        />
        <Stat
          label="Late cancellations"
          value={rate(summary.attendance.lateCancelRate)}
          detail={summary.attendance.due > 0 ? plural(summary.attendance.lateCancels, 'session') : undefined}
        />
      </dl>
      <p className={`verdict ${shareTone ?? ''}`}>{summary.shareVerdict}</p>
      <p className={overLimits ? 'verdict warn' : 'verdict ok'}>{limits}</p>
      <p className="muted small">{attendanceText(summary)}</p>
    </section>
  );
}
