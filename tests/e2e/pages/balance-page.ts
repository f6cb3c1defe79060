import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export type PeriodName = 'week' | 'four weeks';
export type LimitName =
  | 'Target individual share (%)'
  | 'Maximum clinical hours per day'
  | 'Maximum clinical hours per week'
  | 'Maximum sessions per day'
  | 'Minimum buffer between sessions (minutes)'
  | 'Break needed after this many sessions in a row'
  | 'Remind me before a session (minutes)';

/** The Balance dashboard, the limits in Settings, and the outcome-measures panel on a client page. */
export class BalancePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Balance', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Balance', level: 1 })).toBeVisible();
  }

  /** Points the dashboard at the week containing `date` (YYYY-MM-DD). */
  async showWeekOf(date: string): Promise<void> {
    await this.page.getByLabel('Week of', { exact: true }).fill(date);
  }

  /** The card for the chosen week ("Week beginning …") or the rolling four weeks ("Four weeks to …"). */
  period(name: PeriodName): Locator {
    return this.page.getByRole('region', { name: name === 'week' ? /^Week beginning / : /^Four weeks to / });
  }

  /** A figure on a period card, by its label ("Individual", "Individual share", "No-shows"…). */
  stat(name: PeriodName, label: string): Locator {
    return this.period(name)
      .locator('.balance-stat')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('dd');
  }

  chartSummary(title: string): Locator {
    return this.page.getByRole('img', { name: title });
  }

  async setLimit(label: LimitName, value: number): Promise<void> {
    const { page } = this;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('region', { name: 'Limits and reminders' });
    const field = section.getByLabel(label);
    await field.fill(String(value));
    await field.blur();
    await expect(page.getByText('Settings saved.')).toBeVisible();
  }

  /** The measures panel on the open client page. */
  measures(): Locator {
    return this.page.getByRole('region', { name: 'Outcome measures' });
  }

  /** Answers a questionnaire item by item: answers[i] is 0-3 for question i + 1. Does not save. */
  async answer(kind: 'PHQ-9' | 'GAD-7', answers: readonly number[]): Promise<Locator> {
    const panel = this.measures();
    await panel.getByRole('button', { name: `New ${kind}` }).click();
    const form = panel.getByRole('form');
    const groups = form.getByRole('radiogroup');
    await expect(groups).toHaveCount(answers.length);
    const labels = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
    for (const [index, value] of answers.entries()) {
      await groups.nth(index).getByRole('radio', { name: labels[value] }).check();
    }
    return form;
  }
}
