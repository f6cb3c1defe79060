import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { CHANNELS } from '../../shared/channels';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';

let app: LaunchedApp;
test.beforeEach(async () => {
  app = await launchApp({ profileDir: freshProfileDir('shell') });
});
test.afterEach(async () => {
  await app.close();
});

test('the shell renders the first-run screen with no Node in the page', async () => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  // Only the named API is present; the raw transport is not part of it.
  const keys = await page.evaluate(() => Object.keys(window.holdspace).sort());
  const namespaces = [...new Set(CHANNELS.map((c) => c.split('.')[0]!)), 'on'].sort();
  expect(keys).toEqual(namespaces);
  expect(keys).not.toContain('invoke');
  const shots = path.join(process.cwd(), '.tmp', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'first-run.png') });
});

test('the content security policy stops injected inline script', async () => {
  const { page } = app;
  const response = await page.reload();
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { injected?: boolean };
    w.injected = false;
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.appendChild(s);
    const img = document.createElement('img');
    img.setAttribute('src', 'x');
    img.setAttribute('onerror', 'window.injected = true');
    document.body.appendChild(img);
    await new Promise((r) => setTimeout(r, 300));
    return { injected: w.injected, violations };
  });
  expect(outcome.injected).toBe(false);
  expect(outcome.violations.some((d) => d.startsWith('script-src'))).toBe(true);
});

test('the page makes no request outside the app', async () => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();
  await page.evaluate(() => {
    void fetch('https://example.com/track').catch(() => undefined);
  });
  await page.waitForTimeout(200);
  // The attempt is refused by CSP before it reaches the network layer, or blocked there.
  expect(app.blockedRequests.filter((u) => !u.startsWith('https://example.com'))).toEqual([]);
});

test('a message from a foreign origin is refused by main', async () => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();
  await page.goto('about:blank');
  const result = await page.evaluate(
    async () =>
      JSON.parse(
        await (window as unknown as { __holdspaceBridge: (c: string, p: string) => Promise<string> }).__holdspaceBridge(
          'holdspace:vault.status',
          '{}',
        ),
      ) as unknown,
  );
  expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ORIGIN' } });
});
