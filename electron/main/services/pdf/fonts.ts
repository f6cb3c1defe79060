/**
 * Text in PDFs: font fallback per character run, the Unicode Bidirectional Algorithm,
 * HarfBuzz shaping, line breaking, and drawing the shaped glyphs with pdfkit's embedded
 * (subset) fonts.
 *
 * A paragraph is cut into pieces: each piece is one font (the first in the chain with a
 * glyph for every character of its grapheme clusters), one bidi embedding level (from
 * bidi-js) and lies between two line-break opportunities (UAX #14, the `linebreak`
 * package pdfkit itself uses). Pieces are shaped by HarfBuzz in their direction, lines
 * are filled with whole words, and each line's pieces are put in visual order by rule L2
 * of the bidi algorithm before their glyphs are drawn.
 *
 * The text layer keeps the logical order: every piece whose glyphs do not map one to one
 * onto its characters in reading order (right-to-left runs, conjuncts, reordered vowel
 * signs, ligatures) is wrapped in a marked-content span with /ActualText, so copying or
 * searching a name in the PDF finds the name as typed.
 *
 * The caller passes `resourcesDir` (the folder holding `fonts/`): in the packaged app
 * `process.resourcesPath`, in tests and under Node the repo's `resources/`.
 */
import bidiFactory from 'bidi-js';
import LineBreaker from 'linebreak';
import { fileURLToPath } from 'node:url';
import {
  clearShapingCache,
  fontChain,
  hasGlyph,
  loadFont,
  loadShaper,
  shapeRun,
  type FontWeight,
  type LoadedFont,
  type ShapedGlyph,
  type ShapedRun,
} from './shaping';

export type { FontWeight } from './shaping';

const bidi = bidiFactory();

/** The repo's `resources/` folder, found relative to this module (tests, plain Node). */
export function defaultResourcesDir(): string {
  return fileURLToPath(new URL('../../../../resources/', import.meta.url));
}

/** Forget cached shaping results (words of rendered text). Fonts stay parsed. */
export function clearPdfCaches(): void {
  clearShapingCache();
  paragraphCache.clear();
  wordCache.clear();
}

export { loadShaper };

