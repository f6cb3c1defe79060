import Conf from 'conf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../electron/main/services/settings-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function settingsDir(): { dir: string; file: string; open: () => Conf<Record<string, unknown>> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdspace-settings-file-'));
  dirs.push(dir);
  return {
    dir,
    file: path.join(dir, 'holdspace.json'),
    open: () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'holdspace', projectName: 'holdspace' }),
  };
}

describe('opening the settings file', () => {
  it('opens a readable file as it is, with nothing to tell', () => {
    const { file, open } = settingsDir();
    open().set('timeZone', 'Europe/Vienna');
    const opened = openSettingsStore({ file, open });
    expect(opened.notice).toBeUndefined();
    expect(opened.store.get('timeZone')).toBe('Europe/Vienna');
  });

  it('opens a missing file as an empty store, with nothing to tell', () => {
    const { file, open } = settingsDir();
    const opened = openSettingsStore({ file, open });
    expect(opened.notice).toBeUndefined();
    expect(opened.store.get('vault')).toBeUndefined();
  });

  it.each([
    ['cut short', '{"vault": {"wrapped": "abc'],
    ['emptied', ''],
    ['overwritten with zeros', '\u0000\u0000\u0000\u0000'],
  ])('a file %s is set aside, kept byte for byte, and the store starts empty with a notice', (_, contents) => {
    const { dir, file, open } = settingsDir();
    fs.writeFileSync(file, contents);
    // Conf alone throws: the app would quit.
    expect(() => open()).toThrow();
    const now = Date.UTC(2026, 10, 30, 6, 5, 4, 321);
    const opened = openSettingsStore({ file, open, now: () => now });
    expect(opened.store.get('vault')).toBeUndefined();
    const aside = fs.readdirSync(dir).filter((n) => n.startsWith('holdspace.json.unreadable-'));
    expect(aside).toEqual(['holdspace.json.unreadable-2026-11-30T06-05-04-321Z']);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(contents);
    expect(opened.notice).toContain('could not read its settings file');
    expect(opened.notice).toContain(aside[0]);
    // The new store works and is what opens next time.
    opened.store.set('timeZone', 'Asia/Tokyo');
    expect(openSettingsStore({ file, open }).store.get('timeZone')).toBe('Asia/Tokyo');
  });

  it('never overwrites an earlier unreadable file set aside at the same moment', () => {
    const { dir, file, open } = settingsDir();
    const now = (): number => 1_000;
    fs.writeFileSync(file, '{first');
    openSettingsStore({ file, open, now });
    fs.writeFileSync(file, '{second');
    openSettingsStore({ file, open, now });
    const aside = fs
      .readdirSync(dir)
      .filter((n) => n.includes('.unreadable-'))
      .sort();
    expect(aside).toHaveLength(2);
    expect(aside.map((n) => fs.readFileSync(path.join(dir, n), 'utf8')).sort()).toEqual(['{first', '{second']);
  });

  it('an error that is not about the contents is thrown as it is, and the file stays', () => {
    const { file } = settingsDir();
    fs.writeFileSync(file, '{}');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(() =>
      openSettingsStore({
        file,
        open: () => {
          throw denied;
        },
      }),
    ).toThrow(denied);
    expect(fs.existsSync(file)).toBe(true);
  });
});
