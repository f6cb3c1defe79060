/**
 * The domain records. Each is stored as a sealed envelope plus the few clear fields its
 * table indexes (see `clearFieldsOf`): random ids, foreign ids, instants, kind, status.
 * Everything that could identify or describe a person lives only inside the envelope.
 * Times are instants in epoch milliseconds; display converts to the clinician's zone.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
const instant = z.number().int();
const shortText = z.string().max(200);
/** The longest a note's section (or a member's section) can be, in UTF-16 code units as JavaScript counts them. */
export const NOTE_SECTION_MAX = 200_000;
/** The longest a note's risk plan, next steps or one addendum can be. */
export const NOTE_SHORT_MAX = 20_000;
const longText = z.string().max(NOTE_SECTION_MAX);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-14');

export const CLIENT_STATUSES = ['enquiry', 'active', 'paused', 'discharged'] as const;
export const MODALITIES = [
  'CBT',
  'DBT',
  'ACT',
  'Psychodynamic',
  'Person-centred',
  'Mindfulness',
  'EMDR',
  'Systemic',
  'Solution-focused',
] as const;

export const clientSchema = z.object({
  id,
  name: z.string().trim().min(1, 'Enter the client’s name.').max(200),
  preferredName: shortText.default(''),
  pronouns: z.string().max(40).default(''),
  dateOfBirth: isoDate.or(z.literal('')).default(''),
  email: z.string().max(200).default(''),
  phone: z.string().max(60).default(''),
  address: z.string().max(500).default(''),
  emergencyContact: z.string().max(300).default(''),
  status: z.enum(CLIENT_STATUSES).default('active'),
  presentingConcerns: z.string().max(5_000).default(''),
  modalities: z.array(z.string().max(60)).max(20).default([]),
  defaultSessionMinutes: z.number().int().min(10).max(240).default(50),
  telehealthUrl: z.string().max(500).default(''),
  archived: z.boolean().default(false),
  createdAt: instant,
  updatedAt: instant,
});
export type Client = z.infer<typeof clientSchema>;

export const GROUP_FOCUSES = [
  'Grief',
  'Addiction recovery',
  'Anxiety',
  'Chronic illness',
  'Depression',
  'Trauma',
  'Parenting',
  'Other',
] as const;

export const groupSchema = z.object({
  id,
  name: z.string().trim().min(1, 'Enter a group name.').max(200),
  focus: z.string().max(100).default('Other'),
  facilitator: z.string().max(200).default(''),
  coFacilitator: z.string().max(200).default(''),
  openness: z.enum(['open', 'closed']).default('closed'),
  capacity: z.number().int().min(1).max(100).default(10),
  location: z.string().max(300).default(''),
  onlineUrl: z.string().max(500).default(''),
  /** RFC 5545 RRULE text for the group's meetings (DTSTART carried separately). */
  recurrence: z.string().max(1000).default(''),
  firstSessionAt: instant.optional(),
  sessionMinutes: z.number().int().min(15).max(480).default(90),
  archived: z.boolean().default(false),
  createdAt: instant,
  updatedAt: instant,
});
export type Group = z.infer<typeof groupSchema>;

export const MEMBERSHIP_STATUSES = ['member', 'waitlisted', 'left'] as const;
export const membershipSchema = z.object({
  id,
  groupId: id,
  clientId: id,
  status: z.enum(MEMBERSHIP_STATUSES),
  joinedAt: instant.optional(),
  leftAt: instant.optional(),
  /** Position on the waitlist: when they asked to join. */
  waitlistedAt: instant.optional(),
  createdAt: instant,
  updatedAt: instant,
});
export type Membership = z.infer<typeof membershipSchema>;

