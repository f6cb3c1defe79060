/**
 * Booking: the calendar's data operations. Recurring bookings store the RFC 5545 rule on
 * a Series and materialise one Appointment per occurrence (with seriesId), so a week is
 * one indexed range query and a single occurrence can be moved or cancelled on its own
 * without touching the rest of the series.
 *
 * The conflict check reads only clear index fields (start, end, kind, status, client and
 * group ids) from the rows around the candidate: nothing is decrypted to check a booking.
 */
import type { Appointment, AppointmentKind, AppointmentStatus, Membership, Series } from '../../../shared/records';
import { newId } from '../../../shared/ids';
import type { Settings } from '../../../shared/settings';
import { AppointmentIndex, checkBooking, expandSeries, weeklyRule } from '../../../shared/scheduling';
import type { BookingCandidate, BookingCheck } from '../../../shared/scheduling';
import { api, unwrap } from '../app/api';
import { database } from '../data/db';
import { appointmentFromClear, repositories } from '../data/repositories';
import { isUnreadable } from '../data/repository';

const DAY_MS = 86_400_000;
/** Longest appointment the calendar accepts; bounds how far back an overlapping one can start. */
export const MAX_APPOINTMENT_MS = 12 * 60 * 60_000;

/** Clear index fields of every appointment that could touch [from, to), without decrypting anything. */
export async function indexForRange(from: number, to: number): Promise<AppointmentIndex> {
  const rows = await database()
    .appointments.where('start')
    .between(from - MAX_APPOINTMENT_MS, to, true, false)
    .toArray();
  return new AppointmentIndex(rows.map(appointmentFromClear));
}

export interface BookingNames {
  clientName?: (id: string) => string | undefined;
  groupName?: (id: string) => string | undefined;
}

/**
 * Which groups a client belonged to at a moment, from the memberships indexed by client once:
 * the conflict check asks this for every session it looks at.
 */
export function groupsOfClientAt(memberships: readonly Membership[]): (clientId: string, at: number) => string[] {
  const byClient = new Map<string, Membership[]>();
  for (const m of memberships) {
    if (m.status === 'waitlisted') continue;
    const list = byClient.get(m.clientId);
    if (list) list.push(m);
    else byClient.set(m.clientId, [m]);
  }
  return (clientId, at) =>
    (byClient.get(clientId) ?? [])
      .filter((m) => (m.joinedAt ?? 0) <= at && (m.leftAt === undefined || m.leftAt > at))
      .map((m) => m.groupId);
}

/** Memberships are few; they are opened once per check to know who attends which group when. */
export async function membershipLookup(): Promise<(clientId: string, at: number) => string[]> {
  return groupsOfClientAt((await repositories().memberships.all()).records);
}

/** Checks one or more candidate occurrences against everything around them (and each other). */
export async function checkCandidates(
  candidates: readonly BookingCandidate[],
  settings: Settings,
  names: BookingNames = {},
  excludeIds: readonly string[] = [],
): Promise<BookingCheck> {
  if (candidates.length === 0) return { hard: [], soft: [] };
  const from = Math.min(...candidates.map((c) => c.start)) - 8 * DAY_MS;
  const to = Math.max(...candidates.map((c) => c.end)) + 8 * DAY_MS;
  const index = await indexForRange(from, to);
  for (const id of excludeIds) index.remove(id);
  const activeGroupIdsForClient = await membershipLookup();
  const hard: BookingCheck['hard'] = [];
  const soft: BookingCheck['soft'] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const result = checkBooking(candidate, { index, settings, activeGroupIdsForClient, ...names });
    for (const item of [...result.hard.map((h) => ['hard', h] as const), ...result.soft.map((s) => ['soft', s] as const)]) {
      const key = `${item[0]}|${item[1].message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (item[0] === 'hard') hard.push(item[1] as BookingCheck['hard'][number]);
      else soft.push(item[1] as BookingCheck['soft'][number]);
    }
  }
  return { hard, soft };
}

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

export async function saveBooking(input: BookingInput): Promise<Appointment> {
  const repo = repositories().appointments;
  const now = Date.now();
  const existing = input.id ? await repo.get(input.id) : undefined;
  const previous = existing !== undefined && !isUnreadable(existing) ? existing : undefined;
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
  await repo.save([appointment], previous ? 'update' : 'create');
  return appointment;
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

export async function saveRecurringBooking(
  input: RecurringBookingInput,
): Promise<{ series: Series; appointments: Appointment[] }> {
  const settings = await unwrap(api().settings.get({}));
  const now = Date.now();
  const series: Series = {
    id: newId(),
    kind: input.kind,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    ...(input.groupId ? { groupId: input.groupId } : {}),
    rrule: weeklyRule({ weekdays: input.weekdays, count: input.count }),
    dtstart: input.firstStart,
    timeZone: settings.timeZone,
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
  await repositories().series.save([series], 'create');
  await repositories().appointments.save(appointments, 'create');
  return { series, appointments };
}

/**
 * Moves or cancels one occurrence of a series and records it as an exception on the
 * series, so the rule itself (and every other occurrence) is untouched.
 */
export async function recordSeriesException(
  appointment: Appointment,
  change: { cancelled?: boolean; start?: number; end?: number },
): Promise<void> {
  if (!appointment.seriesId) return;
  const series = await repositories().series.get(appointment.seriesId);
  if (!series || !('rrule' in series)) return;
  const original = series.moved.find((m) => m.start === appointment.start)?.original ?? appointment.start;
  const next: Series = { ...series, updatedAt: Date.now() };
  if (change.cancelled) next.cancelled = [...new Set([...series.cancelled, original])];
  if (change.start !== undefined && change.end !== undefined) {
    next.moved = [...series.moved.filter((m) => m.original !== original), { original, start: change.start, end: change.end }];
  }
  await repositories().series.save([next], 'update');
}
