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

/** Well-formed UTF-8 sequences of two or more bytes, and bytes that begin none, in `bytes`. */
function countUtf8(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  const continues = (at: number, low = 0x80, high = 0xbf) => at < bytes.length && bytes[at]! >= low && bytes[at]! <= high;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let length = 0;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = continues(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      length = continues(i + 1, low, high) && continues(i + 2) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const [low, high] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      length = continues(i + 1, low, high) && continues(i + 2) && continues(i + 3) ? 4 : 0;
    }
    if (length === 0) {
      invalid++;
      i++;
    } else {
      if (length > 1) multiByte++;
      i += length;
    }
  }
  return { multiByte, invalid };
}

/**
 * UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), and
 * otherwise Windows-1252, which older spreadsheet exports still use.
 *
 * A file that is mostly UTF-8 (a byte-order mark, or at least as many well-formed accented
 * characters as stray bytes, say one row typed in another program) is read as UTF-8, so one
 * bad byte cannot garble every accented name in it; what could not be read becomes "\uFFFD",
 * which the import then names row by row (see readCsv), rather than being guessed at silently.
 */
export function decodeImportBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const { multiByte, invalid } = countUtf8(bytes);
  if (invalid === 0 || bom || multiByte >= invalid) return new TextDecoder('utf-8').decode(bytes);
  return new TextDecoder('windows-1252').decode(bytes);
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
