/**
 * Years of records behind a screen: a client's timeline opens a page at a time, and the
 * first search after unlocking shows results from the part of the sealed index loaded so far.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { groupAggregate } from '../../shared/measures/scoring';
import { SEARCH_SHARDS } from '../../shared/notes/search-index';
import { MEASURE_KINDS } from '../../shared/records';
import type { Measure } from '../../shared/records';
import { generatePractice, searchShardsHeld } from '../fixtures/synthetic-practice';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage } from './pages/groups-page';
import { NotesPage } from './pages/notes-page';
import { PASSPHRASE, VaultPage } from './pages/vault-page';
import { seedPractice, seedRecords } from './seed-practice';

const SHOTS = process.env.HOLDSPACE_SCREENSHOTS ?? path.join(process.cwd(), '.tmp', 'screenshots');
const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };
const practice = generatePractice({ seed: 'long-lists', scale: 0.01 });

let app: LaunchedApp;
/** While set, the page's requests to open index shards from this one on wait for `until`. */
let holdShardsFrom: { from: number; until: Promise<void> } | undefined;
/** The shard a stored index row holds whole (`base-N`); -1 for a delta row. */
const shardOfRow = (id: string): number => Number(/^base-(\d+)$/.exec(id)?.[1] ?? -1);
/** While set, main's commit of a restore waits for it (the page has written every record by then). */
let holdCommit: Promise<void> | undefined;
/** While set, the second request to open attendance marks (a group's older years) waits for it. */
let holdOlderMarks: Promise<void> | undefined;
let attendanceOpens = 0;
/** Requests to open questionnaire scores (measures). */
let measuresOpens = 0;
/** The ids of the notes the page asked main to open, in order. */
let notesOpened: string[] = [];
/** While set, requests to open notes wait for it. */
let holdNotes: Promise<void> | undefined;
/** While set, requests to open questionnaire scores wait for it. */
let holdMeasures: Promise<void> | undefined;
/** While set, requests to open notes after the first (counted by `notesOpens`) wait for it. */
let holdLaterNotes: Promise<void> | undefined;
let notesOpens = 0;
/** While set, requests to open records of these tables wait for `until`. */
let holdTables: { tables: readonly string[]; until: Promise<void> } | undefined;
/** Requests to open records of these tables fail. */
let failTables: readonly string[] = [];
test.beforeEach(async () => {
  holdTables = undefined;
  failTables = [];
  holdShardsFrom = undefined;
  holdCommit = undefined;
  holdOlderMarks = undefined;
  attendanceOpens = 0;
  measuresOpens = 0;
  holdNotes = undefined;
  holdLaterNotes = undefined;
  holdMeasures = undefined;
  notesOpens = 0;
  notesOpened = [];
  app = await launchApp({
    profileDir: freshProfileDir('long-lists'),
    kdf: FAST_KDF,
    beforeCall: async (channel, input) => {
      if (channel === 'holdspace:backup.commit' && holdCommit !== undefined) await holdCommit;
      const opening = channel === 'holdspace:vault.open' ? (input as { items: { table: string; id: string }[] }).items : [];
      notesOpened.push(...opening.filter((item) => item.table === 'notes').map((item) => item.id));
      if (holdTables && opening.some((item) => holdTables!.tables.includes(item.table))) await holdTables.until;
      if (opening.some((item) => failTables.includes(item.table))) throw new Error('The records could not be opened.');
      if (opening.some((item) => item.table === 'measures')) measuresOpens += 1;
      if (opening.some((item) => item.table === 'measures') && holdMeasures) await holdMeasures;
      if (opening.some((item) => item.table === 'notes') && holdNotes) await holdNotes;
      if (opening.some((item) => item.table === 'notes') && ++notesOpens > 1 && holdLaterNotes) await holdLaterNotes;
      if (opening.some((item) => item.table === 'attendance') && ++attendanceOpens === 2 && holdOlderMarks) await holdOlderMarks;
      const from = holdShardsFrom;
      if (from && opening.some((item) => item.table === 'searchIndex' && shardOfRow(item.id) >= from.from)) await from.until;
    },
  });
  await new VaultPage(app.page).setUp();
  await seedPractice(app, practice);
  await app.page.reload();
  await expect(app.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});
test.afterEach(async () => {
  await app.close();
});

/**
 * The first search builds the index (none was kept for the seeded notes) and writes it sealed, a
 * segment per shard that holds a note (a small practice may leave one of the 64 empty).
 */
async function buildSearchIndex(page: LaunchedApp['page'], notes: NotesPage): Promise<void> {
  await notes.open();
  await notes.showTab('Search');
  await expect(page.getByRole('status').filter({ hasText: /newest first/ })).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const request = indexedDB.open('holdspace');
          request.onsuccess = () => resolve(request.result);
        });
        const count = await new Promise<number>((resolve) => {
          const request = db.transaction('searchIndex').objectStore('searchIndex').count();
          request.onsuccess = () => resolve(request.result);
        });
        db.close();
        return count;
      }),
    )
    .toBe(searchShardsHeld(practice));
}

