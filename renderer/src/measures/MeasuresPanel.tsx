/**
 * PHQ-9 and GAD-7 for one client: entry, a trend per questionnaire and the list of past scores.
 * Scores are a screening aid; the texts say so rather than present a number as a diagnosis.
 */
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import { localShortDate } from '../../../shared/balance/zone';
import { INSTRUMENTS, PHQ9_SELF_HARM_ITEM_INDEX } from '../../../shared/measures/instruments';
import { BANDS, clientTrend, scoreMeasure } from '../../../shared/measures/scoring';
import type { ClientTrend } from '../../../shared/measures/scoring';
import { MEASURE_KINDS } from '../../../shared/records';
import type { Measure, MeasureKind } from '../../../shared/records';
import { useSession } from '../app/session';
import { useRecords } from '../data/useRecords';
import { CHART_COLOURS, ChartCanvas } from '../balance/ChartCanvas';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { MeasureForm } from './MeasureForm';
import { ErrorAlert } from '../ui/ErrorAlert';
import { displayShortDate } from '../../../shared/locale/format';

/** Scores listed at first: years of monthly questionnaires are in the trend charts, and all of them a click away. */
const HISTORY_SHOWN = 10;

export function MeasuresPanel({ clientId }: { clientId: string }) {
  const { settings } = useSession();
  const zone = settings.timeZone;
  const { records, unreadable, loading, error } = useRecords<Measure>(
    (repos) => repos.measures.query((t) => t.where('clientId').equals(clientId)),
    [clientId],
  );
  const [entering, setEntering] = useState<MeasureKind | null>(null);
  const [everyScore, setEveryScore] = useState(false);
  const [status, setStatus] = useState('');

  const trends = useMemo(
    () => MEASURE_KINDS.map((kind) => clientTrend(records, kind, zone)).filter((trend) => trend.points.length > 0),
    [records, zone],
  );
  const history = useMemo(() => [...records].sort((a, b) => b.takenAt - a.takenAt || b.id.localeCompare(a.id)), [records]);
  const latestPhq = history.find((m) => m.kind === 'PHQ-9');
  const latestRisk = latestPhq && (latestPhq.items[PHQ9_SELF_HARM_ITEM_INDEX] ?? 0) > 0 ? latestPhq : undefined;

  return (
    <div className="measures">
      <div className="toolbar">
        {MEASURE_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={entering === kind}
            onClick={() => {
              setStatus('');
              setEntering(kind);
            }}
          >
            New {kind}
          </button>
        ))}
        <p role="status" className="muted">
          {status}
        </p>
      </div>
      {entering && (
        <MeasureForm
          key={entering}
          clientId={clientId}
          kind={entering}
          onDone={(message) => {
            setEntering(null);
            setStatus(message);
          }}
        />
      )}
      <ErrorAlert message={error} />
      <UnreadableNotice items={unreadable} kind="questionnaire" />
      {latestRisk && !entering && (
        <p className="warning">
          The latest PHQ-9 ({localShortDate(latestRisk.takenAt, zone)}) has question 9 answered above “Not at all”. Check that
          risk was asked about and recorded.
        </p>
      )}
      {!loading && records.length === 0 && !entering && (
        <p className="muted">No questionnaires recorded yet. Record a PHQ-9 (depression) or GAD-7 (anxiety) to start a trend.</p>
      )}
      {trends.length > 0 && (
        <div className="chart-grid two">
          {trends.map((trend) => (
            <TrendChart key={trend.kind} trend={trend} timeZone={zone} />
          ))}
        </div>
      )}
      {history.length > 0 && (
        <table className="table compact">
          <caption className="sr-only">Questionnaire scores, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Questionnaire</th>
              <th scope="col">Total</th>
              <th scope="col">Severity</th>
              <th scope="col">Question 9</th>
            </tr>
          </thead>
          <tbody>
            {(everyScore ? history : history.slice(0, HISTORY_SHOWN)).map((measure) => (
              <HistoryRow key={measure.id} measure={measure} timeZone={zone} />
            ))}
          </tbody>
        </table>
      )}
      {history.length > HISTORY_SHOWN && (
        <button type="button" onClick={() => setEveryScore((every) => !every)}>
          {everyScore ? `Show the newest ${HISTORY_SHOWN} scores only` : `Show all ${history.length} scores`}
        </button>
      )}
    </div>
  );
}

function HistoryRow({ measure, timeZone }: { measure: Measure; timeZone: string }) {
  let score: ReturnType<typeof scoreMeasure> | null = null;
  try {
    score = scoreMeasure(measure.kind, measure.items);
  } catch {
    score = null;
  }
  return (
    <tr>
      <td>{localShortDate(measure.takenAt, timeZone)}</td>
      <td>{measure.kind}</td>
      <td>{score ? `${score.total} of ${INSTRUMENTS[measure.kind].maxTotal}` : 'Incomplete'}</td>
      <td>{score ? <span className={`band band-${score.band}`}>{score.bandLabel}</span> : '—'}</td>
      <td>
        {measure.kind !== 'PHQ-9' ? (
          <span className="muted">Not asked</span>
        ) : score?.riskPrompt ? (
          <span className="badge danger">Answered above 0</span>
        ) : (
          <span className="muted">Not at all</span>
        )}
      </td>
    </tr>
  );
}

function TrendChart({ trend, timeZone }: { trend: ClientTrend; timeZone: string }) {
  const instrument = INSTRUMENTS[trend.kind];
  const config = useMemo<ChartConfiguration>(() => {
    const colour = trend.kind === 'PHQ-9' ? CHART_COLOURS.individual : CHART_COLOURS.group;
    // Band thresholds as gridlines, so a reader sees which band each point sits in.
    const thresholds = new Set(BANDS[trend.kind].map((row) => row.min).filter((min) => min > 0));
    return {
      type: 'line',
      data: {
        labels: trend.points.map((p) => displayShortDate(p.takenAt, timeZone)),
        datasets: [
          {
            label: `${trend.kind} total`,
            data: trend.points.map((p) => p.total),
            borderColor: colour,
            backgroundColor: colour,
            pointRadius: 4,
            tension: 0,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          y: {
            min: 0,
            max: instrument.maxTotal,
            ticks: { stepSize: 5 },
            grid: { color: (ctx) => (thresholds.has(ctx.tick.value) ? '#c9cdd1' : 'transparent') },
            title: { display: true, text: 'Total score' },
          },
          x: { grid: { display: false } },
        },
        plugins: { legend: { display: false } },
      },
    };
  }, [trend, timeZone, instrument.maxTotal]);
  return <ChartCanvas title={`${trend.kind} over time`} summary={trend.summary} config={config} />;
}
