import fs from 'node:fs';

/** A rename is durable only once its folder is synced (not possible on every platform). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for syncing; its renames are journalled by NTFS.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