/** What pdfkit keeps about an embedded font (not in @types/pdfkit). */
interface PdfkitEmbeddedFont {
  id: string;
  subset: { includeGlyph(id: number): number; glyphs: number[] };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

interface DocInternals {
  _font?: PdfkitEmbeddedFont;
  page: PDFKit.PDFPage & { fonts: Record<string, unknown> };
}

/** A laid-out piece: one font, one direction, shaped. */
export interface Piece {
  /** UTF-16 offset of the piece in its paragraph. */
  start: number;
  text: string;
  font: LoadedFont;
  level: number;
  run: ShapedRun;
  /** Width in points at the size it was laid out for. */
  width: number;
  space: boolean;
  draw: PieceDrawing;
}

/** What drawing a piece needs beyond its glyphs: the text each glyph stands for. */
interface PieceDrawing {
  glyphs: Array<{ id: number; text: string; xAdvance: number; xOffset: number; yOffset: number }>;
  /** Glyphs not one per character in reading order: the text layer needs /ActualText. */
  marked: boolean;
  /** Some glyph is the font's .notdef (no font has the character): it prints as a box. */
  missing: boolean;
}

function drawingOf(text: string, run: ShapedRun, rtl: boolean): PieceDrawing {
  const glyphs = run.glyphs;
  const starts = [...new Set(glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
  const clusterEnd = new Map<number, number>();
  starts.forEach((start, i) => clusterEnd.set(start, starts[i + 1] ?? text.length));
  // Each cluster's text goes to one glyph (the widest: the base, not a mark).
  const carrier = new Map<number, ShapedGlyph>();
  for (const g of glyphs) {
    const best = carrier.get(g.cluster);
    if (!best || g.xAdvance > best.xAdvance) carrier.set(g.cluster, g);
  }
  // Glyphs one per character, in reading order (left to right, or right to left for a
  // right-to-left run), extract correctly from the ToUnicode map alone: readers put
  // right-to-left runs back into logical order themselves. Anything else (conjuncts,
  // vowel signs drawn before their consonant, ligatures) gets /ActualText.
  const order = rtl ? glyphs.map((g) => g.cluster).reverse() : glyphs.map((g) => g.cluster);
  const marked = !rtl && (starts.length !== glyphs.length || order.some((c, i) => i > 0 && c <= order[i - 1]!));
  return {
    marked,
    missing: glyphs.some((g) => g.id === 0),
    glyphs: glyphs.map((g) => ({
      id: g.id,
      text: carrier.get(g.cluster) === g ? text.slice(g.cluster, clusterEnd.get(g.cluster)) : '',
      xAdvance: g.xAdvance,
      xOffset: g.xOffset,
      yOffset: g.yOffset,
    })),
  };
}

/**
 * Shaped words by font, direction and text (a note's words repeat: "the", a client's name),
 * so each is shaped and mapped for drawing once. Holds note text, so bounded and dropped with
 * the other caches when the vault locks.
 */
const wordCache = new Map<string, { run: ShapedRun; draw: PieceDrawing }>();
const WORD_CACHE_LIMIT = 50_000;

function makePiece(start: number, text: string, font: LoadedFont, level: number, space: boolean, size: number): Piece {
  const rtl = level % 2 === 1;
  const key = `${font.source.name}\u0000${rtl ? 'r' : 'l'}\u0000${text}`;
  let word = wordCache.get(key);
  if (!word) {
    const run = shapeRun(font, text, rtl);
    word = { run, draw: drawingOf(text, run, rtl) };
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(key, word);
  }
  const width = (word.run.advance * size) / font.upem;
  return { start, text, font, level, run: word.run, width, space, draw: word.draw };
}

/**
 * A piece cut between grapheme clusters into parts no wider than `max` (each at least
 * one cluster), for a word too long for its line.
 */
function splitToWidth(piece: Piece, max: number, size: number): Piece[] {
  if (piece.width <= max || piece.space) return [piece];
  const parts: Piece[] = [];
  let chunk = '';
  let chunkStart = piece.start;
  let offset = piece.start;
  for (const { segment } of graphemes.segment(piece.text)) {
    const candidate = makePiece(chunkStart, chunk + segment, piece.font, piece.level, false, size);
    if (chunk && candidate.width > max) {
      parts.push(makePiece(chunkStart, chunk, piece.font, piece.level, false, size));
      chunk = segment;
      chunkStart = offset;
    } else {
      chunk += segment;
    }
    offset += segment.length;
  }
  if (chunk) parts.push(makePiece(chunkStart, chunk, piece.font, piece.level, false, size));
  return parts;
}

/** A paragraph cut into pieces; a line may end after piece i for each i in breakAfter. */
interface Paragraph {
  pieces: Piece[];
  breakAfter: Set<number>;
  rtl: boolean;
}

/**
 * Laid-out paragraphs by font folder, weight, size, direction and text. Paragraphs can
 * hold note text, so the cache is bounded and dropped when the vault locks.
 */
const paragraphCache = new Map<string, Paragraph>();
const PARAGRAPH_CACHE_LIMIT = 2_000;

/** A line ready to draw: pieces in visual order, width in points. */
export interface LaidLine {
  pieces: Piece[];
  width: number;
  rtl: boolean;
}

export interface TextOptions {
  width?: number;
  lineGap?: number;
  paragraphGap?: number;
  align?: 'left' | 'center' | 'right';
  /**
   * 'ltr' for the document's own (English) text; 'auto' for what a person wrote (note
   * text): each paragraph takes the direction of its first strong letter, and a
   * right-to-left paragraph is aligned right.
   */
  direction?: 'ltr' | 'auto';
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * A text's grapheme clusters with their UTF-16 offsets. Text below U+0300 with no carriage
 * return (Latin letters, digits, punctuation: most of an English note) has one cluster per
 * code unit, so it skips the segmenter, which costs a good share of a long export.
 */
function clustersOf(text: string): Iterable<{ segment: string; index: number }> {
  const out: { segment: string; index: number }[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x300 || code === 0x0d) return graphemes.segment(text);
    out[i] = { segment: text[i]!, index: i };
  }
  return out;
}

/** Zero-width joiners and variation selectors: no glyph of their own to look for. */
function isIgnorable(cp: number): boolean {
  return cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

function isSpace(cluster: string): boolean {
  return cluster === ' ' || /^\s+$/u.test(cluster);
}

/** Rule L2: reverse every maximal sequence at or above each odd level, highest first. */
function visualOrder<T extends { level: number }>(items: T[]): T[] {
  const out = items.slice();
  let highest = 0;
  let lowestOdd = Infinity;
  for (const { level } of out) {
    highest = Math.max(highest, level);
    if (level % 2 === 1) lowestOdd = Math.min(lowestOdd, level);
  }
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < out.length; i++) {
      if (out[i]!.level < level) continue;
      let j = i;
      while (j + 1 < out.length && out[j + 1]!.level >= level) j++;
      const reversed = out.slice(i, j + 1).reverse();
      out.splice(i, reversed.length, ...reversed);
      i = j;
    }
  }
  return out;
}

function pdfNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return hex;
}

/**
 * Per-document view of the font chains: which font draws which character, and the
 * text drawing the PDF modules use.
 */
/** Unprintable clusters kept per document: enough to name the script, not a copy of the text. */
const UNPRINTABLE_KEPT = 20;

export class PdfFonts {
  private readonly chains: Record<FontWeight, LoadedFont[]>;
  private readonly body: LoadedFont;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly resourcesDir: string,
  ) {
    const sources = { regular: fontChain(resourcesDir, 'regular'), bold: fontChain(resourcesDir, 'bold') };
    // Fonts beyond the body face are parsed when a character first needs one.
    this.chains = { regular: [loadFont(sources.regular[0]!)], bold: [loadFont(sources.bold[0]!)] };
    this.sources = sources;
    this.body = this.chains.regular[0]!;
  }

