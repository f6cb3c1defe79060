import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export type AppointmentKindLabel =
  'Individual session' | 'Group session' | 'Supervision' | 'Admin / note-writing' | 'Self-care / break';

export interface Booking {
  kind: AppointmentKindLabel;
  client?: string;
  group?: string;
  /** YYYY-MM-DD and HH:MM in the clinician's zone. */
  date: string;
  start: string;
  end: string;
  /** Repeat weekly for this many sessions in all. */
  weeklyCount?: number;
}

/** The split calendar: week/day/month views, the booking dialog and its conflict check. */
export class CalendarPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Calendar', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
  }

  async goTo(date: string): Promise<void> {
    await this.page.getByLabel('Go to date').fill(date);
    await this.page.getByLabel('Go to date').press('Enter');
  }

  /** Opens the booking dialog and fills it in; returns the dialog so a test can read the conflict check. */
  async fillBooking(booking: Booking): Promise<Locator> {
    const { page } = this;
    await page.getByRole('button', { name: 'New appointment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await dialog.getByLabel('Kind').selectOption({ label: booking.kind });
    if (booking.client) await dialog.getByLabel('Client').selectOption({ label: booking.client });
    // The Kind list's own label text holds "Group session", so the group list is found by its label's start.
    if (booking.group)
      await dialog
        .locator('label', { hasText: /^Group/ })
        .locator('select')
        .selectOption({ label: booking.group });
    await dialog.getByLabel('Date').fill(booking.date);
    await dialog.getByLabel('Start').fill(booking.start);
    await dialog.getByLabel('End').fill(booking.end);
    if (booking.weeklyCount) {
      await dialog.getByLabel('Repeats weekly').check();
      await dialog.getByLabel('Number of sessions').fill(String(booking.weeklyCount));
    }
    return dialog;
  }

  /** Books and expects the save to go through (no hard conflict). */
  async book(booking: Booking): Promise<void> {
    const dialog = await this.fillBooking(booking);
    await dialog.getByRole('button', { name: 'Save appointment' }).click();
    await expect(dialog).toBeHidden();
  }

  event(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }
}
