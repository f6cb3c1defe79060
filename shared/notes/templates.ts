/**
 * Note templates as data: each is an ordered list of labelled sections. The editor renders
 * them, validation checks the required ones, and copy-forward finds the "plan" through
 * `planSectionKey` so a SOAP plan can carry into a DAP or GIRP note.
 */
import type { NoteTemplate } from '../records';

export interface TemplateSection {
  /** Key under `Note.sections`; stable, never shown. */
  key: string;
  label: string;
  /** Placeholder text that tells the clinician what belongs here. */
  prompt: string;
  /** Required sections must have text before the note can be signed. */
  required: boolean;
}

/** Group notes carry one private section per attendee, filed on that member's record only. */
export interface PerAttendeeSection {
  label: string;
  prompt: string;
}

export type NoteAudience = 'individual' | 'group';

export interface NoteTemplateDefinition {
  kind: NoteTemplate;
  name: string;
  description: string;
  sections: readonly TemplateSection[];
  /** The section that holds the plan for next time; undefined when the template has none (free-form). */
  planSectionKey: string | undefined;
  /** Which kinds of session this template may be used for. */
  audiences: readonly NoteAudience[];
  /** Present when the template is meant for groups: describes the per-attendee sections. */
  perAttendee: PerAttendeeSection | undefined;
}

const PER_ATTENDEE_SECTION: PerAttendeeSection = {
  label: 'Individual notes',
  prompt:
    'How this member took part, what they shared that matters for their care, and any concerns. ' +
    'Refer to other members without naming them: this text is filed on this member’s record.',
};

export const TEMPLATES: Readonly<Record<NoteTemplate, NoteTemplateDefinition>> = {
  SOAP: {
    kind: 'SOAP',
    name: 'SOAP',
    description: 'Subjective, Objective, Assessment, Plan',
    sections: [
      {
        key: 'subjective',
        label: 'Subjective',
        prompt: 'What the client reported: concerns, mood, events since last session, in their words.',
        required: true,
      },
      {
        key: 'objective',
        label: 'Objective',
        prompt: 'What you observed: presentation, affect, behaviour, measure scores.',
        required: true,
      },
      { key: 'assessment', label: 'Assessment', prompt: 'Your clinical impression and progress towards goals.', required: true },
      {
        key: 'plan',
        label: 'Plan',
        prompt: 'What happens next: homework, focus of next session, referrals, review date.',
        required: true,
      },
    ],
    planSectionKey: 'plan',
    audiences: ['individual', 'group'],
    perAttendee: undefined,
  },
  DAP: {
    kind: 'DAP',
    name: 'DAP',
    description: 'Data, Assessment, Plan',
    sections: [
      { key: 'data', label: 'Data', prompt: 'What was said and observed in the session.', required: true },
      {
        key: 'assessment',
        label: 'Assessment',
        prompt: 'Your clinical interpretation and progress towards goals.',
        required: true,
      },
      { key: 'plan', label: 'Plan', prompt: 'Next steps, homework, and focus for the next session.', required: true },
    ],
    planSectionKey: 'plan',
    audiences: ['individual', 'group'],
    perAttendee: undefined,
  },
  BIRP: {
    kind: 'BIRP',
    name: 'BIRP',
    description: 'Behaviour, Intervention, Response, Plan',
    sections: [
      {
        key: 'behaviour',
        label: 'Behaviour',
        prompt: 'The client’s presentation, reported and observed behaviour.',
        required: true,
      },
      { key: 'intervention', label: 'Intervention', prompt: 'What you did: techniques and approaches used.', required: true },
      { key: 'response', label: 'Response', prompt: 'How the client responded to the interventions.', required: true },
      { key: 'plan', label: 'Plan', prompt: 'Next steps, homework, and focus for the next session.', required: true },
    ],
    planSectionKey: 'plan',
    audiences: ['individual', 'group'],
    perAttendee: undefined,
  },
  free: {
    kind: 'free',
    name: 'Free-form',
    description: 'One section, written however suits the session',
    sections: [{ key: 'notes', label: 'Session notes', prompt: 'Notes from this session.', required: true }],
    // Free-form has no plan section; copy-forward uses the note's "next steps" instead.
    planSectionKey: undefined,
    audiences: ['individual', 'group'],
    perAttendee: undefined,
  },
  GIRP: {
    kind: 'GIRP',
    name: 'GIRP (group)',
    description: 'Goals, Interventions, Response, Plan, with a private section for each attendee',
    sections: [
      { key: 'goals', label: 'Goals', prompt: 'The group’s goals and this session’s theme.', required: true },
      {
        key: 'interventions',
        label: 'Interventions',
        prompt: 'What you facilitated: activities, techniques, topics.',
        required: true,
      },
      {
        key: 'response',
        label: 'Response',
        prompt: 'How the group responded overall; group process and dynamics.',
        required: true,
      },
      { key: 'plan', label: 'Plan', prompt: 'Focus and preparation for the next session.', required: true },
    ],
    planSectionKey: 'plan',
    audiences: ['group'],
    perAttendee: PER_ATTENDEE_SECTION,
  },
};

export function templateFor(kind: NoteTemplate): NoteTemplateDefinition {
  return TEMPLATES[kind];
}

/** The plan section of a template, if it has one. */
export function planSectionOf(kind: NoteTemplate): TemplateSection | undefined {
  const template = TEMPLATES[kind];
  return template.sections.find((section) => section.key === template.planSectionKey);
}

/**
 * Pick-list for the interventions field. Clinicians may also type their own; this list only
 * keeps common entries spelled the same way so they can be searched and counted.
 */
export const INTERVENTIONS = [
  'CBT',
  'Cognitive restructuring',
  'Behavioural activation',
  'Exposure work',
  'EMDR',
  'DBT skills',
  'ACT',
  'Mindfulness',
  'Grounding',
  'Relaxation / breathing',
  'Psychodynamic exploration',
  'Person-centred reflection',
  'Psychoeducation',
  'Motivational interviewing',
  'Solution-focused questions',
  'Safety planning',
  'Risk assessment',
  'Relapse prevention',
  'Problem solving',
  'Role play',
  'Group sharing / check-in',
  'Homework review',
] as const;
export type Intervention = (typeof INTERVENTIONS)[number];
