/**
 * Group confidentiality agreement PDFs: one member's agreement, or a roster (one
 * agreement per member, each starting on a new page, each with its own page numbering
 * so every member's copy stands alone when printed and handed out).
 *
 * Input arrives from the renderer over IPC, so it is validated here (typed `unknown`).
 * Output is deterministic: the same input gives the same bytes.
 */
import { z } from 'zod';
import { fillMergeFields } from '../../../../shared/groups/agreements';
import {
  MARGIN,
  PAPER_SIZES,
  bottomOf,
  contentWidth,
  createDocument,
  finish,
  ensureSpace,
  formatIsoDate,
  isoDateSchema,
  paragraphs,
  parseInput,
  writeFooters,
  type RenderOptions,
} from './document';
import { loadShaper } from './fonts';
import type { PdfFonts } from './fonts';
import { decodeSignaturePng, isPngDataUrl, type DecodedPng } from './png';

const signatureImage = z
  .string()
  .max(2_000_000, 'the signature image is too large')
  .refine(isPngDataUrl, 'the signature is not a PNG image from the signature pad; please capture it again');

export const agreementPdfInputSchema = z.object({
  paperSize: z.enum(PAPER_SIZES),
  group: z.object({
    name: z.string().trim().min(1, 'enter the group name').max(200),
    facilitator: z.string().trim().max(200).default(''),
  }),
  agreement: z.object({
    title: z.string().trim().min(1, 'enter the agreement title').max(200),
    version: z.number().int().min(1),
    clauses: z
      .array(z.object({ heading: z.string().trim().max(200), body: z.string().max(20_000) }))
      .min(1, 'the agreement has no clauses')
      .max(50),
  }),
  members: z
    .array(
      z.object({
        /** May be empty on a blank copy: a line is printed for the name instead. */
        name: z.string().trim().max(200),
        signature: z
          .object({
            method: z.enum(['on-screen', 'wet-ink']),
            signedOn: isoDateSchema,
            memberSignature: signatureImage.optional(),
            facilitatorSignature: signatureImage.optional(),
          })
          .optional(),
      }),
    )
    .min(1, 'choose at least one member')
    .max(100),
  /** The date printed as "generated"; passed in, never read from the clock. */
  generatedOn: isoDateSchema,
  /** A copy to print and sign in ink: signature lines, no signatures or dates filled in. */
  blank: z.boolean().default(false),
});

export type AgreementPdfInput = z.input<typeof agreementPdfInputSchema>;
type Parsed = z.output<typeof agreementPdfInputSchema>;
type Member = Parsed['members'][number];

const BLANK = '________________';
const INK = '#1f2933';
const ACCENT = '#1f4e5f';
const MUTED = '#5b6470';
const RULE = '#c8ccd2';

/** Render one agreement (one member) or a roster (several members) to PDF bytes. */
export async function renderAgreementPdf(input: unknown, options: RenderOptions = {}): Promise<Buffer> {
  const data = parseInput(agreementPdfInputSchema, input, 'agreement PDF', describeAgreementPath);
  await loadShaper();

  // Decode every signature before drawing anything, so a bad image fails cleanly.
  const images = new Map<string, DecodedPng>();
  data.members.forEach((member, index) => {
    const sig = member.signature;
    if (!sig || data.blank) return;
    const who = member.name || `member ${index + 1}`;
    if (sig.memberSignature && !images.has(sig.memberSignature)) {
      images.set(sig.memberSignature, decodeSignaturePng(sig.memberSignature, `The signature of ${who}`));
    }
    if (sig.facilitatorSignature && !images.has(sig.facilitatorSignature)) {
      images.set(
        sig.facilitatorSignature,
        decodeSignaturePng(sig.facilitatorSignature, `The facilitator’s signature on ${who}’s agreement`),
      );
    }
  });

  const pdf = createDocument({
    paperSize: data.paperSize,
    generatedOn: data.generatedOn,
    title:
      data.members.length === 1
        ? `${data.agreement.title}: ${data.members[0]!.name || data.group.name}`
        : `${data.agreement.title}: ${data.group.name}`,
    ...(data.group.facilitator ? { author: data.group.facilitator } : {}),
    subject: `${data.group.name}, version ${data.agreement.version}`,
    identity: data,
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
  });
  const { doc, fonts } = pdf;

  // pdfkit image objects, one per distinct signature, shared across pages.
  const opened = new Map<string, PDFKit.Mixins.ImageSrc>();
  const imageFor = (dataUrl: string | undefined): { src: PDFKit.Mixins.ImageSrc; width: number; height: number } | undefined => {
    if (!dataUrl) return undefined;
    const decoded = images.get(dataUrl);
    if (!decoded) return undefined;
    let src = opened.get(dataUrl);
    if (!src) {
      // pdfkit's image() also takes an opened image (not in @types/pdfkit); embedding once per document.
      src = (doc as unknown as { openImage(src: Buffer): PDFKit.Mixins.ImageSrc }).openImage(decoded.png);
      opened.set(dataUrl, src);
    }
    return { src, width: decoded.width, height: decoded.height };
  };

  const sections: Array<{ first: number; count: number }> = [];
  data.members.forEach((member, index) => {
    if (index > 0) doc.addPage();
    const first = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
    drawAgreement(doc, fonts, data, member, imageFor);
    const range = doc.bufferedPageRange();
    sections.push({ first, count: range.start + range.count - first });
  });

  const { title, version } = data.agreement;
  for (const { first, count } of sections) {
    writeFooters(doc, fonts, first, count, (page, pages) => `${title} · Version ${version} · Page ${page} of ${pages}`);
  }
  return finish(pdf, options);
}

