import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export type RiskLabel = 'None' | 'Low' | 'Moderate' | 'High';

/** The Notes screen: backlog, search, drafts, the note editor and the signed-note view. */
export class NotesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Notes', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Notes', level: 1 })).toBeVisible();
  }

  async showTab(name: 'Backlog' | 'Search' | 'Drafts'): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  }

  /** Starts a standalone individual note for a client. */
  async newNote(client: string): Promise<void> {
    await this.open();
    await this.page.getByRole('button', { name: 'New note' }).click();
    await this.page.getByRole('combobox', { name: 'Client', exact: true }).selectOption({ label: client });
  }

  // The editor

  section(label: string): Locator {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  get saveStatus(): Locator {
    return this.page.getByRole('status', { name: 'Save status' });
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveStatus).toHaveText('Saved');
  }

  async setRisk(level: RiskLabel): Promise<void> {
    await this.page.getByRole('radiogroup', { name: 'Risk level' }).getByLabel(level, { exact: true }).check();
  }

  async chooseIntervention(name: string): Promise<void> {
    await this.page.getByRole('checkbox', { name, exact: true }).check();
  }

  /** Signs through the confirmation; expects the signed view. */
  async sign(): Promise<void> {
    await this.requestSign();
    await expect(this.page.getByText('This note is signed, so it can’t be edited.')).toBeVisible();
  }

  /** Asks to sign and confirms, without expecting success (for tests of refusal). */
  async requestSign(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign note…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Sign this note?' });
    await dialog.getByRole('button', { name: 'Sign note' }).click();
  }

  async closeEditor(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Notes', level: 1 })).toBeVisible();
  }

  // The signed note

  async addAddendum(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Addendum' }).fill(text);
    await this.page.getByRole('button', { name: 'Add addendum' }).click();
    await expect(this.addenda.getByText(text)).toBeVisible();
  }

  get addenda(): Locator {
    return this.page.getByRole('region', { name: 'Addenda' });
  }

  // Lists

  async openDraft(client: string): Promise<void> {
    await this.open();
    await this.showTab('Drafts');
    await this.page.getByRole('button', { name: new RegExp(`^Continue draft: ${client}`) }).click();
  }

  async search(query: string): Promise<Locator> {
    await this.showTab('Search');
    await this.page.getByRole('searchbox', { name: 'Search notes' }).fill(query);
    return this.searchResults;
  }

  get searchResults(): Locator {
    return this.page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  }

  get backlog(): Locator {
    return this.page.getByRole('list', { name: 'Sessions without a signed note' }).getByRole('listitem');
  }

  backlogItem(name: string): Locator {
    return this.backlog.filter({ hasText: name });
  }

  async writeNoteFromBacklog(name: string): Promise<void> {
    await this.open();
    await this.showTab('Backlog');
    await this.backlogItem(name)
      .getByRole('button', { name: /Write note|Continue note/ })
      .click();
    await expect(this.saveStatus).toBeVisible();
  }
}
