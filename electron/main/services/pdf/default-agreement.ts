/**
 * The default group confidentiality agreement shipped in `resources/agreements/`, used
 * as the first version of a new group's agreement (the clinician can edit it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultResourcesDir } from './fonts';

export const agreementTemplateSchema = z.object({
  title: z.string().trim().min(1).max(200),
  clauses: z
    .array(z.object({ heading: z.string().trim().min(1).max(200), body: z.string().min(1).max(20_000) }))
    .min(1)
    .max(50),
});
export type AgreementTemplate = z.infer<typeof agreementTemplateSchema>;

export function defaultAgreementTemplate(resourcesDir: string = defaultResourcesDir()): string {
  return path.join(resourcesDir, 'agreements', 'default-group-agreement.json');
}

/** Read and check the default agreement (throws if the resource is missing or malformed). */
export function loadDefaultAgreement(resourcesDir: string = defaultResourcesDir()): AgreementTemplate {
  const file = defaultAgreementTemplate(resourcesDir);
  return agreementTemplateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