test('a client with years of notes opens on the newest page of their timeline, and older entries come on request', async () => {
  const { page } = app;
  // A client still in individual work (their latest note the most recent of anyone's) with years of notes.
  const byClient = new Map<string, number[]>();
  for (const note of practice.notes)
    if (note.clientId) byClient.set(note.clientId, [...(byClient.get(note.clientId) ?? []), note.sessionAt]);
  const [busiest] = [...byClient]
    .filter(([, times]) => times.length > 40)
    .sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))[0]!;
  const name = practice.clients.find((c) => c.id === busiest)!.name;
  const own = practice.notes.filter((n) => n.clientId === busiest).sort((a, b) => b.sessionAt - a.sessionAt);
  const opening = (note: (typeof own)[number]): string =>
    Object.values(note.sections)
      .find((t) => t.trim() !== '')!
      .slice(0, 60);

  await new ClientsPage(page).openClient(name);
  const timeline = page.getByRole('list', { name: `Timeline for ${name}` });
  await expect(timeline.getByRole('listitem')).toHaveCount(20);
  // The first year's notes are not on the first page (not even opened yet).
  await expect(timeline).not.toContainText(opening(own.at(-1)!));
  const older = page.getByRole('button', { name: 'Show older entries' });
  const lastShown = await timeline.getByRole('listitem').nth(19).locator('.timeline-date').textContent();
  // While the older notes are being opened, the first page stays where it is.
  let release = (): void => undefined;
  holdNotes = new Promise<void>((resolve) => (release = resolve));
  await older.click();
  await expect(timeline.getByRole('listitem')).toHaveCount(20);
  await expect(page.getByText('Opening notes…')).toHaveCount(0);
  release();
  holdNotes = undefined;
  await expect(timeline.getByRole('listitem')).toHaveCount(40);
  // The next page continues where the first ended, going back in time.
  const dates = await timeline.locator('.timeline-date').allTextContents();
  expect(dates[19]).toBe(lastShown);
  // Newest first throughout ("Monday 1 December 2025 at 18:30").
  const times = dates.map((d) => Date.parse(d.replace(/^\w+ /, '').replace(' at ', ' ')));
  expect(times.every((t) => Number.isFinite(t))).toBe(true);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  expect(new Set(times).size).toBe(40);
});

test('once search is loaded, a client page opens only the group notes that hold a section of theirs, and shows the same', async () => {
  const { page } = app;
  // A member of a busy group whose newest entries are mostly group notes written without a
  // section of theirs (sessions after they left, or they missed): the page must look past them.
  const groupsOf = (clientId: string) =>
    new Set(practice.memberships.filter((m) => m.clientId === clientId).map((m) => m.groupId));
  const sectionOf = (note: (typeof practice.notes)[number], clientId: string) => (note.attendeeSections[clientId] ?? '').trim();
  const passedOver = (clientId: string) => {
    const groups = groupsOf(clientId);
    return practice.notes
      .filter((n) => (n.groupId === undefined ? n.clientId === clientId : groups.has(n.groupId) && n.status === 'signed'))
      .sort((a, b) => b.sessionAt - a.sessionAt)
      .slice(0, 40)
      .filter((n) => n.groupId !== undefined && sectionOf(n, clientId) === '').length;
  };
  const client = practice.clients.filter((c) => !c.archived).sort((a, b) => passedOver(b.id) - passedOver(a.id))[0]!;
  expect(passedOver(client.id)).toBeGreaterThan(10);
  const clients = new ClientsPage(page);
  const timeline = page.getByRole('list', { name: `Timeline for ${client.name}` });
  const notes = new NotesPage(page);
  await buildSearchIndex(page, notes);
  await page.reload();
  notesOpened = [];

  const byId = new Map(practice.notes.map((n) => [n.id, n]));
  const opened = () => notesOpened.map((id) => byId.get(id)!).filter((n) => n.groupId !== undefined);
  const withoutSection = () =>
    opened()
      .filter((n) => sectionOf(n, client.id) === '')
      .map((n) => n.id);

  // Before search is loaded, the group notes are opened to look.
  await clients.openClient(client.name);
  await expect(timeline.getByRole('listitem')).toHaveCount(20);
  const before = await timeline.getByRole('listitem').allTextContents();
  expect(withoutSection().length).toBeGreaterThan(10);

  const lookedAt = withoutSection();

  // A new page (nothing opened yet), search loaded, then the same client.
  await page.reload();
  notesOpened = [];
  await notes.open();
  // A search that matches nothing: the whole index is loaded, and no note is opened for it.
  await notes.search('xylophonic');
  await expect(page.getByRole('status').filter({ hasText: /No notes match/ })).toBeVisible({ timeout: 30_000 });
  // Those the Notes screen has opened meanwhile (its own lists) would not be asked for again in any case.
  const openedByNotes = new Set(notesOpened);
  expect(lookedAt.filter((id) => !openedByNotes.has(id)).length).toBeGreaterThan(5);
  await clients.open();
  notesOpened = [];
  await clients.openClient(client.name);
  await expect(timeline.getByRole('listitem')).toHaveCount(20);
  expect(await timeline.getByRole('listitem').allTextContents()).toEqual(before);
  expect(opened().filter((n) => sectionOf(n, client.id) !== '').length).toBeGreaterThan(0);
  expect(withoutSection()).toEqual([]);
});

