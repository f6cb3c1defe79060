/**
 * The booking check behind the appointment dialog. Hard conflicts are things that cannot both
 * happen (one clinician, two places); the clinician may still override them with a reason
 * (Appointment.overrideReason). Soft warnings are the clinician's own rules for looking after
 * themselves and their clients: buffers, working hours, protected group time, workload limits.
 *
 * Every lookup goes through the index over a bounded window (the candidate's neighbourhood, its
 * day, its week), so the check costs the same in year ten of a practice as in week one.
 */
import type { AppointmentKind } from '../records';
import { isClinicalKind } from '../records';
import type { Settings } from '../settings';
import type { AppointmentFilter, AppointmentIndex, IndexedAppointment } from './interval-index';
import { occupiesTime } from './interval-index';
import type { InstantRange } from './time';
import { displayClockText } from '../locale/format';
import {
  HOUR_MS,
  MINUTE_MS,
  dayRange,
  daysTouched,
  formatClock,
  formatDay,
  formatHours,
  formatMinutes,
  formatSpan,
  instantAtMinutesOfDay,
  isValidTimeZone,
  parseClockTime,
  weekRange,
  weekdayName,
  zonedParts,
} from './time';

export type HardConflictCode = 'invalid-time' | 'double-booked' | 'client-in-group';
export type SoftWarningCode =
  | 'unknown-time-zone'
  | 'group-block'
  | 'protected-block'
  | 'buffer-before'
  | 'buffer-after'
  | 'outside-working-hours'
  | 'daily-hours-limit'
  | 'weekly-hours-limit'
  | 'daily-sessions-limit'
  | 'break-needed';

export interface Conflict {
  code: HardConflictCode;
  message: string;
  appointmentIds?: string[];
}

export interface Warning {
  code: SoftWarningCode;
  message: string;
  appointmentIds?: string[];
}

export interface BookingCheck {
  hard: Conflict[];
  soft: Warning[];
}

/** The appointment being booked or moved. */
export interface BookingCandidate {
  /** Set when moving an existing appointment, so it isn't compared with its old self. */
  id?: string;
  kind: AppointmentKind;
  start: number;
  end: number;
  clientId?: string;
  groupId?: string;
}

export interface BookingContext {
  index: AppointmentIndex;
  settings: Settings;
  /** The groups the client is an active member of at that instant (joined, and not yet left). */
  activeGroupIdsForClient: (clientId: string, at: number) => readonly string[];
  /** For messages only; without it the message says "this client". */
  clientName?: (clientId: string) => string | undefined;
  /** For messages only; without it the message says "a group". */
  groupName?: (groupId: string) => string | undefined;
  /** The appointment being moved, if its id isn't on the candidate. */
  excludeId?: string;
  /** Which existing appointments hold their time; by default scheduled and completed ones. */
  occupies?: AppointmentFilter;
}

export const isClinical = (kind: AppointmentKind): boolean => isClinicalKind(kind);

const KIND_PHRASES: Record<AppointmentKind, string> = {
  individual: 'an individual session',
  group: 'a group session',
  supervision: 'supervision',
  admin: 'admin time',
  'self-care': 'self-care time',
};

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const clippedDuration = (a: { start: number; end: number }, range: InstantRange) =>
  Math.max(0, Math.min(a.end, range.to) - Math.max(a.start, range.from));
const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface CheckState {
  candidate: BookingCandidate;
  context: BookingContext;
  timeZone: string;
  /** Existing appointments that hold time, minus the one being moved. */
  holdsTime: AppointmentFilter;
  hard: Conflict[];
  soft: Warning[];
}

function describeAppointment(appointment: IndexedAppointment, state: CheckState): string {
  const { clientName, groupName } = state.context;
  if (appointment.kind === 'individual' && appointment.clientId && clientName) {
    const name = clientName(appointment.clientId);
    if (name) return `an individual session with ${name}`;
  }
  if (appointment.kind === 'group' && appointment.groupId && groupName) {
    const name = groupName(appointment.groupId);
    if (name) return `a group session (${name})`;
  }
  return KIND_PHRASES[appointment.kind];
}

