import { z } from 'zod';

/**
 * The page's IndexedDB tables whose rows carry a sealed payload: the one list of them. The
 * renderer's schema (renderer/src/data/schema.ts) must declare exactly these (and `meta`), which
 * the type checker holds it to.
 */
export const RECORD_TABLES = [
  'clients',
  'groups',
  'memberships',
  'series',
  'appointments',
  'notes',
  'attendance',
  'agreements',
  'signatures',
  'measures',
  'drafts',
  'searchIndex',
] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

/** Everything sealed, in the page's tables and in main's files. Bound into every envelope's associated data. */
export const SEALED_TABLES = [...RECORD_TABLES, 'settings', 'audit'] as const;
export type SealedTable = (typeof SEALED_TABLES)[number];

/**
 * A sealed record as stored on disk. Base64 text keeps it identical across Electron's
 * structured-clone IPC, the test harness's JSON bridge and backup files.
 */
export const envelopeSchema = z
  .object({
    v: z.literal(1),
    kid: z.string().min(1).max(64),
    alg: z.literal('A256GCM'),
    iv: z.string().min(1).max(64),
    ct: z.string().min(1),
  })
  .strict();
export type Envelope = z.infer<typeof envelopeSchema>;

export const sealRequestItemSchema = z
  .object({
    id: z.string().min(1).max(128),
    table: z.enum(SEALED_TABLES),
    schemaVersion: z.number().int().min(1).max(10_000),
    plaintext: z.string().max(8 * 1024 * 1024),
  })
  .strict();
export type SealRequestItem = z.infer<typeof sealRequestItemSchema>;

export const openRequestItemSchema = z
  .object({
    id: z.string().min(1).max(128),
    table: z.enum(SEALED_TABLES),
    schemaVersion: z.number().int().min(1).max(10_000),
    envelope: z.unknown(),
  })
  .strict();
export type OpenRequestItem = z.infer<typeof openRequestItemSchema>;

export const openResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), plaintext: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(['tampered', 'unknown-key', 'malformed']) }),
]);
export type OpenResult = z.infer<typeof openResultSchema>;
