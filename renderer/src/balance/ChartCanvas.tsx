/**
 * A chart.js canvas with its words beside it. chart.js draws on a canvas and only sets sizes
 * through the element's style object, which our CSP (style-src 'self') allows; it injects no
 * stylesheet. Only the controllers we use are registered, to keep the bundle small.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useId, useState } from 'react';
import { useSeen } from '../ui/useSeen';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
Chart.defaults.color = '#5d6b73';
// Motion adds nothing to a figure the clinician reads, and some people find it unsettling.
Chart.defaults.animation = false;

/** The palette of styles.css, so a bar and its legend swatch match the rest of the app. */
export const CHART_COLOURS = {
  individual: '#3c6e9f',
  group: '#7a5aa6',
  other: '#8a8f94',
  over: '#a23b2a',
  accent: '#2f6f73',
  grid: '#e6e8ea',
} as const;

/**
 * `config` must be stable between renders (useMemo): a new object rebuilds the chart. The
 * summary is shown under the chart and is what a screen reader announces for it.
 */
export function ChartCanvas({ title, summary, config }: { title: string; summary: string; config: ChartConfiguration }) {
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const summaryId = useId();
  // Drawn once on screen: a chart below the fold costs nothing while the page opens.
  const seen = useSeen(canvas);
  useEffect(() => {
    if (!seen || !canvas) return;
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  }, [config, seen, canvas]);
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-box">
        <canvas ref={setCanvas} role="img" aria-label={title} aria-describedby={summaryId} />
      </div>
      <p id={summaryId} className="chart-summary">
        {summary}
      </p>
    </figure>
  );
}
