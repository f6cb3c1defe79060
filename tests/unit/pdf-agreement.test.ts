/**
 * Agreement and roster PDFs, checked with the real tools a clinician's viewer relies on:
 * pdftotext (poppler) for extractable text and qpdf for structural validity.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agreementPdfInputSchema,
  clearPdfCaches,
  defaultResourcesDir,
  fillMergeFields,
  loadDefaultAgreement,
  PdfInputError,
  renderAgreementPdf,
  SignatureImageError,
  type AgreementPdfInput,
} from '../../electron/main/services/pdf';
import { pngDataUrl, signaturePng } from '../fixtures/signature-png';
import { flat, pdfPages, pdfScratch, pdfText, qpdfCheck } from './pdf-tools';

const UNICODE_NAMES = ['Zoë Ångström', 'Nguyễn Thị Mai', '王芳', 'Арсений Ко́тов'];

const scratch = pdfScratch('agreement');
const { save } = scratch;

function pageSize(file: string): string {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return /^Page size:\s+(.+)$/m.exec(info)?.[1] ?? '';
}

const template = loadDefaultAgreement();

function input(overrides: Partial<AgreementPdfInput> = {}): AgreementPdfInput {
  return {
    paperSize: 'A4',
    group: { name: 'Tuesday Grief Circle', facilitator: 'Dr Priya Raman' },
    agreement: { title: template.title, version: 2, clauses: template.clauses },
    members: [
      {
        name: 'Арсений Ко́тов',
        signature: {
          method: 'on-screen',
          signedOn: '2026-03-10',
          memberSignature: signaturePng(240, 80, 2),
          facilitatorSignature: signaturePng(220, 70, 3),
        },
      },
    ],
    generatedOn: '2026-03-14',
    ...overrides,
  };
}

describe('default agreement resource', () => {
  it('covers the required topics and uses the merge fields', () => {
    const headings = template.clauses.map((c) => c.heading.toLowerCase()).join(' | ');
    for (const topic of [
      'why',
      'stays in the group',
      'limits of confidentiality',
      'recording',
      'online',
      'outside the group',
      'attendance',
      'broken',
      'facilitator',
    ]) {
      expect(headings).toContain(topic);
    }
    const all = template.clauses.map((c) => c.body).join('\n');
    for (const field of ['{{group}}', '{{facilitator}}', '{{member}}', '{{date}}']) expect(all).toContain(field);
    expect(all).toMatch(/safeguarding/i);
    expect(all).toMatch(/court order/i);
    expect(all).toMatch(/screenshots/i);
    expect(all).toMatch(/headphones/i);
  });
});

describe('fillMergeFields', () => {
  it('fills known fields and leaves unknown ones', () => {
    const out = fillMergeFields('{{member}} joins {{ group }} led by {{facilitator}} on {{date}}; {{other}}', {
      group: 'G',
      facilitator: 'F',
      member: 'M',
      date: 'D',
    });
    expect(out).toBe('M joins G led by F on D; {{other}}');
  });

  it('writes "the facilitator" when no facilitator is named, capitalised at a sentence start', () => {
    const values = { group: 'G', facilitator: '', member: 'M', date: 'D' };
    expect(fillMergeFields('{{facilitator}} will help. Ask {{facilitator}}.', values)).toBe(
      'The facilitator will help. Ask the facilitator.',
    );
  });
});

describe('renderAgreementPdf', () => {
  it('renders one agreement: valid PDF, every clause heading and the member name extractable', async () => {
    const file = save('one.pdf', await renderAgreementPdf(input()));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    const text = pdfText(file);
    const folded = flat(text);
    for (const clause of template.clauses) expect(folded).toContain(clause.heading);
    expect(text).toContain('Арсений Ко́тов'.normalize('NFC'));
    expect(folded).toContain('Tuesday Grief Circle');
    expect(folded).toContain('Dr Priya Raman');
    expect(folded).toContain('Signed on 10 March 2026');
    expect(text).not.toMatch(/\{\{\s*(group|facilitator|member|date)\s*\}\}/);
    const pages = pdfPages(file);
    for (let page = 1; page <= pages; page++) {
      expect(text).toContain(`${template.title} · Version 2 · Page ${page} of ${pages}`);
    }
  });

  it('prints every Unicode name exactly, including the combining accent in Ко́тов', async () => {
    expect('Арсений Ко́тов').toContain('\u0301'); // the fixture really has the combining accent
    const file = save('unicode.pdf', await renderAgreementPdf(input({ members: UNICODE_NAMES.map((name) => ({ name })) })));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    const text = pdfText(file);
    for (const name of UNICODE_NAMES) expect(text).toContain(name.normalize('NFC'));
    // A mixed-script line falls back per character and stays one extractable string.
    const mixed = save('mixed.pdf', await renderAgreementPdf(input({ members: [{ name: 'Zoë 王芳 Ко́тов Nguyễn' }] })));
    expect(pdfText(mixed)).toContain('Zoë 王芳 Ко́тов Nguyễn'.normalize('NFC'));
  });

  it('embeds the fonts (subset), never relying on viewer fonts', async () => {
    const file = save('fonts.pdf', await renderAgreementPdf(input({ members: UNICODE_NAMES.map((name) => ({ name })) })));
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
    expect(fonts).toMatch(/NotoSans-Regular/);
    expect(fonts).toMatch(/NotoSans-Bold/);
    expect(fonts).toMatch(/WenQuanYiMicroHei/);
  });

  it('is deterministic: the same input gives identical bytes', async () => {
    const a = await renderAgreementPdf(input());
    const b = await renderAgreementPdf(input());
    expect(Buffer.compare(a, b)).toBe(0);
    const roster = input({
      members: UNICODE_NAMES.map((name, i) => ({
        name,
        signature: {
          method: 'on-screen',
          signedOn: '2026-03-0' + (i + 1),
          memberSignature: signaturePng(200, 60, i + 1),
          facilitatorSignature: signaturePng(),
        },
      })),
    });
    expect(Buffer.compare(await renderAgreementPdf(roster), await renderAgreementPdf(roster))).toBe(0);
    // Creation date comes from generatedOn, not the clock.
    expect(a.toString('latin1')).toContain('D:20260314000000Z');
    // A different input gets a different document ID.
    const c = await renderAgreementPdf(input({ generatedOn: '2026-03-15' }));
    const id = (pdf: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1];
    expect(id(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(c)).not.toBe(id(a));
  });

  it('gives the same bytes whether fonts are freshly loaded or cached', async () => {
    const warm = await renderAgreementPdf(input());
    // A copy of the resources folder is a new cache key: fonts are read and parsed again.
    const copy = path.join(scratch.dir(), 'resources-copy');
    cpSync(path.join(defaultResourcesDir(), 'fonts'), path.join(copy, 'fonts'), { recursive: true });
    const cold = await renderAgreementPdf(input(), { resourcesDir: copy });
    expect(Buffer.compare(cold, warm)).toBe(0);
    clearPdfCaches();
    expect(Buffer.compare(await renderAgreementPdf(input()), warm)).toBe(0);
  });

  it('renders a roster: each member on new pages, names and per-agreement "Page 1 of N" footers', async () => {
    const members = [
      { name: 'Zoë Ångström', signature: { method: 'wet-ink' as const, signedOn: '2026-03-01' } },
      {
        name: 'Nguyễn Thị Mai',
        signature: {
          method: 'on-screen' as const,
          signedOn: '2026-03-02',
          memberSignature: signaturePng(),
          facilitatorSignature: signaturePng(220, 70, 3),
        },
      },
      { name: '王芳' },
    ];
    const single = save('single.pdf', await renderAgreementPdf(input({ members: [members[0]!] })));
    const perMember = pdfPages(single);
    const file = save('roster.pdf', await renderAgreementPdf(input({ members })));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    expect(pdfPages(file)).toBe(3 * perMember);
    // Each member's agreement starts on its own page: page 1 of each section names them.
    for (const [i, member] of members.entries()) {
      const page = execFileSync(
        'pdftotext',
        ['-enc', 'UTF-8', '-f', String(i * perMember + 1), '-l', String(i * perMember + 1), file, '-'],
        { encoding: 'utf8' },
      ).normalize('NFC');
      expect(page).toContain(`Member: ${member.name}`);
      expect(page).toContain(`Page 1 of ${perMember}`);
    }
    const text = pdfText(file);
    expect(text.split(`Page 1 of ${perMember}`).length - 1).toBe(3);
    expect(flat(text)).toContain('Signed in ink on 1 March 2026');
  });

  it('prints a blank copy with lines to sign on', async () => {
    const file = save('blank.pdf', await renderAgreementPdf(input({ blank: true, members: [{ name: '' }] })));
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors found/);
    const text = flat(pdfText(file));
    expect(text).toContain('I, ________________, have read this agreement');
    expect(text).toContain('Please sign and date above');
    expect(text).not.toContain('10 March 2026'); // a blank copy ignores any recorded signature date
  });

  it('uses the chosen paper size', async () => {
    const a4 = save('a4.pdf', await renderAgreementPdf(input({ paperSize: 'A4' })));
    const letter = save('letter.pdf', await renderAgreementPdf(input({ paperSize: 'Letter' })));
    expect(pageSize(a4)).toMatch(/595\.2\d* x 841\.8\d* pts/);
    expect(pageSize(letter)).toMatch(/612 x 792 pts/);
    const mediaBox = (file: string) => /\/MediaBox \[([^\]]+)\]/.exec(readFileSync(file, 'latin1'))?.[1];
    expect(mediaBox(a4)).not.toBe(mediaBox(letter));
  });

  it('rejects signature data that is not a PNG data URL with a readable error', async () => {
    const bad = input({
      members: [
        {
          name: 'Zoë Ångström',
          signature: { method: 'on-screen', signedOn: '2026-03-10', memberSignature: 'data:image/jpeg;base64,/9j/4AAQ' },
        },
      ],
    });
    expect(agreementPdfInputSchema.safeParse(bad).success).toBe(false);
    const error = await renderAgreementPdf(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfInputError);
    expect((error as Error).message).toContain('Zoë Ångström');
    expect((error as Error).message).toMatch(/not a PNG image from the signature pad/);
  });

  it('rejects a damaged PNG before drawing, without crashing the process', async () => {
    const good = signaturePng();
    const bytes = Buffer.from(good.split(',')[1]!, 'base64');
    // Corrupt the compressed pixel data (inside IDAT) but keep the chunk structure.
    const idat = bytes.indexOf(Buffer.from('IDAT'));
    for (let i = idat + 6; i < idat + 40; i++) bytes[i] = 0xff;
    const damaged = `data:image/png;base64,${bytes.toString('base64')}`;
    const truncated = `data:image/png;base64,${Buffer.from(good.split(',')[1]!, 'base64').subarray(0, 60).toString('base64')}`;
    const notPng = `data:image/png;base64,${Buffer.from('hello, not an image').toString('base64')}`;
    for (const signature of [damaged, truncated, notPng]) {
      const error = await renderAgreementPdf(
        input({
          members: [
            {
              name: 'Nguyễn Thị Mai',
              signature: { method: 'on-screen', signedOn: '2026-03-10', facilitatorSignature: signature },
            },
          ],
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignatureImageError);
      expect((error as Error).message).toMatch(
        /^The facilitator’s signature on Nguyễn Thị Mai’s agreement (could not be read|is not)/,
      );
      expect((error as Error).message).toMatch(/capture the signature again/);
    }
  });

  it('refuses a small image whose data inflates far past its stated size (a decompression bomb), before inflating it all', async () => {
    // A 1×1 image needs 5 bytes of pixel data; this one's 130 KB of data inflate to 128 MB.
    const bomb = pngDataUrl(1, 1, Buffer.alloc(128 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(2_000_000);
    const before = process.memoryUsage().arrayBuffers;
    const error = await renderAgreementPdf(
      input({
        members: [{ name: 'Ana Silva', signature: { method: 'on-screen', signedOn: '2026-03-10', memberSignature: bomb } }],
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureImageError);
    expect((error as Error).message).toMatch(/^The signature of Ana Silva .*larger than its size says/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('explains other invalid input in plain words', async () => {
    const error = await renderAgreementPdf({ ...input(), generatedOn: '2026-02-30', members: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfInputError);
    expect((error as Error).message).toMatch(/date generated: not a real calendar date/);
    expect((error as Error).message).toMatch(/choose at least one member/);
  });

  it('accepts the resources folder from the caller', async () => {
    const error = await renderAgreementPdf(input(), { resourcesDir: path.join(scratch.dir(), 'no-such-resources') }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/font file NotoSans-Regular\.ttf is missing/);
  });
});
