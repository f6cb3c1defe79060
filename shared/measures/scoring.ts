/**
 * Scoring, trends and the anonymous group aggregate for PHQ-9 and GAD-7.
 *
 * Bands are the published cut-offs (Kroenke, Spitzer & Williams 2001 for PHQ-9; Spitzer et al.
 * 2006 for GAD-7). A score is a screening aid, not a diagnosis, and item 9 of the PHQ-9 is a
 * prompt to ask about risk, not a risk assessment: the texts here say so.
 */
import type { Measure, MeasureKind, Membership } from '../records';
import { UserFacingError } from '../result';
import { defaultSettings } from '../settings';
import { INSTRUMENTS, PHQ9_SELF_HARM_ITEM_INDEX, RESPONSE_OPTIONS } from './instruments';
import { displayDate } from '../locale/format';

export type SeverityBand = 'minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';

export interface BandRow {
  /** Lowest total in the band; the band runs up to the next row's minimum − 1. */
  min: number;
  band: SeverityBand;
  label: string;
}

export const BANDS: Readonly<Record<MeasureKind, readonly BandRow[]>> = {
  'PHQ-9': [
    { min: 0, band: 'minimal', label: 'Minimal' },
    { min: 5, band: 'mild', label: 'Mild' },
    { min: 10, band: 'moderate', label: 'Moderate' },
    { min: 15, band: 'moderately-severe', label: 'Moderately severe' },
    { min: 20, band: 'severe', label: 'Severe' },
  ],
  'GAD-7': [
    { min: 0, band: 'minimal', label: 'Minimal' },
    { min: 5, band: 'mild', label: 'Mild' },
    { min: 10, band: 'moderate', label: 'Moderate' },
    { min: 15, band: 'severe', label: 'Severe' },
  ],
};

export interface MeasureScore {
  kind: MeasureKind;
  total: number;
  band: SeverityBand;
  bandLabel: string;
  /** True when PHQ-9 item 9 (thoughts of death or self-harm) was answered above "Not at all". */
  riskPrompt: boolean;
  /** What to show the clinician when `riskPrompt` is true; null otherwise. */
  riskPromptText: string | null;
}

export function bandFor(kind: MeasureKind, total: number): BandRow {
  const rows = BANDS[kind];
  let found = rows[0]!;
  for (const row of rows) if (total >= row.min) found = row;
  return found;
}

/** Throws a clinician-readable error (code INVALID_INPUT) when the answers cannot be scored. */
export function validateItems(kind: MeasureKind, items: readonly unknown[]): number[] {
  const instrument = INSTRUMENTS[kind];
  if (!instrument) throw new UserFacingError('INVALID_INPUT', `"${String(kind)}" is not a questionnaire Holdspace can score.`);
  const expected = instrument.items.length;
  if (!Array.isArray(items) || items.length !== expected) {
    const got = Array.isArray(items) ? items.length : 0;
    throw new UserFacingError(
      'INVALID_INPUT',
      `The ${kind} has ${expected} questions, but ${got} ${got === 1 ? 'answer was' : 'answers were'} given.`,
    );
  }
  return items.map((answer, index) => {
    if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 0 || answer > 3) {
      throw new UserFacingError(
        'INVALID_INPUT',
        `Question ${index + 1} of the ${kind} needs an answer from 0 (Not at all) to 3 (Nearly every day); it was ${String(answer)}.`,
      );
    }
    return answer;
  });
}

function riskPromptText(answer: number): string {
  const label = RESPONSE_OPTIONS[answer]?.label ?? String(answer);
  return (
    `PHQ-9 question 9 (thoughts of being better off dead or of hurting themselves) was answered “${label}”. ` +
    'Ask about this today and follow your risk assessment procedure. The PHQ-9 alone is not a risk assessment.'
  );
}

export function scoreMeasure(kind: MeasureKind, items: readonly number[]): MeasureScore {
  const answers = validateItems(kind, items);
  const total = answers.reduce((sum, answer) => sum + answer, 0);
  const row = bandFor(kind, total);
  const selfHarm = kind === 'PHQ-9' ? (answers[PHQ9_SELF_HARM_ITEM_INDEX] ?? 0) : 0;
  return {
    kind,
    total,
    band: row.band,
    bandLabel: row.label,
    riskPrompt: selfHarm > 0,
    riskPromptText: selfHarm > 0 ? riskPromptText(selfHarm) : null,
  };
}

/** Scores a stored measure, or null when its answers cannot be scored (e.g. an incomplete record). */
function tryScore(measure: Measure): MeasureScore | null {
  try {
    return scoreMeasure(measure.kind, measure.items);
  } catch {
    return null;
  }
}

function byTakenAt(a: Measure, b: Measure): number {
  return a.takenAt - b.takenAt || a.id.localeCompare(b.id);
}

export interface TrendPoint {
  measureId: string;
  takenAt: number;
  total: number;
  band: SeverityBand;
  bandLabel: string;
}

export interface ClientTrend {
  kind: MeasureKind;
  /** Oldest first, ready for a line chart. */
  points: TrendPoint[];
  /** Latest total − first total; negative means fewer symptoms. Null with fewer than two points. */
  changeSinceFirst: number | null;
  /** Records of this kind whose answers could not be scored and were left out. */
  skipped: number;
  /** The chart in words, for screen readers. */
  summary: string;
}

function changeWords(change: number): string {
  if (change === 0) return 'no change';
  const points = Math.abs(change) === 1 ? 'point' : 'points';
  return `${change < 0 ? 'down' : 'up'} ${Math.abs(change)} ${points}`;
}