test('choosing another client never shows the first one’s notes under the new name while theirs are opened', async () => {
  const { page } = app;
  // Two clients with questionnaires: a timeline lists them with the notes, and the second's are
  // never opened by the first's page (their groups' notes may be, and would show at once).
  const [first, second] = practice.clients.filter((c) => !c.archived && practice.measures.some((m) => m.clientId === c.id));
  const firstEntryFor = (name: string) =>
    page
      .getByRole('list', { name: `Timeline for ${name}` })
      .getByRole('listitem')
      .first();
  await new ClientsPage(page).openClient(first!.name);
  await expect(firstEntryFor(first!.name)).toBeVisible();

  // The second client's records are held back: their page says it is opening them, and shows none of the first's.
  let release = (): void => undefined;
  holdMeasures = new Promise<void>((resolve) => (release = resolve));
  await page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: second!.name }).click();
  await expect(page.getByRole('heading', { name: second!.name, level: 2 })).toBeVisible();
  const notesPanel = page.getByRole('region', { name: 'Notes timeline' });
  await expect(notesPanel.getByText('Opening notes…')).toBeVisible();
  await expect(notesPanel.getByRole('list')).toHaveCount(0);
  release();
  holdMeasures = undefined;
  await expect(firstEntryFor(second!.name)).toBeVisible();
});

test('a client page shows the entries its first batch found while it opens more, then grows below them', async () => {
  const { page } = app;
  // A member whose group has met thirty times since their last entry without a section of
  // theirs (they were away): the first batch of notes opened finds only a few of their entries.
  const client = practice.clients.find(
    (c) => !c.archived && practice.notes.some((n) => n.groupId !== undefined && (n.attendeeSections[c.id] ?? '').trim() !== ''),
  )!;
  const model = practice.notes
    .filter((n) => n.groupId !== undefined && n.status === 'signed' && Object.hasOwn(n.attendeeSections, client.id))
    .sort((a, b) => b.sessionAt - a.sessionAt)[0]!;
  const newest = Math.max(
    ...practice.notes.map((n) => n.sessionAt),
    ...practice.measures.filter((m) => m.clientId === client.id).map((m) => m.takenAt),
  );
  const away = Array.from({ length: 30 }, (_, i) => {
    const others = { ...model.attendeeSections };
    delete others[client.id];
    const [first] = Object.keys(model.sections);
    return {
      ...model,
      id: `away-${String(i).padStart(2, '0')}`,
      appointmentId: undefined,
      sessionAt: newest + (i + 1) * 7 * 86_400_000,
      sections: { ...model.sections, [first!]: `A session while they were away (${i + 1})` },
      attendeeSections: others,
    };
  });
  await seedRecords(app, 'notes', away);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  let release = (): void => undefined;
  holdLaterNotes = new Promise<void>((resolve) => (release = resolve));
  notesOpens = 0;
  notesOpened = [];
  await new ClientsPage(page).openClient(client.name);
  const timeline = page.getByRole('list', { name: `Timeline for ${client.name}` });
  const more = page.getByRole('status').filter({ hasText: 'Opening more entries…' });
  await expect(more).toBeVisible();
  const early = await timeline.getByRole('listitem').allTextContents();
  expect(early.length).toBeGreaterThan(0);
  expect(early.length).toBeLessThan(20);
  expect(notesOpens).toBe(2);
  // No other member's section, and none of the sessions they missed, is on their page.
  expect(early.join(' ')).not.toContain('while they were away');
  await expect(page.getByRole('button', { name: 'Show older entries' })).toHaveCount(0);
  release();
  holdLaterNotes = undefined;
  await expect(more).toHaveCount(0);
  await expect(timeline.getByRole('listitem')).toHaveCount(20);
  const full = await timeline.getByRole('listitem').allTextContents();
  expect(full.slice(0, early.length)).toEqual(early);
  expect(full.join(' ')).not.toContain('while they were away');
  expect(notesOpened.filter((id) => id.startsWith('away-')).length).toBe(30);
});

