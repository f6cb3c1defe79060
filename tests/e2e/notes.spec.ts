/**
 * Session notes end to end: write a SOAP note, reload mid-typing and find the text, sign it,
 * fail to edit it, add an addendum, find it by search, export it, and see hostile text shown
 * as text.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage } from './pages/groups-page';
import { NotesPage } from './pages/notes-page';
import { VaultPage } from './pages/vault-page';

const SHOTS = process.env.HOLDSPACE_SCREENSHOTS ?? path.join(process.cwd(), '.tmp', 'screenshots');
const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };

let app: LaunchedApp;

/**
 * The disk fills up: every draft write fails (QuotaExceededError) until the returned function
 * frees it.
 */
async function fillTheDisk(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => {
    const w = window as unknown as { __diskFull: boolean };
    w.__diskFull = true;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
        if (this.name === 'drafts' && w.__diskFull) throw new DOMException('The disk is full.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
  return () =>
    page.evaluate(() => {
      (window as unknown as { __diskFull: boolean }).__diskFull = false;
    });
}
test.beforeEach(async () => {
  app = await launchApp({ profileDir: freshProfileDir('notes'), kdf: FAST_KDF });
  fs.mkdirSync(SHOTS, { recursive: true });
});
test.afterEach(async () => {
  await app.close();
});

test('a SOAP note survives a reload mid-typing, is signed, locked, added to, found and exported', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Alex Morgan' });

  await notes.newNote('Alex Morgan');
  await notes.section('Subjective').pressSequentially('Reports sleeping better since the breathing practice.', { delay: 5 });
  await notes.expectSaved();
  // Keep typing, then reload before the autosave's quiet period has passed.
  await notes.section('Subjective').pressSequentially(' Worried about the', { delay: 5 });
  await expect(notes.saveStatus).not.toHaveText('Saved');
  await page.reload();

  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await notes.openDraft('Alex Morgan');
  await expect(notes.section('Subjective')).toHaveValue(/^Reports sleeping better since the breathing practice\./);
  await expect(notes.saveStatus).toHaveText('Saved');

  await notes
    .section('Subjective')
    .fill('Reports sleeping better since the breathing practice. Worried about the tribunal hearing.');
  await notes.section('Objective').fill('Calm, good eye contact. PHQ-9 down to 9.');
  await notes.section('Assessment').fill('Mood improving; anticipatory anxiety about the hearing.');
  await notes.section('Plan').fill('Rehearse grounding before the hearing. Review in two weeks.');
  await notes.chooseIntervention('Grounding');
  await notes.chooseIntervention('Psychoeducation');
  await page.getByRole('textbox', { name: 'Other intervention' }).fill('Letter writing');
  await page.getByRole('button', { name: 'Add intervention' }).click();
  await notes.setRisk('Moderate');

  // Moderate risk without a plan cannot be signed; the clinician is told what to write.
  await notes.requestSign();
  await expect(page.getByRole('alert').filter({ hasText: 'Write the risk plan' })).toBeVisible();
  await notes.section('Risk plan (required)').fill('Safety plan reviewed; crisis line number given. Review next session.');
  await notes.section('Next steps').fill('Send letter to GP.');
  await notes.expectSaved();
  await page.screenshot({ path: path.join(SHOTS, 'notes-editor.png'), fullPage: true });

  await notes.sign();
  // Signed: no editable section remains, only the addendum box.
  await expect(page.getByText('Worried about the tribunal hearing.')).toBeVisible();
  await expect(notes.section('Subjective')).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(1);
  await expect(page.getByRole('textbox', { name: 'Addendum' })).toBeVisible();

  // The signature and a content hash are in the audit trail, with the time.
  const signEntries = app.services.audit.list({ actions: ['sign'] });
  expect(signEntries).toHaveLength(1);
  expect(signEntries[0]!.kind).toBe('note');
  expect(signEntries[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  expect(signEntries[0]!.at).toBeGreaterThan(Date.now() - 60_000);

  await notes.addAddendum('Correction: the hearing is an employment tribunal, not a family court.');
  await expect(notes.addenda.getByText(/^Added /)).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'notes-signed-addendum.png'), fullPage: true });

  await notes.page.getByRole('button', { name: 'Export PDF' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toBeVisible();
  expect(app.savedFiles).toHaveLength(1);
  expect(fs.readFileSync(app.savedFiles[0]!).subarray(0, 5).toString()).toBe('%PDF-');
  expect(path.basename(app.savedFiles[0]!)).not.toContain('Alex');
  expect(app.services.audit.list({ actions: ['export'] })).toHaveLength(1);

  await notes.closeEditor();
  // Found by a word from the note and by a word from the addendum, with the match highlighted.
  const results = await notes.search('tribunal');
  await expect(results).toHaveCount(1);
  await expect(results.first().locator('mark').first()).toHaveText(/tribunal/i);
  await expect(results.first()).toContainText('Alex Morgan');
  await notes.search('employment');
  await expect(notes.searchResults).toHaveCount(1);
  await notes.search('tribnal');
  await expect(notes.searchResults).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Risk level' }).selectOption({ label: 'High' });
  await expect(notes.searchResults).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Risk level' }).selectOption({ label: 'Moderate' });
  await notes.search('tribunal');
  await expect(notes.searchResults).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'notes-search.png'), fullPage: true });

  // The index is in memory only: nothing of the note's text is in local or session storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain('tribunal');
});

