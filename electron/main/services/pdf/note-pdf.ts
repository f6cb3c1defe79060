/**
 * Clinical note exports: one PDF with every note given, oldest to newest as passed in,
 * each clearly marked signed or draft, addenda beneath with their dates. Note text is
 * printed as text: "<script>" in a note is just eight characters on the page.
 *
 * Input arrives from the renderer over IPC and is validated here. Times are instants
 * (epoch ms or ISO strings) shown in `timeZone` (the clinician's zone), so the output
 * does not depend on the machine's zone or clock: same input, same bytes.
 */
import { z } from 'zod';
import { MEASURE_KINDS, RISK_LEVELS } from '../../../../shared/records';
import { formatterFor } from '../../../../shared/locale/format';
import { INSTRUMENTS } from '../../../../shared/measures/instruments';
import { scoreMeasure } from '../../../../shared/measures/scoring';
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

/** Epoch milliseconds, or an ISO 8601 date-time string with a zone (Z or ±hh:mm). */
const instant = z.union([
  z.number().int().min(-8_640_000_000_000_000).max(8_640_000_000_000_000),
  z
    .string()
    .max(40)
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/,
      'expected a date and time such as 2026-03-14T10:00:00Z',
    )
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date and time'),
]);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const noteInput = z.object({
  sessionAt: instant,
  template: z.string().trim().max(40),
  durationMinutes: z.number().int().min(0).max(720),
  sections: z.array(z.object({ label: z.string().trim().max(200), text: z.string().max(200_000) })).max(40),
  interventions: z.array(z.string().trim().max(100)).max(40).default([]),
  risk: z.object({ level: z.enum(RISK_LEVELS), plan: z.string().max(20_000).default('') }),
  nextSteps: z.string().max(20_000).default(''),
  status: z.enum(['draft', 'signed']),
  signedAt: instant.optional(),
  contentHash: z.string().max(200).optional(),
  addenda: z
    .array(z.object({ at: instant, text: z.string().min(1).max(20_000) }))
    .max(200)
    .default([]),
});

export const notesPdfInputSchema = z.object({
  paperSize: z.enum(PAPER_SIZES),
  title: z.string().trim().min(1, 'enter a title').max(300),
  clinicianName: z.string().trim().max(200).optional(),
  /** The date printed as "generated"; passed in, never read from the clock. */
  generatedOn: isoDateSchema,
  /** IANA zone the times are shown in (the clinician's). */
  timeZone: z.string().max(64).refine(isTimeZone, 'not a known time zone').default('UTC'),
  /** The clinician's date format; without it, dates print in en-GB on a 24-hour clock. */
  format: z.object({ locale: z.string().max(35), hourCycle: z.enum(['auto', 'h12', 'h23']) }).optional(),
  /**
   * A client's questionnaires (answers as given; scored here with the app's own scoring) for
   * an "Outcome measures" section before the notes. Absent: no section.
   */
  measures: z
    .array(z.object({ kind: z.enum(MEASURE_KINDS), takenAt: instant, items: z.array(z.number().int()).max(20) }))
    .max(5_000)
    .optional(),
  notes: z.array(noteInput).max(50_000),
});

export type NotesPdfInput = z.input<typeof notesPdfInputSchema>;
type Parsed = z.output<typeof notesPdfInputSchema>;
type NoteData = Parsed['notes'][number];

const INK = '#1f2933';
const ACCENT = '#1f4e5f';
const MUTED = '#5b6470';
const RULE = '#c8ccd2';
const SIGNED = '#2e6b45';
const DRAFT = '#a15c00';

const RISK_LABELS: Record<(typeof RISK_LEVELS)[number], string> = {
  none: 'None identified',
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
};

