/**
 * The fonts a PDF can draw with, and OpenType shaping through HarfBuzz.
 *
 * fontkit (inside pdfkit) lays text out glyph by glyph and gets complex scripts wrong:
 * Devanagari conjuncts, vowel signs and reph need the Indic shaper, Arabic needs joining
 * forms. HarfBuzz is the shaper browsers and operating systems use, so every run is
 * shaped by it and the glyph ids it returns are what the PDF draws; pdfkit only subsets
 * and embeds the fonts.
 *
 * Fonts: the body face (Noto Sans: Latin, Greek, Cyrillic, Vietnamese) from the app's
 * resources, then one Noto face per script (Hebrew, Arabic, the Indic scripts, Sinhala,
 * Thai, Lao, Khmer, Myanmar, Ethiopic, Georgian, Armenian) from the `@fontsource/*` packages (their WOFF
 * files, unpacked to plain sfnt in memory because HarfBuzz reads only sfnt), then
 * WenQuanYi Micro Hei for CJK and monochrome Noto Emoji last. Each file is read and
 * parsed once per process, and only when a character first needs it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { create as createFontkitFont } from 'fontkit';
import type * as HarfBuzzModule from 'harfbuzzjs';

export type FontWeight = 'regular' | 'bold';

/** One font file in a fallback chain. */
export interface FontSource {
  /** Stable name, also the pdfkit font name (so font ids follow first use, deterministically). */
  name: string;
  /** Absolute path to a TTF, TTC or WOFF file. */
  file: string;
  /** PostScript name of the face inside a collection (.ttc). */
  face?: string;
}

const requireHere = createRequire(import.meta.url);

/** Folder of a @fontsource package's font files (its `exports` only lists CSS, so go via LICENSE). */
function fontsourceFile(pkg: string, file: string): string {
  return path.join(path.dirname(requireHere.resolve(`@fontsource/${pkg}/LICENSE`)), 'files', file);
}

/** Scripts with their own Noto face, in the order they are tried after the body font. */
const SCRIPT_FACES = [
  ['noto-sans-hebrew', 'hebrew'],
  ['noto-sans-arabic', 'arabic'],
  ['noto-sans-devanagari', 'devanagari'],
  ['noto-sans-bengali', 'bengali'],
  ['noto-sans-tamil', 'tamil'],
  ['noto-sans-thai', 'thai'],
  ['noto-sans-gurmukhi', 'gurmukhi'],
  ['noto-sans-gujarati', 'gujarati'],
  ['noto-sans-oriya', 'oriya'],
  ['noto-sans-telugu', 'telugu'],
  ['noto-sans-kannada', 'kannada'],
  ['noto-sans-malayalam', 'malayalam'],
  ['noto-sans-sinhala', 'sinhala'],
  ['noto-sans-ethiopic', 'ethiopic'],
  ['noto-sans-georgian', 'georgian'],
  ['noto-sans-armenian', 'armenian'],
  ['noto-sans-khmer', 'khmer'],
  ['noto-sans-lao', 'lao'],
  ['noto-sans-myanmar', 'myanmar'],
] as const;

/** Noto Emoji ships as numbered unicode-range subsets; all of them form the last resort. */
const EMOJI_SUBSETS = 11;

/** The fallback chain for a weight, best first. CJK and emoji have one weight only. */
export function fontChain(resourcesDir: string, weight: FontWeight): FontSource[] {
  const dir = path.join(resourcesDir, 'fonts');
  const w = weight === 'bold' ? 700 : 400;
  const chain: FontSource[] = [
    { name: `hs-${weight}`, file: path.join(dir, weight === 'bold' ? 'NotoSans-Bold.ttf' : 'NotoSans-Regular.ttf') },
  ];
  for (const [pkg, subset] of SCRIPT_FACES) {
    chain.push({ name: `hs-${subset}-${weight}`, file: fontsourceFile(pkg, `${pkg}-${subset}-${w}-normal.woff`) });
  }
  chain.push({ name: 'hs-cjk', file: path.join(dir, 'wqy-microhei.ttc'), face: 'WenQuanYiMicroHei' });
  for (let i = 0; i < EMOJI_SUBSETS; i++) {
    chain.push({ name: `hs-emoji-${i}`, file: fontsourceFile('noto-emoji', `noto-emoji-${i}-400-normal.woff`) });
  }
  return chain;
}

/** The part of a fontkit font used here and by pdfkit. */
export interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  postscriptName: string;
  layout: unknown;
}

type HarfBuzz = typeof HarfBuzzModule;
let hb: HarfBuzz | undefined;
let hbLoading: Promise<HarfBuzz> | undefined;