test('note text containing markup is shown as text and runs nothing', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await vault.setUp();
  await clients.create({ name: 'Sam Lee' });

  const hostile = 'Said <img src=x onerror=alert(1)> and <script>window.__pwned = 1</script> <b>bold</b>';
  await notes.newNote('Sam Lee');
  await page
    .getByRole('combobox', { name: 'Template' })
    .selectOption({ label: 'Free-form: One section, written however suits the session' });
  await notes.section('Session notes').fill(hostile);
  await notes.sign();

  const body = page.locator('.note-body');
  await expect(body.getByText(hostile)).toBeVisible();
  expect(await body.locator('img, script, b').count()).toBe(0);
  await notes.closeEditor();
  const results = await notes.search('onerror');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('<img src=x onerror=alert(1)>');
  expect(await page.locator('.note-results img, .note-results script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

/** YYYY-MM-DD for a day relative to today in the clinician's zone (the harness runs in Europe/London). */
function londonDay(offsetDays: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

test('a past session waits in the backlog until its note is signed, and shows on the client’s timeline', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const calendar = new CalendarPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Jo Baker' });
  await calendar.open();
  await calendar.goTo(londonDay(-1));
  await calendar.book({ kind: 'Individual session', client: 'Jo Baker', date: londonDay(-1), start: '10:00', end: '10:50' });

  await notes.open();
  await notes.showTab('Backlog');
  await expect(notes.backlog).toHaveCount(1);
  await expect(notes.backlogItem('Jo Baker')).toContainText('1 day overdue');
  await page.screenshot({ path: path.join(SHOTS, 'notes-backlog.png'), fullPage: true });

  await notes.writeNoteFromBacklog('Jo Baker');
  await expect(page.getByRole('combobox', { name: 'Linked appointment' })).not.toHaveValue('');
  await expect(page.getByRole('spinbutton', { name: 'Duration (minutes)' })).toHaveValue('50');
  await notes.section('Subjective').fill('First session. Came because of panic attacks at work.');
  await notes.expectSaved();
  await notes.closeEditor();
  await notes.showTab('Backlog');
  await expect(notes.backlogItem('Jo Baker')).toContainText('Draft started');

  await notes.writeNoteFromBacklog('Jo Baker');
  await expect(notes.section('Subjective')).toHaveValue('First session. Came because of panic attacks at work.');
  await notes.section('Objective').fill('Restless, rapid speech.');
  await notes.section('Assessment').fill('Panic disorder likely; assess further.');
  await notes.section('Plan').fill('Psychoeducation about panic; breathing practice daily.');
  await notes.sign();
  await notes.closeEditor();
  await notes.showTab('Backlog');
  await expect(page.getByRole('heading', { name: 'No notes waiting' })).toBeVisible();
  await expect(notes.backlog).toHaveCount(0);

  // The next session's note finds this one (only Jo's notes are opened) and can carry its plan forward.
  await calendar.open();
  await calendar.book({ kind: 'Individual session', client: 'Jo Baker', date: londonDay(-1), start: '15:00', end: '15:50' });
  await notes.open();
  await notes.showTab('Backlog');
  await expect(notes.backlog).toHaveCount(1);
  await notes.writeNoteFromBacklog('Jo Baker');
  await expect(page.getByText(/^Previous note: /)).toBeVisible();
  await page.getByRole('button', { name: 'Copy plan from previous note' }).click();
  await expect(notes.section('Plan')).toHaveValue('Psychoeducation about panic; breathing practice daily.');
  await notes.closeEditor();

  await clients.openClient('Jo Baker');
  const timeline = page.getByRole('region', { name: 'Notes timeline' });
  await expect(timeline.getByText('SOAP note').first()).toBeVisible();
  await expect(timeline.getByText('Signed', { exact: true })).toBeVisible();
});

test('a GIRP group note keeps each member’s section on their own record and warns when one names another', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const groups = new GroupsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Ana Silva' });
  await clients.create({ name: 'Ben Okafor' });
  const first = londonDay(-2);
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long' }).format(
    new Date(`${first}T12:00:00Z`),
  );
  await groups.create({ name: 'Grief Circle', weekdays: [weekday], startTime: '10:00', firstDate: first, sessions: 1 });
  await groups.addMember('Ana Silva');
  await groups.addMember('Ben Okafor');

  await notes.writeNoteFromBacklog('Grief Circle');
  await expect(page.getByRole('combobox', { name: 'Template' })).toHaveValue('GIRP');
  await notes.section('Goals').fill('Marking anniversaries.');
  await notes.section('Interventions').fill('Check-in; memory objects.');
  await notes.section('Response').fill('Warm, supportive; some long silences.');
  await notes.section('Plan').fill('Bring a photo next week.');
  await notes.section('Ana Silva').fill('Shared her father’s watch. Ben comforted her.');
  await expect(page.getByRole('note').filter({ hasText: 'Ana Silva’s section mentions Ben Okafor' })).toBeVisible();
  await notes.section('Ana Silva').fill('Shared her father’s watch. Another member comforted her.');
  await expect(page.getByRole('note').filter({ hasText: 'mentions' })).toHaveCount(0);
  await notes.section('Ben Okafor').fill('Quiet until the end; spoke about the allotment.');
  await notes.sign();
  await expect(page.getByText('Individual notes: Ben Okafor')).toBeVisible();

  // Ana's record shows her own section and never Ben's.
  await clients.openClient('Ana Silva');
  const timeline = page.getByRole('region', { name: 'Notes timeline' });
  await timeline.getByText('Grief Circle (group session)').click();
  await expect(timeline.getByText('Another member comforted her.', { exact: false })).toBeVisible();
  await expect(timeline).not.toContainText('allotment');
  await expect(timeline).not.toContainText('Ben Okafor');
});

test('locking mid-typing seals the last keystrokes before the key is dropped', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Kit Evans' });
  await notes.newNote('Kit Evans');
  await notes.section('Subjective').fill('Typed just before the laptop was locked.');
  await page.keyboard.press('Control+l');
  await vault.unlock();
  await notes.openDraft('Kit Evans');
  await expect(notes.section('Subjective')).toHaveValue('Typed just before the laptop was locked.');
});