function span(a: { start: number; end: number }, state: CheckState): string {
  return formatSpan(a.start, a.end, state.timeZone, state.candidate.start);
}

function checkDoubleBooking(state: CheckState): IndexedAppointment[] {
  const { candidate, context } = state;
  const clashes = context.index.overlapping(candidate.start, candidate.end, state.holdsTime);
  for (const other of clashes) {
    state.hard.push({
      code: 'double-booked',
      message: `You already have ${describeAppointment(other, state)} ${span(other, state)}.`,
      appointmentIds: [other.id],
    });
  }
  return clashes;
}

/**
 * A client can't be in their individual session and in their group at once. Checked both ways:
 * booking the individual session over the group, and booking a group session over a member's
 * individual session. Membership is judged at the session's time, so a client who left the
 * group (or hasn't joined yet) is free then.
 */
function checkClientInGroup(state: CheckState, clashes: IndexedAppointment[]): void {
  const { candidate, context } = state;
  const nameOf = (clientId: string) => context.clientName?.(clientId);
  if (candidate.kind === 'individual' && candidate.clientId) {
    const groupIds = new Set<string>(context.activeGroupIdsForClient(candidate.clientId, candidate.start));
    for (const other of clashes) {
      if (other.kind !== 'group' || !other.groupId || !groupIds.has(other.groupId)) continue;
      const who = nameOf(candidate.clientId) ?? 'This client';
      const group = context.groupName?.(other.groupId);
      state.hard.push({
        code: 'client-in-group',
        message: group
          ? `${who} is a member of ${group}, which meets ${span(other, state)}.`
          : `${who} is a member of a group that meets ${span(other, state)}.`,
        appointmentIds: [other.id],
      });
    }
  }
  if (candidate.kind === 'group' && candidate.groupId) {
    for (const other of clashes) {
      if (other.kind !== 'individual' || !other.clientId) continue;
      const groupIds = context.activeGroupIdsForClient(other.clientId, candidate.start);
      if (!groupIds.some((g) => g === candidate.groupId)) continue;
      const name = nameOf(other.clientId);
      state.hard.push({
        code: 'client-in-group',
        message: name
          ? `${name}, a member of this group, has an individual session ${span(other, state)}.`
          : `A member of this group has an individual session ${span(other, state)}.`,
        appointmentIds: [other.id],
      });
    }
  }
}

/** The instants a weekly block (weekday + HH:MM in the clinician's zone) covers on the given local day. */
function blockOnDay(dayFrom: number, block: { start: string; end: string }, timeZone: string): { start: number; end: number } {
  const blockStart = parseClockTime(block.start);
  let blockEnd = parseClockTime(block.end);
  // "20:00–00:00" means until midnight.
  if (blockEnd <= blockStart) blockEnd += 24 * 60;
  return { start: instantAtMinutesOfDay(dayFrom, blockStart, timeZone), end: instantAtMinutesOfDay(dayFrom, blockEnd, timeZone) };
}

/** Time the clinician keeps for groups; individual sessions there crowd out future groups. */
/** Calls `onHit` for each weekly block (weekday + HH:MM in the clinician's zone) the candidate overlaps. */
function forEachOverlappingBlock<B extends { weekday: number; start: string; end: string }>(
  state: CheckState,
  blocks: readonly B[],
  onHit: (block: B, weekday: number) => void,
): void {
  const { candidate, timeZone } = state;
  for (const day of daysTouched({ from: candidate.start, to: candidate.end }, timeZone)) {
    const weekday = zonedParts(day.from, timeZone).weekday;
    for (const block of blocks) {
      if (block.weekday !== weekday) continue;
      if (overlaps(candidate, blockOnDay(day.from, block, timeZone))) onHit(block, weekday);
    }
  }
}

function checkGroupBlocks(state: CheckState): void {
  if (state.candidate.kind !== 'individual') return;
  forEachOverlappingBlock(state, state.context.settings.groupBlocks, (block, weekday) =>
    state.soft.push({
      code: 'group-block',
      message: `This is in the time you keep for groups on ${weekdayName(weekday)}s, from ${displayClockText(block.start)} to ${displayClockText(block.end)}.`,
    }),
  );
}

