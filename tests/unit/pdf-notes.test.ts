/**
 * Clinical note exports: extractable text, signed/draft marking, addenda, footers,
 * determinism, and hostile text printed literally.
 */
import { describe, expect, it } from 'vitest';
import { notesPdfInputSchema, PdfInputError, renderNotesPdf, type NotesPdfInput } from '../../electron/main/services/pdf';
import { flat, pdfPages, pdfScratch, pdfText, qpdfCheck } from './pdf-tools';

const { save } = pdfScratch('notes');

function input(overrides: Partial<NotesPdfInput> = {}): NotesPdfInput {
  return {
    paperSize: 'A4',
    title: 'Clinical record: Zoë Ångström',
    clinicianName: 'Dr Priya Raman',
    generatedOn: '2026-03-14',
    timeZone: 'Europe/London',
    notes: [
      {
        sessionAt: '2026-03-10T10:00:00Z',
        template: 'SOAP',
        durationMinutes: 50,
        sections: [
          { label: 'Subjective', text: 'Said <script>alert(1)</script> and <img src=x onerror=alert(1)> today.' },
          { label: 'Objective', text: 'Calm and engaged; spoke about her sister 王芳.' },
          { label: 'Assessment', text: '' },
          { label: 'Plan', text: 'Continue weekly.\n\nReview in four weeks.' },
        ],
        interventions: ['Cognitive restructuring', 'Grounding'],
        risk: { level: 'low', plan: 'Safety plan reviewed and shared.' },
        nextSteps: 'Thought record before next session.',
        status: 'signed',
        signedAt: Date.UTC(2026, 2, 10, 11, 2),
        contentHash: 'sha256:9f2c1e0d4b7a',
        addenda: [{ at: Date.UTC(2026, 2, 11, 9, 15), text: 'Emailed to say the homework helped.' }],
      },
      {
        sessionAt: Date.UTC(2026, 2, 17, 10, 0),
        template: 'DAP',
        durationMinutes: 50,
        sections: [{ label: 'Data', text: 'Long note. '.repeat(600) }],
        interventions: [],
        risk: { level: 'none', plan: '' },
        nextSteps: '',
        status: 'draft',
        addenda: [],
      },
    ],
    ...overrides,
  };
}

describe('renderNotesPdf', () => {
  it('renders every note with status, sections, risk and dated addenda', async () => {
    const file = save('notes.pdf', await renderNotesPdf(input()));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    const text = pdfText(file);
    const folded = flat(text);
    expect(text).toContain('Clinical record: Zoë Ångström');
    expect(folded).toContain('Tuesday, 10 March 2026 at 10:00'); // 10:00Z is 10:00 in London in March (GMT)
    expect(folded).toContain('Tuesday, 17 March 2026 at 10:00');
    expect(folded).toContain('SIGNED');
    expect(folded).toContain('Signed Tuesday, 10 March 2026 at 11:02');
    expect(folded).toContain('sha256:9f2c1e0d4b7a');
    expect(folded).toContain('DRAFT');
    expect(folded).toContain('Draft: not signed');
    expect(folded).toContain('Addendum added Wednesday, 11 March 2026 at 09:15');
    expect(folded).toContain('Emailed to say the homework helped.');
    expect(folded).toContain('Level: Low');
    expect(folded).toContain('Cognitive restructuring, Grounding');
    expect(text).toContain('王芳');
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      expect(folded).toContain(`Confidential clinical record · Clinical record: Zoë Ångström · Page ${page} of ${pages}`);
    }
  });

  it('prints hostile text literally', async () => {
    const file = save('hostile.pdf', await renderNotesPdf(input()));
    const folded = flat(pdfText(file));
    expect(folded).toContain('<script>alert(1)</script>');
    expect(folded).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows times in the given zone, not the machine zone', async () => {
    const file = save('tz.pdf', await renderNotesPdf(input({ timeZone: 'Asia/Tokyo' })));
    expect(flat(pdfText(file))).toContain('Tuesday, 10 March 2026 at 19:00');
  });

  it('is deterministic', async () => {
    const a = await renderNotesPdf(input());
    const b = await renderNotesPdf(input());
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('renders an empty export', async () => {
    const file = save('empty.pdf', await renderNotesPdf(input({ notes: [] })));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    expect(flat(pdfText(file))).toContain('There are no notes in this export.');
  });

  it('rejects invalid input with a readable error', async () => {
    const bad = { ...input(), timeZone: 'Mars/Olympus', notes: [{ ...input().notes[0]!, sessionAt: 'yesterday' }] };
    expect(notesPdfInputSchema.safeParse(bad).success).toBe(false);
    const error = await renderNotesPdf(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfInputError);
    expect((error as Error).message).toMatch(/timeZone: not a known time zone/);
    expect((error as Error).message).toMatch(/note 1, sessionAt/);
  });
});
