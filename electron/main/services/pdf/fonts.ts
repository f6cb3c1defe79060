/**
 * Embedded Unicode fonts for PDFs, and per-character font fallback.
 *
 * pdfkit draws a run of text in one font; a character that font lacks prints as a
 * missing-glyph box. So text is split into runs by which font has the glyph: the body
 * font (Noto Sans, Latin/Greek/Cyrillic/Vietnamese) first, then the CJK fallback
 * (WenQuanYi Micro Hei). Splitting is per grapheme cluster, so a base letter and its
 * combining accents (the "о́" in "Ко́тов") always stay in one font and shape together.
 *
 * The fonts are read once per resources folder and parsed once (the fontkit objects are
 * reused across documents; each document still gets its own subset). The caller passes
 * `resourcesDir`: in the packaged app that is `process.resourcesPath`-based, in tests
 * and under Node the repo's `resources/` (resolved from this module's URL).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type FontWeight = 'regular' | 'bold';

/** Font names registered on every document by {@link installFonts}. */
export const FONT_NAMES = {
  regular: 'hs-regular',
  bold: 'hs-bold',
  fallback: 'hs-fallback',
} as const;

export interface FontFiles {
  regular: string;
  bold: string;
  fallback: string;
  /** PostScript name of the face to use inside the fallback collection (.ttc). */
  fallbackFace: string;
}

/** The repo's `resources/` folder, found relative to this module (tests, plain Node). */
export function defaultResourcesDir(): string {
  return fileURLToPath(new URL('../../../../resources/', import.meta.url));
}

export function fontFiles(resourcesDir: string = defaultResourcesDir()): FontFiles {
  const dir = path.join(resourcesDir, 'fonts');
  return {
    regular: path.join(dir, 'NotoSans-Regular.ttf'),
    bold: path.join(dir, 'NotoSans-Bold.ttf'),
    fallback: path.join(dir, 'wqy-microhei.ttc'),
    fallbackFace: 'WenQuanYiMicroHei',
  };
}

/** The part of a fontkit font this module relies on. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout: unknown;
}

/** Parsed fontkit fonts, by resources folder. Fonts are public files, not personal data. */
const parsedFonts = new Map<string, Record<keyof typeof FONT_NAMES, FontkitFont>>();

/** What pdfkit keeps about the current font (not in @types/pdfkit). */
interface DocWithFont {
  _font?: { font?: FontkitFont; layoutCache?: Record<string, unknown> };
}

/**
 * Shaping results (pdfkit's per-word layout cache), shared across documents per font.
 * Shaping every word with fontkit is most of a render's cost, and the agreement text is
 * the same for every member and every roster. Entries are immutable glyph runs, so
 * sharing cannot change output bytes. Words can come from notes, so the cache is bounded
 * and `clearPdfCaches()` drops it (call it when the vault locks).
 */
const layoutCaches = new Map<FontkitFont, Record<string, unknown>>();
const LAYOUT_CACHE_LIMIT = 20_000;
let layoutCacheEntries = 0;

/** Forget cached shaping results (words of rendered text). Fonts stay parsed. */
export function clearPdfCaches(): void {
  layoutCaches.clear();
  layoutCacheEntries = 0;
}

function sharedLayoutCache(font: FontkitFont): Record<string, unknown> {
  if (layoutCacheEntries > LAYOUT_CACHE_LIMIT) clearPdfCaches();
  let cache = layoutCaches.get(font);
  if (!cache) {
    const target: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    cache = new Proxy(target, {
      set(obj, key, value) {
        if (!(key in obj)) layoutCacheEntries++;
        return Reflect.set(obj, key, value);
      },
    });
    layoutCaches.set(font, cache);
  }
  return cache;
}

function currentFontkitFont(doc: PDFKit.PDFDocument): FontkitFont {
  const font = (doc as unknown as DocWithFont)._font?.font;
  if (!font || typeof font.hasGlyphForCodePoint !== 'function') {
    throw new Error('pdfkit did not load an embeddable font');
  }
  return font;
}