test('a client’s record exported as PDF holds every signed note of theirs, oldest first, and only their own sections of group notes', async () => {
  // Drawing some 260 notes into the PDF takes a while on this machine.
  test.setTimeout(180_000);
  const { page } = app;
  // A client with more notes than one page, who also has sections in group notes.
  const ownCount = (id: string) => practice.notes.filter((n) => n.clientId === id && n.status === 'signed').length;
  const client = practice.clients
    .filter((c) =>
      practice.notes.some(
        (n) => n.groupId !== undefined && n.status === 'signed' && (n.attendeeSections[c.id] ?? '').trim() !== '',
      ),
    )
    .sort((a, b) => ownCount(b.id) - ownCount(a.id))[0]!;
  expect(ownCount(client.id)).toBeGreaterThan(20);
  const oldest = Math.min(...practice.notes.map((n) => n.sessionAt));
  const ownModel = practice.notes.find((n) => n.clientId === client.id && n.status === 'signed')!;
  const groupModel = practice.notes.find(
    (n) => n.groupId !== undefined && n.status === 'signed' && (n.attendeeSections[client.id] ?? '').trim() !== '',
  )!;
  const other = Object.keys(groupModel.attendeeSections).find((id) => id !== client.id) ?? 'someone-else';
  // Older than anything on the first page: only a whole-record export reaches them.
  await seedRecords(app, 'notes', [
    {
      ...ownModel,
      id: 'export-oldest',
      appointmentId: undefined,
      sessionAt: oldest - 14 * 86_400_000,
      sections: Object.fromEntries(Object.keys(ownModel.sections).map((k) => [k, 'Oldestmarker began work today.'])),
    },
    {
      ...groupModel,
      id: 'export-group',
      appointmentId: undefined,
      sessionAt: oldest - 7 * 86_400_000,
      attendeeSections: { [client.id]: 'Ownsectionmarker shared a memory.', [other]: 'Othermembermarker spoke of a loss.' },
    },
  ]);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await new ClientsPage(page).openClient(client.name);
  await expect(page.getByRole('list', { name: `Timeline for ${client.name}` }).getByRole('listitem')).toHaveCount(20);
  await page.getByRole('button', { name: 'Export record as PDF' }).click();
  // Every signed note of theirs, and every signed group note holding a section of theirs, with the two above.
  const groups = new Set(practice.memberships.filter((m) => m.clientId === client.id).map((m) => m.groupId));
  const expected =
    practice.notes.filter(
      (n) =>
        n.status === 'signed' &&
        (n.groupId === undefined
          ? n.clientId === client.id
          : groups.has(n.groupId) && (n.attendeeSections[client.id] ?? '').trim() !== ''),
    ).length + 2;
  const done = page.getByText(/^Exported \d+ notes\./);
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expect(done).toHaveText(`Exported ${expected} notes.`);
  expect(app.savedFiles).toHaveLength(1);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', app.savedFiles[0]!, '-'], { encoding: 'utf8' });
  expect(text).toContain('Oldestmarker');
  expect(text).toContain('Ownsectionmarker');
  // Another member's words never go into this client's record.
  expect(text).not.toContain('Othermembermarker');
  // Oldest first: the first note of all comes before the group session a week later.
  expect(text.indexOf('Oldestmarker')).toBeLessThan(text.indexOf('Ownsectionmarker'));
  expect(path.basename(app.savedFiles[0]!)).not.toContain(client.name.split(' ')[0]!);
});