test('continuous typing on a slow disk saves every couple of seconds, not at every keystroke', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Noa Brennan' });
  await notes.newNote('Noa Brennan');
  // Each draft save takes a fifth of a second longer (a slow disk): keystrokes land during saves.
  await page.evaluate(() => {
    type Bridge = (wire: string, json: string) => Promise<string>;
    const w = window as unknown as { __holdspaceBridge: Bridge; __draftSaves: number[] };
    const real = w.__holdspaceBridge;
    w.__draftSaves = [];
    w.__holdspaceBridge = async (wire, json) => {
      if (wire === 'holdspace:vault.seal' && json.includes('"table":"drafts"')) {
        w.__draftSaves.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return real(wire, json);
    };
  });
  const typed = 'Talked through the week at work and the argument with her brother; she slept badly after it. '.repeat(3);
  const started = await page.evaluate(() => performance.now());
  await notes.section('Subjective').pressSequentially(typed, { delay: 20 });
  const ended = await page.evaluate(() => performance.now());
  await notes.expectSaved();
  const saves = await page.evaluate(() => (window as unknown as { __draftSaves: number[] }).__draftSaves);
  const typingSeconds = (ended - started) / 1000;
  const whileTyping = saves.filter((at) => at < ended);
  // Saved while typing went on (a crash loses at most the last couple of seconds)...
  expect(whileTyping.length).toBeGreaterThanOrEqual(Math.floor(typingSeconds / 2.5));
  // ...about every two seconds, not once per keystroke once the first save has run.
  expect(whileTyping.length).toBeLessThanOrEqual(Math.ceil(typingSeconds / 2) + 1);
  for (let i = 1; i < whileTyping.length; i++) expect(whileTyping[i]! - whileTyping[i - 1]!).toBeGreaterThan(500);

  await page.reload();
  await notes.openDraft('Noa Brennan');
  await expect(notes.section('Subjective')).toHaveValue(typed);
});