  private readonly sources: Record<FontWeight, ReturnType<typeof fontChain>>;

  private fontAt(weight: FontWeight, index: number): LoadedFont | undefined {
    const chain = this.chains[weight];
    while (chain.length <= index && chain.length < this.sources[weight].length) {
      chain.push(loadFont(this.sources[weight][chain.length]!));
    }
    return chain[index];
  }

  private readonly fontForCache: Record<FontWeight, Map<string, LoadedFont>> = { regular: new Map(), bold: new Map() };

  /**
   * Text drawn as missing-glyph boxes because no bundled font has it (a script Holdspace has
   * no face for), cluster by cluster in the order drawn, so the clinician can be told.
   */
  readonly unprintable = new Set<string>();

  /** The first font in the chain with a glyph for every character of a grapheme cluster. */
  private fontFor(cluster: string, weight: FontWeight): LoadedFont {
    const cache = this.fontForCache[weight];
    const hit = cache.get(cluster);
    if (hit) return hit;
    const font = this.fontForUncached(cluster, weight);
    if (cache.size < 10_000) cache.set(cluster, font);
    return font;
  }

  private fontForUncached(cluster: string, weight: FontWeight): LoadedFont {
    const primary = this.fontAt(weight, 0)!;
    const codePoints = [...cluster].map((c) => c.codePointAt(0)!).filter((cp) => !isIgnorable(cp));
    if (codePoints.length === 0 || codePoints.every((cp) => cp < 0x21)) return primary;
    let base: LoadedFont | undefined;
    for (let i = 0; ; i++) {
      const font = this.fontAt(weight, i);
      if (!font) break;
      if (codePoints.every((cp) => hasGlyph(font, cp))) return font;
      if (!base && hasGlyph(font, codePoints[0]!)) base = font;
    }
    return base ?? primary;
  }

  private readonly registered = new Set<string>();

  /** Select a loaded font on the document, registering it with pdfkit on first use. */
  private select(font: LoadedFont): void {
    const name = font.source.name;
    if (!this.registered.has(name)) {
      // pdfkit accepts an already-parsed fontkit font as a source (anything with `layout`).
      this.doc.registerFont(name, font.fontkit as unknown as Buffer);
      this.registered.add(name);
    }
    this.doc.font(name);
  }

  /** Select the body font of a weight (for pdfkit's own metrics, e.g. `moveDown`). */
  use(weight: FontWeight): void {
    this.select(this.fontAt(weight, 0)!);
  }

  /**
   * One paragraph (no line breaks) as pieces, with the break opportunities after which a
   * line may end (indices into the pieces array: a line may end after piece i).
   */
  private pieces(text: string, weight: FontWeight, size: number, direction: 'ltr' | 'auto'): Paragraph {
    // The agreement's paragraphs repeat for every member of a roster, and heightOf() lays
    // out what text() then draws: reuse the pieces (immutable) of a paragraph seen before.
    const key = `${this.resourcesDir}\u0000${weight}\u0000${size}\u0000${direction}\u0000${text}`;
    const hit = paragraphCache.get(key);
    if (hit) return hit;
    const result = this.piecesUncached(text, weight, size, direction);
    if (paragraphCache.size >= PARAGRAPH_CACHE_LIMIT) paragraphCache.clear();
    paragraphCache.set(key, result);
    return result;
  }