test('a group with years of sessions opens on its newest notes and its last year of attendance, the rest on request', async () => {
  const { page } = app;
  const group = practice.groups.find((g) => !g.archived && practice.notes.filter((n) => n.groupId === g.id).length > 40)!;
  const total = practice.notes.filter((n) => n.groupId === group.id).length;
  const groups = new GroupsPage(page);
  await groups.openGroup(group.name);

  // The group's outcome figures wait for its notes: while the notes are held back, no score is opened
  // (their reading starts once the notes are listed, and their opening waits for the screen's own requests).
  let releaseNotes = (): void => undefined;
  holdNotes = new Promise((resolve) => (releaseNotes = resolve));
  measuresOpens = 0;
  await groups.tab('Notes & outcomes');
  await expect(page.getByText('Opening notes…')).toBeVisible();
  await expect(page.getByText('Working out the group’s figures…')).toBeVisible();
  await page.waitForTimeout(500);
  expect(measuresOpens).toBe(0);
  holdNotes = undefined;
  releaseNotes();
  const notes = page.getByRole('list', { name: 'Group notes' });
  await expect(notes.getByRole('listitem')).toHaveCount(20);
  await expect(page.getByRole('status').filter({ hasText: `Showing the newest 20 of ${total} group notes.` })).toBeVisible();
  const lastShown = await notes.getByRole('listitem').nth(19).locator('.timeline-date').textContent();
  await page.getByRole('button', { name: 'Show older notes' }).click();
  await expect(notes.getByRole('listitem')).toHaveCount(40);
  await expect(page.getByRole('status').filter({ hasText: `Showing the newest 40 of ${total} group notes.` })).toBeVisible();
  const dates = await notes.locator('.timeline-date').allTextContents();
  expect(dates[19]).toBe(lastShown);
  const times = dates.map((d) => Date.parse(d.replace(/^\w+ /, '').replace(' at ', ' ')));
  expect(times.every((t) => Number.isFinite(t))).toBe(true);
  expect([...times].sort((a, b) => b - a)).toEqual(times);

  // The group's outcome figures come once the notes are shown, the same as worked out here from every member's scores.
  const byClient = new Map<string, Measure[]>();
  for (const m of practice.measures) byClient.set(m.clientId, [...(byClient.get(m.clientId) ?? []), m]);
  for (const kind of MEASURE_KINDS) {
    const result = groupAggregate(byClient, practice.memberships, group.id, kind);
    const stat = page.locator('.balance-stat').filter({ hasText: `${kind} mean change since joining` });
    await expect(stat).toContainText(result.aggregate ? result.aggregate.summary : `Hidden${result.reason}`);
  }
  await expect(page.getByText('Working out the group’s figures…')).toBeHidden();
  expect(measuresOpens).toBeGreaterThan(0);

  // Attendance over time: the last twelve months at first (five years of bars would be unreadable), every session on request.
  await groups.tab('Sessions & attendance');
  const period = page.getByLabel('Sessions shown');
  await expect(period.locator('option').first()).toContainText(' of ');
  const recentLabel = (await period.locator('option').first().textContent()) ?? '';
  const [, recent, all] = /The last 12 months \((\d+) of (\d+)\)/.exec(recentLabel)!.map(Number);
  expect(recent).toBeGreaterThan(20);
  expect(all).toBeGreaterThan(recent!);
  await page.getByText('Attendance per session as a table').click();
  const rows = page.locator('.attendance-chart tbody tr');
  await expect(rows).toHaveCount(recent!);
  const firstRecent = await rows.first().textContent();
  await period.selectOption({ label: `Every session (${all})` });
  await expect(rows).toHaveCount(all!);
  // The whole history ends with the same last twelve months.
  expect(await rows.nth(all! - recent!).textContent()).toBe(firstRecent);
  await expect(page.getByRole('img', { name: 'Attendance per session chart' })).toBeVisible();
});

