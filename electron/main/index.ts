/**
 * The only file that imports `electron` in main. It wires the platform (window, app://
 * protocol, dialogs, power events, print) to the plain-Node services and applies the
 * security policy from ./security, where every decision is a unit-tested pure function.
 * Keep it thin: tests/e2e/shell.spec.ts runs its *built* bundle against a recording
 * stand-in for the `electron` module (tests/shell/), which proves the wiring, not Electron.
 */
import { BrowserWindow, Menu, Notification, app, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
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
  PRINT_RESPONSE_HEADERS,
  SECURITY_HEADERS,
  applicationMenu,
  isAllowedAppRequest,
  isAllowedNavigation,
  isAllowedPrintRequest,
  isPermissionGranted,
  mimeTypeFor,
  printTokenFrom,
  printUrlFor,
  resolveAppAsset,
} from './security';
import { createMainServices } from './services';
import { preloadPdfFonts } from './services/pdf';
import { openSettingsStore } from './services/settings-file';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
/** DevTools and the reload menu exist only in a build run from the source tree (`npm start`). */
const devTools = !app.isPackaged;

// Crash dumps could hold decrypted text: never write them.
app.commandLine.appendSwitch('disable-breakpad');
app.commandLine.appendSwitch('disable-http-cache');
// codeCache: V8 keeps the app's own compiled scripts between starts (Chromium does so for http(s)
// only, unless a standard custom scheme asks), so the screens first opened after a start do not
// compile the bundle afresh. It holds the app's code, never a record.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
  },
]);

let window: BrowserWindow | null = null;

/** What each save and open dialog offers, by the kind of file the service asks for. */
const FILE_FILTERS: Record<'pdf' | 'csv' | 'ics' | 'backup', Electron.FileFilter> = {
  pdf: { name: 'PDF document', extensions: ['pdf'] },
  csv: { name: 'CSV spreadsheet', extensions: ['csv'] },
  ics: { name: 'Calendar (.ics)', extensions: ['ics'] },
  backup: { name: 'Holdspace backup', extensions: ['holdspace-backup'] },
};

/**
 * Prints a PDF without writing it anywhere. A hidden window in its own in-memory session
 * shows it in Chromium's PDF viewer from a one-off app:// URL; that session serves only the
 * PDF (without the app's CSP, whose `object-src 'none'` would stop the viewer), refuses
 * every permission and every request that could reach a network or a file.
 */
const pendingPrints = new Map<string, Buffer>();
let printSession: Electron.Session | null = null;
function printSessionOnce(): Electron.Session {
  if (printSession) return printSession;
  const ses = session.fromPartition('holdspace-print', { cache: false });
  ses.protocol.handle(APP_SCHEME, (request) => {
    const token = printTokenFrom(request.url);
    const pdf = token ? pendingPrints.get(token) : undefined;
    return pdf ? new Response(new Uint8Array(pdf), { headers: PRINT_RESPONSE_HEADERS }) : new Response(null, { status: 404 });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedPrintRequest(details.url) }));
  printSession = ses;
  return ses;
}

