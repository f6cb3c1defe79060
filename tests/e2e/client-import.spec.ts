import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';

let app: LaunchedApp;
test.afterEach(async () => {
  await app?.close();
});

const fixture = (name: string) => path.join(process.cwd(), 'tests/fixtures/csv', name);

test('clients import from a SimplePractice CSV with the columns guessed, every row accounted for, all at once, and an undo; a broken file is refused', async () => {
  app = await launchApp({ profileDir: freshProfileDir('client-import') });
  await new VaultPage(app.page).setUp();
  const clients = new ClientsPage(app.page);
  await clients.create({ name: 'Lee, Sam', email: 'sam.lee@example.com' });
  const list = app.page.getByRole('list', { name: 'Clients' });

  const broken = path.join(app.profileDir, 'broken.csv');
  fs.writeFileSync(broken, 'Name,Email\n"Jane Smith,jane@example.com\nOmar Haddad,omar@example.com\n');
  app.openFiles.push(broken);
  await app.page.getByRole('button', { name: 'Import clients…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Import clients' });
  await dialog.getByRole('button', { name: 'Choose CSV file…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'broken.csv: Row 2 of the file has a quotation mark that is never closed, so the rows after it cannot be told apart. Nothing has been imported.',
  );

  app.openFiles.push(fixture('simplepractice.csv'));
  await dialog.getByRole('button', { name: 'Choose CSV file…' }).click();
  await expect(dialog.getByLabel('Column “First Name”')).toHaveValue('firstName');
  await expect(dialog.getByLabel('Column “Client”')).toHaveValue('fullName');
  await expect(dialog.getByLabel('Dates of birth are written')).toHaveValue('mdy');
  const preview = dialog.getByRole('table', { name: 'Preview of the first rows' });
  await expect(preview.getByRole('row', { name: /Garcia, Maria/ })).toContainText('Will be imported');
  await expect(preview.getByRole('row', { name: /Lee, Sam/ })).toContainText(
    'Not imported: Looks like a client already listed (same email as Lee, Sam, already in Holdspace).',
  );
  await expect(dialog.getByRole('list', { name: 'Rows not imported' })).toContainText(
    'Row 4 (Okafor, Chidi): The date of birth “02/30/1979” is not a date',
  );

  // Using the combined "Client" column as the name is the clinician's call: switch to first and last names.
  await dialog.getByLabel('Column “Client”').selectOption({ label: 'Don’t import' });
  await expect(preview.getByRole('row', { name: /Garcia/ }).first()).toContainText('Will be imported');
  // Nothing is written before confirming.
  await expect(list.getByRole('button')).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Import 1 client' }).click();
  await expect(dialog.getByRole('status')).toContainText('Imported 1 client from simplepractice.csv. 2 rows were not imported');
  await expect(list.getByRole('button', { name: 'Maria Garcia' })).toBeVisible();

  await dialog.getByRole('button', { name: 'Undo this import' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Import undone: the 1 imported client was removed.');
  await expect(list.getByRole('button', { name: 'Maria Garcia' })).toHaveCount(0);
  await expect(list.getByRole('button', { name: 'Lee, Sam' })).toBeVisible();
  const audit = app.services.audit.list({ actions: ['create', 'delete'] }).filter((e) => e.kind === 'client');
  expect(audit.map((e) => e.action)).toEqual(['create', 'create', 'delete']);
});
