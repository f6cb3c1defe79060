/**
 * A realistic working week for the calendar's layout tests: eight clients (long, hyphenated and
 * accented names, one with a preferred name), six to eight individual sessions a day, an evening
 * group inside the time kept for groups, supervision inside its protected block, admin and a
 * break, and a few sessions already completed, missed or late-cancelled. Records are sealed by
 * the harness's vault and written straight into the page's IndexedDB, as the bench loads its
 * practice, so the set-up takes a second rather than sixty bookings through the dialog.
 */
import type { Appointment, AppointmentKind, AppointmentStatus, Client, Group } from '../../shared/records';
import { instantFromZoned } from '../../shared/scheduling/time';
import type { LaunchedApp } from './harness';
import { putRows } from './seed-practice';

export const ZONE = 'Europe/London';
/** Monday 1 March 2027. */
export const WEEK_OF = { year: 2027, month: 3, day: 1 };
/** The fixed "now" of the tests: Tuesday 2 March 2027, 11:20 in London. */
export const NOW = instantFromZoned({ ...WEEK_OF, day: 2, hour: 11, minute: 20 }, ZONE);

const CREATED = instantFromZoned({ year: 2027, month: 1, day: 4, hour: 9, minute: 0 }, ZONE);

const CLIENT_NAMES: [string, string][] = [
  ['Aoife Brennan-Kavanagh', ''],
  ['Carmen Rodríguez Villanueva', ''],
  ['Jennifer Okafor', 'Jen'],
  ['Omar Haddad', ''],
  ['Priya Shah', ''],
  ['Zoë Ångström', ''],
  ['Mateus Albuquerque Fonseca', ''],
  ['Lena Fischer-Hoffmann', ''],
];

export const GROUP_NAME = 'Thursday Evening Grief Circle';

export const SETTINGS = {
  timeZone: ZONE,
  workingHours: { start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] },
  groupBlocks: [{ weekday: 4, start: '17:30', end: '21:00' }],
  protectedBlocks: [{ weekday: 3, start: '13:00', end: '14:00', kind: 'supervision' as const }],
  // A clinician who sees eight a day sets limits to match; warnings then mark what stands out.
  limits: {
    targetIndividualShare: 0.8,
    maxClinicalHoursPerDay: 9,
    maxClinicalHoursPerWeek: 32,
    maxSessionsPerDay: 9,
    breakAfterConsecutiveSessions: 4,
  },
};

const clients: Client[] = CLIENT_NAMES.map(([name, preferredName], i) => ({
  id: `client-${i + 1}`,
  name,
  preferredName,
  pronouns: '',
  dateOfBirth: '',
  email: '',
  phone: '',
  address: '',
  emergencyContact: '',
  status: 'active',
  presentingConcerns: '',
  modalities: [],
  defaultSessionMinutes: 50,
  telehealthUrl: '',
  archived: false,
  createdAt: CREATED,
  updatedAt: CREATED,
}));

const group: Group = {
  id: 'group-1',
  name: GROUP_NAME,
  focus: 'Grief',
  facilitator: 'Dr Ada Reyes',
  coFacilitator: '',
  openness: 'closed',
  capacity: 10,
  location: '',
  onlineUrl: '',
  recurrence: '',
  sessionMinutes: 90,
  archived: false,
  createdAt: CREATED,
  updatedAt: CREATED,
};

let serial = 0;
function appointment(
  day: number,
  start: string,
  end: string,
  kind: AppointmentKind,
  extra: { clientId?: string; groupId?: string; title?: string; status?: AppointmentStatus } = {},
): Appointment {
  const at = (hhmm: string) => {
    const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
    return instantFromZoned({ ...WEEK_OF, day: WEEK_OF.day + day, hour, minute }, ZONE);
  };
  serial += 1;
  return {
    id: `appt-${String(serial).padStart(3, '0')}`,
    kind,
    status: extra.status ?? 'scheduled',
    start: at(start),
    end: at(end),
    title: extra.title ?? '',
    location: '',
    overrideReason: '',
    createdAt: CREATED,
    updatedAt: CREATED,
    ...(extra.clientId ? { clientId: extra.clientId } : {}),
    ...(extra.groupId ? { groupId: extra.groupId } : {}),
  };
}

