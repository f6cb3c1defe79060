/**
 * Restarts with data: the harness gives every launch the same origin, so relaunching on
 * the same profile finds the same IndexedDB, settings file, vault header and audit trail,
 * as the desktop app does after the clinician quits and opens it again.
 */
import { expect, test } from '@playwright/test';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { NotesPage } from './pages/notes-page';
import { VaultPage } from './pages/vault-page';

const FAST_KDF = { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1 };

let app: LaunchedApp | null = null;
test.afterEach(async () => {
  await app?.close();
  app = null;
});

test('after a restart, unlocking shows the same clients, calendar, notes and drafts', async () => {
  const profileDir = freshProfileDir('restart');
  app = await launchApp({ profileDir, kdf: FAST_KDF });
  let { page } = app;
  await new VaultPage(page).setUp();
  const clients = new ClientsPage(page);
  await clients.create({ name: 'Maya Okonkwo-Lindqvist' });
  await clients.create({ name: 'שרה לוי' });
  const calendar = new CalendarPage(page);
  await calendar.open();
  await calendar.goTo('2026-12-01');
  await calendar.book({
    kind: 'Individual session',
    client: 'Maya Okonkwo-Lindqvist',
    date: '2026-12-01',
    start: '10:00',
    end: '10:50',
  });
  await expect(calendar.event(/Individual session with Maya Okonkwo-Lindqvist/)).toBeVisible();

  let notes = new NotesPage(page);
  await notes.newNote('Maya Okonkwo-Lindqvist');
  await notes.section('Subjective').fill('Talked about her grandmother’s allotment and the marmalade recipe.');
  await notes.expectSaved();
  await app.close();
  app = null;

  app = await launchApp({ profileDir, kdf: FAST_KDF });
  page = app.page;
  // The vault is found: the clinician unlocks; Setup is never offered again.
  await expect(page.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
  await new VaultPage(page).unlock();

  await new ClientsPage(page).open();
  const list = page.getByRole('list', { name: 'Clients' });
  await expect(list.getByRole('button', { name: 'Maya Okonkwo-Lindqvist' })).toBeVisible();
  await expect(list.getByRole('button', { name: 'שרה לוי' })).toBeVisible();

  const again = new CalendarPage(page);
  await again.open();
  await again.goTo('2026-12-01');
  await expect(again.event(/Individual session with Maya Okonkwo-Lindqvist, Tuesday 10:00 to 10:50/)).toBeVisible();

  notes = new NotesPage(page);
  await notes.openDraft('Maya Okonkwo-Lindqvist');
  await expect(notes.section('Subjective')).toHaveValue('Talked about her grandmother’s allotment and the marmalade recipe.');
});
