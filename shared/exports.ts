/**
 * What the renderer sends main to produce a file: PDFs rendered by pdfkit in main, CSV
 * text, and desktop notifications. Files are written only where the clinician chooses in
 * a save dialog; nothing is ever written to a temporary file.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const pngDataUrl = z.string().max(2_000_000);
const text = (max: number) => z.string().max(max);

export const agreementPdfRequestSchema = z.object({
  paperSize: z.enum(['A4', 'Letter']),
  group: z.object({ name: text(200), facilitator: text(200) }),
  agreement: z.object({
    title: text(200),
    version: z.number().int().min(1),
    clauses: z
      .array(z.object({ heading: text(200), body: text(20_000) }))
      .min(1)
      .max(50),
  }),
  members: z
    .array(
      z.object({
        name: text(200),
        signature: z
          .object({
            method: z.enum(['on-screen', 'wet-ink']),
            signedOn: isoDate,
            memberSignature: pngDataUrl.optional(),
            facilitatorSignature: pngDataUrl.optional(),
          })
          .optional(),
      }),
    )
    .min(1)
    .max(200),
  generatedOn: isoDate,
  blank: z.boolean().optional(),
});
export type AgreementPdfRequest = z.infer<typeof agreementPdfRequestSchema>;

export const notesPdfRequestSchema = z.object({
  paperSize: z.enum(['A4', 'Letter']),
  title: text(300),
  clinicianName: text(200).optional(),
  /** The clinician's zone: session times print as they saw them, not in UTC. */
  timeZone: text(64).optional(),
  generatedOn: isoDate,
  /** The clinician's date format (Settings); without it dates print as before, in en-GB. */
  format: z.object({ locale: text(35), hourCycle: z.enum(['auto', 'h12', 'h23']) }).optional(),
  /** A client's questionnaires, for the outcome measures section of their record; none, no section. */
  measures: z
    .array(
      z.object({
        kind: z.enum(['PHQ-9', 'GAD-7']),
        takenAt: z.number().int(),
        items: z.array(z.number().int()).max(20),
      }),
    )
    .max(5_000)
    .optional(),
  notes: z
    .array(
      z.object({
        sessionAt: z.union([z.number().int(), z.string().max(40)]),
        template: text(40),
        durationMinutes: z.number().int().min(0).max(720),
        sections: z.array(z.object({ label: text(200), text: text(200_000) })).max(40),
        interventions: z.array(text(100)).max(40),
        risk: z.object({ level: text(20), plan: text(20_000) }),
        nextSteps: text(20_000),
        status: z.enum(['draft', 'signed']),
        signedAt: z.union([z.number().int(), z.string().max(40)]).optional(),
        contentHash: text(128).optional(),
        addenda: z.array(z.object({ at: z.union([z.number().int(), z.string().max(40)]), text: text(20_000) })).max(200),
      }),
    )
    .max(5_000),
});
export type NotesPdfRequest = z.infer<typeof notesPdfRequestSchema>;

/** What the audit trail records for an export: a kind and the record ids, never content. */
export const exportAuditSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z-]{0,31}$/),
  recordIds: z
    .array(z.string().regex(/^[a-z0-9-]{1,64}$/))
    .max(5_000)
    .default([]),
});

export const fileNameSchema = z
  .string()
  .min(1)
  .max(120)
  .refine(
    (name) => !/[/\\:*?"<>|]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 32),
    'a file name without slashes or special characters',
  );

export const exportResultSchema = z.object({
  saved: z.boolean(),
  fileName: z.string().optional(),
  /** Characters a PDF could not print (no bundled font has them): they show as boxes on paper. */
  unprintable: z.array(z.string().max(64)).max(20).optional(),
});
