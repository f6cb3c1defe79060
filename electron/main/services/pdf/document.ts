/**
 * What both PDF kinds share: a deterministic pdfkit document, page footers written after
 * layout, date formatting without the clock, and readable input errors.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import { defaultResourcesDir, installFonts, loadShaper, type PdfFonts } from './fonts';
import { MONTH_NAMES } from '../../../../shared/scheduling/time';

export const PAPER_SIZES = ['A4', 'Letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** Input that cannot be turned into a PDF; the message is written for the clinician. */
export class PdfInputError extends Error {
  override readonly name: string = 'PdfInputError';
}

export interface RenderOptions {
  /** Folder holding `fonts/` (the app's resources). Defaults to the repo's `resources/`. */
  resourcesDir?: string;
  /**
   * Told, once the document is drawn, of the characters (grapheme clusters) no bundled font
   * has, which print as missing-glyph boxes; not called when every character printed.
   */
  onUnprintable?: (clusters: string[]) => void;
}

/** End the document and hand over its bytes, telling the caller first of any unprintable text. */
export function finish(pdf: NewDocument, options: RenderOptions): Promise<Buffer> {
  pdf.doc.end();
  const unprintable = [...pdf.fonts.unprintable];
  if (unprintable.length > 0) options.onUnprintable?.(unprintable);
  return pdf.finished;
}

/** Validate IPC input against a schema, turning zod issues into one readable message. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  describePath: (path: PropertyKey[], input: unknown) => string = (path) => path.map(String).join('.'),
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length ? `${describePath(issue.path, input)}: ` : '';
    return `${where}${issue.message}`;
  });
  throw new PdfInputError(
    `The ${what} could not be created because some details are missing or invalid: ${problems.join('; ')}.`,
  );
}

const MONTHS = MONTH_NAMES;

/** A calendar date from IPC: the right shape and a day that exists. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-03-14')
  .refine((d) => isRealDate(d), 'not a real calendar date');

/** "2026-03-14" → "14 March 2026" (UK style, no clock or zone involved). */
export function formatIsoDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** A calendar date that really exists (rejects 2026-02-30). */
export function isRealDate(isoDate: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export interface NewDocument {
  doc: PDFKit.PDFDocument;
  fonts: PdfFonts;
  finished: Promise<Buffer>;
}

export const MARGIN = { top: 56, bottom: 68, left: 60, right: 60 } as const;

/**
 * A pdfkit document whose bytes depend only on the inputs: creation/modification dates
 * come from `generatedOn`, and the trailer /ID (pdfkit derives it from the info
 * dictionary, which includes the creation date) is replaced by a hash of the input.
 */
export function createDocument(options: {
  paperSize: PaperSize;
  generatedOn: string;
  title: string;
  author?: string;
  subject: string;
  /** Everything the document is made from; hashed into the document ID. */
  identity: unknown;
  resourcesDir?: string;
}): NewDocument {
  const date = new Date(`${options.generatedOn}T00:00:00.000Z`);
  const doc = new PDFDocument({
    size: options.paperSize === 'Letter' ? 'LETTER' : 'A4',
    margins: { ...MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: options.title,
      ...(options.author ? { Author: options.author } : {}),
      Subject: options.subject,
      Creator: 'Holdspace',
      Producer: 'Holdspace (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  // pdfkit computes `_id` once in its constructor and writes it as the trailer /ID pair.
  const id = createHash('sha256').update(JSON.stringify(options.identity)).digest().subarray(0, 16);
  (doc as unknown as { _id: Uint8Array })._id = new Uint8Array(id);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = installFonts(doc, options.resourcesDir ?? defaultResourcesDir());
  return { doc, fonts, finished };
}

/**
 * Body text for a paragraph flow: blank lines between paragraphs collapse to one break
 * (the paragraph gap provides the spacing), surrounding space trimmed.
 */
export function paragraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Bottom of the writable area of the current page. */
export function bottomOf(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Start a new page unless `height` points still fit below the cursor. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

/**
 * Write a footer line on pages [first, first + count) of the buffered document. Writes
 * into the bottom margin, so the margin is lifted while writing (otherwise pdfkit would
 * add a page).
 */
export function writeFooters(
  doc: PDFKit.PDFDocument,
  fonts: PdfFonts,
  first: number,
  count: number,
  line: (pageInGroup: number, pagesInGroup: number) => string,
): void {
  for (let i = 0; i < count; i++) {
    doc.switchToPage(first + i);
    const { margins } = doc.page;
    const savedBottom = margins.bottom;
    margins.bottom = 0;
    const y = doc.page.height - savedBottom + 30;
    doc.save();
    doc
      .moveTo(margins.left, y - 8)
      .lineTo(doc.page.width - margins.right, y - 8)
      .lineWidth(0.5)
      .strokeColor('#c8ccd2')
      .stroke();
    doc.restore();
    doc.fillColor('#5b6470');
    fonts.line(line(i + 1, count), 'regular', 8, margins.left, y, { width: contentWidth(doc), align: 'center' });
    doc.fillColor('black');
    margins.bottom = savedBottom;
  }
}

/**
 * Parse the fonts and warm up shaping before the first PDF is asked for (the first
 * render otherwise pays for loading HarfBuzz and reading and parsing about 8 MB of fonts). Optional; call it
 * once after start-up, off the critical path.
 */
export async function preloadPdfFonts(resourcesDir?: string): Promise<void> {
  await loadShaper();
  const { doc, fonts, finished } = createDocument({
    paperSize: 'A4',
    generatedOn: '2000-01-01',
    title: 'warm-up',
    subject: 'warm-up',
    identity: 'warm-up',
    ...(resourcesDir ? { resourcesDir } : {}),
  });
  for (const weight of ['regular', 'bold'] as const) fonts.widthOf('Aa Ёё Ệệ 王芳 שלום نور अनन्या বাংলা தமிழ் ไทย 🙂', weight, 10);
  doc.end();
  await finished;
}
