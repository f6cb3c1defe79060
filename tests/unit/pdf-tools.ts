/** Reading generated PDFs back with real readers (poppler, qpdf), shared by the PDF tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A temporary folder for the suite's PDFs, removed afterwards; `save` writes one into it. */
export function pdfScratch(label: string): { save: (name: string, bytes: Buffer) => string; dir: () => string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), `holdspace-pdf-${label}-`));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    save: (name, bytes) => {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      return file;
    },
  };
}

/** Extracted text, NFC-normalised (poppler may emit decomposed sequences). */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
}

/** Text with line breaks and runs of spaces folded, for phrases that may wrap. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** qpdf exits non-zero on errors (2) and warnings (3); execFileSync throws on either. */
export function qpdfCheck(file: string): string {
  return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}

/** Every glyph code shown by a text operator (CID 0000 is .notdef, a missing-glyph box), from the uncompressed content streams. */
export function drawnGlyphCodes(file: string): string[] {
  const qdf = `${file}.qdf`;
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
  const content = readFileSync(qdf, 'latin1');
  const codes: string[] = [];
  for (const op of content.matchAll(/\[((?:<[0-9a-f]+>|[-\d.\s])*)\]\s*TJ|(<[0-9a-f]+>)\s*Tj/g)) {
    for (const hex of (op[1] ?? op[2] ?? '').matchAll(/<([0-9a-f]+)>/g)) {
      for (let i = 0; i < hex[1]!.length; i += 4) codes.push(hex[1]!.slice(i, i + 4));
    }
  }
  return codes;
}