/** Individual sessions per day (Monday = 0): start times, each 50 minutes, clients in turn. */
const DAYS: string[][] = [
  ['09:00', '10:00', '11:00', '12:00', '14:00', '15:00', '16:00'],
  ['09:00', '10:00', '11:00', '12:00', '14:00', '15:00', '16:00', '17:00'],
  ['09:00', '10:00', '11:00', '12:00', '14:00', '15:00'],
  ['09:00', '10:00', '11:00', '12:00', '14:00', '15:00', '16:00', '17:00'],
  ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00'],
];

function buildWeek(): Appointment[] {
  serial = 0;
  const list: Appointment[] = [];
  let turn = 0;
  DAYS.forEach((starts, day) => {
    for (const start of starts) {
      const [h, m] = start.split(':').map(Number);
      const end = `${String(h!).padStart(2, '0')}:${String(m! + 50).padStart(2, '0')}`;
      const clientId = clients[turn % clients.length]!.id;
      turn += 1;
      // Monday is past: done, except one no-show; one late cancellation on Tuesday morning.
      const status: AppointmentStatus =
        day === 0 ? (start === '11:00' ? 'no-show' : 'completed') : day === 1 && start === '09:00' ? 'late-cancel' : 'scheduled';
      list.push(appointment(day, start, end, 'individual', { clientId, status }));
    }
  });
  list.push(appointment(0, '13:00', '13:45', 'self-care', { title: 'Lunch walk', status: 'completed' }));
  list.push(appointment(2, '13:00', '14:00', 'supervision', { title: 'Supervision with Dr Ada Reyes' }));
  list.push(appointment(3, '18:00', '19:30', 'group', { groupId: group.id }));
  list.push(appointment(4, '12:00', '13:00', 'admin', { title: 'Letters and referrals' }));
  // Double-booked: a call over the end of Friday's last session (a conflict on both).
  list.push(appointment(4, '16:30', '17:30', 'admin', { title: 'Case review call' }));
  return list;
}

export const APPOINTMENTS = buildWeek();
export const CLIENTS = clients;

/** The name each event shows first: preferred name, group name or title. */
export function shownNameOf(a: Appointment): string {
  if (a.clientId) {
    const c = clients.find((x) => x.id === a.clientId)!;
    return c.preferredName || c.name;
  }
  if (a.groupId) return group.name;
  return a.title;
}

type Row = Record<string, unknown> & { id: string };

/** The clear index fields each table keeps beside the envelope (as renderer/src/data/repositories.ts). */
const clearOf = {
  clients: (c: Client): Row => ({ id: c.id, status: c.status, archived: c.archived ? 1 : 0 }),
  groups: (g: Group): Row => ({ id: g.id, archived: g.archived ? 1 : 0 }),
  appointments: (a: Appointment): Row => ({
    id: a.id,
    start: a.start,
    end: a.end,
    kind: a.kind,
    status: a.status,
    clientId: a.clientId,
    groupId: a.groupId,
    seriesId: a.seriesId,
  }),
};

/** Writes the week's records into the unlocked app's database. Call after the vault is set up. */
export async function seedRealisticWeek(app: LaunchedApp): Promise<void> {
  const tables: [keyof typeof clearOf, { id: string }[]][] = [
    ['clients', clients],
    ['groups', [group]],
    ['appointments', APPOINTMENTS],
  ];
  for (const [table, records] of tables) {
    const envelopes = app.services.vault.seal(
      records.map((r) => ({ id: r.id, table, schemaVersion: 1, plaintext: JSON.stringify(r) })),
    );
    const rows = records.map((r, i) => ({ ...(clearOf[table] as (x: unknown) => Row)(r), v: 1, env: envelopes[i] }));
    await putRows(app, table, rows);
  }
}
