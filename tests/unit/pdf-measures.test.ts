/**
 * Outcome measures in a client's record PDF (Export all records): each questionnaire with its
 * date in the clinician's format, total, severity band and question 9, as the client's page
 * shows them, in any locale and script.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderNotesPdf, type NotesPdfInput } from '../../electron/main/services/pdf';
import { loadShaper } from '../../electron/main/services/pdf/fonts';
import { instantFromZoned } from '../../shared/scheduling/time';
import { flat, missingGlyphs, pdfPages, pdfScratch, pdfText, qpdfCheck } from './pdf-tools';

const { save } = pdfScratch('measures');
const TZ = 'Europe/London';
const at = (y: number, m: number, d: number, h: number) =>
  instantFromZoned({ year: y, month: m, day: d, hour: h, minute: 0 }, TZ);
const withoutBidiControls = (text: string) => text.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '');

const MEASURES: NonNullable<NotesPdfInput['measures']> = [
  // Given newest first: the PDF lists them oldest first.
  { kind: 'GAD-7', takenAt: at(2027, 4, 6, 9), items: [3, 3, 3, 2, 2, 2, 2] },
  { kind: 'PHQ-9', takenAt: at(2027, 3, 1, 9), items: [1, 1, 2, 1, 0, 1, 2, 1, 0] },
  { kind: 'PHQ-9', takenAt: at(2027, 3, 15, 9), items: [2, 2, 2, 2, 2, 2, 2, 1, 2] },
  { kind: 'PHQ-9', takenAt: at(2027, 3, 29, 9), items: [1, 1, 1] },
];

function input(overrides: Partial<NotesPdfInput> = {}): NotesPdfInput {
  return {
    paperSize: 'A4',
    title: 'Clinical record: Zoë Ångström',
    generatedOn: '2027-04-10',
    timeZone: TZ,
    measures: MEASURES,
    notes: [
      {
        sessionAt: at(2027, 3, 1, 10),
        template: 'SOAP',
        durationMinutes: 50,
        sections: [{ label: 'Subjective', text: 'Slept better.' }],
        interventions: [],
        risk: { level: 'none', plan: '' },
        nextSteps: '',
        status: 'signed',
        addenda: [],
      },
    ],
    ...overrides,
  };
}

beforeAll(async () => {
  await loadShaper();
});

describe('outcome measures in a client’s record PDF', () => {
  it('lists every questionnaire oldest first with total, band and question 9, before the notes', async () => {
    const file = save('en-GB.pdf', await renderNotesPdf(input({ format: { locale: 'en-GB', hourCycle: 'auto' } })));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    const text = flat(pdfText(file));
    expect(text).toContain('4 questionnaires');
    expect(text).toContain('Outcome measures');
    expect(text).toContain('Date Questionnaire Total Severity Question 9');
    const rows = [
      '1 Mar 2027 PHQ-9 9 of 27 Mild Not at all',
      '15 Mar 2027 PHQ-9 17 of 27 Moderately severe Answered above 0',
      '29 Mar 2027 PHQ-9 Incomplete — —',
      '6 Apr 2027 GAD-7 17 of 21 Severe Not asked',
    ];
    let from = 0;
    for (const row of rows) {
      const found = text.indexOf(row, from);
      expect(found, row).toBeGreaterThan(from);
      from = found;
    }
    // The notes follow the measures, their dates in the same format.
    expect(text.indexOf('Monday, 1 March 2027 at 10:00')).toBeGreaterThan(from);
  });

  it('writes dates as the clinician’s format does (en-US, 12-hour clock)', async () => {
    const file = save('en-US.pdf', await renderNotesPdf(input({ format: { locale: 'en-US', hourCycle: 'auto' } })));
    const text = flat(pdfText(file));
    expect(text).toContain('Mar 1, 2027 PHQ-9 9 of 27 Mild');
    expect(text).toContain('Monday, March 1, 2027 at 10:00 AM');
  });

  it.each([
    ['he-IL', 'Clinical record: שרה לוי'],
    ['ar-EG', 'Clinical record: نور العلي'],
    ['hi-IN-u-nu-deva', 'Clinical record: अनन्या शर्मा'],
    ['bn-BD', 'Clinical record: জয়া দত্ত'],
    ['th-TH', 'Clinical record: สมศรี ใจดี'],
    ['ta-IN', 'Clinical record: கார்த்திக் சுப்ரமணியம்'],
    ['zh-CN', 'Clinical record: 佐藤 花子'],
    ['el-GR', 'Clinical record: Ξανθίππη Παπαδοπούλου'],
  ])('%s: every date in the locale’s own script and digits, no missing glyph', async (locale, title) => {
    const file = save(`${locale}.pdf`, await renderNotesPdf(input({ title, format: { locale, hourCycle: 'auto' } })));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    expect(missingGlyphs(file)).toEqual([]);
    const text = withoutBidiControls(flat(pdfText(file)));
    expect(text).toContain(title.split(': ')[1]!.normalize('NFC'));
    const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: TZ });
    for (const m of MEASURES) {
      const date = withoutBidiControls(shortDate.format(Number(m.takenAt))).replace(/\s+/g, ' ');
      // Right-to-left dates may come out of pdftotext in visual order: either way every word is there.
      for (const word of date.split(' ')) expect(text).toContain(word.replace(/[,،]$/, ''));
    }
  });

  it('a client with no questionnaires says so; a note export without measures has no such section', async () => {
    const none = flat(pdfText(save('none.pdf', await renderNotesPdf(input({ measures: [] })))));
    expect(none).toContain('Outcome measures No questionnaires recorded.');
    const plain = flat(pdfText(save('plain.pdf', await renderNotesPdf(input({ measures: undefined })))));
    expect(plain).not.toContain('Outcome measures');
    expect(plain).not.toContain('questionnaire');
    // Without a format the dates stay as before (en-GB, 24-hour).
    expect(plain).toContain('Monday, 1 March 2027 at 10:00');
  });

  it('ten years of questionnaires run over pages, the column headings repeated on each', async () => {
    const many = Array.from({ length: 240 }, (_, i) => ({
      kind: (i % 2 ? 'GAD-7' : 'PHQ-9') as 'GAD-7' | 'PHQ-9',
      takenAt: at(2017, 1, 1, 9) + i * 15 * 86_400_000,
      items: i % 2 ? [1, 1, 1, 1, 1, 1, 1] : [1, 1, 1, 1, 1, 1, 1, 1, 0],
    }));
    const file = save(
      'many.pdf',
      await renderNotesPdf(input({ measures: many, format: { locale: 'en-GB', hourCycle: 'auto' } })),
    );
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThan(3);
    const text = flat(pdfText(file));
    expect(text.split('Date Questionnaire Total Severity Question 9').length - 1).toBeGreaterThanOrEqual(pages - 1);
    expect(text.split(' of 27 Mild ').length - 1).toBe(120);
    expect(text.split(' of 21 Mild ').length - 1).toBe(120);
  });
});
