/**
 * Workload for the Balance view: where the clinician's hours went, whether individual and group
 * work are in the proportion they chose, and where the diary ran past their own limits.
 *
 * Definitions (kept here so the screen, its summary text and the tests agree):
 * - An appointment belongs to the range, day and week in which it *starts* (local time). A session
 *   that runs past midnight is not split: a clinician thinks of it as that evening's session.
 * - Hours worked count appointments that are `scheduled` or `completed`. `cancelled`, `late-cancel`
 *   and `no-show` appointments were not worked, so they add no hours and no sessions.
 * - Clinical hours are individual + group. Admin (including note writing), supervision and
 *   self-care are reported separately and never count towards the clinical limits.
 * - Individual share = individual hours ÷ clinical hours.
 * - No-show and late-cancel rates are over individual and group appointments that were *due*:
 *   those that ended `completed`, `no-show` or `late-cancel`. A `scheduled` one has no outcome yet
 *   and a `cancelled` one (with notice) was no longer due, so neither is in the denominator.
 * - A skipped break is a run of more than `limits.breakAfterConsecutiveSessions` clinical sessions
 *   where each gap to the next session is shorter than `bufferMinutes` (or none at all).
 */
import type { Appointment, AppointmentKind } from '../records';
import { isClinicalKind } from '../records';
import type { Settings } from '../settings';
import { formatPercent } from './format';
import { addLocalDays, addLocalWeeks, localDateKey, localDaysInRange, localWeeksInRange, startOfLocalWeek } from './zone';
import type { TimeRange } from './zone';

export type { TimeRange } from './zone';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Within this many percentage points of the target counts as on target: a week is never exact. */
export const SHARE_TOLERANCE = 0.05;

export type WorkloadSettings = Pick<Settings, 'limits' | 'bufferMinutes'>;

export interface DayLoad {
  /** Local calendar date, e.g. 2026-03-23. */
  date: string;
  /** Local midnight that starts the day (a day is 23 or 25 hours at a clock change). */
  from: number;
  to: number;
  /** Individual + group sessions that were held or are booked. */
  sessions: number;
  clinicalHours: number;
  overHours: boolean;
  overSessions: boolean;
}

export interface WeekLoad {
  /** Local date of the Monday that starts the week. */
  weekOf: string;
  /** The part of the week inside the summary range. */
  from: number;
  to: number;
  clinicalHours: number;
  overHours: boolean;
}

export interface SkippedBreak {
  /** Local date the run starts on. */
  date: string;
  start: number;
  end: number;
  sessions: number;
  appointmentIds: string[];
}

export type ShareStatus = 'on-target' | 'above-target' | 'below-target' | 'no-clinical-hours';

export interface AttendanceRates {
  /** Individual + group appointments that were due: completed + no-show + late-cancel. */
  due: number;
  completed: number;
  noShows: number;
  lateCancels: number;
  /** null when nothing was due, so the screen shows "no data" rather than 0%. */
  noShowRate: number | null;
  lateCancelRate: number | null;
}

export interface WorkloadSummary {
  range: TimeRange;
  timeZone: string;
  hours: Record<AppointmentKind, number>;
  clinicalHours: number;
  /** Individual hours ÷ clinical hours; null when there were no clinical hours. */
  individualShare: number | null;
  targetIndividualShare: number;
  shareStatus: ShareStatus;
  /** One plain-English sentence about the share against the target. */
  shareVerdict: string;
  days: DayLoad[];
  daysOverLimit: DayLoad[];
  weeks: WeekLoad[];
  weeksOverLimit: WeekLoad[];
  attendance: AttendanceRates;
  skippedBreaks: SkippedBreak[];
}

export function isClinical(appointment: Pick<Appointment, 'kind'>): boolean {
  return isClinicalKind(appointment.kind);
}

/** Held or still booked: the only statuses that count as time worked. */
export function countsAsWorked(appointment: Appointment): boolean {
  return appointment.status === 'scheduled' || appointment.status === 'completed';
}

function hoursOf(appointment: Appointment): number {
  return Math.max(0, appointment.end - appointment.start) / HOUR;
}

function inRange(instant: number, range: TimeRange): boolean {
  return instant >= range.from && instant < range.to;
}

