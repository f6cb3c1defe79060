/**
 * Runs the built main bundle (out/main/index.js) against the electron stand-in and gives
 * its window a real Chromium page. The page is served only through what index.ts recorded:
 * every request goes through the recorded request filter, protocol handler and header hook
 * of the window's session; the built preload (read from the path index.ts gave the window)
 * runs in the page against contextBridge/ipcRenderer doubles wired to the recorded
 * ipcMain handlers. Nothing else answers, so a miswired index.ts shows up as a failure.
 *
 * Chromium cannot load a custom scheme, so the page lives at a fixed stand-in origin
 * (https://holdspace.invalid, reserved never to resolve) that maps one to one onto
 * app://holdspace; IPC senders are reported with their app:// URL, as Electron would.
 */
import { chromium } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import fs from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, HARNESS_ORIGIN, chromiumPath } from '../harness';
import { DOUBLE_SLOT, ElectronDouble } from './electron-double';
import type { DoubleConfig, WindowDouble, WindowHost } from './electron-double';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
export const MAIN_BUNDLE = path.join(repoRoot, 'out/main/index.js');

export const APP_ORIGIN = 'app://holdspace';
export const PAGE_ORIGIN = HARNESS_ORIGIN;
export const toAppUrl = (url: string): string =>
  url.startsWith(`${PAGE_ORIGIN}/`) ? APP_ORIGIN + url.slice(PAGE_ORIGIN.length) : url;
export const toPageUrl = (url: string): string =>
  url.startsWith(`${APP_ORIGIN}/`) ? PAGE_ORIGIN + url.slice(APP_ORIGIN.length) : url;

/** The sandboxed preload's world: `require('electron')` gives contextBridge and ipcRenderer, nothing else. */
function preloadScript(preloadSource: string): string {
  return `(() => {
  const ipc = window.__electronIpc;
  const ipcRenderer = {
    invoke: async (channel, ...args) => {
      const reply = JSON.parse(await ipc(channel, JSON.stringify(args)));
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    },
    on(channel, listener) {
      const handler = (e) => listener({ sender: ipcRenderer }, ...(e.detail || []));
      (this._handlers ||= new Map()).set(listener, handler);
      window.addEventListener('__electron-ipc:' + channel, handler);
      return ipcRenderer;
    },
    off(channel, listener) {
      const handler = this._handlers && this._handlers.get(listener);
      if (handler) window.removeEventListener('__electron-ipc:' + channel, handler);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: api, writable: false, configurable: false, enumerable: true });
    },
  };
  const require = (name) => {
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('module not found: ' + name);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}

export interface RequestRecord {
  url: string;
  cancelled: boolean;
}

export class PlaywrightHost implements WindowHost {
  context: BrowserContext | null = null;
  page: Page | null = null;
  /** Every request the page made, as the recorded filter decided it. */
  readonly requests: RequestRecord[] = [];
  double: ElectronDouble | null = null;

  constructor(private readonly profileDir: string) {}

  async load(window: WindowDouble, url: string): Promise<void> {
    const preload = window.options.webPreferences?.preload;
    if (!preload) {
      // Not an app page (the print window): fetch its document through its own session.
      window.document = await window.session.fetch(url);
      return;
    }
    // Electron refuses to start a window whose preload is missing: so does the stand-in.
    const preloadSource = fs.readFileSync(preload, 'utf8');
    const double = window.double;
    const context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      serviceWorkers: 'block',
    });
    this.context = context;
    await context.exposeBinding('__electronIpc', async (source, channel: unknown, argsJson: unknown) => {
      const handler = double.ipcHandlers.get(String(channel));
      if (!handler) return JSON.stringify({ ok: false, error: `No handler registered for '${String(channel)}'` });
      const event = { senderFrame: { url: toAppUrl(source.frame.url()) }, sender: window.webContents } as never;
      try {
        return JSON.stringify({ ok: true, value: await handler(event, ...(JSON.parse(String(argsJson)) as unknown[])) });
      } catch (error) {
        return JSON.stringify({ ok: false, error: (error as Error).message });
      }
    });
    await context.addInitScript({ content: preloadScript(preloadSource) });
    await context.route('**/*', async (route) => {
      const requestUrl = toAppUrl(route.request().url());
      if (!window.session.allows(requestUrl)) {
        this.requests.push({ url: requestUrl, cancelled: true });
        return route.abort('blockedbyclient');
      }
      this.requests.push({ url: requestUrl, cancelled: false });
      // Only the app's own scheme is ever answered: the stand-in never reaches a network.
      if (!requestUrl.startsWith(`${APP_ORIGIN}/`)) return route.abort('addressunreachable');
      const response = await window.session.fetch(requestUrl);
      if (response === 'cancelled') return route.abort('blockedbyclient');
      return route.fulfill({ status: response.status, headers: response.headers, body: response.body });
    });
    this.page = context.pages()[0] ?? (await context.newPage());
    await this.page.goto(toPageUrl(url));
  }

  send(_window: WindowDouble, channel: string, args: unknown[]): void {
    void this.page
      ?.evaluate(([c, a]) => window.dispatchEvent(new CustomEvent(`__electron-ipc:${c}`, { detail: a })), [
        channel,
        args,
      ] as const)
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.context?.close();
  }
}

let hookRegistered = false;
let runs = 0;

/**
 * Installs a fresh stand-in and imports the built main bundle (a new module instance per
 * run), then fires app 'ready'. Resolves once index.ts has opened its window, or rejects
 * with what went wrong.
 */
export async function runBuiltMain(
  config: Partial<DoubleConfig> & { profileDir: string },
): Promise<{ double: ElectronDouble; host: PlaywrightHost }> {
  if (!fs.existsSync(MAIN_BUNDLE)) throw new Error('The main process is not built: run `npm run build` first.');
  if (!hookRegistered) {
    register(pathToFileURL(path.join(here, 'loader.mjs')), {
      data: { shimUrl: pathToFileURL(path.join(here, 'electron-shim.mjs')).href },
    });
    hookRegistered = true;
  }
  const host = new PlaywrightHost(path.join(config.profileDir, 'browser'));
  const userDataDir = path.join(config.profileDir, 'app-data');
  fs.mkdirSync(userDataDir, { recursive: true });
  const double = new ElectronDouble({
    isPackaged: false,
    singleInstance: true,
    userDataDir,
    documentsDir: path.join(config.profileDir, 'documents'),
    ...config,
    host,
  });
  host.double = double;
  (globalThis as Record<symbol, unknown>)[DOUBLE_SLOT] = double.module();
  const errors: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    errors.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  try {
    const bundle = pathToFileURL(MAIN_BUNDLE);
    bundle.search = `?run=${++runs}`;
    await import(bundle.href);
    double.becomeReady();
    if (!config.singleInstance && config.singleInstance !== undefined) {
      await new Promise((r) => setTimeout(r, 100));
      return { double, host };
    }
    const deadline = Date.now() + 30_000;
    while (!double.windows.some((w) => w.shown)) {
      if (errors.length > 0) throw errors[0];
      const failure = double.dialogs.find((d) => d.kind === 'error');
      if (failure) throw new Error(`index.ts could not start: ${JSON.stringify(failure.options)}`);
      if (Date.now() > deadline) throw new Error('index.ts never showed its window');
      await new Promise((r) => setTimeout(r, 20));
    }
    return { double, host };
  } catch (error) {
    await host.close();
    throw error;
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

export const scratchProfile = (label: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `holdspace-shell-${label}-`));
