/**
 * Charts in words, for screen readers (and anyone who prefers a sentence to a bar). Each function
 * says what its chart shows in the order a sighted reader would take it in: the headline, then
 * what needs attention. Texts carry counts and hours only, never names.
 */
import type { GroupAgreementsDue } from './agreements-due';
import type { Caseload } from './caseload';
import { formatHours, formatPercent, plural } from './format';
import type { DayLoad, WorkloadSummary } from './workload';
import { localLongDate, localTime } from './zone';

/** "This week: 18 hours individual, 6 hours group; individual share 75%, target 60%." */
export function shareSummaryText(label: string, summary: WorkloadSummary): string {
  const share =
    summary.individualShare === null ? 'no clinical hours yet' : `individual share ${formatPercent(summary.individualShare)}`;
  return (
    `${label}: ${formatHours(summary.hours.individual)} individual, ${formatHours(summary.hours.group)} group; ` +
    `${share}, target ${formatPercent(summary.targetIndividualShare)}.`
  );
}

/** "Other time: 3 hours admin and note writing, 1 hour supervision, 2 hours self-care." */
export function otherHoursText(summary: WorkloadSummary): string {
  return (
    `Other time: ${formatHours(summary.hours.admin)} admin and note writing, ` +
    `${formatHours(summary.hours.supervision)} supervision, ${formatHours(summary.hours['self-care'])} self-care.`
  );
}

/** "Sessions per day: Monday 23 March 2026, 4; Tuesday 24 March 2026, 8 (more sessions than your daily limit); …" */
export function sessionsPerDayText(summary: WorkloadSummary): string {
  if (summary.days.length === 0) return 'Sessions per day: no days in this period.';
  const describe = (day: DayLoad) => {
    const flags = [
      day.overSessions ? 'more sessions than your daily limit' : '',
      day.overHours ? 'more hours than your daily limit' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `${localLongDate(day.from, summary.timeZone)}, ${day.sessions}${flags ? ` (${flags})` : ''}`;
  };
  return `Sessions per day: ${summary.days.map(describe).join('; ')}.`;
}

/** What ran past the clinician's own limits, or that nothing did. */
export function limitsText(summary: WorkloadSummary): string {
  const parts: string[] = [];
  if (summary.daysOverLimit.length > 0) parts.push(`${plural(summary.daysOverLimit.length, 'day')} over your daily limit`);
  if (summary.weeksOverLimit.length > 0) parts.push(`${plural(summary.weeksOverLimit.length, 'week')} over your weekly limit`);
  if (summary.skippedBreaks.length > 0) parts.push(`${plural(summary.skippedBreaks.length, 'skipped break')}`);
  return parts.length === 0 ? 'Within your limits, with your planned breaks.' : `Needs attention: ${parts.join(', ')}.`;
}

/** "Of 20 sessions due, 2 were no-shows (10%) and 1 was cancelled late (5%)." */
export function attendanceText(summary: WorkloadSummary): string {
  const { due, noShows, lateCancels, noShowRate, lateCancelRate } = summary.attendance;
  if (due === 0 || noShowRate === null || lateCancelRate === null) return 'No sessions with a recorded outcome in this period.';
  const were = (count: number) => (count === 1 ? 'was' : 'were');
  return (
    `Of ${plural(due, 'session')} due, ${noShows} ${were(noShows)} ${noShows === 1 ? 'a no-show' : 'no-shows'} (${formatPercent(noShowRate)}) ` +
    `and ${lateCancels} ${were(lateCancels)} cancelled late (${formatPercent(lateCancelRate)}).`
  );
}

/** The whole Balance chart for one period, headline first. */
export function workloadText(label: string, summary: WorkloadSummary): string {
  return [
    shareSummaryText(label, summary),
    summary.shareVerdict,
    otherHoursText(summary),
    limitsText(summary),
    attendanceText(summary),
  ].join(' ');
}

/** "Active caseload: 24 clients — 18 seen individually, 9 in groups, 3 in both." */
export function caseloadText(caseload: Caseload): string {
  return (
    `Active caseload: ${plural(caseload.total, 'client')} — ${caseload.individualClients} seen individually, ` +
    `${caseload.groupMembers} in groups, ${caseload.inBoth} in both.`
  );
}

/**
 * One line per group, in session order. Group names are sealed data, so the caller passes the
 * label to read out for each group id (the screen already shows them to the clinician).
 */
export function agreementsDueText(
  rows: readonly GroupAgreementsDue[],
  groupLabels: Readonly<Record<string, string>>,
  timeZone: string,
): string {
  const due = rows.filter((row) => row.unsignedCount > 0);
  if (due.length === 0) return 'All group members have signed their current agreement.';
  return due
    .map((row) => {
      const group = groupLabels[row.groupId] ?? 'A group';
      const when = `${localLongDate(row.nextSessionAt, timeZone)} at ${localTime(row.nextSessionAt, timeZone)}`;
      return `${group}, meeting ${when}: ${plural(row.unsignedCount, 'member')} still to sign.`;
    })
    .join(' ');
}
