import { describe, expect, it } from 'vitest';
import { NOTE_TEMPLATES } from '../../shared/records';
import type { Note } from '../../shared/records';
import { INTERVENTIONS, TEMPLATES, planSectionOf, templateFor } from '../../shared/notes/templates';
import { canSign, validateNote } from '../../shared/notes/validation';

const SESSION_AT = Date.UTC(2026, 2, 10, 10);

function soapNote(overrides: Partial<Note> = {}): Note {
  return {
    id: 'note-1',
    template: 'SOAP',
    clientId: 'client-1',
    sessionAt: SESSION_AT,
    durationMinutes: 50,
    sections: {
      subjective: 'Low mood this week.',
      objective: 'Flat affect.',
      assessment: 'Stable.',
      plan: 'Review sleep diary.',
    },
    attendeeSections: {},
    interventions: ['CBT'],
    risk: { level: 'none', plan: '' },
    nextSteps: '',
    status: 'draft',
    addenda: [],
    createdAt: SESSION_AT,
    updatedAt: SESSION_AT,
    ...overrides,
  };
}

function girpNote(overrides: Partial<Note> = {}): Note {
  return soapNote({
    template: 'GIRP',
    clientId: undefined,
    groupId: 'group-1',
    durationMinutes: 90,
    sections: {
      goals: 'Coping with loss.',
      interventions: 'Check-in, psychoeducation.',
      response: 'Engaged.',
      plan: 'Anniversaries next week.',
    },
    attendeeSections: { 'client-a': 'Shared about her father.', 'client-b': 'Quiet today.' },
    ...overrides,
  });
}

const fields = (note: Note, context = {}): string[] => validateNote(note, context).map((issue) => issue.field);

describe('templates', () => {
  it('defines every record template with labelled sections and a known plan section', () => {
    for (const kind of NOTE_TEMPLATES) {
      const template = templateFor(kind);
      expect(template.kind).toBe(kind);
      expect(template.sections.length).toBeGreaterThan(0);
      for (const section of template.sections) expect(section.label.trim()).not.toBe('');
      if (template.planSectionKey !== undefined) expect(planSectionOf(kind)?.key).toBe(template.planSectionKey);
    }
    expect(TEMPLATES.SOAP.sections.map((section) => section.label)).toEqual(['Subjective', 'Objective', 'Assessment', 'Plan']);
    expect(TEMPLATES.DAP.sections.map((section) => section.label)).toEqual(['Data', 'Assessment', 'Plan']);
    expect(TEMPLATES.BIRP.sections.map((section) => section.label)).toEqual(['Behaviour', 'Intervention', 'Response', 'Plan']);
    expect(TEMPLATES.GIRP.sections.map((section) => section.label)).toEqual(['Goals', 'Interventions', 'Response', 'Plan']);
    expect(TEMPLATES.free.sections.map((section) => section.label)).toEqual(['Session notes']);
    expect(TEMPLATES.free.planSectionKey).toBeUndefined();
  });

  it('marks only GIRP as a group template with per-attendee sections', () => {
    expect(TEMPLATES.GIRP.perAttendee).toBeDefined();
    expect(TEMPLATES.GIRP.audiences).toEqual(['group']);
    expect(TEMPLATES.SOAP.perAttendee).toBeUndefined();
  });

  it('offers the common interventions in the pick-list', () => {
    for (const item of [
      'CBT',
      'EMDR',
      'Mindfulness',
      'Psychoeducation',
      'Motivational interviewing',
      'DBT skills',
      'Grounding',
      'Safety planning',
    ]) {
      expect(INTERVENTIONS).toContain(item);
    }
  });
});

describe('validateNote', () => {
  it('accepts a complete individual note', () => {
    expect(validateNote(soapNote())).toEqual([]);
    expect(canSign(soapNote())).toBe(true);
  });

  it.each(['moderate', 'high'] as const)('requires a risk plan when risk is %s', (level) => {
    const note = soapNote({ risk: { level, plan: '   ' } });
    const issues = validateNote(note);
    expect(issues.map((issue) => issue.field)).toEqual(['risk.plan']);
    expect(issues[0]?.message).toContain(level);
    expect(canSign(note)).toBe(false);
    expect(canSign(soapNote({ risk: { level, plan: 'Safety plan reviewed; crisis line given; review Friday.' } }))).toBe(true);
  });

  it.each(['none', 'low'] as const)('does not require a risk plan when risk is %s', (level) => {
    expect(fields(soapNote({ risk: { level, plan: '' } }))).toEqual([]);
  });

  it('names each empty required section', () => {
    const issues = validateNote(soapNote({ sections: { subjective: 'x', objective: '', assessment: ' \n ' } }));
    expect(issues.map((issue) => issue.field)).toEqual(['sections.objective', 'sections.assessment', 'sections.plan']);
    expect(issues[0]?.message).toMatch(/^Objective is empty/);
  });

  it('flags text left in a section the template does not show', () => {
    const note = soapNote({ sections: { ...soapNote().sections, data: 'From an earlier DAP draft' } });
    expect(fields(note)).toEqual(['sections.data']);
  });

  it('checks the duration is plausible', () => {
    expect(fields(soapNote({ durationMinutes: 0 }))).toEqual(['durationMinutes']);
    expect(fields(soapNote({ durationMinutes: 481 }))).toEqual(['durationMinutes']);
    expect(fields(soapNote({ durationMinutes: 480 }))).toEqual([]);
  });

  it('needs a client for individual notes and a group for group notes', () => {
    expect(fields(soapNote({ clientId: undefined }))).toEqual(['clientId']);
    expect(fields(girpNote({ groupId: undefined }))).toEqual(['groupId']);
    expect(fields(girpNote({ clientId: 'client-a' }))).toEqual(['clientId']);
    expect(fields(girpNote())).toEqual([]);
  });

  it('allows per-attendee sections only for attendees of a group session', () => {
    expect(fields(soapNote({ attendeeSections: { 'client-9': 'Stray text' } }))).toEqual(['attendeeSections.client-9']);
    expect(fields(girpNote(), { attendeeIds: ['client-a', 'client-b'] })).toEqual([]);
    expect(fields(girpNote(), { attendeeIds: ['client-a'] })).toEqual(['attendeeSections.client-b']);
  });

  it('refuses to sign a session that has not happened yet', () => {
    expect(fields(soapNote(), { now: SESSION_AT - 1 })).toEqual(['sessionAt']);
    expect(fields(soapNote(), { now: SESSION_AT + 1 })).toEqual([]);
  });

  it('never allows signing twice', () => {
    expect(canSign(soapNote({ status: 'signed' }))).toBe(false);
  });
});