/** Render a clinical record (one or more notes) to PDF bytes. */
export async function renderNotesPdf(input: unknown, options: RenderOptions = {}): Promise<Buffer> {
  const data = parseInput(notesPdfInputSchema, input, 'notes PDF', describeNotesPath);
  await loadShaper();
  const legacy = new Intl.DateTimeFormat('en-GB', {
    timeZone: data.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  // Without the clinician's format (exports from the Notes screen), dates print as they always have.
  const when = data.format ? formatterFor(data.format, 'dateTime', data.timeZone) : (t: number) => legacy.format(t);
  const toInstant = (value: number | string): number => (typeof value === 'number' ? value : Date.parse(value));
  const formatInstant = (value: number | string): string => when(toInstant(value));
  const shortDate = formatterFor(data.format ?? { locale: 'en-GB', hourCycle: 'h23' }, 'shortDate', data.timeZone);

  const pdf = createDocument({
    paperSize: data.paperSize,
    generatedOn: data.generatedOn,
    title: data.title,
    ...(data.clinicianName ? { author: data.clinicianName } : {}),
    subject: 'Confidential clinical record',
    identity: data,
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
  });
  const { doc, fonts } = pdf;
  const width = contentWidth(doc);
  const left = MARGIN.left;

  // Title block.
  doc.fillColor(ACCENT);
  fonts.line('CONFIDENTIAL CLINICAL RECORD', 'bold', 9, left, doc.y, { width });
  doc.y += 16;
  doc.x = left;
  doc.fillColor(INK);
  fonts.text(data.title, 'bold', 18, { width, lineGap: 2 });
  doc.y += 4;
  const meta = [
    data.clinicianName ? `Clinician: ${data.clinicianName}` : '',
    `Generated ${formatIsoDate(data.generatedOn)}`,
    `Times shown in ${data.timeZone}`,
    `${data.notes.length} ${data.notes.length === 1 ? 'note' : 'notes'}`,
    data.measures ? `${data.measures.length} ${data.measures.length === 1 ? 'questionnaire' : 'questionnaires'}` : '',
  ].filter(Boolean);
  doc.x = left;
  doc.fillColor(MUTED);
  fonts.text(meta.join('   ·   '), 'regular', 9.5, { width });
  doc.y += 8;
  rule(doc, ACCENT, 1.2);
  doc.y += 18;

  if (data.measures) {
    drawMeasures(
      doc,
      fonts,
      [...data.measures].sort((a, b) => toInstant(a.takenAt) - toInstant(b.takenAt)),
      (t) => shortDate(toInstant(t)),
    );
  }

  if (data.notes.length === 0) {
    doc.x = left;
    doc.fillColor(MUTED);
    fonts.text('There are no notes in this export.', 'regular', 10, { width });
  }

  data.notes.forEach((note, index) => {
    if (index > 0) {
      doc.y += 6;
      ensureSpace(doc, 140);
      rule(doc, RULE, 0.75);
      doc.y += 16;
    } else {
      ensureSpace(doc, 140);
    }
    drawNote(doc, fonts, note, formatInstant);
  });

  const range = doc.bufferedPageRange();
  writeFooters(
    doc,
    fonts,
    range.start,
    range.count,
    (page, pages) => `Confidential clinical record · ${data.title} · Page ${page} of ${pages}`,
  );
  return finish(pdf, options);
}

function describeNotesPath(path: PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (typeof next === 'number' && (key === 'notes' || key === 'sections' || key === 'addenda' || key === 'interventions')) {
      const noun = { notes: 'note', sections: 'section', addenda: 'addendum', interventions: 'intervention' }[key];
      parts.push(`${noun} ${next + 1}`);
      i++;
    } else if (typeof key === 'string') {
      parts.push(key);
    }
  }
  return parts.join(', ');
}

function rule(doc: PDFKit.PDFDocument, color: string, lineWidth: number): void {
  doc.save();
  doc
    .moveTo(MARGIN.left, doc.y)
    .lineTo(doc.page.width - MARGIN.right, doc.y)
    .lineWidth(lineWidth)
    .strokeColor(color)
    .stroke();
  doc.restore();
}

function drawNote(
  doc: PDFKit.PDFDocument,
  fonts: PdfFonts,
  note: NoteData,
  formatInstant: (value: number | string) => string,
): void {
  const width = contentWidth(doc);
  const left = MARGIN.left;

  // Heading: session time, with a status badge on the right.
  const signed = note.status === 'signed';
  const badge = signed ? 'SIGNED' : 'DRAFT';
  const badgeWidth = fonts.widthOf(badge, 'bold', 8.5) + 14;
  const top = doc.y;
  doc.save();
  doc
    .roundedRect(left + width - badgeWidth, top, badgeWidth, 16, 3)
    .lineWidth(1)
    .strokeColor(signed ? SIGNED : DRAFT)
    .stroke();
  doc.restore();
  doc.fillColor(signed ? SIGNED : DRAFT);
  fonts.line(badge, 'bold', 8.5, left + width - badgeWidth, top + 3, { width: badgeWidth, align: 'center' });

  doc.x = left;
  doc.y = top;
  doc.fillColor(INK);
  fonts.text(formatInstant(note.sessionAt), 'bold', 13, { width: width - badgeWidth - 12, direction: 'auto', align: 'left' });
  doc.y += 2;
  doc.x = left;
  doc.fillColor(MUTED);
  const template = note.template ? `${note.template}${/note$/i.test(note.template) ? '' : ' note'}` : 'Note';
  fonts.text(`${template}   ·   ${note.durationMinutes} minutes`, 'regular', 9.5, { width });
  doc.y += 2;
  doc.x = left;
  if (signed) {
    doc.fillColor(SIGNED);
    const parts = [note.signedAt !== undefined ? `Signed ${formatInstant(note.signedAt)}` : 'Signed'];
    if (note.contentHash) parts.push(`content hash ${note.contentHash}`);
    fonts.text(parts.join('   ·   '), 'regular', 8.5, { width });
  } else {
    doc.fillColor(DRAFT);
    fonts.text('Draft: not signed. This note may still change.', 'bold', 8.5, { width });
  }
  doc.y += 10;

  for (const section of note.sections) {
    field(doc, fonts, section.label || 'Section', section.text);
  }
  if (note.interventions.length > 0) field(doc, fonts, 'Interventions', note.interventions.join(', '));
  field(
    doc,
    fonts,
    'Risk',
    `Level: ${RISK_LABELS[note.risk.level]}${note.risk.plan.trim() ? `\n${paragraphs(note.risk.plan)}` : ''}`,
  );
  if (note.nextSteps.trim()) field(doc, fonts, 'Next steps', note.nextSteps);

  if (note.addenda.length > 0) {
    ensureSpace(doc, 60);
    doc.x = left;
    doc.fillColor(ACCENT);
    fonts.text('Addenda', 'bold', 10.5, { width });
    doc.y += 3;
    for (const addendum of note.addenda) {
      ensureSpace(doc, 40);
      const indent = left + 12;
      doc.x = indent;
      doc.fillColor(MUTED);
      fonts.text(`Addendum added ${formatInstant(addendum.at)}`, 'bold', 9, { width: width - 12 });
      doc.y += 1;
      doc.x = indent;
      doc.fillColor(INK);
      fonts.text(paragraphs(addendum.text), 'regular', 10, { width: width - 12, lineGap: 2, paragraphGap: 4, direction: 'auto' });
      doc.y += 8;
    }
  }
  doc.fillColor('black');
  doc.x = left;
}

type MeasureData = NonNullable<Parsed['measures']>[number];

/**
 * "Outcome measures": one row per questionnaire, oldest first, as the client's page shows
 * them: date, questionnaire, total out of its maximum, severity band (the app's own scoring
 * and labels) and whether PHQ-9 question 9 was answered above "Not at all".
 */
function drawMeasures(
  doc: PDFKit.PDFDocument,
  fonts: PdfFonts,
  measures: readonly MeasureData[],
  formatDate: (value: number | string) => string,
): void {
  const width = contentWidth(doc);
  const left = MARGIN.left;
  ensureSpace(doc, 70);
  doc.x = left;
  doc.fillColor(ACCENT);
  fonts.text('Outcome measures', 'bold', 13, { width });
  doc.y += 4;
  if (measures.length === 0) {
    doc.x = left;
    doc.fillColor(MUTED);
    fonts.text('No questionnaires recorded.', 'regular', 10, { width });
    doc.y += 14;
    return;
  }
  const columns = [
    { label: 'Date', share: 0.24 },
    { label: 'Questionnaire', share: 0.17 },
    { label: 'Total', share: 0.14 },
    { label: 'Severity', share: 0.22 },
    { label: 'Question 9', share: 0.23 },
  ];
  const xs = columns.map((_, i) => left + width * columns.slice(0, i).reduce((sum, c) => sum + c.share, 0));
  const rowHeight = 17;
  const row = (cells: string[], weight: 'regular' | 'bold', colours: string[]) => {
    cells.forEach((cell, i) => {
      doc.fillColor(colours[i] ?? INK);
      // A date in a right-to-left locale ("١ مارس ٢٠٢٧") reads in its own direction, still from the column's left edge.
      fonts.line(cell, weight, 9.5, xs[i]!, doc.y, { width: width * columns[i]!.share - 6, direction: 'auto' });
    });
    doc.y += rowHeight;
  };
  const header = () => {
    row(
      columns.map((c) => c.label),
      'bold',
      columns.map(() => MUTED),
    );
    doc.save();
    doc
      .moveTo(left, doc.y - 4)
      .lineTo(left + width, doc.y - 4)
      .lineWidth(0.75)
      .strokeColor(RULE)
      .stroke();
    doc.restore();
  };
  header();
  for (const measure of measures) {
    if (doc.y + rowHeight > bottomOf(doc)) {
      doc.addPage();
      header();
    }
    let score: ReturnType<typeof scoreMeasure> | null;
    try {
      score = scoreMeasure(measure.kind, measure.items);
    } catch {
      score = null;
    }
    const question9 =
      measure.kind !== 'PHQ-9' ? 'Not asked' : score?.riskPrompt ? 'Answered above 0' : score ? 'Not at all' : '—';
    row(
      [
        formatDate(measure.takenAt),
        measure.kind,
        score ? `${score.total} of ${INSTRUMENTS[measure.kind].maxTotal}` : 'Incomplete',
        score ? score.bandLabel : '—',
        question9,
      ],
      'regular',
      [INK, INK, INK, INK, score?.riskPrompt ? DRAFT : MUTED],
    );
  }
  doc.y += 10;
  rule(doc, RULE, 0.75);
  doc.y += 16;
  doc.x = left;
}

function field(doc: PDFKit.PDFDocument, fonts: PdfFonts, label: string, text: string): void {
  const width = contentWidth(doc);
  const body = paragraphs(text);
  ensureSpace(doc, 16 + Math.min(fonts.heightOf(body || '—', 'regular', 10, { width, lineGap: 2 }), 2 * 15));
  doc.x = MARGIN.left;
  doc.fillColor(ACCENT);
  fonts.text(label, 'bold', 10.5, { width });
  doc.y += 2;
  doc.x = MARGIN.left;
  if (body) {
    doc.fillColor(INK);
    fonts.text(body, 'regular', 10, { width, lineGap: 2, paragraphGap: 4, direction: 'auto' });
  } else {
    doc.fillColor(MUTED);
    fonts.text('(left blank)', 'regular', 10, { width });
  }
  doc.y += 9;
}