/** Float sums of minutes/60 drift (0.1 + 0.2); hours are shown to one decimal, so keep four. */
function tidy(hours: number): number {
  return Math.round(hours * 10_000) / 10_000;
}

export interface HoursByFormat {
  /** Hours worked per kind, from appointments that start in the range and count as worked. */
  hours: Record<AppointmentKind, number>;
  /** Sessions worked per kind, counted the same way. */
  sessions: Record<AppointmentKind, number>;
  /** Individual + group hours. */
  clinicalHours: number;
  /** Individual hours ÷ clinical hours; null when there were no clinical hours. */
  individualShare: number | null;
}

/**
 * Hours and sessions per format in a range: the one count behind the Balance screen, Today's
 * "This week" and the calendar's header, so they agree for the same week. An appointment counts
 * in the range it starts in, and only when it was held or is still booked (`countsAsWorked`):
 * no-shows, late cancellations and cancellations add nothing.
 */
export function hoursByFormat(appointments: readonly Appointment[], range: TimeRange): HoursByFormat {
  const hours: Record<AppointmentKind, number> = { individual: 0, group: 0, admin: 0, supervision: 0, 'self-care': 0 };
  const sessions: Record<AppointmentKind, number> = { individual: 0, group: 0, admin: 0, supervision: 0, 'self-care': 0 };
  for (const appointment of appointments) {
    if (!inRange(appointment.start, range) || !countsAsWorked(appointment)) continue;
    hours[appointment.kind] += hoursOf(appointment);
    sessions[appointment.kind] += 1;
  }
  for (const kind of Object.keys(hours) as AppointmentKind[]) hours[kind] = tidy(hours[kind]);
  const clinicalHours = tidy(hours.individual + hours.group);
  return { hours, sessions, clinicalHours, individualShare: clinicalHours > 0 ? hours.individual / clinicalHours : null };
}

export function shareVerdict(individualShare: number | null, target: number): { status: ShareStatus; text: string } {
  if (individualShare === null) {
    return {
      status: 'no-clinical-hours',
      text: 'No individual or group sessions in this period, so there is no balance to show yet.',
    };
  }
  const share = formatPercent(individualShare);
  const goal = formatPercent(target);
  if (Math.abs(individualShare - target) <= SHARE_TOLERANCE + 1e-9) {
    return { status: 'on-target', text: `Individual work is ${share} of your clinical hours, close to your ${goal} target.` };
  }
  if (individualShare > target) {
    return {
      status: 'above-target',
      text: `Individual work is ${share} of your clinical hours, above your ${goal} target: groups had less of your time than you planned.`,
    };
  }
  return {
    status: 'below-target',
    text: `Individual work is ${share} of your clinical hours, below your ${goal} target: individual clients had less of your time than you planned.`,
  };
}

export function attendanceRates(appointments: readonly Appointment[], range: TimeRange): AttendanceRates {
  let completed = 0;
  let noShows = 0;
  let lateCancels = 0;
  for (const appointment of appointments) {
    if (!isClinical(appointment) || !inRange(appointment.start, range)) continue;
    if (appointment.status === 'completed') completed += 1;
    else if (appointment.status === 'no-show') noShows += 1;
    else if (appointment.status === 'late-cancel') lateCancels += 1;
  }
  const due = completed + noShows + lateCancels;
  return {
    due,
    completed,
    noShows,
    lateCancels,
    noShowRate: due === 0 ? null : noShows / due,
    lateCancelRate: due === 0 ? null : lateCancels / due,
  };
}

/**
 * Runs of back-to-back clinical sessions longer than the clinician's limit. A gap counts as a
 * break only when it is at least `bufferMinutes` long and more than zero, so a clinician who set
 * no buffer is still told about sessions booked end to end.
 */