/** Load HarfBuzz's WebAssembly once; every render awaits this before laying out text. */
export async function loadShaper(): Promise<void> {
  if (hb) return;
  hbLoading ??= import('harfbuzzjs');
  hb = await hbLoading;
}

function harfbuzz(): HarfBuzz {
  if (!hb) throw new Error('The PDF text shaper was used before it was loaded.');
  return hb;
}

/** A font ready to shape with and to hand to pdfkit. */
export interface LoadedFont {
  source: FontSource;
  fontkit: FontkitFont;
  hbFont: InstanceType<HarfBuzz['Font']>;
  upem: number;
  coverage: Map<number, boolean>;
}

const loaded = new Map<string, LoadedFont>();

function readFont(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`The PDF font file ${path.basename(file)} is missing from the app (${(error as Error).message}).`);
  }
}

/**
 * WOFF 1.0 to plain sfnt: the same tables, zlib-inflated where compressed, behind an
 * sfnt header. (WOFF is a container; HarfBuzz and font subsetting need the sfnt inside.)
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already sfnt
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error('A WOFF font table did not unpack to its stated size.');
    tables.push({ tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data });
  }
  const headerSize = 12 + 16 * numTables;
  const total = tables.reduce((sum, t) => sum + ((t.data.length + 3) & ~3), headerSize);
  const out = Buffer.alloc(total);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}

/** Parse a font for both fontkit (subsetting, coverage) and HarfBuzz (shaping), once. */
export function loadFont(source: FontSource): LoadedFont {
  const key = `${source.file}#${source.face ?? ''}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const sfnt = woffToSfnt(readFont(source.file));
  let font: FontkitFont;
  let faceIndex = 0;
  try {
    const parsed = createFontkitFont(sfnt) as unknown as FontkitFont & { fonts?: FontkitFont[] };
    if (parsed.fonts) {
      faceIndex = Math.max(
        0,
        parsed.fonts.findIndex((f) => f.postscriptName === source.face),
      );
      font = parsed.fonts[faceIndex]!;
    } else {
      font = parsed;
    }
  } catch (error) {
    throw new Error(`The PDF font ${path.basename(source.file)} could not be read (${(error as Error).message}).`);
  }
  const h = harfbuzz();
  const hbFont = new h.Font(new h.Face(new h.Blob(new Uint8Array(sfnt)), faceIndex));
  const result: LoadedFont = { source, fontkit: font, hbFont, upem: font.unitsPerEm, coverage: new Map() };
  loaded.set(key, result);
  return result;
}

export function hasGlyph(font: LoadedFont, codePoint: number): boolean {
  let hit = font.coverage.get(codePoint);
  if (hit === undefined) {
    hit = font.fontkit.hasGlyphForCodePoint(codePoint);
    font.coverage.set(codePoint, hit);
  }
  return hit;
}

/** One glyph as HarfBuzz placed it, in font units; `cluster` is a UTF-16 offset into the run. */
export interface ShapedGlyph {
  id: number;
  cluster: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

export interface ShapedRun {
  /** Glyphs in visual order (left to right), as HarfBuzz returns them. */
  glyphs: ShapedGlyph[];
  /** Total advance in font units. */
  advance: number;
}

/**
 * Shaping results by font, direction and text. Names and agreement words repeat across
 * members and documents; words can come from notes, so the cache is bounded and
 * `clearShapingCache()` drops it when the vault locks.
 */
const shapeCache = new Map<string, ShapedRun>();
const SHAPE_CACHE_LIMIT = 20_000;

export function clearShapingCache(): void {
  shapeCache.clear();
}

/** Shape a run of text that one font draws, in one direction. */
export function shapeRun(font: LoadedFont, text: string, rtl: boolean): ShapedRun {
  const key = `${font.source.name}\u0000${rtl ? 'r' : 'l'}\u0000${text}`;
  const hit = shapeCache.get(key);
  if (hit) return hit;
  const h = harfbuzz();
  const buffer = new h.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  buffer.setDirection(rtl ? h.Direction.RTL : h.Direction.LTR);
  h.shape(font.hbFont, buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  const glyphs: ShapedGlyph[] = [];
  let advance = 0;
  infos.forEach((info, i) => {
    const p = positions[i]!;
    glyphs.push({ id: info.codepoint, cluster: info.cluster, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset });
    advance += p.xAdvance;
  });
  if (shapeCache.size >= SHAPE_CACHE_LIMIT) shapeCache.clear();
  const run = { glyphs, advance };
  shapeCache.set(key, run);
  return run;
}
