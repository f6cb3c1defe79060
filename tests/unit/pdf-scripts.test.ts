/**
 * Names in every script in agreement and roster PDFs: each prints with real glyphs (no
 * missing-glyph boxes), comes back out of the PDF as typed (pdftotext), and the file is
 * valid (qpdf). Shaping is checked against HarfBuzz run here on its own, the visual order
 * of a mixed line against bidi-js's reordering, and page 1 against a small golden image
 * per script (UPDATE_GOLDEN=1 rewrites them after a deliberate change; look at them).
 */
import bidiFactory from 'bidi-js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultResourcesDir,
  fontChain,
  installFonts,
  loadDefaultAgreement,
  loadShaper,
  renderAgreementPdf,
  renderNotesPdf,
  type AgreementPdfInput,
} from '../../electron/main/services/pdf';
import { woffToSfnt } from '../../electron/main/services/pdf/shaping';
import { create as createFontkitFont } from 'fontkit';
import { drawnGlyphs, missingGlyphs, pdfScratch, pdfText, qpdfCheck } from './pdf-tools';

/** Names, one per script (the issue's ten, then the other scripts clients' names come in), plus an emoji in the group name. */
const NAMES = {
  greek: 'Ξανθίππη Παπαδοπούλου',
  hebrew: 'שרה לוי',
  devanagari: 'अनन्या शर्मा',
  polish: 'Łukasz Żółć',
  japanese: '佐藤 花子',
  arabic: 'نور العلي',
  thai: 'สมศรี ใจดี',
  bengali: 'জয়া দত্ত',
  tamil: 'கார்த்திக் சுப்ரமணியம்',
  korean: '김지민',
  gurmukhi: 'ਗੁਰਪ੍ਰੀਤ ਕੌਰ',
  gujarati: 'હેતલ પટેલ',
  odia: 'ସୁଭଶ୍ରୀ ଦାସ',
  telugu: 'వెంకట రమణ',
  kannada: 'ಅನಿತಾ ರಾವ್',
  malayalam: 'ലക്ഷ്മി നായർ',
  sinhala: 'නිමල් පෙරේරා',
  amharic: 'ሰላም ተስፋዬ',
  georgian: 'ნინო ბერიძე',
  armenian: 'Անի Պետրոսյան',
  khmer: 'សុខ ចាន់ធី',
  lao: 'ສົມພອນ ແກ້ວມະນີ',
  burmese: 'အောင် ကျော်',
} as const;
const GROUP = 'Sunrise circle 🌅';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/pdf-scripts/', import.meta.url));
const template = loadDefaultAgreement();
const { save, dir } = pdfScratch('scripts');

function input(members: string[]): AgreementPdfInput {
  return {
    paperSize: 'A4',
    group: { name: GROUP, facilitator: 'Dr Priya Raman' },
    agreement: { title: template.title, version: 1, clauses: template.clauses },
    members: members.map((name) => ({ name })),
    generatedOn: '2026-03-14',
  };
}

/** Poppler marks right-to-left runs with embedding controls; the name is what is between. */
function withoutBidiControls(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '');
}

interface OutlineFont {
  postscriptName: string;
  getGlyph(id: number): { path: { toSVG(): string } };
}

/** The outline of every glyph drawn in the font whose PostScript name ends with `face`, in drawing order. */
function drawnOutlines(file: string, face: string): string[] {
  return drawnGlyphs(file)
    .filter((g) => g.font.endsWith(face))
    .map((g) => g.outline);
}

beforeAll(async () => {
  await loadShaper();
});

describe('names in every script', () => {
  it.each(Object.entries(NAMES))('a member agreement prints and extracts the %s name', async (_script, name) => {
    const file = save(`member-${_script}.pdf`, await renderAgreementPdf(input([name])));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    expect(drawnGlyphs(file).length).toBeGreaterThan(1000);
    expect(missingGlyphs(file)).toEqual([]); // no missing-glyph box
    const text = withoutBidiControls(pdfText(file));
    expect(text).toContain(name.normalize('NFC'));
    expect(text).toContain(GROUP);
  });

  it('a roster of every name prints each one, with no missing glyph', async () => {
    const names = Object.values(NAMES);
    const file = save('roster.pdf', await renderAgreementPdf(input(names)));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    expect(missingGlyphs(file)).toEqual([]);
    const text = withoutBidiControls(pdfText(file));
    for (const name of names) expect(text.split(name.normalize('NFC')).length - 1).toBeGreaterThanOrEqual(2);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    for (const face of [
      'NotoSansHebrew',
      'NotoSansArabic',
      'NotoSansDevanagari',
      'NotoSansThai',
      'NotoSansGurmukhi',
      'NotoSansEthiopic',
      'NotoSansMyanmar',
      'NotoEmoji',
    ]) {
      expect(fonts).toContain(face);
    }
  });
});

