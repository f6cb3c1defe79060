/**
 * The security policy in one place. Every URL and origin decision is a pure function
 * here, unit-tested, and used by the Electron adapter and by the test harness alike.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'holdspace';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** No remote origin anywhere; no eval; no inline script; no plugins; no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
  'Cache-Control': 'no-store',
});

const parse = (raw: string): URL | null => {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
};

/** Is an IPC message's sender the app's own page? `trustedOrigin` is app://holdspace in the app. */
export function isTrustedSender(senderUrl: string | undefined | null, trustedOrigin: string): boolean {
  if (!senderUrl) return false;
  const url = parse(senderUrl);
  if (!url) return false;
  const expected = parse(trustedOrigin);
  if (!expected) return false;
  return url.protocol === expected.protocol && url.host === expected.host && url.username === '' && url.password === '';
}

/** The page may never navigate away from itself: links open nothing, forms post nowhere. */
export function isAllowedNavigation(targetUrl: string, trustedOrigin: string): boolean {
  const url = parse(targetUrl);
  const origin = parse(trustedOrigin);
  if (!url || !origin) return false;
  // Reloading our own page (the lock screen does this) is the only navigation allowed.
  return url.protocol === origin.protocol && url.host === origin.host;
}

/** Only https links (telehealth rooms) may be opened outside, and only after the clinician confirms. */
export function isAllowedExternalUrl(raw: string): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  if (!url.hostname || url.hostname.includes('%')) return false;
  return true;
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};
export const mimeTypeFor = (file: string): string => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

export type AssetResolution = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps an app:// request onto a file inside the built renderer folder. Anything that
 * would escape that folder (../, encoded ../, backslashes, NUL, absolute paths) is refused.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string, expectedOrigin = APP_ORIGIN): AssetResolution {
  const url = parse(requestUrl);
  const origin = parse(expectedOrigin);
  if (!url || !origin) return { ok: false, status: 400 };
  if (url.protocol !== origin.protocol || url.host !== origin.host) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 };
  const segments = pathname.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403 };
  const relative = pathname.replace(/^\/+/, '') || 'index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { ok: false, status: 403 };
  return { ok: true, file };
}

/** Which requests the app's own window may make: its own scheme only (DevTools' pages too, in an unpackaged build). */
export function isAllowedAppRequest(rawUrl: string, options: { devTools: boolean }): boolean {
  const url = parse(rawUrl);
  if (!url) return false;
  if (url.protocol === `${APP_SCHEME}:`) return url.host === APP_HOST;
  return options.devTools && url.protocol === 'devtools:';
}

/**
 * Browser permissions: every one is refused except keeping the app's own storage
 * (`navigator.storage.persist()`), so Chromium never evicts the sealed records under disk
 * pressure. Nothing else (camera, notifications through the page, clipboard reads…) is granted.
 */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined | null): boolean {
  return permission === 'persistent-storage' && isTrustedSender(requestingUrl, APP_ORIGIN);
}

/** Chromium's built-in PDF viewer, an extension page the print window needs to show a PDF. */
export const PDF_VIEWER_ORIGIN = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai';

const PRINT_URL = new RegExp(`^${APP_ORIGIN}/print/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.pdf$`);

/** The one-off token in a print URL (`app://holdspace/print/<uuid>.pdf`), or null. */
export function printTokenFrom(rawUrl: string): string | null {
  return PRINT_URL.exec(rawUrl)?.[1] ?? null;
}

export const printUrlFor = (token: string): string => `${APP_ORIGIN}/print/${token}.pdf`;

/**
 * Headers for a PDF shown by Chromium's viewer in the print window's own session. No CSP
 * here: the app's policy (`object-src 'none'`) would stop the viewer's plugin from showing
 * the document; the print session serves nothing but the one PDF and loads no page script.
 */
export const PRINT_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/pdf',
  'Content-Disposition': 'inline',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
});

/**
 * What the print window's session may load: the PDF being printed and the browser's own
 * viewer and its internal resources. Nothing that can reach a network or a file.
 */
export function isAllowedPrintRequest(rawUrl: string): boolean {
  const url = parse(rawUrl);
  if (!url) return false;
  if (url.protocol === `${APP_SCHEME}:`) return printTokenFrom(rawUrl) !== null;
  if (rawUrl.startsWith(`${PDF_VIEWER_ORIGIN}/`)) return true;
  return url.protocol === 'chrome:' || url.protocol === 'chrome-untrusted:';
}

/** A menu item the adapter hands to Electron's Menu.buildFromTemplate. */
export interface MenuItemSpec {
  role?: string;
  label?: string;
  type?: 'separator';
  submenu?: MenuItemSpec[];
}

/**
 * The application menu: editing and window commands (macOS needs them for copy and paste),
 * and in a packaged build no way to DevTools or a reload that would bypass the lock.
 */
export function applicationMenu(platform: string, packaged: boolean): MenuItemSpec[] {
  const mac = platform === 'darwin';
  const edit: MenuItemSpec = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(packaged ? [] : [{ type: 'separator' as const }, { role: 'reload' }, { role: 'toggleDevTools' }]),
    ],
  };
  const window: MenuItemSpec = {
    label: 'Window',
    submenu: [{ role: 'minimize' }, ...(mac ? [{ role: 'zoom' }] : []), { role: 'close' }],
  };
  const app: MenuItemSpec[] = mac
    ? [{ label: 'Holdspace', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }] }]
    : [];
  const file: MenuItemSpec = { label: 'File', submenu: [{ role: mac ? 'close' : 'quit' }] };
  return [...app, file, edit, view, window];
}