function describeAgreementPath(path: PropertyKey[], input: unknown): string {
  const fields: Record<string, string> = {
    memberSignature: 'member’s signature',
    facilitatorSignature: 'facilitator’s signature',
    signedOn: 'date signed',
    method: 'signing method',
    generatedOn: 'date generated',
    paperSize: 'paper size',
    name: 'name',
    title: 'title',
    heading: 'heading',
    body: 'text',
  };
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (key === 'members' && typeof path[i + 1] === 'number') {
      const n = path[i + 1] as number;
      const members = (input as { members?: Array<{ name?: unknown }> } | null)?.members;
      const name = Array.isArray(members) && typeof members[n]?.name === 'string' ? (members[n]!.name as string).trim() : '';
      parts.push(name ? `member ${n + 1} (${name})` : `member ${n + 1}`);
      i++;
    } else if (key === 'clauses' && typeof path[i + 1] === 'number') {
      parts.push(`clause ${(path[i + 1] as number) + 1}`);
      i++;
    } else if (key === 'signature' || key === 'agreement') {
      continue;
    } else if (typeof key === 'string') {
      parts.push(fields[key] ?? key);
    }
  }
  return parts.join(', ');
}

/** The screen the member signs on fills the same way (shared/groups/agreements.ts). */
export { fillMergeFields };

type ImageLookup = (dataUrl: string | undefined) => { src: PDFKit.Mixins.ImageSrc; width: number; height: number } | undefined;

function drawAgreement(doc: PDFKit.PDFDocument, fonts: PdfFonts, data: Parsed, member: Member, imageFor: ImageLookup): void {
  const width = contentWidth(doc);
  const left = MARGIN.left;
  const signature = data.blank ? undefined : member.signature;
  const values = {
    group: data.group.name,
    facilitator: data.group.facilitator,
    member: member.name || BLANK,
    date: signature ? formatIsoDate(signature.signedOn) : data.blank ? BLANK : formatIsoDate(data.generatedOn),
  };

  // Heading block.
  doc.fillColor(ACCENT);
  fonts.line(data.group.name.toUpperCase(), 'bold', 9, left, doc.y, { width });
  doc.y += 16;
  doc.x = left;
  doc.fillColor(INK);
  fonts.text(data.agreement.title, 'bold', 20, { width, lineGap: 2 });
  doc.y += 4;
  doc.fillColor(MUTED);
  const meta = [
    `Member: ${member.name || BLANK}`,
    `Facilitator: ${data.group.facilitator || BLANK}`,
    `Version ${data.agreement.version}`,
  ].join('   ·   ');
  doc.x = left;
  fonts.text(meta, 'regular', 9.5, { width });
  doc.y += 8;
  rule(doc, ACCENT, 1.2);
  doc.y += 16;

  // Clauses.
  data.agreement.clauses.forEach((clause, index) => {
    const heading = `${index + 1}.  ${fillMergeFields(clause.heading, values)}`;
    const body = paragraphs(fillMergeFields(clause.body, values));
    const headingHeight = fonts.heightOf(heading, 'bold', 11.5, { width });
    // Keep a heading with at least three lines of its text.
    ensureSpace(doc, headingHeight + 3 + Math.min(fonts.heightOf(body, 'regular', 9.75, { width, lineGap: 2.2 }), 3 * 15.5));
    doc.x = left;
    doc.fillColor(ACCENT);
    fonts.text(heading, 'bold', 11.5, { width });
    doc.y += 3;
    if (body) {
      doc.x = left;
      doc.fillColor(INK);
      fonts.text(body, 'regular', 9.75, { width, lineGap: 2.2, paragraphGap: 5 });
    }
    doc.y += 10;
  });

  drawSignatures(doc, fonts, data, member, signature, imageFor);
}