/**
 * One client's scores on one questionnaire over time. The dates in the summary are read in
 * `timeZone` (default: the app's default zone).
 */
export function clientTrend(measures: readonly Measure[], kind: MeasureKind, timeZone = defaultSettings().timeZone): ClientTrend {
  const ofKind = measures.filter((measure) => measure.kind === kind);
  // Mixing two clients' scores in one chart would show one client's data on another's record.
  if (new Set(ofKind.map((measure) => measure.clientId)).size > 1) {
    throw new UserFacingError('INVALID_INPUT', 'A trend can only show one client’s scores.');
  }
  const points: TrendPoint[] = [];
  let skipped = 0;
  for (const measure of [...ofKind].sort(byTakenAt)) {
    const score = tryScore(measure);
    if (!score) {
      skipped += 1;
      continue;
    }
    points.push({
      measureId: measure.id,
      takenAt: measure.takenAt,
      total: score.total,
      band: score.band,
      bandLabel: score.bandLabel,
    });
  }
  const first = points[0];
  const latest = points[points.length - 1];
  const changeSinceFirst = first && latest && points.length >= 2 ? latest.total - first.total : null;

  const day = (instant: number) => displayDate(instant, timeZone);
  const subject = `${kind} (${INSTRUMENTS[kind].measures.toLowerCase()}, lower is better)`;
  let summary: string;
  if (!first || !latest) summary = `No ${kind} scores recorded yet.`;
  else if (points.length === 1)
    summary = `${subject}: one score, ${first.total} (${first.bandLabel.toLowerCase()}), on ${day(first.takenAt)}.`;
  else {
    summary =
      `${subject}: ${points.length} scores from ${day(first.takenAt)} to ${day(latest.takenAt)}. ` +
      `First ${first.total} (${first.bandLabel.toLowerCase()}), latest ${latest.total} (${latest.bandLabel.toLowerCase()}): ` +
      `${changeWords(changeSinceFirst ?? 0)}.`;
  }
  if (skipped > 0) summary += ` ${skipped} incomplete ${skipped === 1 ? 'record was' : 'records were'} left out.`;
  return { kind, points, changeSinceFirst, skipped, summary };
}

/** Fewer contributors than this and a mean could single someone out, so it is not shown. */
export const MIN_GROUP_CONTRIBUTORS = 3;

export interface GroupAggregate {
  groupId: string;
  kind: MeasureKind;
  /** Members with at least two scores since joining. */
  contributors: number;
  /** Mean of (latest − first score on or after joining), to one decimal place. Negative is improvement. */
  meanChange: number;
  summary: string;
}

export type GroupAggregateResult = { aggregate: GroupAggregate; reason: null } | { aggregate: null; reason: string };

export type MeasuresByClient = ReadonlyMap<string, readonly Measure[]> | Readonly<Record<string, readonly Measure[]>>;

function measuresOf(measuresByClient: MeasuresByClient, clientId: string): readonly Measure[] {
  if (measuresByClient instanceof Map) return measuresByClient.get(clientId) ?? [];
  return (measuresByClient as Readonly<Record<string, readonly Measure[]>>)[clientId] ?? [];
}

/**
 * How a group's members have changed since joining, with nothing about any one member. Members
 * and former members both count (a member's progress is part of the group's story after they
 * leave), each using only scores taken while they were in the group; a client who rejoined is
 * counted once, from their latest joining. Waitlisted clients and memberships without a join
 * date are left out. The mean is rounded to one decimal place so it is not an exact sum.
 */
export function groupAggregate(
  measuresByClient: MeasuresByClient,
  memberships: readonly Membership[],
  groupId: string,
  kind: MeasureKind,
): GroupAggregateResult {
  const latestMembership = new Map<string, Membership>();
  for (const membership of memberships) {
    if (membership.groupId !== groupId || membership.status === 'waitlisted' || membership.joinedAt === undefined) continue;
    const known = latestMembership.get(membership.clientId);
    if (!known || (known.joinedAt ?? 0) < membership.joinedAt) latestMembership.set(membership.clientId, membership);
  }

  const changes: number[] = [];
  for (const [clientId, membership] of latestMembership) {
    const joinedAt = membership.joinedAt ?? 0;
    const leftAt = membership.status === 'left' ? (membership.leftAt ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
    const totals = measuresOf(measuresByClient, clientId)
      .filter((m) => m.clientId === clientId && m.kind === kind && m.takenAt >= joinedAt && m.takenAt < leftAt)
      .sort(byTakenAt)
      .map(tryScore)
      .filter((score): score is MeasureScore => score !== null)
      .map((score) => score.total);
    if (totals.length >= 2) changes.push(totals[totals.length - 1]! - totals[0]!);
  }

  if (changes.length < MIN_GROUP_CONTRIBUTORS) {
    return {
      aggregate: null,
      reason:
        `Fewer than ${MIN_GROUP_CONTRIBUTORS} members have two or more ${kind} scores since joining, ` +
        'so the group figure is hidden to protect their privacy.',
    };
  }
  const meanChange = Math.round((changes.reduce((sum, change) => sum + change, 0) / changes.length) * 10) / 10 || 0;
  const direction =
    meanChange === 0
      ? 'no change on average'
      : `${meanChange < 0 ? 'down' : 'up'} ${Math.abs(meanChange)} ${Math.abs(meanChange) === 1 ? 'point' : 'points'} on average`;
  return {
    aggregate: {
      groupId,
      kind,
      contributors: changes.length,
      meanChange,
      summary: `${kind} across ${changes.length} members with two or more scores since joining: ${direction} (lower is better).`,
    },
    reason: null,
  };
}