export const APPOINTMENT_KINDS = ['individual', 'group', 'supervision', 'admin', 'self-care'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
/**
 * The clinical kinds: work with clients (one-on-one or in a group). They need a note, count
 * towards clinical hours and limits and the individual share, and are checked for double-booking
 * and buffers; supervision, admin and self-care time are not.
 */
export const CLINICAL_KINDS = ['individual', 'group'] as const satisfies readonly AppointmentKind[];
export type ClinicalKind = (typeof CLINICAL_KINDS)[number];
export const isClinicalKind = (kind: unknown): kind is ClinicalKind => kind === 'individual' || kind === 'group';
export const APPOINTMENT_STATUSES = ['scheduled', 'completed', 'cancelled', 'late-cancel', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const appointmentSchema = z.object({
  id,
  kind: z.enum(APPOINTMENT_KINDS),
  status: z.enum(APPOINTMENT_STATUSES).default('scheduled'),
  start: instant,
  end: instant,
  clientId: id.optional(),
  groupId: id.optional(),
  /** Set on occurrences materialised from a recurring series. */
  seriesId: id.optional(),
  title: shortText.default(''),
  location: z.string().max(300).default(''),
  /** Why the clinician booked despite a hard conflict; kept with the appointment. */
  overrideReason: z.string().max(1000).default(''),
  createdAt: instant,
  updatedAt: instant,
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const seriesSchema = z.object({
  id,
  kind: z.enum(APPOINTMENT_KINDS),
  clientId: id.optional(),
  groupId: id.optional(),
  /** RFC 5545 RRULE (without DTSTART); expanded in the clinician's time zone. */
  rrule: z.string().min(1).max(1000),
  /** First occurrence's start instant, and the IANA zone its wall-clock time belongs to. */
  dtstart: instant,
  timeZone: z.string().max(64),
  durationMinutes: z.number().int().min(5).max(720),
  /** Occurrence start instants (original) that were cancelled. */
  cancelled: z.array(instant).default([]),
  /** Original start → moved start/end. */
  moved: z.array(z.object({ original: instant, start: instant, end: instant })).default([]),
  title: shortText.default(''),
  createdAt: instant,
  updatedAt: instant,
});
export type Series = z.infer<typeof seriesSchema>;

export const NOTE_TEMPLATES = ['SOAP', 'DAP', 'BIRP', 'free', 'GIRP'] as const;
export type NoteTemplate = (typeof NOTE_TEMPLATES)[number];
export const RISK_LEVELS = ['none', 'low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const NOTE_STATUSES = ['draft', 'signed'] as const;

export const noteSchema = z.object({
  id,
  template: z.enum(NOTE_TEMPLATES),
  appointmentId: id.optional(),
  clientId: id.optional(),
  groupId: id.optional(),
  sessionAt: instant,
  durationMinutes: z.number().int().min(0).max(720),
  /** Section key → text, keys from the template. */
  sections: z.record(z.string(), longText),
  /** Group notes: per-attendee text, keyed by client id. Never shown on another member's record. */
  attendeeSections: z.record(z.string(), longText).default({}),
  interventions: z.array(z.string().max(100)).max(40).default([]),
  risk: z.object({ level: z.enum(RISK_LEVELS), plan: z.string().max(NOTE_SHORT_MAX).default('') }),
  nextSteps: z.string().max(NOTE_SHORT_MAX).default(''),
  status: z.enum(NOTE_STATUSES).default('draft'),
  signedAt: instant.optional(),
  contentHash: z.string().optional(),
  addenda: z.array(z.object({ at: instant, text: z.string().min(1).max(NOTE_SHORT_MAX) })).default([]),
  createdAt: instant,
  updatedAt: instant,
});
export type Note = z.infer<typeof noteSchema>;

export const ATTENDANCE_MARKS = ['present', 'late', 'left-early', 'absent-notice', 'absent-no-notice', 'excused'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];
export const attendanceSchema = z.object({
  id,
  appointmentId: id,
  groupId: id,
  /** A roster member; drop-in guests have no client id and a guest name instead. */
  clientId: id.optional(),
  guestName: shortText.optional(),
  mark: z.enum(ATTENDANCE_MARKS),
  sessionAt: instant,
  createdAt: instant,
  updatedAt: instant,
});
export type Attendance = z.infer<typeof attendanceSchema>;

/** One version of a group's agreement text; each edit adds a version. */
export const agreementVersionSchema = z.object({
  id,
  groupId: id,
  version: z.number().int().min(1),
  title: shortText,
  /** Clauses: heading + body, with merge fields {{group}}, {{facilitator}}, {{member}}, {{date}}. */
  clauses: z
    .array(z.object({ heading: shortText, body: z.string().max(20_000) }))
    .min(1)
    .max(50),
  createdAt: instant,
  updatedAt: instant,
});
export type AgreementVersion = z.infer<typeof agreementVersionSchema>;

export const signatureSchema = z.object({
  id,
  groupId: id,
  clientId: id,
  agreementId: id,
  version: z.number().int().min(1),
  method: z.enum(['on-screen', 'wet-ink']),
  signedOn: isoDate,
  /** PNG data URLs from the signature pad (on-screen only). */
  memberSignature: z.string().max(2_000_000).optional(),
  facilitatorSignature: z.string().max(2_000_000).optional(),
  createdAt: instant,
  updatedAt: instant,
});
export type AgreementSignature = z.infer<typeof signatureSchema>;

export const MEASURE_KINDS = ['PHQ-9', 'GAD-7'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const measureSchema = z.object({
  id,
  clientId: id,
  kind: z.enum(MEASURE_KINDS),
  takenAt: instant,
  items: z.array(z.number().int().min(0).max(3)),
  createdAt: instant,
  updatedAt: instant,
});
export type Measure = z.infer<typeof measureSchema>;