async function printFromMemory(pdf: Buffer): Promise<boolean> {
  const token = crypto.randomUUID();
  pendingPrints.set(token, pdf);
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      session: printSessionOnce(),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      plugins: true,
      devTools,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await printer.loadURL(printUrlFor(token));
    return await new Promise<boolean>((resolve) => printer.webContents.print({}, (success) => resolve(success)));
  } finally {
    pendingPrints.delete(token);
    printer.destroy();
  }
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(applicationMenu(process.platform, app.isPackaged) as MenuItemConstructorOptions[]),
  );
  const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(here, '../../resources');
  // A settings file that is not valid JSON is set aside (never deleted) and the clinician told once; the header copy
  // kept with the records then offers Unlock.
  const { store, notice } = openSettingsStore({
    file: path.join(app.getPath('userData'), 'holdspace.json'),
    open: () => new Store({ name: 'holdspace' }),
  });
  const services = createMainServices({
    dataDir: app.getPath('userData'),
    store,
    ...(notice ? { startupNotices: [notice] } : {}),
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
          filters: [FILE_FILTERS[kind]],
        });
        return canceled || !filePath ? null : filePath;
      },
      chooseOpenPath: async (kind) => {
        const { canceled, filePaths } = await dialog.showOpenDialog(window!, {
          properties: ['openFile'],
          filters: [
            kind === 'backup'
              ? { name: 'Holdspace backup', extensions: ['holdspace-backup', 'json'] }
              : // Excel's "Unicode text" (tab separated) saves as .txt.
                kind === 'csv'
                ? { name: 'Spreadsheet (CSV or tab-separated text)', extensions: ['csv', 'tsv', 'txt'] }
                : FILE_FILTERS[kind],
          ],
        });
        return canceled || !filePaths[0] ? null : filePaths[0];
      },
      chooseFolder: async (purpose) => {
        const { canceled, filePaths } = await dialog.showOpenDialog(window!, {
          title:
            purpose === 'backup-folder' ? 'Choose the folder for automatic backups' : 'Choose where to put the records export',
          defaultPath: app.getPath('documents'),
          properties: ['openDirectory', 'createDirectory'],
        });
        return canceled || !filePaths[0] ? null : filePaths[0];
      },
      printPdf: (pdf) => printFromMemory(pdf),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
      },
      resourcesDir,
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

  const ses = session.defaultSession;
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppAsset(request.url, rendererDir);
    if (!resolved.ok) return new Response(null, { status: resolved.status });
    try {
      const body = await fs.readFile(resolved.file);
      return new Response(body, { headers: { 'Content-Type': mimeTypeFor(resolved.file), ...SECURITY_HEADERS } });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
  ses.setPermissionRequestHandler((wc, permission, callback) => callback(isPermissionGranted(permission, wc.getURL())));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  // Belt and braces: the CSP also rides on every response, not only on app:// files.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Nothing leaves the machine: only our own scheme (and DevTools in an unpackaged build).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedAppRequest(details.url, { devTools }) }));

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, APP_ORIGIN)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    if (!devTools) contents.on('devtools-opened', () => contents.closeDevTools());
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
      devTools,
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
  // Other events for the page, such as 'vault-locking' before a lock the system starts (the editors save first).
  services.onEvent((event) => window?.webContents.send(`holdspace-event:${event}`));
  // Locks the system starts give the page a bounded moment to save what was typed; the key goes in a `finally`.
  const lockFor = (reason: string) => () => {
    if (services.settings.get().lockOnSuspend) void services.lockFromSystem(reason);
  };
  powerMonitor.on('suspend', lockFor('suspend'));
  powerMonitor.on('lock-screen', lockFor('screen-lock'));
  // Backstop for the renderer's own idle timer: the system has been idle past the limit.
  setInterval(() => {
    const limitSeconds = services.settings.get().idleLockMinutes * 60;
    if (services.vault.state() === 'unlocked' && powerMonitor.getSystemIdleTime() >= limitSeconds)
      void services.lockFromSystem('idle');
  }, 30_000).unref();

  await window.loadURL(`${APP_ORIGIN}/index.html`);
  // HarfBuzz and the per-script fonts load once, after the window is up, so the first PDF is quick.
  setTimeout(() => void preloadPdfFonts(resourcesDir).catch(() => undefined), 1_000).unref();
}

// One instance at a time: a second launch focuses the first and quits before it starts anything.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Never a silent quit: say so, in words a clinician can act on (no client data is in these errors).
      console.error('Holdspace could not start', (error as Error)?.name, (error as Error)?.message);
      dialog.showErrorBox(
        'Holdspace could not start',
        'Something went wrong while Holdspace was starting. Your records have not been changed. Please start Holdspace again; if this keeps happening, restore from your latest backup.',
      );
      app.quit();
    });
}