describe('a script Holdspace has no font for', () => {
  it('is told to the caller, character by character, and every bundled script is not', async () => {
    const told: string[][] = [];
    const onUnprintable = (clusters: string[]) => told.push(clusters);
    await renderAgreementPdf(input(Object.values(NAMES)), { onUnprintable });
    expect(told).toEqual([]);
    const file = save('tibetan.pdf', await renderAgreementPdf(input(['བཀྲ་ཤིས་', NAMES.hebrew]), { onUnprintable }));
    // Each grapheme cluster once, in reading order; the Hebrew name beside it prints.
    expect(told).toEqual([['བ', 'ཀྲ', '་', 'ཤི', 'ས']]);
    expect(missingGlyphs(file).length).toBeGreaterThan(0);
    expect(withoutBidiControls(pdfText(file))).toContain(NAMES.hebrew);
  });
});

describe('note exports', () => {
  it('prints a note written in Hebrew and Hindi, about clients named in any script', async () => {
    const hebrew = 'שרה דיברה על המשפחה שלה במשך 20 דקות.';
    const hindi = 'अनन्या ने अपनी बहन के बारे में बात की।';
    const file = save(
      'note.pdf',
      await renderNotesPdf({
        paperSize: 'A4',
        title: `Clinical record: ${NAMES.hebrew}`,
        clinicianName: 'Dr Priya Raman',
        generatedOn: '2026-03-14',
        timeZone: 'Europe/London',
        notes: [
          {
            sessionAt: '2026-03-10T10:00:00Z',
            template: 'SOAP',
            durationMinutes: 50,
            sections: [
              { label: 'Subjective', text: hebrew },
              { label: 'Objective', text: `${hindi}\n${NAMES.arabic} ${NAMES.thai} ${NAMES.japanese}` },
            ],
            interventions: [],
            risk: { level: 'none', plan: '' },
            nextSteps: '',
            status: 'draft',
            addenda: [],
          },
        ],
      }),
    );
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    expect(missingGlyphs(file)).toEqual([]);
    const text = withoutBidiControls(pdfText(file));
    for (const expected of [NAMES.hebrew, hindi, NAMES.arabic, NAMES.thai, NAMES.japanese]) {
      expect(text).toContain(expected.normalize('NFC'));
    }
    // Words of the Hebrew sentence all come out (poppler may split a right-to-left line).
    for (const word of hebrew.replace('.', '').split(' ')) expect(text).toContain(word);
  });
});

