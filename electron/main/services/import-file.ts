/**
 * Reads a file the clinician chose to import (a calendar or a spreadsheet) as text. Nothing
 * is copied or kept: the text goes to the renderer to be previewed, and only what the
 * clinician confirms is stored, sealed, like every other record.
 */
import fs from 'node:fs/promises';
import { UserFacingError } from '../../../shared/result';

/** Larger than any practice's calendar or client list; refuses a wrong file before reading it whole. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const WHAT = { ics: 'calendar', csv: 'spreadsheet' } as const;

/**
 * UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), and
 * otherwise Windows-1252, which older spreadsheet exports still use.
 */
export function decodeImportBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export async function readImportFile(file: string, kind: 'ics' | 'csv'): Promise<string> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
    if (stat.size > MAX_IMPORT_BYTES) {
      throw new UserFacingError(
        'INVALID_INPUT',
        `That file is larger than 20 MB, too large for a ${WHAT[kind]} export. Check you chose the right file.`,
      );
    }
    bytes = await fs.readFile(file);
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError('NOT_ALLOWED', 'Holdspace could not read that file. Check it is still there and try again.');
  }
  if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) {
    throw new UserFacingError('INVALID_INPUT', `That file is not a ${WHAT[kind]} saved as text. Check you chose the right file.`);
  }
  return decodeImportBytes(bytes);
}