test('a group opens on its last year of attendance while the older years are still being opened', async () => {
  const { page } = app;
  const group = practice.groups.find((g) => !g.archived && practice.notes.filter((n) => n.groupId === g.id).length > 40)!;
  let release = (): void => undefined;
  holdOlderMarks = new Promise<void>((resolve) => (release = resolve));
  const groups = new GroupsPage(page);
  await groups.open();
  attendanceOpens = 0;
  await groups.openGroup(group.name);
  // The roster is there at once; rates over five years wait for five years of marks.
  const roster = page.locator('table.roster-table tbody tr');
  await expect(roster.first()).toBeVisible();
  await expect(roster.first().getByText('Counting…')).toBeVisible();

  await groups.tab('Sessions & attendance');
  // The register of the latest session and the last year's chart work already.
  await expect(page.getByRole('heading', { name: 'Take attendance' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Attendance per session chart' })).toBeVisible();
  const period = page.getByLabel('Sessions shown');
  await expect(period.locator('option', { hasText: 'Every session (counting…)' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Export attendance as CSV' })).toBeDisabled();
  await expect(page.getByText('Counting attendance over every session')).toBeVisible();

  release();
  await expect(period.locator('option').last()).toHaveText(/^Every session \(\d+\)$/);
  await expect(period.locator('option').last()).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Export attendance as CSV' })).toBeEnabled();
  await expect(page.getByText(/^Attendance recorded for \d+ sessions from/)).toBeVisible();
  await groups.tab('Roster');
  await expect(page.locator('table.roster-table').getByText('Counting…')).toHaveCount(0);
  await expect(page.locator('table.roster-table tbody')).toContainText('%');
});

test('a group’s page says it is opening its roster, sessions and agreement, never that it has none, while they are read', async () => {
  const { page } = app;
  const group = practice.groups.find(
    (g) =>
      !g.archived &&
      practice.agreements.some((a) => a.groupId === g.id) &&
      practice.memberships.filter((m) => m.groupId === g.id && m.status === 'member').length > 2,
  )!;
  const members = practice.memberships.filter((m) => m.groupId === group.id && m.status === 'member');
  const firstName = practice.clients
    .filter((c) => members.some((m) => m.clientId === c.id))
    .map((c) => c.name)
    .sort((a, b) => a.localeCompare(b))[0]!;
  let release = (): void => undefined;
  holdTables = {
    tables: ['memberships', 'agreements', 'signatures'],
    until: new Promise<void>((resolve) => (release = resolve)),
  };
  const groups = new GroupsPage(page);
  await groups.openGroup(group.name);

  // Held: the memberships are not opened yet. Before, the roster said "No members yet. Add clients
  // above." and the header "0 of 12 places filled", then a moment later listed the members.
  await expect(page.getByRole('status').filter({ hasText: 'Opening the roster…' })).toBeVisible();
  await expect(page.getByText('No members yet')).toHaveCount(0);
  await expect(page.getByText('No one is waiting for a place.')).toHaveCount(0);
  await expect(page.locator('.group-header')).not.toContainText('places filled');
  // Nor can a client be added to a roster not yet read (it could be full).
  await expect(page.getByLabel('Client to add')).toBeDisabled();
  // The sessions are read once the roster is in, so they are still to come too.
  await groups.tab('Sessions & attendance');
  await expect(page.getByRole('status').filter({ hasText: 'Opening the sessions…' })).toBeVisible();
  await expect(page.getByText('No sessions yet')).toHaveCount(0);
  // "No agreement yet" offered to start a version 1 beside the versions not yet read.
  await groups.tab('Agreement');
  await expect(page.getByRole('status').filter({ hasText: 'Opening the agreement…' })).toBeVisible();
  await expect(page.getByText('No agreement yet')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start from the default agreement' })).toHaveCount(0);

  release();
  await expect(page.getByText(/^Version \d+, saved /)).toBeVisible();
  await expect(page.getByText('No agreement yet')).toHaveCount(0);
  await groups.tab('Roster');
  await expect(page.locator('table.roster-table tbody th[scope="row"]')).toHaveCount(members.length);
  await expect(page.locator('table.roster-table tbody th[scope="row"]').first()).toHaveText(firstName);
  await expect(page.locator('.group-header')).toContainText(`${members.length} of ${group.capacity} places filled`);
  await expect(page.getByLabel('Client to add')).toBeEnabled();
  await expect(page.getByText('Client record unavailable')).toHaveCount(0);
  await groups.tab('Sessions & attendance');
  await expect(page.getByRole('button', { name: 'Mark everyone present' })).toBeVisible();
});

test('a group whose agreement or sessions cannot be opened says so, and offers no first version beside the ones it could not read', async () => {
  const { page } = app;
  const group = practice.groups.find((g) => !g.archived && practice.agreements.some((a) => a.groupId === g.id))!;
  failTables = ['agreements', 'appointments'];
  // From the page's start: what it opened before (the reminders read every group's agreement once
  // unlocked) is kept in memory, and would be shown without another request to fail.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const groups = new GroupsPage(page);
  await groups.openGroup(group.name);
  // The roster still opens, its agreement column saying the status is not available (not "Not signed").
  await expect(page.locator('table.roster-table tbody th[scope="row"]').first()).toBeVisible();
  await expect(page.locator('table.roster-table tbody')).toContainText('Not available');
  await groups.tab('Agreement');
  await expect(page.getByRole('alert').filter({ hasText: 'The agreement could not be opened' })).toBeVisible();
  await expect(page.getByText('No agreement yet')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start from the default agreement' })).toHaveCount(0);
  await groups.tab('Sessions & attendance');
  await expect(page.getByRole('alert').filter({ hasText: 'The group’s sessions could not be opened' })).toBeVisible();
  await expect(page.getByText('No sessions yet')).toHaveCount(0);
});

test('a client with years of questionnaires lists the newest ten scores, and every score on request', async () => {
  const { page } = app;
  const counts = new Map<string, number>();
  for (const m of practice.measures) counts.set(m.clientId, (counts.get(m.clientId) ?? 0) + 1);
  const [clientId, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  expect(count).toBeGreaterThan(10);
  const name = practice.clients.find((c) => c.id === clientId)!.name;
  await new ClientsPage(page).openClient(name);
  const scores = page.getByRole('table', { name: 'Questionnaire scores, newest first' }).locator('tbody tr');
  await expect(scores).toHaveCount(10);
  const newest = await scores.first().textContent();
  await page.getByRole('button', { name: `Show all ${count} scores` }).click();
  await expect(scores).toHaveCount(count);
  expect(await scores.first().textContent()).toBe(newest);
  await page.getByRole('button', { name: 'Show the newest 10 scores only' }).click();
  await expect(scores).toHaveCount(10);
});

test('a backlog of years of unwritten notes shows the oldest sessions a page at a time, and the same after unlocking again', async () => {
  const { page } = app;
  // Sixty sessions from before the practice's first year, none with a note.
  const client = practice.clients[0]!;
  const DAY = 86_400_000;
  const from = Date.UTC(2010, 0, 4, 9);
  const unwritten = Array.from({ length: 60 }, (_, i) => ({
    id: `unwritten-${String(i).padStart(2, '0')}`,
    kind: 'individual',
    status: 'completed',
    clientId: client.id,
    start: from + i * DAY,
    end: from + i * DAY + 50 * 60_000,
    title: '',
    location: '',
    overrideReason: '',
    createdAt: from,
    updatedAt: from,
  }));
  await seedRecords(app, 'appointments', unwritten);
  await page.reload();

  const notes = new NotesPage(page);
  await notes.open();
  await notes.showTab('Backlog');
  const status = page.getByRole('status').filter({ hasText: /need a signed note/ });
  await expect(status).toContainText('oldest first. Showing the first 50.');
  const total = Number(/(\d+) sessions need/.exec((await status.textContent()) ?? '')![1]);
  expect(total).toBeGreaterThanOrEqual(60);
  await expect(notes.backlog).toHaveCount(50);
  // Oldest first: the sixty from 2010 lead, the first of them at the top.
  await expect(notes.backlog.first()).toContainText(client.name);
  await expect(notes.backlog.first()).toContainText('2010');
  // The window as the clinician sees it, at the top and at the end of the page (items far from
  // the screen are laid out as they come near it, so a full-page capture would show them blank).
  await page.screenshot({ path: path.join(SHOTS, 'notes-backlog-paged.png') });
  const more = page.getByRole('button', { name: /^Show \d+ more sessions$/ });
  await more.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'notes-backlog-paged-end.png') });
  await more.click();
  await expect(notes.backlog).toHaveCount(Math.min(100, total));
  await expect(notes.backlog.nth(59)).toContainText('2010');

  // A new page (as after unlocking) shows the same backlog, from the one kept at the last full check.
  await page.reload();
  await notes.open();
  await notes.showTab('Backlog');
  await expect(status).toContainText(`${total} sessions need a signed note`);
  await expect(notes.backlog).toHaveCount(50);
});

test('the first search after unlocking shows results from the part of the index loaded so far, then the full count', async () => {
  const { page } = app;
  const notes = new NotesPage(page);
  await buildSearchIndex(page, notes);

  // A new page (as after unlocking) loads the kept index; all but its first part are held back.
  let release = (): void => undefined;
  holdShardsFrom = { from: 1, until: new Promise<void>((resolve) => (release = resolve)) };
  await page.reload();
  await notes.open();
  const results = await notes.search('sleep');
  await expect(results.first()).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: /notes? match/ });
  await expect(status).toContainText(`Loading the search index: 1 of ${SEARCH_SHARDS} parts.`);
  const partial = Number(/(\d+) notes? match/.exec((await status.textContent()) ?? '')![1]);

  release();
  await expect(status).toContainText('best match first', { timeout: 30_000 });
  const full = Number(/(\d+) notes? match/.exec((await status.textContent()) ?? '')![1]);
  expect(full).toBeGreaterThan(partial);
  expect(full).toBe(notesAboutSleep());
});

/** How many of the practice's notes mention sleep (or sleeping, sleepless…) anywhere. */
function notesAboutSleep(): number {
  const textOf = (n: (typeof practice.notes)[number]): string =>
    [
      ...Object.values(n.sections),
      ...Object.values(n.attendeeSections),
      ...n.interventions,
      n.risk.plan,
      n.nextSteps,
      ...n.addenda.map((a) => a.text),
    ].join(' ');
  return practice.notes.filter((n) => /\bsleep/i.test(textOf(n))).length;
}

test('while the index loads, the count so far grows and a full page of results stays as it is until search is complete', async () => {
  const { page } = app;
  const notes = new NotesPage(page);
  await buildSearchIndex(page, notes);

  // A new page loads the kept index; the parts from the 40th on are held back.
  let releaseFrom40 = (): void => undefined;
  holdShardsFrom = { from: 40, until: new Promise<void>((resolve) => (releaseFrom40 = resolve)) };
  await page.reload();
  await notes.open();
  const results = await notes.search('sleep');
  const status = page.getByRole('status').filter({ hasText: /notes? match/ });
  const countSoFar = async (): Promise<number> => Number(/(\d+) notes? match/.exec((await status.textContent()) ?? '')?.[1]);
  await expect(status).toContainText(`Loading the search index: 40 of ${SEARCH_SHARDS} parts.`);
  // A full page from what is loaded (asked again once the first answer, from fewer parts, was not).
  await expect(results).toHaveCount(50);
  const firstShown = await results.first().textContent();
  const atForty = await countSoFar();
  const opened = notesOpened.length;

  // More parts load, then the rest are held again: the count catches up, the page does not move.
  let releaseFrom56 = (): void => undefined;
  holdShardsFrom = { from: 56, until: new Promise<void>((resolve) => (releaseFrom56 = resolve)) };
  releaseFrom40();
  await expect(status).toContainText(`Loading the search index: 56 of ${SEARCH_SHARDS} parts.`);
  await expect.poll(countSoFar).toBeGreaterThan(atForty);
  expect(await results.first().textContent()).toBe(firstShown);
  await expect(results).toHaveCount(50);
  // No note was opened to show the same page again.
  expect(notesOpened.length).toBe(opened);

  releaseFrom56();
  await expect(status).toContainText('best match first', { timeout: 30_000 });
  expect(await countSoFar()).toBe(notesAboutSleep());
  await expect(results).toHaveCount(50);
});

test('restoring a practice shows a progress bar of the records written, then reloads with every record back', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  await vault.goTo('Settings');
  await page.getByRole('button', { name: 'Back up now' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Backup saved' });
  await expect(saved).toBeVisible({ timeout: 60_000 });
  const records = Number(/\((\d+) records/.exec((await saved.textContent()) ?? '')?.[1]);
  expect(records).toBeGreaterThan(1000);

  let release: () => void = () => undefined;
  holdCommit = new Promise<void>((resolve) => (release = resolve));
  app.openFiles.push(app.savedFiles.at(-1)!);
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await page.getByLabel('Passphrase for this backup').fill(PASSPHRASE);
  await page.getByLabel('Your current passphrase (on this computer)').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Replace my records with this backup' }).click();
  const bar = page.getByRole('progressbar', { name: 'Records written' });
  await expect(bar).toBeVisible({ timeout: 60_000 });
  // Held before main commits: every record has been written, and the bar and its words say so.
  await expect(bar).toHaveAttribute('value', String(records), { timeout: 60_000 });
  await expect(bar).toHaveAttribute('max', String(records));
  await expect(page.getByText(`${records} of ${records} records written`)).toBeVisible();

  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  release();
  await reloaded;
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 60_000 });
  // The clinician's records are there: the client seen most recently opens on their timeline.
  // (Archived clients are not listed until asked for.)
  const listed = new Set(practice.clients.filter((c) => !c.archived).map((c) => c.id));
  const latest = practice.notes
    .filter((n) => n.clientId !== undefined && listed.has(n.clientId))
    .sort((a, b) => b.sessionAt - a.sessionAt)[0]!;
  const name = practice.clients.find((c) => c.id === latest.clientId)!.name;
  await new ClientsPage(page).openClient(name);
  await expect(
    page
      .getByRole('list', { name: `Timeline for ${name}` })
      .getByRole('listitem')
      .first(),
  ).toBeVisible();
});