function readFont(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(
      `The PDF font file ${path.basename(file)} is missing from the app's resources (${(error as Error).message}).`,
    );
  }
}

/**
 * Per-document view of the font chain: which font draws which character.
 */
export class PdfFonts {
  private readonly coverage = new Map<FontkitFont, Map<number, boolean>>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: Record<keyof typeof FONT_NAMES, FontkitFont>,
  ) {}

  private has(font: FontkitFont, codePoint: number): boolean {
    let cache = this.coverage.get(font);
    if (!cache) {
      cache = new Map();
      this.coverage.set(font, cache);
    }
    let hit = cache.get(codePoint);
    if (hit === undefined) {
      hit = font.hasGlyphForCodePoint(codePoint);
      cache.set(codePoint, hit);
    }
    return hit;
  }

  /** Fonts to try for a weight, best first. There is no bold CJK face: bold falls back to regular. */
  private chain(weight: FontWeight): Array<{ name: string; font: FontkitFont }> {
    const primary = weight === 'bold' ? 'bold' : 'regular';
    return [
      { name: FONT_NAMES[primary], font: this.fonts[primary] },
      { name: FONT_NAMES.fallback, font: this.fonts.fallback },
    ];
  }

  /** Split text into runs, each drawable by one font. Adjacent runs never share a font. */
  runs(text: string, weight: FontWeight): Array<{ font: string; text: string }> {
    const chain = this.chain(weight);
    const primary = chain[0]!;
    // Fast path: everything in the primary font (the usual case for English text).
    let allPrimary = true;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0x7e && !isIgnorable(cp) && !this.has(primary.font, cp)) {
        allPrimary = false;
        break;
      }
    }
    if (allPrimary) return text ? [{ font: primary.name, text }] : [];

    const out: Array<{ font: string; text: string }> = [];
    for (const { segment } of graphemes.segment(text)) {
      const name = this.fontFor(segment, chain);
      const last = out[out.length - 1];
      if (last && last.font === name) last.text += segment;
      else out.push({ font: name, text: segment });
    }
    return out;
  }

  private fontFor(cluster: string, chain: Array<{ name: string; font: FontkitFont }>): string {
    const codePoints = [...cluster].map((c) => c.codePointAt(0)!).filter((cp) => !isIgnorable(cp));
    // Whitespace and controls: keep in the primary font (line breaking, consistent spacing).
    if (codePoints.length === 0 || codePoints.every((cp) => cp < 0x21)) return chain[0]!.name;
    const full = chain.find((f) => codePoints.every((cp) => this.has(f.font, cp)));
    if (full) return full.name;
    const base = chain.find((f) => this.has(f.font, codePoints[0]!));
    return (base ?? chain[0]!).name;
  }

  /**
   * Draw text at the current position with fallback fonts, as one flowing paragraph
   * (pdfkit's `continued` keeps wrapping across the font changes).
   */
  text(text: string, weight: FontWeight, size: number, options: PDFKit.Mixins.TextOptions = {}): void {
    const runs = this.runs(cleanText(text), weight);
    if (runs.length === 0) return;
    runs.forEach((run, i) => {
      this.doc.font(run.font).fontSize(size);
      this.doc.text(run.text, { ...options, continued: i < runs.length - 1 ? true : (options.continued ?? false) });
    });
    this.doc.font(FONT_NAMES[weight]);
  }

  /**
   * Draw one line at (x, y) without wrapping; `align` positions it within `width`. Text
   * wider than `width` is scaled down (to at most half size) rather than cut off.
   */
  line(
    text: string,
    weight: FontWeight,
    size: number,
    x: number,
    y: number,
    layout: { width?: number; align?: 'left' | 'center' | 'right' } = {},
  ): void {
    const clean = cleanText(text).replace(/\s+/g, ' ');
    let fontSize = size;
    let width = this.widthOf(clean, weight, fontSize);
    if (layout.width !== undefined && width > layout.width) {
      fontSize = Math.max(size / 2, (size * layout.width) / width);
      width = this.widthOf(clean, weight, fontSize);
    }
    let cx = x;
    if (layout.width !== undefined && layout.align === 'center') cx = x + (layout.width - width) / 2;
    if (layout.width !== undefined && layout.align === 'right') cx = x + layout.width - width;
    for (const run of this.runs(clean, weight)) {
      this.doc.font(run.font).fontSize(fontSize);
      this.doc.text(run.text, cx, y, { lineBreak: false });
      cx += this.doc.widthOfString(run.text);
    }
    this.doc.font(FONT_NAMES[weight]).fontSize(size);
  }

  /** Approximate height of a paragraph (primary font metrics), for keep-together decisions. */
  heightOf(text: string, weight: FontWeight, size: number, options: PDFKit.Mixins.TextOptions = {}): number {
    if (!text) return 0;
    this.doc.font(FONT_NAMES[weight]).fontSize(size);
    return this.doc.heightOfString(cleanText(text), options);
  }

  /** Width of a single line, summed over its font runs. */
  widthOf(text: string, weight: FontWeight, size: number): number {
    let width = 0;
    for (const run of this.runs(cleanText(text), weight)) {
      this.doc.font(run.font).fontSize(size);
      width += this.doc.widthOfString(run.text);
    }
    this.doc.font(FONT_NAMES[weight]);
    return width;
  }
}