  private piecesUncached(text: string, weight: FontWeight, size: number, direction: 'ltr' | 'auto'): Paragraph {
    const levels = bidi.getEmbeddingLevels(text, direction === 'ltr' ? 'ltr' : undefined);
    const rtl = (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
    const breaks = new Set<number>();
    const breaker = new LineBreaker(text);
    for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) breaks.add(bk.position);

    const pieces: Piece[] = [];
    const breakAfter = new Set<number>();
    let current: { start: number; text: string; font: LoadedFont; level: number; space: boolean } | undefined;
    const flush = (): void => {
      if (!current) return;
      pieces.push(makePiece(current.start, current.text, current.font, current.level, current.space, size));
      current = undefined;
    };
    for (const { segment, index } of clustersOf(text)) {
      const space = isSpace(segment);
      // Spaces in the body font: a script or emoji face may lack them (or size them oddly).
      const font = space ? this.fontAt(weight, 0)! : this.fontFor(segment, weight);
      const level = levels.levels[index] ?? 0;
      const breakHere = breaks.has(index) && index > 0;
      if (current && (breakHere || current.font !== font || current.level !== level || current.space !== space)) {
        flush();
        if (breakHere) breakAfter.add(pieces.length - 1);
      } else if (!current && breakHere) {
        breakAfter.add(pieces.length - 1);
      }
      if (current) current.text += segment;
      else current = { start: index, text: segment, font, level, space };
    }
    flush();
    return { pieces, breakAfter, rtl };
  }

  /** Lay a text out into lines of at most `width` points (no limit without one). */
  layout(text: string, weight: FontWeight, size: number, options: TextOptions = {}): LaidLine[][] {
    const paragraphsOut: LaidLine[][] = [];
    for (const paragraph of cleanText(text).split('\n')) {
      const { pieces, breakAfter, rtl } = this.pieces(paragraph, weight, size, options.direction ?? 'ltr');
      const lines: LaidLine[] = [];
      let line: Piece[] = [];
      let lineWidth = 0;
      let word: Piece[] = [];
      let wordWidth = 0;
      const trimmedWidth = (ps: Piece[]): number => {
        let end = ps.length;
        while (end > 0 && ps[end - 1]!.space) end--;
        return ps.slice(0, end).reduce((w, p) => w + p.width, 0);
      };
      const endLine = (): void => {
        let end = line.length;
        while (end > 0 && line[end - 1]!.space) end--;
        const kept = line.slice(0, end);
        lines.push({ pieces: visualOrder(kept), width: trimmedWidth(kept), rtl });
        line = [];
        lineWidth = 0;
      };
      const width = options.width;
      pieces.forEach((piece, i) => {
        word.push(piece);
        wordWidth += piece.width;
        if (!breakAfter.has(i) && i < pieces.length - 1) return;
        if (width !== undefined && trimmedWidth(word) > width + 1e-6) {
          // A word wider than the line (a long address, a name in a narrow column) is
          // broken between grapheme clusters rather than run off the page.
          if (line.length > 0) endLine();
          for (const part of word.flatMap((p) => splitToWidth(p, width, size))) {
            if (line.length > 0 && !part.space && lineWidth + part.width > width + 1e-6) endLine();
            line.push(part);
            lineWidth += part.width;
          }
        } else {
          if (width !== undefined && line.length > 0 && lineWidth + trimmedWidth(word) > width + 1e-6) endLine();
          line.push(...word);
          lineWidth += wordWidth;
        }
        word = [];
        wordWidth = 0;
      });
      if (line.length > 0 || lines.length === 0) endLine();
      paragraphsOut.push(lines);
    }
    return paragraphsOut;
  }

  /** Height of one line of the body font at a size (ascender to descender plus line gap). */
  lineHeight(size: number): number {
    const f = this.body.fontkit;
    return ((f.ascent - f.descent + f.lineGap) / f.unitsPerEm) * size;
  }

  private readonly cids = new Map<string, Map<string, number>>();

