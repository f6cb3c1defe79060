/**
 * Opening the settings file (electron-store in the app, `conf` in the harness). Both throw
 * while being constructed when the file is not valid JSON (a crash mid-write on a disk that
 * does not keep its promises, a sync tool, a hand edit), and the app would quit with only a
 * console line. Instead the unreadable file is moved aside (kept, never deleted, for whoever
 * wants to look at it), the store starts empty, and the clinician is told once. The vault
 * header is then taken back from the copy kept with the records, so Unlock works as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { syncDirectory } from './fs-durable';

export interface OpenedSettings<S> {
  store: S;
  /** A message for the clinician, shown once by the page; absent when the file opened normally. */
  notice?: string;
  /** Where the unreadable file was put. */
  setAside?: string;
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

export const unreadableSettingsNotice = (setAsideName: string): string =>
  `Holdspace could not read its settings file (it may have been damaged by a crash or a disk problem), so it kept it aside as ` +
  `"${setAsideName}" and started with default settings. Your records are stored separately and were not changed. ` +
  `Unlock as usual, then check your settings (time zone, automatic lock).`;

/** Whether an error thrown while opening the store means the file's contents cannot be read as settings. */
const isUnreadable = (error: unknown): boolean =>
  error instanceof SyntaxError ||
  (error as Error | null)?.name === 'SyntaxError' ||
  /^Config schema violation:/.test(String((error as Error | null)?.message ?? ''));

/**
 * Opens the store with `open`; when that fails because `file` cannot be parsed, moves the file
 * aside as `<name>.unreadable-<timestamp>` and opens an empty store. Other errors (a folder it
 * may not write to, say) are not the file's contents and are thrown as they are.
 */
export function openSettingsStore<S>(options: { file: string; open: () => S; now?: () => number }): OpenedSettings<S> {
  const { file, open } = options;
  try {
    return { store: open() };
  } catch (error) {
    if (!isUnreadable(error) || !fs.existsSync(file)) throw error;
    const now = (options.now ?? Date.now)();
    let setAside = `${file}.unreadable-${stamp(now)}`;
    for (let n = 2; fs.existsSync(setAside); n++) setAside = `${file}.unreadable-${stamp(now)}-${n}`;
    fs.renameSync(file, setAside);
    syncDirectory(path.dirname(file));
    return { store: open(), notice: unreadableSettingsNotice(path.basename(setAside)), setAside };
  }
}