function rule(
  doc: PDFKit.PDFDocument,
  color: string,
  lineWidth: number,
  x1 = MARGIN.left,
  x2 = doc.page.width - MARGIN.right,
): void {
  doc.save();
  doc.moveTo(x1, doc.y).lineTo(x2, doc.y).lineWidth(lineWidth).strokeColor(color).stroke();
  doc.restore();
}

const SIGNATURE_BOX = 50;

function drawSignatures(
  doc: PDFKit.PDFDocument,
  fonts: PdfFonts,
  data: Parsed,
  member: Member,
  signature: Member['signature'],
  imageFor: ImageLookup,
): void {
  const width = contentWidth(doc);
  const gap = 36;
  const column = (width - gap) / 2;
  const blockHeight = 22 + 12 + SIGNATURE_BOX + 8 + 16 + 16 + 14;
  ensureSpace(doc, blockHeight + 8);
  doc.y += 6;

  doc.x = MARGIN.left;
  doc.fillColor(ACCENT);
  fonts.text('Signatures', 'bold', 11.5, { width });
  doc.y += 2;
  rule(doc, RULE, 0.75);
  doc.y += 12;

  const top = doc.y;
  const signedDate = signature ? formatIsoDate(signature.signedOn) : undefined;
  const people = [
    { label: 'Member', name: member.name, image: imageFor(signature?.memberSignature) },
    { label: 'Facilitator', name: data.group.facilitator, image: imageFor(signature?.facilitatorSignature) },
  ];
  people.forEach((person, i) => {
    const x = MARGIN.left + i * (column + gap);
    doc.fillColor(MUTED);
    fonts.line(person.label.toUpperCase(), 'bold', 8, x, top);
    const lineY = top + 12 + SIGNATURE_BOX;
    if (person.image) {
      // Fit inside the box, sitting on the line, aspect ratio kept.
      const scale = Math.min(column / person.image.width, SIGNATURE_BOX / person.image.height);
      const w = person.image.width * scale;
      const h = person.image.height * scale;
      doc.image(person.image.src, x, lineY - h - 2, { width: w, height: h });
    } else if (signature?.method === 'wet-ink') {
      doc.fillColor(MUTED);
      fonts.line('Signed in ink on the paper copy', 'regular', 8.5, x, lineY - 14, { width: column });
    }
    doc.save();
    doc
      .moveTo(x, lineY)
      .lineTo(x + column, lineY)
      .lineWidth(0.75)
      .strokeColor('#8a929c')
      .stroke();
    doc.restore();

    doc.fillColor(INK);
    if (person.name) fonts.line(person.name, 'bold', 10, x, lineY + 6, { width: column });
    else {
      doc.fillColor(MUTED);
      fonts.line('Name', 'regular', 9, x, lineY + 6, { width: column });
      doc.save();
      doc
        .moveTo(x + 30, lineY + 17)
        .lineTo(x + column, lineY + 17)
        .lineWidth(0.5)
        .strokeColor('#8a929c')
        .stroke();
      doc.restore();
    }
    doc.fillColor(MUTED);
    if (signedDate) {
      fonts.line(`Date: ${signedDate}`, 'regular', 9, x, lineY + 22, { width: column });
    } else {
      fonts.line('Date', 'regular', 9, x, lineY + 22, { width: column });
      doc.save();
      doc
        .moveTo(x + 30, lineY + 33)
        .lineTo(x + column * 0.6, lineY + 33)
        .lineWidth(0.5)
        .strokeColor('#8a929c')
        .stroke();
      doc.restore();
    }
  });
  doc.fillColor(MUTED);
  const note = signature
    ? signature.method === 'on-screen'
      ? `Signed on screen in Holdspace on ${signedDate}.`
      : `Signed in ink on ${signedDate}; the signed paper copy is the original.`
    : 'Please sign and date above. Keep a copy of this agreement for yourself.';
  fonts.line(note, 'regular', 8.5, MARGIN.left, top + 12 + SIGNATURE_BOX + 44, { width });
  doc.fillColor('black');
  doc.x = MARGIN.left;
  doc.y = Math.min(top + blockHeight, bottomOf(doc));
}
