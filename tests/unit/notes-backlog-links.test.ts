// The app's database() is a Dexie on the global indexedDB: fake-indexeddb installs one first.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { database } from '../../renderer/src/data/db';
import { signedLinks } from '../../renderer/src/data/note-links';
import { createRepositories } from '../../renderer/src/data/repositories';
import { loadBacklogInputs } from '../../renderer/src/notes/backlog-data';
import { noteBacklog } from '../../shared/notes/backlog';
import type { Appointment, Note } from '../../shared/records';
import { fakeRecordsApi } from './helpers/records-api';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 18, 9);

const { api } = fakeRecordsApi();

const session = (id: string, start: number, overrides: Partial<Appointment> = {}): Appointment => ({
  id,
  kind: 'individual',
  status: 'completed',
  start,
  end: start + HOUR,
  clientId: 'client-1',
  title: '',
  location: '',
  overrideReason: '',
  createdAt: 0,
  updatedAt: 0,
  ...overrides,
});

const note = (id: string, overrides: Partial<Note>): Note => ({
  id,
  template: 'SOAP',
  clientId: 'client-1',
  sessionAt: 0,
  durationMinutes: 50,
  sections: {},
  attendeeSections: {},
  interventions: [],
  risk: { level: 'none', plan: '' },
  nextSteps: '',
  status: 'signed',
  addenda: [],
  createdAt: 0,
  updatedAt: 0,
  ...overrides,
});

/** The ids of the sessions the backlog lists, as the Notes screen works it out. */
async function backlogIds(): Promise<string[]> {
  const inputs = await loadBacklogInputs(createRepositories(database(), api), NOW);
  return noteBacklog(inputs.appointments, inputs.notes, NOW, 'Europe/London').map((item) => item.appointment.id);
}

beforeEach(async () => {
  await database().open();
});
afterEach(async () => {
  const db = database();
  await Promise.all(db.tables.map((t) => t.clear()));
});

describe('the note backlog over the note links store', () => {
  it('drops a session from the backlog once its note is signed, and keeps sessions with only a draft', async () => {
    const repos = createRepositories(database(), api);
    await repos.appointments.save([
      session('s-old', NOW - 30 * 24 * HOUR),
      session('s-mid', NOW - 10 * 24 * HOUR),
      session('s-new', NOW - 2 * 24 * HOUR),
      session('s-future', NOW + 24 * HOUR, { status: 'scheduled' }),
      session('s-cancelled', NOW - 20 * 24 * HOUR, { status: 'cancelled' }),
      session('s-missed', NOW - 21 * 24 * HOUR, { status: 'no-show' }),
    ]);
    expect(await backlogIds()).toEqual(['s-old', 's-mid', 's-new']);

    await repos.notes.save([note('n-mid', { appointmentId: 's-mid' })]);
    // A note saved in the notes table but not signed does not take a session off the backlog.
    await repos.notes.save([note('n-new', { appointmentId: 's-new', status: 'draft' })]);
    expect(await backlogIds()).toEqual(['s-old', 's-new']);
    expect(await signedLinks(database())).toEqual([{ appointmentId: 's-mid', noteId: 'n-mid' }]);

    // Signing it later writes its link in the same save.
    await repos.notes.save([note('n-new', { appointmentId: 's-new' })]);
    expect(await backlogIds()).toEqual(['s-old']);
  });

  it('matches a signed note with no session by client and time', async () => {
    const repos = createRepositories(database(), api);
    const start = NOW - 5 * 24 * HOUR;
    await repos.appointments.save([session('s-1', start), session('s-2', start - 7 * 24 * HOUR)]);
    await repos.notes.save([note('n-loose', { sessionAt: start + 10 * 60_000 })]);
    expect(await signedLinks(database())).toEqual([{ appointmentId: '', noteId: 'n-loose' }]);
    expect(await backlogIds()).toEqual(['s-2']);
  });

  it('builds the links again from the notes when the store does not match them (an older database, rows written by other means)', async () => {
    const db = database();
    const repos = createRepositories(db, api);
    await repos.appointments.save([session('s-a', NOW - 3 * 24 * HOUR), session('s-b', NOW - 4 * 24 * HOUR)]);
    await repos.notes.save([note('n-a', { appointmentId: 's-a' })]);
    // A signed note's row put straight into the table, with no link (as an upgrade from before the store finds them).
    const [row] = await db.notes.bulkGet(['n-a']);
    await db.notes.put({ ...row!, id: 'n-b', appointmentId: 's-b' });
    expect(await db.noteLinks.count()).toBe(1);

    expect(await backlogIds()).toEqual([]);
    expect((await db.noteLinks.toArray()).map((l) => `${l.appointmentId}/${l.noteId}`).sort()).toEqual(['s-a/n-a', 's-b/n-b']);

    await db.noteLinks.clear();
    expect(await backlogIds()).toEqual([]);
    expect(await db.noteLinks.count()).toBe(2);
  });
});
