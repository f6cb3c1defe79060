/**
 * The only file that imports `electron` in main. It wires the platform (window, app://
 * protocol, dialogs, power events) to the plain-Node services and applies the security
 * policy from ./security. Keep it thin: everything here goes unexercised by the tests.
 */
import { BrowserWindow, Notification, app, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import Store from 'electron-store';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS, wireName } from '../../shared/contract';
import { createDispatcher } from './dispatcher';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  isAllowedNavigation,
  mimeTypeFor,
  resolveAppAsset,
} from './security';
import { createMainServices } from './services';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');

// Crash dumps could hold decrypted text: never write them.
app.commandLine.appendSwitch('disable-breakpad');
app.commandLine.appendSwitch('disable-http-cache');
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

let window: BrowserWindow | null = null;

/**
 * Prints a PDF without writing it anywhere: a hidden window shows it from memory through
 * a one-off app:// URL, and the system print dialog takes it from there.
 */
const pendingPrints = new Map<string, Buffer>();
async function printFromMemory(pdf: Buffer): Promise<boolean> {
  const token = crypto.randomUUID();
  pendingPrints.set(token, pdf);
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      plugins: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await printer.loadURL(`${APP_ORIGIN}/print/${token}.pdf`);
    return await new Promise<boolean>((resolve) => printer.webContents.print({}, (success) => resolve(success)));
  } finally {
    pendingPrints.delete(token);
    printer.destroy();
  }
}

async function start(): Promise<void> {
  const store = new Store({ name: 'holdspace' });
  const services = createMainServices({
    dataDir: app.getPath('userData'),
    store,
    hooks: {
      appVersion: app.getVersion(),
      platform: process.platform,
      confirmOpenExternal: async (url) => {
        const { response } = await dialog.showMessageBox(window!, {
          type: 'question',
          buttons: ['Open link', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: 'Open this link in your web browser?',
          detail: new URL(url).host,
        });
        return response === 0;
      },
      openExternal: (url) => shell.openExternal(url),
      chooseSavePath: async (suggestedName, kind) => {
        const { canceled, filePath } = await dialog.showSaveDialog(window!, {
          defaultPath: path.join(app.getPath('documents'), suggestedName),
          filters: [
            kind === 'pdf'
              ? { name: 'PDF document', extensions: ['pdf'] }
              : kind === 'csv'
                ? { name: 'CSV spreadsheet', extensions: ['csv'] }
                : { name: 'Holdspace backup', extensions: ['holdspace-backup'] },
          ],
        });
        return canceled || !filePath ? null : filePath;
      },
      chooseOpenPath: async () => {
        const { canceled, filePaths } = await dialog.showOpenDialog(window!, {
          properties: ['openFile'],
          filters: [{ name: 'Holdspace backup', extensions: ['holdspace-backup', 'json'] }],
        });
        return canceled || !filePaths[0] ? null : filePaths[0];
      },
      printPdf: (pdf) => printFromMemory(pdf),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
      },
      resourcesDir: app.isPackaged ? process.resourcesPath : path.join(here, '../../resources'),
    },
  });
  const dispatch = createDispatcher({
    handlers: services.handlers,
    trustedOrigin: APP_ORIGIN,
    onInternalError: (channel, error) => console.error(`IPC ${channel} failed: ${(error as Error)?.name ?? 'error'}`),
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(wireName(channel), (event, payload: unknown) => dispatch(event.senderFrame?.url, wireName(channel), payload));
  }

  protocol.handle(APP_SCHEME, async (request) => {
    const print = /^app:\/\/holdspace\/print\/([0-9a-f-]{36})\.pdf$/.exec(request.url);
    if (print) {
      const pdf = pendingPrints.get(print[1]!);
      return pdf
        ? new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', ...SECURITY_HEADERS } })
        : new Response(null, { status: 404 });
    }
    const resolved = resolveAppAsset(request.url, rendererDir);
    if (!resolved.ok) return new Response(null, { status: resolved.status });
    try {
      const body = await fs.readFile(resolved.file);
      return new Response(body, { headers: { 'Content-Type': mimeTypeFor(resolved.file), ...SECURITY_HEADERS } });
    } catch {
      return new Response(null, { status: 404 });
    }
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Belt and braces: the CSP also rides on every response, not only on app:// files.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    // Nothing leaves the machine: only our own scheme and devtools are allowed.
    const allowed = details.url.startsWith(`${APP_SCHEME}://`) || details.url.startsWith('devtools://');
    callback({ cancel: !allowed });
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, APP_ORIGIN)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Holdspace',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window?.show());
  // The note editor asks before the window closes with unsaved text; Electron needs us to ask.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window!, {
      type: 'warning',
      buttons: ['Stay and save', 'Close anyway'],
      defaultId: 0,
      cancelId: 0,
      message: 'Some of your note has not been saved yet.',
      detail: 'Stay a moment so Holdspace can save it, or close anyway and lose the last few seconds of typing.',
    });
    if (choice === 1) event.preventDefault();
  });

  const notifyLocked = (): void => window?.webContents.send('holdspace-event:vault-locked');
  services.vault.onLock(() => setImmediate(notifyLocked));
  const lockFor = (reason: string) => () => {
    if (services.settings.get().lockOnSuspend) services.vault.lock(reason);
  };
  powerMonitor.on('suspend', lockFor('suspend'));
  powerMonitor.on('lock-screen', lockFor('screen-lock'));
  // Backstop for the renderer's own idle timer: the system has been idle past the limit.
  setInterval(() => {
    const limitSeconds = services.settings.get().idleLockMinutes * 60;
    if (services.vault.state() === 'unlocked' && powerMonitor.getSystemIdleTime() >= limitSeconds) services.vault.lock('idle');
  }, 30_000).unref();

  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});
app.on('window-all-closed', () => app.quit());
app.whenReady().then(start, (error: unknown) => {
  console.error('Holdspace could not start', (error as Error)?.name);
  app.quit();
});
