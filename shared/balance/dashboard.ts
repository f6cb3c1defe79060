/**
 * The Balance dashboard's periods and per-week breakdown. The dashboard can be pointed at any
 * week ("Week of"), so a clinician can look back at a heavy month or ahead at a booked one, and
 * the figures never depend on the day the screen happens to be opened.
 */
import { TZDate } from '@date-fns/tz';
import type { Appointment } from '../records';
import type { GroupAgreementsDue, NextGroupSession } from './agreements-due';
import { formatHours, plural } from './format';
import { agreementsDueText } from './summaries';
import { thisWeekAndRollingFourWeeks, workloadSummary } from './workload';
import type { WorkloadSettings, WorkloadSummary } from './workload';
import { addLocalWeeks, localDateKey, localWeeksInRange, startOfLocalWeek } from './zone';
import type { TimeRange } from './zone';
import { displayDayMonth } from '../locale/format';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Noon of a local date such as 2026-03-23 (noon, so no clock change can move it to another day); null if not a real date. */
export function localDateToInstant(date: string, timeZone: string): number | null {
  const match = LOCAL_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const instant = new TZDate(year, month - 1, day, 12, 0, timeZone).getTime();
  // Rejects 2026-02-30 and the like, which Date would quietly roll into March.
  return localDateKey(instant, timeZone) === date ? instant : null;
}

export interface DashboardPeriods {
  /** Local date of the Monday that starts the chosen week. */
  weekOf: string;
  week: TimeRange;
  /** The chosen week and the three whole weeks before it. */
  fourWeeks: TimeRange;
}

/** The chosen week (any day in it) and the rolling four weeks that end with it. */
export function dashboardPeriods(anyDayInWeek: number, timeZone: string): DashboardPeriods {
  const { thisWeek, rollingFourWeeks } = thisWeekAndRollingFourWeeks(anyDayInWeek, timeZone);
  return {
    weekOf: localDateKey(startOfLocalWeek(anyDayInWeek, timeZone), timeZone),
    week: thisWeek,
    fourWeeks: rollingFourWeeks,
  };
}

export interface WeekBreakdown {
  weekOf: string;
  summary: WorkloadSummary;
}

/** One workload summary per Monday-to-Sunday week of the range, oldest first, for the weekly chart. */
export function weeklyBreakdown(
  appointments: readonly Appointment[],
  range: TimeRange,
  timeZone: string,
  settings: WorkloadSettings,
): WeekBreakdown[] {
  return localWeeksInRange(range, timeZone).map((weekStart) => {
    const week = { from: Math.max(weekStart, range.from), to: Math.min(addLocalWeeks(weekStart, 1, timeZone), range.to) };
    return { weekOf: localDateKey(weekStart, timeZone), summary: workloadSummary(appointments, week, timeZone, settings) };
  });
}

/**
 * Each group's next booked session at or after `now`. Only `scheduled` sessions count: a
 * cancelled meeting is not one members need to have signed for.
 */
export function nextGroupSessions(appointments: readonly Appointment[], now: number): NextGroupSession[] {
  const next = new Map<string, number>();
  for (const appointment of appointments) {
    if (appointment.kind !== 'group' || appointment.status !== 'scheduled' || appointment.groupId === undefined) continue;
    if (appointment.start < now) continue;
    const known = next.get(appointment.groupId);
    if (known === undefined || appointment.start < known) next.set(appointment.groupId, appointment.start);
  }
  return [...next]
    .map(([groupId, startsAt]) => ({ groupId, startsAt }))
    .sort((a, b) => a.startsAt - b.startsAt || a.groupId.localeCompare(b.groupId));
}

/** The weekly chart in words: "Clinical hours per week: week of 2 March, 10 hours individual and 4.5 hours group; …" */
export function weeklyHoursText(weeks: readonly WeekBreakdown[], timeZone: string, weeklyLimit: number): string {
  if (weeks.length === 0) return 'Clinical hours per week: no weeks in this period.';
  const describe = ({ summary }: WeekBreakdown) => {
    const over = summary.clinicalHours > weeklyLimit ? ', over your weekly limit' : '';
    return (
      `week of ${displayDayMonth(summary.range.from, timeZone)}, ${formatHours(summary.hours.individual)} individual ` +
      `and ${formatHours(summary.hours.group)} group${over}`
    );
  };
  return `Clinical hours per week (weekly limit ${formatHours(weeklyLimit)}): ${weeks.map(describe).join('; ')}.`;
}

/**
 * The agreements panel in words. A group with no agreement written has nothing to sign, which is
 * not the same as everyone having signed, so the two are reported separately.
 */
export function agreementsPanelText(
  rows: readonly GroupAgreementsDue[],
  groupLabels: Readonly<Record<string, string>>,
  timeZone: string,
): string {
  if (rows.length === 0) return 'No group sessions are booked ahead.';
  const withAgreement = rows.filter((row) => row.currentVersion !== null);
  const without = rows.length - withAgreement.length;
  const missing =
    without === 0 ? '' : `${plural(without, 'group')} booked ahead ${without === 1 ? 'has' : 'have'} no agreement written yet.`;
  if (withAgreement.length === 0) return missing;
  return [agreementsDueText(withAgreement, groupLabels, timeZone), missing].filter(Boolean).join(' ');
}
