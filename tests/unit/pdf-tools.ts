/** Reading generated PDFs back with real readers (poppler, qpdf), shared by the PDF tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create as createFontkitFont } from 'fontkit';
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

interface OutlineFont {
  postscriptName: string;
  getGlyph(id: number): { path: { toSVG(): string } };
}

interface QpdfObject {
  value?: unknown;
  stream?: { dict: unknown; data?: string };
}

/** One glyph a text operator shows, read back from the file. */
export interface DrawnGlyph {
  page: number;
  /** The embedded font's /BaseFont, subset tag included ("ABCDEF+NotoSansHebrew-Regular"). */
  font: string;
  /** The glyph code in the content stream (the CID: pdfkit embeds fonts with an identity CID-to-glyph map). */
  cid: number;
  /** The glyph's outline in the embedded subset, as an SVG path. */
  outline: string;
  /**
   * Drawn with the outline of its font's .notdef glyph: the missing-glyph box, whichever CID
   * carries it (a subset can include glyph 0 again under another CID).
   */
  missing: boolean;
}

/**
 * Every glyph the pages draw, in drawing order: the content streams and each embedded font
 * subset, read with qpdf's JSON output (streams decoded) and fontkit.
 */
export function drawnGlyphs(file: string): DrawnGlyph[] {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }),
  ) as { pages: Array<{ object: string; contents: string[] }>; qpdf: [unknown, Record<string, QpdfObject>] };
  const objects = json.qpdf[1];
  const value = (ref: string): Record<string, unknown> => {
    const o = objects[`obj:${ref}`]!;
    return (o.value ?? o.stream!.dict) as Record<string, unknown>;
  };
  const data = (ref: string): Buffer => Buffer.from(objects[`obj:${ref}`]!.stream!.data!, 'base64');
  const subsets = new Map<string, { base: string; font: OutlineFont; notdef: string }>();
  const subsetOf = (type0: string) => {
    let known = subsets.get(type0);
    if (!known) {
      const cidFont = value((value(type0)['/DescendantFonts'] as string[])[0]!);
      const descriptor = value(cidFont['/FontDescriptor'] as string);
      const font = createFontkitFont(data(descriptor['/FontFile2'] as string)) as unknown as OutlineFont;
      known = { base: String(value(type0)['/BaseFont']), font, notdef: font.getGlyph(0).path.toSVG() };
      subsets.set(type0, known);
    }
    return known;
  };
  const glyphs: DrawnGlyph[] = [];
  json.pages.forEach((page, index) => {
    const resources = value(page.object)['/Resources'] as Record<string, unknown> | string;
    const fontRefs = ((typeof resources === 'string' ? value(resources) : resources)['/Font'] ?? {}) as Record<string, string>;
    const content = page.contents.map((ref) => data(ref).toString('latin1')).join('\n');
    let current: ReturnType<typeof subsetOf> | undefined;
    for (const op of content.matchAll(/\/([\w.+-]+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-f]+>|[-\d.\s])*)\]\s*TJ|(<[0-9a-f]+>)\s*Tj/gi)) {
      if (op[1] !== undefined) {
        const ref = fontRefs[`/${op[1]}`];
        current = ref === undefined ? undefined : subsetOf(ref);
        continue;
      }
      if (!current) continue;
      for (const hex of (op[2] ?? op[3] ?? '').matchAll(/<([0-9a-f]+)>/gi)) {
        for (let i = 0; i < hex[1]!.length; i += 4) {
          const cid = parseInt(hex[1]!.slice(i, i + 4), 16);
          const outline = current.font.getGlyph(cid).path.toSVG();
          glyphs.push({
            page: index + 1,
            font: current.base,
            cid,
            outline,
            missing: cid === 0 || (current.notdef !== '' && outline === current.notdef),
          });
        }
      }
    }
  });
  return glyphs;
}

/** The glyphs drawn as missing-glyph boxes, as "font cid" (none in a good file). */
export function missingGlyphs(file: string): string[] {
  return drawnGlyphs(file)
    .filter((g) => g.missing)
    .map((g) => `${g.font} ${g.cid} (page ${g.page})`);
}
