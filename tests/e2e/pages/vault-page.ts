import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export const PASSPHRASE = 'quiet lantern orchard tidepool';

/** The first-run and unlock screens, driven by role and accessible name. */
export class VaultPage {
  constructor(readonly page: Page) {}

  async setUp(passphrase = PASSPHRASE): Promise<string> {
    const { page } = this;
    await expect(page.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByLabel('Confirm passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Create encrypted vault' }).click();
    const key = page.getByLabel('Recovery key', { exact: true });
    await expect(key).toBeVisible({ timeout: 20_000 });
    const recoveryKey = (await key.textContent()) ?? '';
    await page.getByLabel('I have saved my recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue to Holdspace' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    return recoveryKey;
  }

  async unlock(passphrase = PASSPHRASE): Promise<void> {
    const { page } = this;
    await expect(page.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
    await page.getByLabel('Passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 20_000 });
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock Holdspace' }).click();
    await expect(this.page.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
  }

  async goTo(view: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view, exact: true }).click();
  }
}
