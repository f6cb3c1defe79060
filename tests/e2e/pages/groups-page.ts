import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export interface NewGroup {
  name: string;
  focus?: string;
  facilitator?: string;
  coFacilitator?: string;
  capacity?: number;
  location?: string;
  /** Weekday names as shown, e.g. ['Thursday']. */
  weekdays: string[];
  /** HH:MM and YYYY-MM-DD in the clinician's zone. */
  startTime: string;
  firstDate: string;
  sessions: number;
  sessionMinutes?: number;
}

export type MarkLabel = 'Present' | 'Late' | 'Left early' | 'Absent (gave notice)' | 'Absent (no notice)' | 'Excused';

/** Tomorrow in London, and its weekday name: a group's first session, after members join today. */
export function tomorrowInLondon(): { date: string; weekday: string } {
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(tomorrow);
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long' }).format(tomorrow);
  return { date, weekday };
}

/** The Groups screen: list, new-group form, and a group's roster, attendance and agreement tabs. */
export class GroupsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Groups', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();
  }

  async create(group: NewGroup): Promise<void> {
    await this.open();
    const { page } = this;
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill(group.name);
    if (group.focus) await dialog.getByLabel('Focus').selectOption({ label: group.focus });
    if (group.facilitator) await dialog.getByLabel('Facilitator', { exact: true }).fill(group.facilitator);
    if (group.coFacilitator) await dialog.getByLabel('Co-facilitator').fill(group.coFacilitator);
    if (group.capacity) await dialog.getByLabel('Capacity (places)').fill(String(group.capacity));
    if (group.location) await dialog.getByLabel('Location').fill(group.location);
    for (const day of group.weekdays) await dialog.getByRole('checkbox', { name: day }).check();
    await dialog.getByLabel('Start time').fill(group.startTime);
    if (group.sessionMinutes) await dialog.getByLabel('Session length (minutes)').fill(String(group.sessionMinutes));
    await dialog.getByLabel('First session on or after').fill(group.firstDate);
    await dialog.getByLabel('Number of sessions').fill(String(group.sessions));
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: group.name, level: 2 })).toBeVisible();
  }

  async openGroup(name: string): Promise<void> {
    await this.open();
    await this.page.getByRole('list', { name: 'Groups' }).getByRole('button', { name }).click();
    await expect(this.page.getByRole('heading', { name, level: 2 })).toBeVisible();
  }

  async tab(name: 'Details' | 'Roster' | 'Sessions & attendance' | 'Agreement' | 'Notes & outcomes'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await expect(this.page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }

  async addMember(clientName: string): Promise<void> {
    await this.tab('Roster');
    await this.page.getByLabel('Client to add').selectOption({ label: clientName });
    await this.page.getByRole('button', { name: /^Add to (group|waitlist)$/ }).click();
    await expect(
      this.page.getByText(
        new RegExp(
          `^${clientName}: (Added to the group|The group is full|Someone is already waiting|\\d+ people are already waiting)`,
        ),
      ),
    ).toBeVisible();
  }

  /** The roster row for a current member. */
  rosterRow(name: string): Locator {
    return this.page.getByRole('table', { name: /Current members/ }).getByRole('row', { name: new RegExp(name) });
  }

  async useDefaultAgreement(): Promise<void> {
    await this.tab('Agreement');
    await this.page.getByRole('button', { name: 'Start from the default agreement' }).click();
    await this.page.getByRole('button', { name: 'Save agreement' }).click();
    await expect(this.page.getByText('Agreement saved as version 1.', { exact: false })).toBeVisible();
  }

  /** Draws a short squiggle on a signature canvas with the mouse, as a person signing would. */
  async drawOn(canvas: Locator, seed = 0): Promise<void> {
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('signature pad not visible');
    const { mouse } = this.page;
    const y = box.y + box.height / 2;
    await mouse.move(box.x + 30, y + 10);
    await mouse.down();
    for (let i = 1; i <= 12; i++) {
      await mouse.move(box.x + 30 + i * ((box.width - 60) / 12), y + Math.sin(i + seed) * 28, { steps: 3 });
    }
    await mouse.up();
  }

  /** Signs on screen for member and facilitator; `screenshot` saves the filled-in dialog first. */
  async signOnScreen(memberName: string, facilitatorName: string, screenshot?: string): Promise<void> {
    await this.tab('Agreement');
    await this.page.getByRole('button', { name: `Sign on screen for ${memberName}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Sign agreement: ${memberName}` });
    await this.drawOn(dialog.getByRole('img', { name: `Signature pad for ${memberName}. Draw with a mouse, pen or finger.` }), 1);
    await this.drawOn(
      dialog.getByRole('img', { name: `Signature pad for ${facilitatorName}. Draw with a mouse, pen or finger.` }),
      2,
    );
    await expect(dialog.getByText('Signature captured')).toHaveCount(2);
    if (screenshot) await this.page.screenshot({ path: screenshot });
    await dialog.getByRole('button', { name: 'Save signatures' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByText(`${memberName} has signed version`)).toBeVisible();
  }

  /** The attendance radio group for one member in the open register. */
  attendanceFor(memberName: string): Locator {
    return this.page.getByRole('radiogroup', { name: `${memberName} attendance` });
  }

  async mark(memberName: string, mark: MarkLabel): Promise<void> {
    await this.attendanceFor(memberName).getByRole('radio', { name: mark, exact: true }).check();
  }

  async saveAttendance(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save attendance' }).click();
    await expect(this.page.getByText(/^Attendance saved for /)).toBeVisible();
  }
}
