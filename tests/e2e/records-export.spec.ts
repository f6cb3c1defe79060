import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { BalancePage } from './pages/balance-page';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { PASSPHRASE, VaultPage } from './pages/vault-page';

let app: LaunchedApp;
test.afterEach(async () => {
  await app?.close();
});

test('export all records asks for the passphrase again and writes CSVs, a PDF per client and a README to a new folder, recorded in the audit trail', async () => {
  app = await launchApp({ profileDir: freshProfileDir('records-export') });
  const vault = new VaultPage(app.page);
  await vault.setUp();
  await new ClientsPage(app.page).create({ name: 'Zoë Ångström', email: 'zoe@example.org' });
  await new ClientsPage(app.page).create({ name: 'Omar Haddad' });
  // A questionnaire for Zoë: it is in measures.csv and in her record PDF.
  await new ClientsPage(app.page).openClient('Zoë Ångström');
  const measures = new BalancePage(app.page);
  const form = await measures.answer('PHQ-9', [1, 2, 1, 2, 0, 1, 1, 0, 0]);
  await form.getByRole('button', { name: 'Save PHQ-9' }).click();
  await expect(measures.measures().getByRole('status')).toHaveText('PHQ-9 saved: 8 of 27, mild.');
  const calendar = new CalendarPage(app.page);
  await calendar.open();
  await calendar.goTo('2027-03-02');
  await calendar.book({ kind: 'Individual session', client: 'Omar Haddad', date: '2027-03-02', start: '10:00', end: '10:50' });

  await vault.goTo('Settings');
  const panel = app.page.getByRole('region', { name: 'Export all records' });
  const chosen = path.join(app.profileDir, 'chosen-folder');
  await panel.getByLabel('Passphrase (asked again to export everything)').fill('not my passphrase');
  await panel.getByRole('button', { name: 'Export all records…' }).click();
  await expect(panel.getByRole('alert')).toHaveText('That passphrase is not right. Nothing has been exported.');
  expect(fs.existsSync(chosen)).toBe(false);

  await panel.getByLabel('Passphrase (asked again to export everything)').fill(PASSPHRASE);
  await panel.getByRole('button', { name: 'Export all records…' }).click();
  // Rendering the PDFs (fonts embedded) takes a while on a busy machine: wait for the outcome, not a time.
  await expect(panel.getByRole('status')).toContainText(/^Exported 9 files to the folder “Holdspace records \d{4}-\d{2}-\d{2}”/, {
    timeout: 90_000,
  });
  const [folder] = fs.readdirSync(chosen);
  const dir = path.join(chosen, folder!);
  const files = fs.readdirSync(dir).sort();
  expect(files.filter((f) => f.endsWith('.csv'))).toEqual([
    'appointments.csv',
    'attendance.csv',
    'clients.csv',
    'groups.csv',
    'measures.csv',
    'memberships.csv',
  ]);
  expect(files).toContain('README.txt');
  // No client's name in any file name; clients.csv maps ids to names and to their record file.
  expect(files.join(' ')).not.toMatch(/Zo|Omar|Haddad/);
  const clientsCsv = fs.readFileSync(path.join(dir, 'clients.csv'), 'utf8');
  const zoeRow = clientsCsv.split('\r\n').find((l) => l.includes('Zoë Ångström'))!;
  const zoeFile = /client-[a-z0-9]+-record\.pdf/.exec(zoeRow)![0];
  expect(files).toContain(zoeFile);
  expect(zoeRow).toContain('zoe@example.org');
  const zoePdf = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, zoeFile), '-'], { encoding: 'utf8' })
    .normalize('NFC')
    .replace(/\s+/g, ' ');
  expect(zoePdf).toContain('Clinical record: Zoë Ångström');
  expect(zoePdf).toContain('Outcome measures');
  expect(zoePdf).toMatch(/Date Questionnaire Total Severity Question 9 .+ PHQ-9 8 of 27 Mild Not at all/);
  expect(fs.readFileSync(path.join(dir, 'measures.csv'), 'utf8')).toContain('PHQ-9');
  const appointmentsCsv = fs.readFileSync(path.join(dir, 'appointments.csv'), 'utf8');
  expect(appointmentsCsv).toContain('individual,scheduled,2027-03-02 10:00,2027-03-02 10:50');
  expect(fs.readFileSync(path.join(dir, 'README.txt'), 'utf8')).toContain('WHY FILE NAMES HAVE NUMBERS, NOT NAMES');
  expect(app.services.audit.list({ actions: ['export'] }).map((e) => e.kind)).toContain('records');
});