/** Supervision and self-care blocks the clinician protects: clinical work booked into them warns. */
function checkProtectedBlocks(state: CheckState): void {
  if (!isClinical(state.candidate.kind)) return;
  forEachOverlappingBlock(state, state.context.settings.protectedBlocks, (block, weekday) =>
    state.soft.push({
      code: 'protected-block',
      message: `This is in the ${block.kind === 'supervision' ? 'supervision' : 'self-care'} time you protect on ${weekdayName(weekday)}s, from ${displayClockText(block.start)} to ${displayClockText(block.end)}.`,
    }),
  );
}

function checkBuffers(state: CheckState): void {
  const { candidate, context } = state;
  const bufferMinutes = context.settings.bufferMinutes;
  if (!isClinical(candidate.kind) || bufferMinutes <= 0) return;
  const bufferMs = bufferMinutes * MINUTE_MS;
  const near = context.index.overlapping(
    candidate.start - bufferMs,
    candidate.end + bufferMs,
    (a) => isClinical(a.kind) && state.holdsTime(a),
  );
  let previous: IndexedAppointment | undefined;
  let next: IndexedAppointment | undefined;
  for (const other of near) {
    // Overlapping sessions are already a hard conflict; a buffer warning on top would be noise.
    if (other.end <= candidate.start && (!previous || other.end > previous.end)) previous = other;
    if (other.start >= candidate.end && (!next || other.start < next.start)) next = other;
  }
  const buffer = plural(bufferMinutes, 'minute', 'minutes');
  if (previous && candidate.start - previous.end < bufferMs) {
    const gap = candidate.start - previous.end;
    state.soft.push({
      code: 'buffer-before',
      message:
        gap === 0
          ? `This starts as soon as your previous session ends; your minimum buffer is ${buffer}.`
          : `This is ${formatMinutes(gap)} after your previous session; your minimum buffer is ${buffer}.`,
      appointmentIds: [previous.id],
    });
  }
  if (next && next.start - candidate.end < bufferMs) {
    const gap = next.start - candidate.end;
    state.soft.push({
      code: 'buffer-after',
      message:
        gap === 0
          ? `This ends just as your next session starts; your minimum buffer is ${buffer}.`
          : `This ends ${formatMinutes(gap)} before your next session; your minimum buffer is ${buffer}.`,
      appointmentIds: [next.id],
    });
  }
}

/**
 * The parts of [from, to) that none of the ranges covers, in order.
 */
function uncovered(from: number, to: number, ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const gaps: { start: number; end: number }[] = [];
  let cursor = from;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (r.end <= cursor) continue;
    if (r.start >= to) break;
    if (r.start > cursor) gaps.push({ start: cursor, end: r.start });
    cursor = Math.max(cursor, r.end);
    if (cursor >= to) break;
  }
  if (cursor < to) gaps.push({ start: cursor, end: to });
  return gaps;
}

/**
 * Working time is the working day on working days, plus the time the clinician keeps for groups
 * and the supervision and self-care time they protect (on any day): an evening group inside the
 * kept group time, or supervision on a kept Saturday morning, is work the clinician planned.
 * Self-care is the clinician's own time and belongs outside working hours as much as inside.
 */