/**
 * Text as printed: NFC (so "e" + U+0308 prints as the designed "ë"; letters with no
 * precomposed form, like Cyrillic "о" + U+0301, keep their combining mark), control
 * characters dropped, tabs as spaces, unpaired surrogates as U+FFFD. Everything else,
 * including "<script>", is printed literally: a PDF text run never executes anything.
 */
export function cleanText(text: string): string {
  return (
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
  );
}

const ROLES = ['regular', 'bold', 'fallback'] as const;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Zero-width joiners and variation selectors: no glyph of their own to look for. */
function isIgnorable(cp: number): boolean {
  return cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/**
 * Register the embedded fonts on a document (subset on embed, so a PDF only carries the
 * glyphs it uses) and return the fallback helper. Leaves the regular font selected.
 */
export function installFonts(doc: PDFKit.PDFDocument, resourcesDir: string = defaultResourcesDir()): PdfFonts {
  const key = path.resolve(resourcesDir);
  const cached = parsedFonts.get(key);
  if (cached) {
    // pdfkit accepts an already-parsed fontkit font as a source (anything with `layout`).
    for (const role of ROLES) doc.registerFont(FONT_NAMES[role], cached[role] as unknown as Buffer);
  } else {
    const files = fontFiles(key);
    doc.registerFont(FONT_NAMES.regular, readFont(files.regular));
    doc.registerFont(FONT_NAMES.bold, readFont(files.bold));
    doc.registerFont(FONT_NAMES.fallback, readFont(files.fallback), files.fallbackFace);
  }
  // Select every font once, always in the same order, so pdfkit's font ids (F1..F3, which
  // also seed the subset tags) are the same on every render: deterministic bytes.
  const loaded = {} as Record<keyof typeof FONT_NAMES, FontkitFont>;
  for (const role of ROLES) {
    try {
      doc.font(FONT_NAMES[role]);
    } catch (error) {
      throw new Error(`The PDF font ${FONT_NAMES[role]} could not be read (${(error as Error).message}).`);
    }
    loaded[role] = currentFontkitFont(doc);
    const pdfFont = (doc as unknown as DocWithFont)._font;
    if (pdfFont && pdfFont.layoutCache) pdfFont.layoutCache = sharedLayoutCache(loaded[role]);
  }
  const fonts = cached ?? loaded;
  if (!cached) parsedFonts.set(key, loaded);
  doc.font(FONT_NAMES.regular);
  return new PdfFonts(doc, fonts);
}
