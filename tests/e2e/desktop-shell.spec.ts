/**
 * The desktop shell itself: the *built* main bundle and preload (what `npm start` builds)
 * run against the recording electron stand-in (./electron-double), with the page served
 * and bridged only through what index.ts registered. See electron-double.ts for what this
 * proves and what it cannot.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { CHANNELS, wireName } from '../../shared/channels';
import { ClientsPage } from './pages/clients-page';
import { VaultPage } from './pages/vault-page';
import { runBuiltMain, scratchProfile } from './electron-double/shell-host';
import type { ElectronDouble, WindowDouble } from './electron-double/electron-double';
import type { PlaywrightHost } from './electron-double/shell-host';

test.describe.configure({ mode: 'serial' });

let running: { double: ElectronDouble; host: PlaywrightHost } | null = null;
test.afterEach(async () => {
  await running?.host.close();
  running = null;
});

const mainWindow = (double: ElectronDouble): WindowDouble => double.windows.find((w) => w.options.webPreferences?.preload)!;
const roles = (items: { role?: string; submenu?: unknown }[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu as never) : [])]);

test('npm start builds the production app and the built shell opens the setup screen', async () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  // `electron-vite preview` builds main, preload and renderer into out/, then starts Electron on out/main.
  expect(pkg.scripts.start).toBe('electron-vite preview');
  expect(pkg.devDependencies.electron).toMatch(/^\^?45\./);

  running = await runBuiltMain({ profileDir: scratchProfile('first-run') });
  const { double, host } = running;
  await expect(host.page!.getByRole('heading', { name: 'Welcome to Holdspace' })).toBeVisible();

  const win = mainWindow(double);
  expect(win.shown).toBe(true);
  expect(win.webContents.getURL()).toBe('app://holdspace/index.html');
  expect(win.options.webPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
  });
  expect(double.privilegedSchemes).toEqual([
    expect.objectContaining({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true, codeCache: true }),
    }),
  ]);
  expect(double.switches.map(([name]) => name)).toContain('disable-breakpad');
  // The page has only the contract-built API, and no Node.
  expect(await host.page!.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  const keys = await host.page!.evaluate(() => Object.keys(window.holdspace).sort());
  expect(keys).toEqual([...new Set(CHANNELS.map((c) => c.split('.')[0]!)), 'on'].sort());
});

test('every contract channel is registered once, and only from the app origin', async () => {
  running = await runBuiltMain({ profileDir: scratchProfile('channels') });
  const { double, host } = running;
  expect([...double.ipcHandlers.keys()].sort()).toEqual(CHANNELS.map(wireName).sort());
  // Through the preload and the recorded handler, from the app's own page:
  const status = await host.page!.evaluate(() => window.holdspace.vault.status({}));
  expect(status).toMatchObject({ ok: true, value: { state: 'uninitialised' } });
  // The same handler refuses a sender from anywhere else.
  const handler = double.ipcHandlers.get(wireName('vault.status'))!;
  const foreign = await handler({ senderFrame: { url: 'https://evil.example/' } } as never, {});
  expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ORIGIN' } });
});

test('the app:// handler serves the build with the CSP and refuses traversal and unknown paths', async () => {
  running = await runBuiltMain({ profileDir: scratchProfile('protocol') });
  const { double, host } = running;
  const response = await host.page!.reload();
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['content-security-policy']).toContain("object-src 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');

  // Straight through the recorded protocol handler, past the request filter:
  const handler = double.defaultSession.protocolHandlers.get('app')!;
  for (const url of [
    'app://holdspace/..%2f..%2fpackage.json',
    'app://holdspace/assets/..%2f..%2f..%2fpackage.json',
    'app://holdspace/index.html%00.js',
    'app://elsewhere/index.html',
  ]) {
    const served = await handler(new Request(url));
    expect([400, 403, 404], url).toContain(served.status);
    expect(await served.text()).not.toContain('"name": "holdspace"');
  }
  // Another host on the app scheme never even reaches the handler.
  expect(double.defaultSession.allows('app://elsewhere/index.html')).toBe(false);
  const ses = double.defaultSession;
  const unknown = await ses.fetch('app://holdspace/no-such-file.js');
  expect(unknown !== 'cancelled' && unknown.status).toBe(404);
});

test('navigation, new windows, webviews and permissions are denied; only persistent storage is granted', async () => {
  running = await runBuiltMain({ profileDir: scratchProfile('policy') });
  const { double, host } = running;
  const contents = mainWindow(double).webContents;
  const prevented = (event: string, ...args: unknown[]): boolean => {
    let stopped = false;
    contents.emit(event, { preventDefault: () => (stopped = true) }, ...args);
    return stopped;
  };
  expect(contents.count('will-navigate')).toBeGreaterThan(0);
  expect(prevented('will-navigate', 'https://evil.example/phish')).toBe(true);
  expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
  expect(prevented('will-navigate', 'app://holdspace/index.html')).toBe(false);
  expect(prevented('will-attach-webview', {}, {})).toBe(true);
  expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

  const ses = double.defaultSession;
  const ask = (permission: string, url: string): Promise<boolean> =>
    new Promise((resolve) => ses.permissionRequestHandler!({ getURL: () => url }, permission, resolve, {}));
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
    expect(await ask(permission, 'app://holdspace/index.html'), permission).toBe(false);
  }
  expect(await ask('persistent-storage', 'app://holdspace/index.html')).toBe(true);
  expect(await ask('persistent-storage', 'https://evil.example/')).toBe(false);
  expect(ses.permissionCheckHandler!(null, 'media', 'app://holdspace', {})).toBe(false);

  // A request to anywhere else is cancelled by the recorded filter (the page's CSP refuses it even earlier).
  for (const url of [
    'https://example.com/track',
    'http://127.0.0.1:8080/',
    'ws://localhost:5173/',
    'file:///etc/passwd',
    'data:text/html,hi',
  ]) {
    expect(ses.allows(url), url).toBe(false);
  }
  expect(host.requests.some((r) => r.url === 'app://holdspace/index.html')).toBe(true);
  expect(host.requests.filter((r) => r.url.startsWith('app://holdspace/')).every((r) => !r.cancelled)).toBe(true);
});

test('suspend and screen lock lock the vault; a second launch focuses the first window and quits', async () => {
  const profileDir = scratchProfile('power');
  running = await runBuiltMain({ profileDir });
  const { double, host } = running;
  const vault = new VaultPage(host.page!);
  await vault.setUp();
  double.powerEvents.emit('suspend');
  await expect(host.page!.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();
  // The page was told first (so its editors could save), then told the vault is locked.
  const sent = mainWindow(double).webContents.sent.map((s) => s.channel);
  expect(sent).toContain('holdspace-event:vault-locking');
  expect(sent.indexOf('holdspace-event:vault-locking')).toBeLessThan(sent.lastIndexOf('holdspace-event:vault-locked'));
  await vault.unlock();
  double.powerEvents.emit('lock-screen');
  await expect(host.page!.getByRole('heading', { name: 'Holdspace is locked' })).toBeVisible();

  // The running instance is asked to come forward.
  const win = mainWindow(double);
  win.minimized = true;
  double.appEvents.emit('second-instance', {}, [], process.cwd());
  expect(win.restored).toBe(1);
  expect(win.focused).toBe(1);

  // The second instance itself starts nothing and quits.
  const second = await runBuiltMain({ profileDir: scratchProfile('second'), singleInstance: false });
  expect(second.double.quitCalls).toBe(1);
  expect(second.double.windows).toEqual([]);
  expect(second.double.ipcHandlers.size).toBe(0);
});

test('printing serves the PDF from memory in its own session, with headers a PDF viewer accepts', async () => {
  running = await runBuiltMain({ profileDir: scratchProfile('print') });
  const { double, host } = running;
  await new VaultPage(host.page!).setUp();
  const result = await host.page!.evaluate(() =>
    window.holdspace.export.notesPdf({
      request: { paperSize: 'A4', title: 'Session notes', generatedOn: '2026-11-30', notes: [] },
      destination: 'print',
      suggestedName: 'notes.pdf',
      audit: { kind: 'note', recordIds: [] },
    }),
  );
  expect(result).toMatchObject({ ok: true });
  const printer = double.windows.find((w) => w !== mainWindow(double))!;
  expect(printer.options.show).toBe(false);
  expect(printer.options.webPreferences).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    plugins: true,
  });
  expect(printer.session.partition).toBe('holdspace-print');
  const served = printer.document;
  expect(served).not.toBe('cancelled');
  if (served && served !== 'cancelled') {
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    // The app's CSP (object-src 'none') would stop Chromium's PDF viewer: it is not on this response.
    expect(served.headers['content-security-policy']).toBeUndefined();
    expect(served.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }
  expect(printer.webContents.printed).toHaveLength(1);
  expect(printer.destroyed).toBe(true);
  // The print session lets the viewer load its own parts, and nothing that can reach a network.
  expect(printer.session.allows('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html')).toBe(true);
  expect(printer.session.allows('https://example.com/')).toBe(false);
  expect(printer.session.allows('file:///etc/passwd')).toBe(false);
  // Once printed, the PDF is no longer served.
  const again = await printer.session.fetch(printer.webContents.getURL());
  expect(again !== 'cancelled' && again.status).toBe(404);
});

test('a packaged build has no DevTools; an unpackaged one keeps them for development', async () => {
  running = await runBuiltMain({ profileDir: scratchProfile('packaged'), isPackaged: true });
  let { double } = running;
  expect(mainWindow(double).options.webPreferences?.devTools).toBe(false);
  expect(roles(double.applicationMenu ?? [])).not.toContain('toggleDevTools');
  expect(roles(double.applicationMenu ?? [])).not.toContain('reload');
  expect(roles(double.applicationMenu ?? [])).toContain('paste');
  expect(double.defaultSession.allows('devtools://devtools/bundled/inspector.html')).toBe(false);
  const contents = mainWindow(double).webContents;
  contents.emit('devtools-opened');
  expect(contents.devToolsClosed).toBe(1);
  await running.host.close();

  running = await runBuiltMain({ profileDir: scratchProfile('unpackaged'), isPackaged: false });
  double = running.double;
  expect(mainWindow(double).options.webPreferences?.devTools).toBe(true);
  expect(roles(double.applicationMenu ?? [])).toContain('toggleDevTools');
  expect(double.defaultSession.allows('devtools://devtools/bundled/inspector.html')).toBe(true);
});

test('restarting the built app on the same profile keeps the vault and the records', async () => {
  const profileDir = scratchProfile('restart');
  running = await runBuiltMain({ profileDir });
  const page = running.host.page!;
  await new VaultPage(page).setUp();
  await new ClientsPage(page).create({ name: 'Noa Restart-Test' });
  await running.host.close();
  running = null;

  running = await runBuiltMain({ profileDir });
  const again = new VaultPage(running.host.page!);
  await again.unlock();
  await new ClientsPage(running.host.page!).open();
  await expect(
    running.host.page!.getByRole('list', { name: 'Clients' }).getByRole('button', { name: 'Noa Restart-Test' }),
  ).toBeVisible();
  expect(fs.existsSync(path.join(profileDir, 'app-data', 'holdspace.json'))).toBe(true);
});

test('an unreadable settings file is set aside and the clinician is told, instead of a silent quit', async () => {
  const profileDir = scratchProfile('bad-settings');
  fs.mkdirSync(path.join(profileDir, 'app-data'), { recursive: true });
  fs.writeFileSync(path.join(profileDir, 'app-data', 'holdspace.json'), '{"vaultHeader": {"salt": "ab');
  running = await runBuiltMain({ profileDir });
  const page = running.host.page!;
  await expect(page.getByRole('alert', { name: 'Start-up notice' })).toContainText('Holdspace could not read its settings file');
  const names = fs.readdirSync(path.join(profileDir, 'app-data'));
  expect(names.some((n) => n.startsWith('holdspace.json.unreadable-'))).toBe(true);
  expect(running.double.dialogs.filter((d) => d.kind === 'error')).toEqual([]);
});
