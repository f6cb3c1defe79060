/**
 * Runs Holdspace without the Electron binary: the built renderer in Debian's Chromium,
 * the real main-process services in this Node process, and `window.holdspace` built by
 * the preload's own API factory, talking to the same dispatcher the app uses.
 *
 *   const app = await launchApp({ profileDir });
 *   await app.page.getByRole('button', { name: 'Unlock' }).click();
 *   await app.close();
 *
 * Everything the app writes lands under `profileDir`: the browser profile (IndexedDB,
 * caches) in `browser/`, the main-process data (settings, vault header, audit trail) in
 * `app-data/`. Launching again with the same `profileDir` is a restart.
 */
import { chromium } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import Conf from 'conf';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { createDispatcher } from '../../electron/main/dispatcher';
import { SECURITY_HEADERS, mimeTypeFor, resolveAppAsset } from '../../electron/main/security';
import { createMainServices } from '../../electron/main/services';
import type { MainServices } from '../../electron/main/services';
import type { KdfParams } from '../../electron/main/services/vault';
import { openSettingsStore } from '../../electron/main/services/settings-file';

/** The page's origin in every launch: `.invalid` never resolves, and only the harness's route answers it. */
export const HARNESS_ORIGIN = 'https://holdspace.invalid';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = path.join(repoRoot, 'out/renderer');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-breakpad',
  '--disable-crash-reporter',
];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH.');
  return found;
}

let bridgeScript: Promise<string> | undefined;
async function buildBridgeScript(): Promise<string> {
  const bundle = await rolldown({ input: path.join(repoRoot, 'tests/e2e/bridge-entry.ts'), logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'iife' });
  await bundle.close();
  return output[0].code;
}

export interface LaunchOptions {
  profileDir: string;
  /**
   * Fixed key-derivation parameters (test-only, set here in Node, never by the page). Without
   * them the vault calibrates Argon2id as the app does (about 0.5 s per unlock, plus one timed
   * derivation at creation); pass cheap ones when a test creates or unlocks many times.
   */
  kdf?: KdfParams;
  /** What the clinician answers when asked to open an external link (default: Cancel). */
  confirmExternal?: boolean;
  viewport?: { width: number; height: number };
  /** Answer every save dialog with Cancel. */
  cancelSaveDialogs?: boolean;
  /**
   * Called before main handles each call from the page, with the channel and its input; a
   * test can hold a call back (return a promise) to see what the page shows meanwhile.
   */
  beforeCall?: (channel: string, input: unknown) => Promise<void> | void;
  /** What the choose-a-folder dialog answers (default: `chosen-folder` under the profile, created); null is Cancel. */
  chooseFolder?: (purpose: string) => string | null;
  /** Main's clock (default Date.now), so a test can move it to the next day or past a retry's wait. */
  now?: () => number;
  /** The clinician's computer: its IANA zone and language (default Europe/London, en-GB). */
  timezoneId?: string;
  locale?: string;
}