test('a draft that could not be saved while the disk was full is saved once it has room, as typing goes on', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Ilse Varga' });
  await notes.newNote('Ilse Varga');
  const freeTheDisk = await fillTheDisk(page);
  await notes.section('Subjective').pressSequentially('Typed while the disk was full.', { delay: 10 });
  const failed = page.getByRole('alert').filter({ hasText: 'The draft could not be saved' });
  await expect(failed).toBeVisible();
  await expect(notes.saveStatus).toHaveText('Not saved');
  await freeTheDisk();
  await notes.section('Subjective').pressSequentially(' Room again.', { delay: 10 });
  await notes.expectSaved();
  await expect(failed).toHaveCount(0);
  await page.reload();
  await notes.openDraft('Ilse Varga');
  await expect(notes.section('Subjective')).toHaveValue('Typed while the disk was full. Room again.');
});

test('a lock asked for while a note cannot be saved keeps the text and asks first; the next unlock says what was lost', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Rae Quinn' });
  await notes.newNote('Rae Quinn');
  await notes.section('Subjective').fill('Saved before the disk filled up.');
  await notes.expectSaved();
  // The disk fills up: every draft write fails from here on.
  await fillTheDisk(page);
  await notes.section('Subjective').fill('Typed after the disk filled up.');
  await page.keyboard.press('Control+l');
  const ask = page.getByRole('dialog', { name: 'Your latest note changes are not saved' });
  await expect(ask).toBeVisible();
  expect(app.services.vault.state()).toBe('unlocked');
  await ask.getByRole('button', { name: 'Stay unlocked' }).click();
  await expect(notes.section('Subjective')).toHaveValue('Typed after the disk filled up.');

  // Locking anyway drops them, and the next unlock says so.
  await page.getByRole('button', { name: 'Lock Holdspace' }).click();
  await ask.getByRole('button', { name: 'Lock and lose the changes' }).click();
  await vault.unlock();
  await expect(page.getByRole('alert').filter({ hasText: 'When Holdspace last locked' })).toContainText(
    'the latest changes to a note could not be saved and were lost',
  );
  await notes.openDraft('Rae Quinn');
  await expect(notes.section('Subjective')).toHaveValue('Saved before the disk filled up.');
});

test('a lock started by the system (sleep, screen lock, idle) saves what was just typed before the key goes', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Sol Reyes' });
  await notes.newNote('Sol Reyes');
  await notes.section('Subjective').fill('Typed a moment before the laptop went to sleep.');
  // Main's power-monitor handler, as the Electron adapter calls it, well inside the autosave's quiet period.
  await app.services.lockFromSystem('suspend');
  expect(app.services.vault.state()).toBe('locked');
  await vault.unlock();
  await notes.openDraft('Sol Reyes');
  await expect(notes.section('Subjective')).toHaveValue('Typed a moment before the laptop went to sleep.');
});

test('other screens open notes: the calendar’s “Write note”, and a client’s timeline continues a draft and starts a new note', async () => {
  const { page } = app;
  const vault = new VaultPage(page);
  const clients = new ClientsPage(page);
  const calendar = new CalendarPage(page);
  const notes = new NotesPage(page);
  await vault.setUp();
  await clients.create({ name: 'Sam Reed' });
  await calendar.open();
  await calendar.goTo(londonDay(-1));
  await calendar.book({ kind: 'Individual session', client: 'Sam Reed', date: londonDay(-1), start: '10:00', end: '10:50' });

  // From the appointment's dialog in the calendar: the Notes screen opens on a draft linked to the session.
  await calendar.event(/^Individual session with Sam Reed,/).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Write note' }).click();
  await expect(page.getByRole('combobox', { name: 'Linked appointment' })).not.toHaveValue('');
  await expect(page.getByRole('spinbutton', { name: 'Duration (minutes)' })).toHaveValue('50');
  await notes.section('Subjective').fill('Started from the calendar.');
  await notes.expectSaved();
  await notes.closeEditor();

  // From the client's timeline: the draft opens where it was left.
  await clients.openClient('Sam Reed');
  const timeline = page.getByRole('region', { name: 'Notes timeline' });
  await timeline.locator('summary').filter({ hasText: 'Draft' }).click();
  await timeline.getByRole('button', { name: 'Continue draft' }).click();
  await expect(notes.section('Subjective')).toHaveValue('Started from the calendar.');
  await notes.closeEditor();

  // And a new standalone note for the client starts with the client chosen.
  await clients.openClient('Sam Reed');
  await page.getByRole('region', { name: 'Notes timeline' }).getByRole('button', { name: 'New note' }).click();
  await expect(page.getByRole('combobox', { name: 'Client', exact: true }).locator('option:checked')).toHaveText(/Sam Reed/);
  await expect(notes.section('Subjective')).toHaveValue('');
});