describe('shaping and order, against independent implementations', () => {
  /** The layout the PDF draws, for one line of text. */
  function layoutLine(text: string): ReturnType<ReturnType<typeof installFonts>['layout']>[number][number] {
    const doc = new PDFDocument({ autoFirstPage: true });
    const fonts = installFonts(doc, defaultResourcesDir());
    const lines = fonts.layout(text, 'regular', 12);
    doc.end();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(1);
    return lines[0]![0]!;
  }

  /** HarfBuzz, loaded here from the font file on its own, shaping a whole string. */
  async function harfbuzzGlyphs(fontFile: string, text: string): Promise<number[]> {
    const hb = await import('harfbuzzjs');
    const font = new hb.Font(new hb.Face(new hb.Blob(new Uint8Array(woffToSfnt(readFileSync(fontFile))))));
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    return buffer.getGlyphInfos().map((g) => g.codepoint);
  }

  it.each([
    ['Devanagari', NAMES.devanagari, 'noto-sans-devanagari'],
    ['Arabic', NAMES.arabic, 'noto-sans-arabic'],
  ])('draws the glyphs HarfBuzz shapes for a %s name', async (_script, name, pkg) => {
    const line = layoutLine(name);
    const fontFile = fontChain(defaultResourcesDir(), 'regular').find((f) => f.file.includes(pkg))!.file;
    for (const word of name.split(' ')) {
      const piece = line.pieces.find((p) => p.text === word)!;
      expect(piece.font.source.file).toBe(fontFile);
      const drawn = piece.run.glyphs.map((g) => g.id);
      expect(drawn).toEqual(await harfbuzzGlyphs(fontFile, word));
      expect(drawn).not.toContain(0);
      // Shaping changed something: letters shaped alone give other glyphs (conjuncts,
      // vowel signs and joining forms are contextual).
      const alone = (await Promise.all([...word].map((ch) => harfbuzzGlyphs(fontFile, ch)))).flat();
      expect(drawn).not.toEqual(alone);
    }
  });

  it.each([
    ['Devanagari', NAMES.devanagari, 'noto-sans-devanagari'],
    ['Arabic', NAMES.arabic, 'noto-sans-arabic'],
  ])('the %s name in the PDF file is drawn with the glyphs HarfBuzz shapes', async (_script, name, pkg) => {
    const doc = new PDFDocument({ autoFirstPage: true, compress: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    const done = new Promise((resolve) => doc.on('end', resolve));
    installFonts(doc, defaultResourcesDir()).line(name, 'regular', 14, 72, 72);
    doc.end();
    await done;
    const file = save(`glyphs-${pkg}.pdf`, Buffer.concat(chunks));
    const fontFile = fontChain(defaultResourcesDir(), 'regular').find((f) => f.file.includes(pkg))!.file;
    const original = createFontkitFont(woffToSfnt(readFileSync(fontFile))) as OutlineFont;
    // What the file draws in the script's font, read back with qpdf: each glyph code's
    // outline in the embedded subset.
    const drawn = drawnOutlines(file, original.postscriptName);
    // HarfBuzz word by word (the space is the body font's); a right-to-left line puts the
    // last word leftmost.
    const words = name.split(' ');
    if (_script === 'Arabic') words.reverse();
    const expected: string[] = [];
    for (const word of words) {
      for (const id of await harfbuzzGlyphs(fontFile, word)) expected.push(original.getGlyph(id).path.toSVG());
    }
    expect(drawn).toEqual(expected);
  });

  it('breaks a word longer than the line between grapheme clusters, within the width', () => {
    const doc = new PDFDocument({ autoFirstPage: true });
    const fonts = installFonts(doc, defaultResourcesDir());
    const word = `https://example.org/${'अनन्याशर्मा'.repeat(6)}`;
    const lines = fonts.layout(`See ${word} today`, 'regular', 10, { width: 120 })[0]!;
    doc.end();
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(120);
    const rejoined = lines.map((l) => l.pieces.map((p) => p.text).join('')).join(' ');
    expect(rejoined.replace(/\s+/g, '')).toBe(`See${word}today`);
  });

  it('puts a Hebrew name with digits inside an English line in bidi-js visual order', () => {
    const text = 'Call שרה לוי 12 or room 34 (אבג 5) today';
    const line = layoutLine(text);
    const drawnOrder = line.pieces.flatMap((p) => p.run.glyphs.map((g) => p.start + g.cluster));
    const bidi = bidiFactory();
    const levels = bidi.getEmbeddingLevels(text, 'ltr');
    const expected = [...text].map((_, i) => i);
    for (const [start, end] of bidi.getReorderSegments(text, levels)) {
      const reversed = expected.slice(start, end + 1).reverse();
      expected.splice(start, reversed.length, ...reversed);
    }
    expect(drawnOrder).toEqual(expected);
  });
});

describe('what the page looks like', () => {
  /** Render the head of page 1 (group name, title, member line) in grey at 150 dpi. */
  function topOfPage(file: string, out: string): string {
    const crop = ['-x', '120', '-y', '110', '-W', '640', '-H', '135'];
    execFileSync('pdftoppm', ['-png', '-gray', '-r', '150', '-f', '1', '-l', '1', ...crop, '-singlefile', file, out]);
    return `${out}.png`;
  }

  it.each(Object.entries(NAMES))('page 1 of the %s agreement matches its golden image', async (script, name) => {
    const file = save(`golden-${script}.pdf`, await renderAgreementPdf(input([name])));
    const png = topOfPage(file, path.join(dir(), `golden-${script}`));
    const golden = path.join(GOLDEN_DIR, `${script}.png`);
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(golden, readFileSync(png));
      if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`Wrote a new golden image ${golden}: look at it.`);
    }
    // Pixels differing by more than 25 % grey; a few anti-aliasing differences are fine,
    // a name drawn as boxes or in another font is hundreds.
    let differing: number;
    try {
      differing = Number(execFileSync('compare', ['-metric', 'AE', '-fuzz', '25%', png, golden, 'null:'], { encoding: 'utf8' }));
    } catch (error) {
      differing = Number((error as { stderr?: Buffer | string }).stderr?.toString().trim().split(/\s/)[0]);
    }
    expect(differing).toBeLessThan(60);
  });
});
