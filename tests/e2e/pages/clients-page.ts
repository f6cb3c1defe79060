import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export interface NewClient {
  name: string;
  preferredName?: string;
  pronouns?: string;
  email?: string;
  concerns?: string;
}

/** The Clients screen: list, search, new-client form and the client page. */
export class ClientsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Clients', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Clients', level: 1 })).toBeVisible();
  }

  async create(client: NewClient): Promise<void> {
    await this.open();
    const { page } = this;
    await page.getByRole('button', { name: 'New client' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client' });
    await dialog.getByLabel('Full name').fill(client.name);
    if (client.preferredName) await dialog.getByLabel('Preferred name').fill(client.preferredName);
    if (client.pronouns) await dialog.getByLabel('Pronouns').fill(client.pronouns);
    if (client.email) await dialog.getByLabel('Email').fill(client.email);
    if (client.concerns) await dialog.getByLabel('Presenting concerns').fill(client.concerns);
    await dialog.getByRole('button', { name: 'Save client' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('list', { name: 'Clients' }).getByRole('button', { name: client.name })).toBeVisible();
  }

  async openClient(name: string): Promise<void> {
    await this.open();
    await this.page.getByRole('list', { name: 'Clients' }).getByRole('button', { name }).click();
    await expect(this.page.getByRole('heading', { name, level: 2 })).toBeVisible();
  }
}