  /**
   * The subset glyph id (CID) to draw a font glyph with, for the text it stands for.
   * The ToUnicode map gives each CID one text, but one glyph can stand for different
   * text (an Arabic dotless base shared by several letters, a mark that belongs to its
   * base's cluster): such a glyph is included again under another CID, so copying text
   * out of the PDF gives back each letter.
   */
  private glyphCid(pdfFont: PdfkitEmbeddedFont, font: LoadedFont, glyphId: number, text: string): number {
    let byGlyph = this.cids.get(pdfFont.id);
    if (!byGlyph) this.cids.set(pdfFont.id, (byGlyph = new Map()));
    const key = `${glyphId}\u0000${text}`;
    const known = byGlyph.get(key);
    if (known !== undefined) return known;
    let cid = pdfFont.subset.includeGlyph(glyphId);
    if (pdfFont.unicode[cid] !== undefined) {
      pdfFont.subset.glyphs.push(glyphId);
      cid = pdfFont.subset.glyphs.length - 1;
    }
    pdfFont.unicode[cid] = [...text].map((c) => c.codePointAt(0)!);
    pdfFont.widths[cid] = (font.hbFont.glyphHAdvance(glyphId) * 1000) / font.upem;
    byGlyph.set(key, cid);
    return cid;
  }

