import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isTrustedSender,
  resolveAppAsset,
} from '../../electron/main/security';

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