export function findSkippedBreaks(
  appointments: readonly Appointment[],
  timeZone: string,
  settings: WorkloadSettings,
): SkippedBreak[] {
  const sessions = appointments
    .filter((appointment) => isClinical(appointment) && countsAsWorked(appointment))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id));
  const minimumBreak = settings.bufferMinutes * MINUTE;
  const runs: Appointment[][] = [];
  let run: Appointment[] = [];
  let runEnd = Number.NEGATIVE_INFINITY;
  for (const session of sessions) {
    const gap = session.start - runEnd;
    const isBreak = gap > 0 && gap >= minimumBreak;
    if (run.length > 0 && !isBreak) {
      run.push(session);
    } else {
      if (run.length > 0) runs.push(run);
      run = [session];
    }
    // Overlapping bookings: the run ends when the latest of them ends.
    runEnd = run.length === 1 ? session.end : Math.max(runEnd, session.end);
  }
  if (run.length > 0) runs.push(run);

  return runs
    .filter((candidate) => candidate.length > settings.limits.breakAfterConsecutiveSessions)
    .map((candidate) => {
      const first = candidate[0]!;
      return {
        date: localDateKey(first.start, timeZone),
        start: first.start,
        end: Math.max(...candidate.map((session) => session.end)),
        sessions: candidate.length,
        appointmentIds: candidate.map((session) => session.id),
      };
    });
}

export function workloadSummary(
  appointments: readonly Appointment[],
  range: TimeRange,
  timeZone: string,
  settings: WorkloadSettings,
): WorkloadSummary {
  if (!(range.to > range.from)) throw new RangeError('The period to summarise must end after it starts.');
  const limits = settings.limits;
  const inPeriod = appointments.filter((appointment) => inRange(appointment.start, range));
  const worked = inPeriod.filter(countsAsWorked);

  const { hours, clinicalHours, individualShare } = hoursByFormat(inPeriod, range);
  const verdict = shareVerdict(individualShare, limits.targetIndividualShare);

  const clinicalWorked = worked.filter(isClinical);
  const days: DayLoad[] = localDaysInRange(range, timeZone).map((dayStart) => {
    const dayEnd = addLocalDays(dayStart, 1, timeZone);
    const sessions = clinicalWorked.filter((appointment) => appointment.start >= dayStart && appointment.start < dayEnd);
    const dayHours = tidy(sessions.reduce((sum, appointment) => sum + hoursOf(appointment), 0));
    return {
      date: localDateKey(dayStart, timeZone),
      from: dayStart,
      to: dayEnd,
      sessions: sessions.length,
      clinicalHours: dayHours,
      overHours: dayHours > limits.maxClinicalHoursPerDay,
      overSessions: sessions.length > limits.maxSessionsPerDay,
    };
  });

  const weeks: WeekLoad[] = localWeeksInRange(range, timeZone).map((weekStart) => {
    const from = Math.max(weekStart, range.from);
    const to = Math.min(addLocalWeeks(weekStart, 1, timeZone), range.to);
    const weekHours = tidy(
      clinicalWorked
        .filter((appointment) => appointment.start >= from && appointment.start < to)
        .reduce((sum, a) => sum + hoursOf(a), 0),
    );
    return {
      weekOf: localDateKey(weekStart, timeZone),
      from,
      to,
      clinicalHours: weekHours,
      overHours: weekHours > limits.maxClinicalHoursPerWeek,
    };
  });

  return {
    range: { from: range.from, to: range.to },
    timeZone,
    hours,
    clinicalHours,
    individualShare,
    targetIndividualShare: limits.targetIndividualShare,
    shareStatus: verdict.status,
    shareVerdict: verdict.text,
    days,
    daysOverLimit: days.filter((day) => day.overHours || day.overSessions),
    weeks,
    weeksOverLimit: weeks.filter((week) => week.overHours),
    attendance: attendanceRates(inPeriod, range),
    skippedBreaks: findSkippedBreaks(inPeriod, timeZone, settings),
  };
}

/**
 * The two periods the Balance view shows. The week starts Monday 00:00 local time; the rolling
 * four weeks are this week and the three whole weeks before it, so both periods line up with the
 * weekly limit and a week's figures never straddle two bars.
 */
export function thisWeekAndRollingFourWeeks(now: number, timeZone: string): { thisWeek: TimeRange; rollingFourWeeks: TimeRange } {
  const weekStart = startOfLocalWeek(now, timeZone);
  const weekEnd = addLocalWeeks(weekStart, 1, timeZone);
  return {
    thisWeek: { from: weekStart, to: weekEnd },
    rollingFourWeeks: { from: addLocalWeeks(weekStart, -3, timeZone), to: weekEnd },
  };
}