  /** Keeps the clusters of a piece that its font draws as missing-glyph boxes (glyph 0). */
  private noteUnprintable(piece: Piece): void {
    const starts = [...new Set(piece.run.glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
    for (const g of piece.run.glyphs) {
      if (g.id !== 0 || this.unprintable.size >= UNPRINTABLE_KEPT) continue;
      const end = starts.find((start) => start > g.cluster) ?? piece.text.length;
      this.unprintable.add(piece.text.slice(g.cluster, end));
    }
  }

  /** Draw one laid-out line with its top-left at (x, y), as one text object. */
  private drawLine(line: LaidLine, x: number, y: number, size: number): void {
    const doc = this.doc;
    const internals = doc as unknown as DocInternals;
    const pageHeight = doc.page.height;
    const baselineY = pageHeight - (y + (this.body.fontkit.ascent / this.body.upem) * size);
    const out: string[] = ['BT'];
    let penX = x;
    let current: PdfkitEmbeddedFont | undefined;
    for (const piece of line.pieces) {
      const scale = size / piece.font.upem;
      if (piece.space) {
        penX += piece.width;
        continue;
      }
      const pdfFont = this.pdfFont(piece.font);
      if (internals.page.fonts[pdfFont.id] === undefined) internals.page.fonts[pdfFont.id] = pdfFont.ref();
      if (pdfFont !== current) out.push(`/${pdfFont.id} ${pdfNumber(size)} Tf`);
      current = pdfFont;
      if (piece.draw.marked) out.push(`/Span <</ActualText <${utf16Hex(piece.text)}>>> BDC`);
      if (piece.draw.missing) this.noteUnprintable(piece);
      // One text matrix per run of glyphs on the baseline; TJ adjustments where
      // HarfBuzz's advance differs from the glyph's own width (kerning), and a new
      // matrix for each glyph HarfBuzz moved off the pen (marks).
      let tj = '';
      let needMatrix = true;
      for (const g of piece.draw.glyphs) {
        const cid = this.glyphCid(pdfFont, piece.font, g.id, g.text);
        const hex = `<${cid.toString(16).padStart(4, '0')}>`;
        if (g.xOffset || g.yOffset) {
          if (tj) out.push(`[${tj}] TJ`);
          tj = '';
          const gx = penX + g.xOffset * scale;
          const gy = baselineY + g.yOffset * scale;
          out.push(`1 0 0 1 ${pdfNumber(gx)} ${pdfNumber(gy)} Tm ${hex} Tj`);
          needMatrix = true;
        } else {
          if (needMatrix) {
            if (tj) out.push(`[${tj}] TJ`);
            tj = '';
            out.push(`1 0 0 1 ${pdfNumber(penX)} ${pdfNumber(baselineY)} Tm`);
            needMatrix = false;
          }
          tj += hex;
          const adjust = pdfFont.widths[cid]! - (g.xAdvance * 1000) / piece.font.upem;
          if (Math.abs(adjust) > 0.01) tj += ` ${pdfNumber(adjust)} `;
        }
        penX += g.xAdvance * scale;
      }
      if (tj) out.push(`[${tj}] TJ`);
      if (piece.draw.marked) out.push('EMC');
    }
    out.push('ET');
    if (out.length === 2) return;
    // pdfkit's pages are flipped (origin top left); glyphs are placed in PDF coordinates.
    doc.save();
    doc.transform(1, 0, 0, -1, 0, pageHeight);
    doc.addContent(out.join('\n'));
    doc.restore();
  }

  private readonly pdfFonts = new Map<string, PdfkitEmbeddedFont>();

  /** pdfkit's embedded font for a loaded font, registered and opened on first use. */
  private pdfFont(font: LoadedFont): PdfkitEmbeddedFont {
    let pdfFont = this.pdfFonts.get(font.source.name);
    if (!pdfFont) {
      this.select(font);
      pdfFont = (this.doc as unknown as DocInternals)._font!;
      this.pdfFonts.set(font.source.name, pdfFont);
    }
    return pdfFont;
  }

  /**
   * Draw a paragraph flow at the current position (doc.x, doc.y), wrapping within
   * `width`, moving doc.y below it and adding pages as needed.
   */
  text(text: string, weight: FontWeight, size: number, options: TextOptions = {}): void {
    const doc = this.doc;
    const x = doc.x;
    const width = options.width ?? doc.page.width - doc.page.margins.right - x;
    const step = this.lineHeight(size) + (options.lineGap ?? 0);
    for (const lines of this.layout(text, weight, size, { ...options, width })) {
      for (const line of lines) {
        if (doc.y + step > doc.page.height - doc.page.margins.bottom && doc.y > doc.page.margins.top) {
          doc.addPage();
        }
        const align = options.align ?? (line.rtl ? 'right' : 'left');
        let lx = x;
        if (align === 'center') lx = x + (width - line.width) / 2;
        if (align === 'right') lx = x + width - line.width;
        this.drawLine(line, lx, doc.y, size);
        doc.y += step;
      }
      doc.y += options.paragraphGap ?? 0;
    }
    doc.x = x;
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
    layout: { width?: number; align?: 'left' | 'center' | 'right'; direction?: 'ltr' | 'auto' } = {},
  ): void {
    const clean = cleanText(text).replace(/\s+/g, ' ');
    const direction = { direction: layout.direction ?? 'ltr' } as const;
    let fontSize = size;
    let laid = this.layout(clean, weight, fontSize, direction)[0]![0]!;
    if (layout.width !== undefined && laid.width > layout.width) {
      fontSize = Math.max(size / 2, (size * layout.width) / laid.width);
      laid = this.layout(clean, weight, fontSize, direction)[0]![0]!;
    }
    let cx = x;
    if (layout.width !== undefined && layout.align === 'center') cx = x + (layout.width - laid.width) / 2;
    if (layout.width !== undefined && layout.align === 'right') cx = x + layout.width - laid.width;
    this.drawLine(laid, cx, y, fontSize);
  }

  /** Height of a paragraph flow as {@link text} would draw it (page breaks aside). */
  heightOf(text: string, weight: FontWeight, size: number, options: TextOptions = {}): number {
    if (!text) return 0;
    const width = options.width ?? this.doc.page.width - this.doc.page.margins.right - this.doc.x;
    const step = this.lineHeight(size) + (options.lineGap ?? 0);
    const paragraphs = this.layout(text, weight, size, { ...options, width });
    const lines = paragraphs.reduce((n, p) => n + p.length, 0);
    return lines * step + paragraphs.length * (options.paragraphGap ?? 0);
  }

  /** Width of a single line. */
  widthOf(text: string, weight: FontWeight, size: number): number {
    return this.layout(cleanText(text).replace(/\s+/g, ' '), weight, size)[0]![0]!.width;
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

/**
 * Set up text drawing on a document: the body fonts are registered and selected first,
 * always in the same order, so pdfkit's font ids (F1, F2, …, which also seed the subset
 * tags) depend only on the content: deterministic bytes. Fallback fonts are registered
 * when first drawn, and each font is embedded as a subset of the glyphs drawn. HarfBuzz
 * must be loaded first ({@link loadShaper}).
 */
export function installFonts(doc: PDFKit.PDFDocument, resourcesDir: string = defaultResourcesDir()): PdfFonts {
  const fonts = new PdfFonts(doc, resourcesDir);
  fonts.use('regular');
  fonts.use('bold');
  fonts.use('regular');
  return fonts;
}
