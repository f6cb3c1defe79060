import { z } from 'zod';

export const AUDIT_ACTIONS = ['unlock', 'lock', 'create', 'update', 'delete', 'sign', 'export', 'print', 'restore'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What the renderer may ask to be recorded. No free text: kinds and ids only. */
export const auditEventSchema = z
  .object({
    action: z.enum(AUDIT_ACTIONS),
    kind: z.string().regex(/^[a-z][a-z-]{0,31}$/, 'a record kind such as "note"'),
    recordId: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
    /** A content hash (hex), for signing. Never content itself. */
    contentHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export type AuditEvent = z.infer<typeof auditEventSchema>;

/**
 * What the page may ask main to record: only record-level writes it made itself (a delete is
 * the undo of an import the clinician has just made; records are otherwise archived). Locking,
 * unlocking, restoring, exporting, printing and backing up are recorded by main, which
 * performs them, so a page can neither forge nor hide one.
 */
export const PAGE_AUDIT_ACTIONS = ['create', 'update', 'sign', 'delete'] as const;
export const pageAuditEventSchema = auditEventSchema.extend({
  action: z.enum(PAGE_AUDIT_ACTIONS),
  recordId: z.string().regex(/^[a-z0-9-]{1,64}$/),
});
export type PageAuditEvent = z.infer<typeof pageAuditEventSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int().min(1),
  at: z.number().int(),
  action: z.enum(AUDIT_ACTIONS),
  kind: z.string(),
  recordId: z.string().optional(),
  contentHash: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Entries the Audit trail screen shows at a time, and the most one call may ask for. */
export const AUDIT_PAGE = 100;
export const AUDIT_PAGE_MAX = 500;

export const auditProblemSchema = z.object({
  line: z.number().int(),
  /**
   * `older-than-records`: the trail ends before the head the records last saw (the trail and its
   * end marker were put back to an earlier copy); `not-records-trail`: the trail at that point is
   * not the one the records last saw, or the copy kept with them is not this vault's.
   */
  problem: z.enum(['edited', 'missing', 'reordered', 'truncated', 'unreadable', 'older-than-records', 'not-records-trail']),
});
export type AuditProblem = z.infer<typeof auditProblemSchema>;

/**
 * A sealed copy of the trail's head (sequence and last link, with a keyed hash only this
 * vault's key makes), handed to the page to keep with the records in IndexedDB. Rolling the
 * trail file and its end marker back together is then seen at the next check, unless the
 * records are rolled back as well.
 */
export const auditSealSchema = z
  .object({
    seq: z.number().int().min(0),
    link: z.string().regex(/^[0-9a-f]{64}$/),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type AuditSeal = z.infer<typeof auditSealSchema>;