export interface LaunchedApp {
  page: Page;
  profileDir: string;
  close: () => Promise<void>;
  context: BrowserContext;
  services: MainServices;
  origin: string;
  /** Every request the page tried to make outside the app's own origin (always blocked). */
  blockedRequests: string[];
  /** URLs main was asked to open in the system browser after confirmation. */
  openedExternally: string[];
  /** Files written through the save dialog, PDFs sent to the printer, notifications shown. */
  savedFiles: string[];
  printed: Buffer[];
  notifications: { title: string; body: string }[];
  /** Files the next open dialogs will answer with, in order (then Cancel). */
  openFiles: string[];
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const { profileDir } = options;
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` first.');
  }
  const appDataDir = path.join(profileDir, 'app-data');
  const browserDir = path.join(profileDir, 'browser');
  fs.mkdirSync(appDataDir, { recursive: true });
  fs.mkdirSync(browserDir, { recursive: true });

  // `conf` is the library electron-store wraps; the same JSON file, without Electron. Opened as the app
  // opens it: an unreadable file is set aside and the page is told.
  const { store, notice } = openSettingsStore({
    file: path.join(appDataDir, 'holdspace.json'),
    open: () => new Conf<Record<string, unknown>>({ cwd: appDataDir, configName: 'holdspace', projectName: 'holdspace' }),
  });
  const openedExternally: string[] = [];
  const savedFiles: string[] = [];
  const openFiles: string[] = [];
  const printed: Buffer[] = [];
  const notifications: { title: string; body: string }[] = [];
  const services = createMainServices({
    dataDir: appDataDir,
    store,
    ...(notice ? { startupNotices: [notice] } : {}),
    ...(options.kdf ? { kdf: options.kdf } : {}),
    ...(options.now ? { now: options.now } : {}),
    hooks: {
      appVersion: 'test',
      platform: process.platform,
      confirmOpenExternal: async () => options.confirmExternal ?? false,
      openExternal: async (url) => {
        openedExternally.push(url);
      },
      // The "save dialog" answers with a file under the profile, as if the clinician chose it.
      chooseSavePath: async (suggestedName) => {
        if (options.cancelSaveDialogs) return null;
        const dir = path.join(profileDir, 'exports');
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, suggestedName);
        savedFiles.push(file);
        return file;
      },
      chooseOpenPath: async () => openFiles.shift() ?? null,
      // The "folder dialog" answers with a folder under the profile, as if the clinician chose it.
      chooseFolder: async (purpose) => {
        if (options.chooseFolder) return options.chooseFolder(purpose);
        if (options.cancelSaveDialogs) return null;
        const dir = path.join(profileDir, 'chosen-folder');
        fs.mkdirSync(dir, { recursive: true });
        return dir;
      },
      printPdf: async (pdf) => {
        printed.push(pdf);
        return true;
      },
      notify: (title, body) => {
        notifications.push({ title, body });
      },
    },
  });

  // One fixed origin for every launch (reserved never to resolve, and answered only by the
  // route below), so IndexedDB is the same on a relaunch with the same profile: a real restart.
  const origin = HARNESS_ORIGIN;
  const dispatch = createDispatcher({ handlers: services.handlers, trustedOrigin: origin });
  const context = await chromium.launchPersistentContext(browserDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    locale: options.locale ?? 'en-GB',
    timezoneId: options.timezoneId ?? 'Europe/London',
    serviceWorkers: 'block',
  });
  const blockedRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${origin}/`)) {
      blockedRequests.push(url);
      return route.abort('blockedbyclient');
    }
    // The built renderer, as the app:// handler serves it: same path rules, same headers.
    const resolved = resolveAppAsset(url, rendererDir, origin);
    if (!resolved.ok) return route.fulfill({ status: resolved.status });
    try {
      const body = await fs.promises.readFile(resolved.file);
      return await route.fulfill({
        status: 200,
        headers: { 'Content-Type': mimeTypeFor(resolved.file), ...SECURITY_HEADERS },
        body,
      });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
  // JSON text both ways (see bridge-entry.ts): the stand-in for IPC should not cost more than IPC.
  await context.exposeBinding('__holdspaceBridge', async (source, wire: unknown, payloadJson: unknown) => {
    const text = String(payloadJson ?? '');
    const input = text === '' ? undefined : (JSON.parse(text) as unknown);
    await options.beforeCall?.(String(wire), input);
    return JSON.stringify(await dispatch(source.frame.url(), String(wire), input));
  });
  await context.addInitScript({ content: await (bridgeScript ??= buildBridgeScript()) });

  const page = context.pages()[0] ?? (await context.newPage());
  const offLock = services.vault.onLock(() => {
    setImmediate(() => {
      void page.evaluate(() => window.dispatchEvent(new Event('holdspace-event:vault-locked'))).catch(() => undefined);
    });
  });
  // Events main sends the page (in the app: webContents.send), here dispatched in the page.
  const offEvents = services.onEvent((event) => {
    void page.evaluate((name) => window.dispatchEvent(new Event(`holdspace-event:${name}`)), event).catch(() => undefined);
  });
  await page.goto(`${origin}/index.html`);

  return {
    page,
    profileDir,
    context,
    services,
    origin,
    blockedRequests,
    openedExternally,
    savedFiles,
    printed,
    notifications,
    openFiles,
    close: async () => {
      offLock();
      offEvents();
      services.vault.lock('quit');
      await context.close();
    },
  };
}

/** A fresh profile folder under the system temp directory. */
export function freshProfileDir(label: string): string {
  return fs.mkdtempSync(path.join(process.env.HOLDSPACE_TEST_TMP ?? '/tmp', `holdspace-${label}-`));
}
