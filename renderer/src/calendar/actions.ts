/**
 * The calendar's workflows, one function per action the clinician takes: book, book weekly,
 * move, set a status. Recurring bookings store the RFC 5545 rule on a Series and materialise
 * one Appointment per occurrence (with seriesId); moving or cancelling one occurrence records
 * an exception on its series, so the rule itself and every other occurrence stay as they are.
 */
import type { Appointment, AppointmentKind, AppointmentStatus, Series } from '../../../shared/records';
import { newId } from '../../../shared/ids';
import { expandSeries, weeklyRule } from '../../../shared/scheduling';
import type { Deps } from '../data/deps';
import { isUnreadable } from '../data/repository';
import { commitTogether, recordAudit } from '../data/sealed-writes';
import type { SealedWrite } from '../data/sealed-writes';

const DAY_MS = 86_400_000;

export interface BookingInput {
  id?: string;
  kind: AppointmentKind;
  clientId?: string;
  groupId?: string;
  start: number;
  end: number;
  status?: AppointmentStatus;
  title?: string;
  location?: string;
  overrideReason?: string;
  seriesId?: string;
}

/** The appointment a booking gives: the input over what was stored before (if anything). */
export function bookedAppointment(input: BookingInput, previous: Appointment | undefined, now: number): Appointment {
  const appointment: Appointment = {
    ...(previous ?? {}),
    id: input.id ?? newId(),
    kind: input.kind,
    status: input.status ?? previous?.status ?? 'scheduled',
    start: input.start,
    end: input.end,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    ...(input.groupId ? { groupId: input.groupId } : {}),
    ...((input.seriesId ?? previous?.seriesId) ? { seriesId: input.seriesId ?? previous?.seriesId } : {}),
    title: input.title ?? previous?.title ?? '',
    location: input.location ?? previous?.location ?? '',
    overrideReason: input.overrideReason ?? previous?.overrideReason ?? '',
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
  if (input.kind !== 'individual') delete appointment.clientId;
  if (input.kind !== 'group') delete appointment.groupId;
  return appointment;
}

/** The series with one occurrence (as it was stored before this change) moved or cancelled. */
export function withException(
  series: Series,
  occurrence: Pick<Appointment, 'start'>,
  change: { cancelled?: boolean; start?: number; end?: number },
  now: number,
): Series {
  const original = series.moved.find((m) => m.start === occurrence.start)?.original ?? occurrence.start;
  const next: Series = { ...series, updatedAt: now };
  if (change.cancelled) next.cancelled = [...new Set([...series.cancelled, original])];
  if (change.start !== undefined && change.end !== undefined) {
    next.moved = [...series.moved.filter((m) => m.original !== original), { original, start: change.start, end: change.end }];
  }
  return next;
}

async function stored<T extends { id: string }>(
  repo: { get(id: string): Promise<T | { kind: 'unreadable' } | undefined> },
  id: string | undefined,
): Promise<T | undefined> {
  if (id === undefined) return undefined;
  const found = await repo.get(id);
  return found !== undefined && !isUnreadable(found) ? (found as T) : undefined;
}

/** Books one appointment, or saves changes to one (its id given). */
export async function bookAppointment(deps: Deps, input: BookingInput): Promise<Appointment> {
  return changeOccurrence(deps, input, null);
}

/**
 * Saves a change to one appointment and, if it belongs to a series, the exception on the
 * series that says so, in one transaction: an occurrence is never moved or cancelled without
 * its series knowing (an export or a later change to the series would bring it back).
 */
async function changeOccurrence(
  { repos, api }: Deps,
  input: BookingInput,
  exception: { cancelled?: boolean; start?: number; end?: number } | null,
): Promise<Appointment> {
  const now = Date.now();
  const previous = await stored<Appointment>(repos.appointments, input.id);
  const appointment = bookedAppointment(input, previous, now);
  const series = exception && previous ? await stored<Series>(repos.series, previous.seriesId) : undefined;
  const writes = [await repos.appointments.prepareSave([appointment], previous ? 'update' : 'create')];
  if (series && exception && previous) {
    writes.push(await repos.series.prepareSave([withException(series, previous, exception, now)], 'update'));
  }
  await recordAudit(api, await commitTogether(writes));
  return appointment;
}

/** Moves (or resizes) an appointment; a reason is kept when it is booked over a hard conflict. */
export function moveAppointment(
  deps: Deps,
  appointment: Appointment,
  to: { start: number; end: number; overrideReason?: string },
): Promise<Appointment> {
  return changeOccurrence(deps, { ...appointment, ...to }, { start: to.start, end: to.end });
}

/** Marks an appointment completed, cancelled, late-cancelled or a no-show; cancelling one occurrence leaves the series alone. */
export function setAppointmentStatus(deps: Deps, appointment: Appointment, status: AppointmentStatus): Promise<Appointment> {
  return changeOccurrence(deps, { ...appointment, status }, status === 'cancelled' ? { cancelled: true } : null);
}

export interface RecurringBookingInput {
  kind: AppointmentKind;
  clientId?: string;
  groupId?: string;
  firstStart: number;
  durationMinutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  count: number;
  title?: string;
  overrideReason?: string;
}

/** A weekly series and every occurrence of it (up to three years ahead), not yet stored. */
export function weeklySeries(
  input: RecurringBookingInput,
  timeZone: string,
  now: number,
): { series: Series; appointments: Appointment[] } {
  const series: Series = {
    id: newId(),
    kind: input.kind,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    ...(input.groupId ? { groupId: input.groupId } : {}),
    rrule: weeklyRule({ weekdays: input.weekdays, count: input.count }),
    dtstart: input.firstStart,
    timeZone,
    durationMinutes: input.durationMinutes,
    cancelled: [],
    moved: [],
    title: input.title ?? '',
    createdAt: now,
    updatedAt: now,
  };
  const occurrences = expandSeries(
    series,
    { from: input.firstStart, to: input.firstStart + 3 * 366 * DAY_MS },
    { includeCancelled: false },
  );
  const appointments: Appointment[] = occurrences.map((o) => ({
    id: newId(),
    kind: input.kind,
    status: 'scheduled',
    start: o.start,
    end: o.end,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    ...(input.groupId ? { groupId: input.groupId } : {}),
    seriesId: series.id,
    title: input.title ?? '',
    location: '',
    overrideReason: input.overrideReason ?? '',
    createdAt: now,
    updatedAt: now,
  }));
  return { series, appointments };
}

/** Books a weekly series: the series and every occurrence, in one transaction. */
export async function bookSeries(
  { repos, api }: Deps,
  input: RecurringBookingInput,
  timeZone: string,
): Promise<{ series: Series; appointments: Appointment[] }> {
  const booked = weeklySeries(input, timeZone, Date.now());
  await recordAudit(api, await commitTogether(await prepareSeries({ repos, api }, booked)));
  return booked;
}

/** The sealed writes of a new series and its occurrences, for a workflow to commit with its own. */
export async function prepareSeries(
  { repos }: Deps,
  booked: { series: Series; appointments: readonly Appointment[] },
): Promise<SealedWrite[]> {
  return [
    await repos.series.prepareSave([booked.series], 'create'),
    await repos.appointments.prepareSave(booked.appointments, 'create'),
  ];
}
