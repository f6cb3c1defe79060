/**
 * A small, recording stand-in for the `electron` module, so the *built* main bundle
 * (out/main/index.js) can run under plain Node. It is typed against Electron's own
 * electron.d.ts (the npm package ships the types without the binary): each object only
 * has members Electron really has, with Electron's parameter types where index.ts uses them.
 *
 * It records what index.ts registers (switches, schemes, protocol handlers, IPC handlers,
 * session policies, window options, power, app and web-contents listeners, menus, dialogs,
 * notifications) and hands a window's loadURL to a host (./shell-host.ts) that serves a real
 * Chromium page *only* through what was recorded. It proves index.ts's wiring, not Electron.
 *
 * The module the bundle imports as `electron` is ./electron-shim.mjs, which reads the
 * objects built here from a global slot (see ./load-main.ts).
 */
import type {
  App,
  BrowserWindowConstructorOptions,
  CustomScheme,
  Dialog,
  IpcMain,
  IpcMainInvokeEvent,
  MenuItemConstructorOptions,
  PowerMonitor,
  Session,
  Shell,
} from 'electron';

export const DOUBLE_SLOT = Symbol.for('holdspace.electron-double');

type Listener = (...args: never[]) => unknown;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;
type IpcHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type BeforeRequestListener = (
  details: { url: string; resourceType?: string },
  callback: (response: { cancel?: boolean }) => void,
) => void;
type HeadersReceivedListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
) => void;
type PermissionRequestHandler = (
  wc: { getURL(): string },
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  off(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** What a host does with a window: serve it a page (or fetch its document) and deliver sends. */
export interface WindowHost {
  load(window: WindowDouble, url: string): Promise<void>;
  send(window: WindowDouble, channel: string, args: unknown[]): void;
}

export interface DoubleConfig {
  isPackaged: boolean;
  userDataDir: string;
  documentsDir: string;
  /** False: another instance already holds the lock. */
  singleInstance: boolean;
  host: WindowHost;
  /** Seconds of system idle time powerMonitor reports. */
  systemIdleSeconds?: number;
  /** The button index message boxes answer with (default 1: Cancel in Holdspace's dialogs). */
  messageBoxAnswer?: number;
  /** Paths save and open dialogs answer with, in order (then Cancel). */
  saveDialogAnswers?: string[];
  openDialogAnswers?: string[];
}

export class SessionDouble {
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  beforeRequest: BeforeRequestListener | null = null;
  headersReceived: HeadersReceivedListener | null = null;
  constructor(readonly partition: string) {}

  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler): void => {
      if (this.protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled in this session`);
      this.protocolHandlers.set(scheme, handler);
    },
  } satisfies Partial<Record<keyof Session['protocol'], unknown>>;

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  readonly webRequest = {
    onBeforeRequest: (listener: BeforeRequestListener | null): void => {
      this.beforeRequest = listener;
    },
    onHeadersReceived: (listener: HeadersReceivedListener | null): void => {
      this.headersReceived = listener;
    },
  } satisfies Partial<Record<keyof Session['webRequest'], unknown>>;

  /** Asks the recorded request filter; with none recorded, Electron lets everything through. */
  allows(url: string): boolean {
    if (!this.beforeRequest) return true;
    let cancel: boolean | undefined;
    this.beforeRequest({ url }, (response) => {
      cancel = response.cancel;
    });
    return cancel !== true;
  }

  /** Runs a request through the recorded filter, protocol handler and header hook, as Chromium would. */
  async fetch(url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer } | 'cancelled'> {
    if (!this.allows(url)) return 'cancelled';
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = this.protocolHandlers.get(scheme);
    if (!handler) return { status: 404, headers: {}, body: Buffer.alloc(0) }; // ERR_UNKNOWN_URL_SCHEME
    const response = await handler(new Request(url));
    const raw: Record<string, string[]> = {};
    response.headers.forEach((value, key) => {
      raw[key] = [value];
    });
    let headers: Record<string, string | string[]> = raw;
    if (this.headersReceived) {
      this.headersReceived({ url, responseHeaders: raw }, (result) => {
        if (result.responseHeaders) headers = result.responseHeaders;
      });
    }
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(headers)) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.status, headers: flat, body: Buffer.from(await response.arrayBuffer()) };
  }
}

export class WebContentsDouble extends Emitter {
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly printed: unknown[] = [];
  devToolsClosed = 0;
  constructor(readonly owner: WindowDouble) {
    super();
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    this.owner.double.config.host.send(this.owner, channel, args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  print(options: unknown, callback?: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options);
    callback?.(true, '');
  }
  closeDevTools(): void {
    this.devToolsClosed += 1;
  }
  isDestroyed(): boolean {
    return this.owner.destroyed;
  }
}

export class WindowDouble extends Emitter {
  readonly webContents: WebContentsDouble;
  readonly session: SessionDouble;
  shown = false;
  focused = 0;
  restored = 0;
  minimized = false;
  destroyed = false;
  /** For windows whose document is not a page (the print window): what was served. */
  document: { status: number; headers: Record<string, string>; body: Buffer } | 'cancelled' | null = null;
  constructor(
    readonly double: ElectronDouble,
    readonly options: BrowserWindowConstructorOptions,
  ) {
    super();
    this.webContents = new WebContentsDouble(this);
    const ses = options.webPreferences?.session as unknown as SessionDouble | undefined;
    this.session = ses ?? double.defaultSession;
    double.windows.push(this);
    double.appEvents.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    await this.double.config.host.load(this, url);
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.restored += 1;
    this.minimized = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** Everything index.ts can reach, and what it did with it. */
export class ElectronDouble {
  readonly switches: [string, string | undefined][] = [];
  readonly privilegedSchemes: CustomScheme[] = [];
  readonly appEvents = new Emitter();
  readonly powerEvents = new Emitter();
  readonly ipcHandlers = new Map<string, IpcHandler>();
  readonly ipcListeners = new Emitter();
  readonly defaultSession = new SessionDouble('default');
  readonly partitions = new Map<string, SessionDouble>();
  readonly windows: WindowDouble[] = [];
  readonly dialogs: { kind: string; options: unknown }[] = [];
  readonly notifications: { title?: string; body?: string }[] = [];
  readonly openedExternally: string[] = [];
  applicationMenu: MenuItemConstructorOptions[] | null | undefined;
  quitCalls = 0;
  private readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(readonly config: DoubleConfig) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Fires app 'ready' (index.ts waits for it through whenReady). */
  becomeReady(): void {
    this.markReady();
    this.appEvents.emit('ready');
  }

  /** The module object the bundle imports as `electron`. */
  module(): Record<string, unknown> {
    // The module's objects are plain literals whose own `this` is not the double.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const double = this;
    const config = this.config;
    const app = {
      commandLine: {
        appendSwitch: (name: string, value?: string): void => {
          double.switches.push([name, value]);
        },
      },
      get isPackaged(): boolean {
        return config.isPackaged;
      },
      getPath: (name: Parameters<App['getPath']>[0]): string => {
        if (name === 'userData') return config.userDataDir;
        if (name === 'documents') return config.documentsDir;
        throw new Error(`The stand-in has no path for "${name}"`);
      },
      getVersion: (): string => '0.0.0-test',
      getName: (): string => 'Holdspace',
      requestSingleInstanceLock: (): boolean => config.singleInstance,
      quit: (): void => {
        double.quitCalls += 1;
      },
      on: (event: string, listener: Listener) => {
        double.appEvents.on(event, listener);
        return app;
      },
      once: (event: string, listener: Listener) => {
        double.appEvents.once(event, listener);
        return app;
      },
      whenReady: (): Promise<void> => double.ready,
    } satisfies Partial<Record<keyof App, unknown>>;

    const ipcMain = {
      handle: (channel: string, listener: IpcHandler): void => {
        // Electron throws on a second handler for one channel; so does the stand-in.
        if (double.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        double.ipcHandlers.set(channel, listener);
      },
      on: (channel: string, listener: Listener) => {
        double.ipcListeners.on(channel, listener);
        return ipcMain;
      },
    } satisfies Partial<Record<keyof IpcMain, unknown>>;

    const protocol = {
      registerSchemesAsPrivileged: (schemes: CustomScheme[]): void => {
        // Electron refuses a code cache for a scheme that is not standard; so does the stand-in.
        for (const { scheme, privileges } of schemes) {
          if (privileges?.codeCache && !privileges.standard)
            throw new Error(`Code cache can only be enabled when the custom scheme is registered as standard scheme (${scheme})`);
        }
        double.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: ProtocolHandler): void => double.defaultSession.protocol.handle(scheme, handler),
    };

    const session = {
      get defaultSession(): SessionDouble {
        return double.defaultSession;
      },
      fromPartition: (partition: string): SessionDouble => {
        let ses = double.partitions.get(partition);
        if (!ses) {
          ses = new SessionDouble(partition);
          double.partitions.set(partition, ses);
        }
        return ses;
      },
    };

    const powerMonitor = {
      on: (event: string, listener: Listener) => {
        double.powerEvents.on(event, listener);
        return powerMonitor;
      },
      getSystemIdleTime: (): number => config.systemIdleSeconds ?? 0,
    } satisfies Partial<Record<keyof PowerMonitor, unknown>>;

    const dialog = {
      showMessageBox: async (_window: unknown, options: unknown) => {
        double.dialogs.push({ kind: 'message', options });
        return { response: config.messageBoxAnswer ?? 1, checkboxChecked: false };
      },
      showMessageBoxSync: (_window: unknown, options: unknown): number => {
        double.dialogs.push({ kind: 'message-sync', options });
        return config.messageBoxAnswer ?? 0;
      },
      showSaveDialog: async (_window: unknown, options: unknown) => {
        double.dialogs.push({ kind: 'save', options });
        const filePath = config.saveDialogAnswers?.shift();
        return { canceled: !filePath, filePath: filePath ?? '' };
      },
      showOpenDialog: async (_window: unknown, options: unknown) => {
        double.dialogs.push({ kind: 'open', options });
        const filePath = config.openDialogAnswers?.shift();
        return { canceled: !filePath, filePaths: filePath ? [filePath] : [] };
      },
      showErrorBox: (title: string, content: string): void => {
        double.dialogs.push({ kind: 'error', options: { title, content } });
      },
    } satisfies Partial<Record<keyof Dialog, unknown>>;

    const shell = {
      openExternal: async (url: string): Promise<void> => {
        double.openedExternally.push(url);
      },
    } satisfies Partial<Record<keyof Shell, unknown>>;

    class Notification {
      static isSupported(): boolean {
        return true;
      }
      constructor(private readonly options: { title?: string; body?: string }) {}
      show(): void {
        double.notifications.push({ title: this.options.title, body: this.options.body });
      }
    }

    const Menu = {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
      setApplicationMenu: (menu: { template: MenuItemConstructorOptions[] } | null): void => {
        double.applicationMenu = menu ? menu.template : null;
      },
    };

    class BrowserWindow extends WindowDouble {
      constructor(options: BrowserWindowConstructorOptions = {}) {
        super(double, options);
      }
    }

    const electron = { app, ipcMain, protocol, session, powerMonitor, dialog, shell, Notification, Menu, BrowserWindow };
    return { ...electron, default: electron };
  }
}
