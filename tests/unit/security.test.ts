import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  PRINT_RESPONSE_HEADERS,
  applicationMenu,
  isAllowedAppRequest,
  isAllowedPrintRequest,
  isPermissionGranted,
  printTokenFrom,
  printUrlFor,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isTrustedSender,
  resolveAppAsset,
} from '../../electron/main/security';
import type { MenuItemSpec } from '../../electron/main/security';

const root = path.resolve('/srv/holdspace/renderer');

describe('app:// asset resolution', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveAppAsset('app://holdspace/index.html', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppAsset('app://holdspace/assets/app.js', root)).toEqual({ ok: true, file: path.join(root, 'assets/app.js') });
    expect(resolveAppAsset('app://holdspace/', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
  });

  it.each([
    'app://holdspace/%2e%2e/%2e%2e/etc/passwd',
    'app://holdspace/assets/%2E%2E/%2E%2E/secret',
    'app://holdspace/..%2f..%2fetc/passwd',
    'app://holdspace/assets/..%5c..%5cwindows',
    'app://holdspace/index.html%00.js',
  ])('never resolves outside the renderer folder: %s', (url) => {
    // The URL parser folds encoded dot segments at the root, so these either are refused
    // or land inside the folder; what matters is that no file outside it is reachable.
    const resolved = resolveAppAsset(url, root);
    if (resolved.ok) expect(resolved.file.startsWith(root + path.sep)).toBe(true);
  });

  it('refuses dot segments that survive URL parsing', () => {
    expect(resolveAppAsset('app://holdspace/..%2f..%2fetc/passwd', root).ok).toBe(false);
    expect(resolveAppAsset('app://holdspace/a/%2e%2e%2f%2e%2e%2fb', root).ok).toBe(false);
    expect(resolveAppAsset('app://holdspace/index.html%00.js', root)).toEqual({ ok: false, status: 400 });
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppAsset('app://evil/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppAsset('file:///etc/passwd', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppAsset('not a url', root)).toEqual({ ok: false, status: 400 });
  });
});

describe('sender and navigation checks', () => {
  it('trusts only the app origin', () => {
    expect(isTrustedSender('app://holdspace/index.html', APP_ORIGIN)).toBe(true);
    expect(isTrustedSender('app://holdspace.evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('https://holdspace/index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('file:///index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('about:blank', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:4000/x', 'http://127.0.0.1:4000')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:4001/x', 'http://127.0.0.1:4000')).toBe(false);
  });

  it('allows no navigation away from the app', () => {
    expect(isAllowedNavigation('app://holdspace/index.html', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('https://example.com', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', APP_ORIGIN)).toBe(false);
  });

  it('opens only https links outside', () => {
    expect(isAllowedExternalUrl('https://meet.example.org/room/42')).toBe(true);
    expect(isAllowedExternalUrl('http://meet.example.org/room/42')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@example.org/')).toBe(false);
    expect(isAllowedExternalUrl('smb://server/share')).toBe(false);
  });

  it('has a strict content security policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(eval|inline)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
});

describe('the desktop shell policy', () => {
  it('lets the app window request only its own scheme, and DevTools only when unpackaged', () => {
    expect(isAllowedAppRequest('app://holdspace/assets/index.js', { devTools: false })).toBe(true);
    for (const url of [
      'app://other/index.html',
      'https://example.com/',
      'http://localhost:5173/',
      'file:///etc/passwd',
      'ws://127.0.0.1/',
      'data:,x',
      'not a url',
    ]) {
      expect(isAllowedAppRequest(url, { devTools: true }), url).toBe(false);
    }
    expect(isAllowedAppRequest('devtools://devtools/bundled/inspector.html', { devTools: false })).toBe(false);
    expect(isAllowedAppRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toBe(true);
  });

  it('grants persistent storage to the app and no other permission to anyone', () => {
    expect(isPermissionGranted('persistent-storage', 'app://holdspace/index.html')).toBe(true);
    expect(isPermissionGranted('persistent-storage', 'https://evil.example/')).toBe(false);
    expect(isPermissionGranted('persistent-storage', undefined)).toBe(false);
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem', 'unknown']) {
      expect(isPermissionGranted(p, 'app://holdspace/index.html'), p).toBe(false);
    }
  });

  it('serves a print only at its one-off URL, and the print session reaches no network or file', () => {
    const token = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(printTokenFrom(printUrlFor(token))).toBe(token);
    expect(printTokenFrom('app://holdspace/print/../index.html')).toBeNull();
    expect(printTokenFrom(`app://holdspace/print/${token}.pdf?x=1`)).toBeNull();
    expect(isAllowedPrintRequest(printUrlFor(token))).toBe(true);
    expect(isAllowedPrintRequest('app://holdspace/index.html')).toBe(false);
    expect(isAllowedPrintRequest('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html')).toBe(true);
    expect(isAllowedPrintRequest('chrome-extension://someotherextensionid/index.html')).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1/', 'file:///etc/passwd', 'ws://localhost/'])
      expect(isAllowedPrintRequest(url), url).toBe(false);
    expect(PRINT_RESPONSE_HEADERS['Content-Type']).toBe('application/pdf');
    expect(Object.keys(PRINT_RESPONSE_HEADERS)).not.toContain('Content-Security-Policy');
  });

  it('keeps editing commands in every menu and DevTools out of a packaged one', () => {
    const roles = (items: MenuItemSpec[]): string[] =>
      items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);
    for (const platform of ['darwin', 'win32', 'linux']) {
      const packaged = roles(applicationMenu(platform, true));
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo']));
      expect(packaged).not.toContain('toggleDevTools');
      expect(packaged).not.toContain('reload');
      expect(roles(applicationMenu(platform, false))).toContain('toggleDevTools');
    }
  });
});