function checkWorkingHours(state: CheckState): void {
  const { candidate, context, timeZone } = state;
  if (candidate.kind === 'self-care') return;
  const { start, end, days } = context.settings.workingHours;
  const kept = [...context.settings.groupBlocks, ...context.settings.protectedBlocks];
  const dayStartMinutes = parseClockTime(start);
  let dayEndMinutes = parseClockTime(end);
  if (dayEndMinutes <= dayStartMinutes) dayEndMinutes += 24 * 60;
  const working: { start: number; end: number }[] = [];
  // The day before too: a working day or block running past midnight covers the small hours.
  const firstDay = dayRange(candidate.start, timeZone);
  const previousDay = dayRange(firstDay.from - 1, timeZone);
  for (const day of [previousDay, ...daysTouched({ from: candidate.start, to: candidate.end }, timeZone)]) {
    const weekday = zonedParts(day.from, timeZone).weekday;
    if (days.includes(weekday)) {
      working.push({
        start: instantAtMinutesOfDay(day.from, dayStartMinutes, timeZone),
        end: instantAtMinutesOfDay(day.from, dayEndMinutes, timeZone),
      });
    }
    for (const block of kept) if (block.weekday === weekday) working.push(blockOnDay(day.from, block, timeZone));
  }
  const gaps = uncovered(candidate.start, candidate.end, working);
  if (gaps.length === 0) return;
  const weekday = zonedParts(candidate.start, timeZone).weekday;
  if (!days.includes(weekday)) {
    state.soft.push({ code: 'outside-working-hours', message: `${weekdayName(weekday)} is not one of your working days.` });
    return;
  }
  const workStart = instantAtMinutesOfDay(firstDay.from, dayStartMinutes, timeZone);
  const workEnd = instantAtMinutesOfDay(firstDay.from, dayEndMinutes, timeZone);
  const startsEarly = gaps.some((g) => g.start < workStart);
  const endsLate = gaps.some((g) => g.end > workEnd);
  // With kept time set, say so: the clinician may have meant it to cover this.
  const keptNote = kept.length > 0 ? ', and not in time you keep for groups, supervision or self-care' : '';
  const at = (instant: number) => formatClock(instant, timeZone);
  const message =
    startsEarly && endsLate
      ? `This runs ${formatSpan(candidate.start, candidate.end, timeZone)}, outside your working hours of ${displayClockText(start)} to ${displayClockText(end)}${keptNote}.`
      : startsEarly
        ? `This starts at ${at(candidate.start)}, before your working day begins at ${displayClockText(start)}${keptNote}.`
        : `This ends at ${at(candidate.end)}, after your working day ends at ${displayClockText(end)}${keptNote}.`;
  state.soft.push({ code: 'outside-working-hours', message });
}

/**
 * Workload limits count clinical time only (individual and group sessions), on the local day and
 * the Monday-to-Sunday week of the candidate's start.
 */
function checkLimits(state: CheckState): void {
  const { candidate, context, timeZone } = state;
  if (!isClinical(candidate.kind)) return;
  const limits = context.settings.limits;
  const clinicalHoldingTime = (a: IndexedAppointment) => isClinical(a.kind) && state.holdsTime(a);
  const day = dayRange(candidate.start, timeZone);
  const dayName = weekdayName(zonedParts(candidate.start, timeZone).weekday);
  const sameDay = context.index.overlapping(day.from, day.to, clinicalHoldingTime);

  const dayMs = sameDay.reduce((sum, a) => sum + clippedDuration(a, day), clippedDuration(candidate, day));
  if (dayMs > limits.maxClinicalHoursPerDay * HOUR_MS) {
    state.soft.push({
      code: 'daily-hours-limit',
      message: `This brings your clinical time on ${dayName} to ${formatHours(dayMs)}; your daily limit is ${formatHours(limits.maxClinicalHoursPerDay * HOUR_MS)}.`,
      appointmentIds: sameDay.map((a) => a.id),
    });
  }

  // A session carried over from the night before belongs to the day it started on.
  const startedToday = sameDay.filter((a) => a.start >= day.from);
  const sessionsToday = startedToday.length + 1;
  if (sessionsToday > limits.maxSessionsPerDay) {
    state.soft.push({
      code: 'daily-sessions-limit',
      message: `This would be your ${ordinal(sessionsToday)} session on ${dayName}; your limit is ${plural(limits.maxSessionsPerDay, 'session', 'sessions')} a day.`,
      appointmentIds: startedToday.map((a) => a.id),
    });
  }

  const week = weekRange(candidate.start, timeZone, 1);
  const sameWeek = context.index.overlapping(week.from, week.to, clinicalHoldingTime);
  const weekMs = sameWeek.reduce((sum, a) => sum + clippedDuration(a, week), clippedDuration(candidate, week));
  if (weekMs > limits.maxClinicalHoursPerWeek * HOUR_MS) {
    state.soft.push({
      code: 'weekly-hours-limit',
      message: `This brings your clinical time in the week starting ${formatDay(week.from, timeZone)} to ${formatHours(weekMs)}; your weekly limit is ${formatHours(limits.maxClinicalHoursPerWeek * HOUR_MS)}.`,
      appointmentIds: sameWeek.map((a) => a.id),
    });
  }

  checkBreaks(state, sameDay, limits.breakAfterConsecutiveSessions);
}

