import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:00');

const limitsSchema = z.object({
  targetIndividualShare: z.number().min(0).max(1),
  maxClinicalHoursPerDay: z.number().min(1).max(16),
  maxClinicalHoursPerWeek: z.number().min(1).max(80),
  maxSessionsPerDay: z.number().int().min(1).max(20),
  breakAfterConsecutiveSessions: z.number().int().min(1).max(12),
});

/** The fields, without defaults: a patch names only what changes. */
const settingsShape = {
  idleLockMinutes: z.number().int().min(1).max(240),
  lockOnSuspend: z.boolean(),
  paperSize: z.enum(['A4', 'Letter']),
  /** The practice's zone: what every instant means on screen. Taken from the computer at first run. */
  timeZone: z.string().min(1).max(64),
  /** The computer's zone when it was last seen and answered for (travel prompts once per zone). */
  computerTimeZone: z.string().min(1).max(64).nullable(),
  /** BCP 47 tag for dates and times; null follows the computer's language. */
  locale: z.string().min(2).max(35).nullable(),
  /** 12- or 24-hour clock; "auto" follows the locale. */
  hourCycle: z.enum(['auto', 'h12', 'h23']),
  bufferMinutes: z.number().int().min(0).max(120),
  workingHours: z.object({ start: hhmm, end: hhmm, days: z.array(z.number().int().min(0).max(6)).max(7) }),
  groupBlocks: z.array(z.object({ weekday: z.number().int().min(0).max(6), start: hhmm, end: hhmm })).max(28),
  protectedBlocks: z
    .array(
      z.object({ weekday: z.number().int().min(0).max(6), start: hhmm, end: hhmm, kind: z.enum(['supervision', 'self-care']) }),
    )
    .max(28),
  limits: limitsSchema,
  reminders: z.object({
    sessionLeadMinutes: z.number().int().min(0).max(120),
    showNamesInNotifications: z.boolean(),
  }),
  absenceFlagAfter: z.number().int().min(1).max(10),
};

export const DEFAULT_SETTINGS = Object.freeze({
  idleLockMinutes: 10,
  lockOnSuspend: true,
  paperSize: 'A4' as const,
  // Only a fallback: main's settings service fills in the computer's zone until the page reports
  // its own at first run (see SettingsService.reportComputerZone).
  timeZone: 'Europe/London',
  computerTimeZone: null as string | null,
  locale: null as string | null,
  hourCycle: 'auto' as const,
  bufferMinutes: 10,
  workingHours: { start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] },
  groupBlocks: [] as { weekday: number; start: string; end: string }[],
  protectedBlocks: [] as { weekday: number; start: string; end: string; kind: 'supervision' | 'self-care' }[],
  limits: {
    targetIndividualShare: 0.6,
    maxClinicalHoursPerDay: 7,
    maxClinicalHoursPerWeek: 30,
    maxSessionsPerDay: 7,
    breakAfterConsecutiveSessions: 3,
  },
  reminders: { sessionLeadMinutes: 10, showNamesInNotifications: false },
  absenceFlagAfter: 2,
});

/**
 * Settings hold no client data, so they live in electron-store in clear. Missing fields
 * take their defaults, so an older settings file still parses after an upgrade.
 */
export const settingsSchema = z.preprocess(
  (raw) => ({ ...structuredClone(DEFAULT_SETTINGS), ...(raw && typeof raw === 'object' ? raw : {}) }),
  z.object(settingsShape),
);
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings = (): Settings => settingsSchema.parse({});
export const settingsPatchSchema = z.object(settingsShape).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