/**
 * Sessions separated by no more than the buffer run together: the buffer is the gap the
 * clinician needs between sessions to write up and reset, so a break has to be longer than it.
 * (Counting only gaps shorter than the buffer would make this rule fire only when the buffer
 * warning already has, and never with a zero buffer.)
 */
function checkBreaks(state: CheckState, sameDay: IndexedAppointment[], breakAfter: number): void {
  const { candidate, context } = state;
  const bufferMs = context.settings.bufferMinutes * MINUTE_MS;
  // The candidate is the one session without an id here (a moved appointment's old self is already excluded).
  const sessions: { start: number; end: number; id: string | undefined }[] = sameDay.map((a) => ({
    start: a.start,
    end: a.end,
    id: a.id,
  }));
  sessions.push({ start: candidate.start, end: candidate.end, id: undefined });
  sessions.sort((a, b) => a.start - b.start || a.end - b.end);
  let run: typeof sessions = [];
  let runEnd = -Infinity;
  let candidateRun: typeof sessions = [];
  for (const session of sessions) {
    if (run.length > 0 && session.start - runEnd > bufferMs) {
      if (run.some((s) => s.id === undefined)) candidateRun = run;
      run = [];
      runEnd = -Infinity;
    }
    run.push(session);
    runEnd = Math.max(runEnd, session.end);
  }
  if (run.some((s) => s.id === undefined)) candidateRun = run;
  if (candidateRun.length <= breakAfter) return;
  state.soft.push({
    code: 'break-needed',
    message: `This makes ${candidateRun.length} sessions in a row without a break; you wanted a break after ${plural(breakAfter, 'session', 'sessions')}.`,
    appointmentIds: candidateRun.flatMap((s) => (s.id === undefined ? [] : [s.id])),
  });
}

/**
 * Checks a booking (new, or an existing appointment being moved) against the calendar and the
 * clinician's settings. Hard conflicts come back in start order of the clashing appointments.
 */
export function checkBooking(candidate: BookingCandidate, context: BookingContext): BookingCheck {
  const hard: Conflict[] = [];
  const soft: Warning[] = [];
  if (!(Number.isFinite(candidate.start) && Number.isFinite(candidate.end) && candidate.end > candidate.start)) {
    hard.push({ code: 'invalid-time', message: 'The session needs to end after it starts.' });
    return { hard, soft };
  }

  let timeZone = context.settings.timeZone;
  if (!isValidTimeZone(timeZone)) {
    soft.push({
      code: 'unknown-time-zone',
      message: `Your time zone setting (“${timeZone}”) isn’t recognised, so times here are checked in UTC. You can change it in Settings.`,
    });
    timeZone = 'UTC';
  }

  const excluded = new Set<string>();
  if (candidate.id !== undefined) excluded.add(candidate.id);
  if (context.excludeId !== undefined) excluded.add(context.excludeId);
  const occupies = context.occupies ?? occupiesTime;
  const holdsTime: AppointmentFilter = (a) => !excluded.has(a.id) && occupies(a);

  const state: CheckState = { candidate, context, timeZone, holdsTime, hard, soft };
  const clashes = checkDoubleBooking(state);
  checkClientInGroup(state, clashes);
  checkGroupBlocks(state);
  checkProtectedBlocks(state);
  checkBuffers(state);
  checkWorkingHours(state);
  checkLimits(state);
  return { hard, soft };
}
