/** The note screens' pure helpers: drafts, template switches, copy-forward lookup, zone-aware inputs, PDF shape. */
import { describe, expect, it } from 'vitest';
import { validateNote } from '../../shared/notes/validation';
import type { Appointment, Attendance, Membership, Note } from '../../shared/records';
import {
  attendeeIdsOf,
  fromDateInput,
  fromDateTimeInput,
  mergeNotes,
  newDraft,
  noteAttendeeIds,
  overdueText,
  pdfNoteOf,
  previousNoteFor,
  switchTemplate,
  toDateTimeInput,
} from '../../renderer/src/notes/note-model';

const T0 = Date.UTC(2026, 2, 10, 10, 0);
const note = (over: Partial<Note> = {}): Note => ({ ...newDraft({ now: T0, audience: 'individual', clientId: 'c1' }), ...over });

describe('newDraft', () => {
  it('takes owner, time and length from a linked appointment', () => {
    const appointment: Appointment = {
      id: 'a1',
      kind: 'group',
      status: 'scheduled',
      start: T0,
      end: T0 + 90 * 60_000,
      groupId: 'g1',
      title: '',
      location: '',
      overrideReason: '',
      createdAt: T0,
      updatedAt: T0,
    };
    const draft = newDraft({ now: T0 + 5 * 3_600_000, audience: 'individual', appointment });
    expect(draft).toMatchObject({
      template: 'GIRP',
      groupId: 'g1',
      appointmentId: 'a1',
      sessionAt: T0,
      durationMinutes: 90,
      status: 'draft',
    });
    expect(draft.clientId).toBeUndefined();
  });

  it('starts a standalone individual note as SOAP at the current quarter hour', () => {
    const draft = newDraft({ now: T0 + 7 * 60_000, audience: 'individual', clientId: 'c1' });
    expect(draft).toMatchObject({ template: 'SOAP', clientId: 'c1', sessionAt: T0 });
    expect(draft.appointmentId).toBeUndefined();
  });
});

describe('switchTemplate', () => {
  it('keeps shared sections and moves the rest, labelled, into the first section', () => {
    const soap = note({
      sections: { subjective: 'Felt low.', objective: 'Flat affect.', assessment: 'Stable.', plan: 'Weekly.' },
    });
    const dap = switchTemplate(soap, 'DAP');
    expect(dap.template).toBe('DAP');
    expect(dap.sections.assessment).toBe('Stable.');
    expect(dap.sections.plan).toBe('Weekly.');
    expect(dap.sections.data).toBe('Subjective:\nFelt low.\n\nObjective:\nFlat affect.');
    expect(Object.keys(dap.sections).sort()).toEqual(['assessment', 'data', 'plan']);
  });

  it('drops empty sections silently and leaves the note alone for the same template', () => {
    const soap = note({ sections: { subjective: '  ', plan: 'Weekly.' } });
    expect(switchTemplate(soap, 'free').sections).toEqual({ notes: 'Plan:\nWeekly.' });
    expect(switchTemplate(soap, 'SOAP')).toBe(soap);
  });
});

describe('previousNoteFor', () => {
  const planned = { sections: { plan: 'Sleep diary.' } };
  it('finds the latest earlier note for the same client, never another client’s or a group’s', () => {
    const current = note({ id: 'now', sessionAt: T0 });
    const older = note({ id: 'older', sessionAt: T0 - 14 * 86_400_000, ...planned });
    const latest = note({ id: 'latest', sessionAt: T0 - 7 * 86_400_000, ...planned });
    const otherClient = note({ id: 'other', clientId: 'c2', sessionAt: T0 - 86_400_000, ...planned });
    const group = note({
      id: 'group',
      clientId: undefined,
      groupId: 'g1',
      template: 'GIRP',
      sessionAt: T0 - 86_400_000,
      sections: { plan: 'Bring a photo.' },
    });
    const later = note({ id: 'later', sessionAt: T0 + 86_400_000, ...planned });
    expect(previousNoteFor(current, [older, latest, otherClient, group, later, current])?.id).toBe('latest');
    expect(previousNoteFor({ ...group, id: 'g-now', sessionAt: T0 }, [group, latest])?.id).toBe('group');
    expect(previousNoteFor(older, [latest, current])).toBeUndefined();
  });

  it('passes over an empty draft to the note with a plan, and breaks a tie in one order whatever the input order', () => {
    const current = note({ id: 'now', sessionAt: T0 });
    const signedPlan = note({ id: 'signed', sessionAt: T0 - 14 * 86_400_000, status: 'signed', ...planned });
    const emptyDraft = note({ id: 'empty', sessionAt: T0 - 7 * 86_400_000 });
    expect(previousNoteFor(current, [signedPlan, emptyDraft])?.id).toBe('signed');
    const a = note({ id: 'a', sessionAt: T0 - 86_400_000, ...planned });
    const b = note({ id: 'b', sessionAt: T0 - 86_400_000, status: 'signed', ...planned });
    expect(previousNoteFor(current, [a, b])?.id).toBe('b');
    expect(previousNoteFor(current, [b, a])?.id).toBe('b');
  });
});

describe('mergeNotes', () => {
  it('prefers the signed note over a draft with the same id', () => {
    const draft = note({ id: 'n1' });
    const signed = { ...draft, status: 'signed' as const, signedAt: T0 };
    expect(mergeNotes([signed], [draft, note({ id: 'n2' })]).map((n) => [n.id, n.status])).toEqual([
      ['n1', 'signed'],
      ['n2', 'draft'],
    ]);
  });
});

describe('attendeeIdsOf', () => {
  it('counts present, late and left-early members once, and no absentees or guests', () => {
    const mark = (clientId: string | undefined, m: Attendance['mark']): Attendance => ({
      id: `${clientId}-${m}`,
      appointmentId: 'a1',
      groupId: 'g1',
      ...(clientId ? { clientId } : { guestName: 'Guest' }),
      mark: m,
      sessionAt: T0,
      createdAt: T0,
      updatedAt: T0,
    });
    const ids = attendeeIdsOf([
      mark('c1', 'present'),
      mark('c2', 'late'),
      mark('c3', 'left-early'),
      mark('c4', 'absent-notice'),
      mark('c5', 'excused'),
      mark(undefined, 'present'),
      mark('c1', 'late'),
    ]);
    expect(ids.sort()).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('noteAttendeeIds: whom a group note has a section for', () => {
  const DAY = 86_400_000;
  const membership = (clientId: string, over: Partial<Membership>): Membership => ({
    id: `m-${clientId}`,
    groupId: 'g1',
    clientId,
    status: 'member',
    createdAt: T0 - 30 * DAY,
    updatedAt: T0,
    ...over,
  });
  // The session was on T0. "left" was a member then and left two days later; "newcomer" joined four days later.
  const memberships = [
    membership('stayed', { joinedAt: T0 - 20 * DAY }),
    membership('left', { status: 'left', joinedAt: T0 - 20 * DAY, leftAt: T0 + 2 * DAY }),
    membership('newcomer', { joinedAt: T0 + 4 * DAY }),
    membership('waiting', { status: 'waitlisted' }),
  ];
  const groupNote = note({ clientId: undefined, groupId: 'g1', sessionAt: T0, attendeeSections: {} });

  it('without a register, gives the members during the session, not today’s roster', () => {
    expect(noteAttendeeIds(groupNote, [], memberships).sort()).toEqual(['left', 'stayed']);
    // Added a few minutes into the session (the clinician adds a newcomer as it starts): there for it.
    const justAdded = [...memberships, membership('arrived', { joinedAt: T0 + 5 * 60_000 })];
    expect(noteAttendeeIds(groupNote, [], justAdded).sort()).toEqual(['arrived', 'left', 'stayed']);
  });

  it('with no one in the group during the session (a roster entered afterwards), gives today’s members', () => {
    const enteredLater = [membership('first', { joinedAt: T0 + 3 * DAY }), membership('second', { joinedAt: T0 + 3 * DAY })];
    expect(noteAttendeeIds(groupNote, [], enteredLater).sort()).toEqual(['first', 'second']);
  });

  it('with a register, gives those marked there, and keeps anyone whose section already holds text', () => {
    const present: Attendance = {
      id: 'a',
      appointmentId: 'a1',
      groupId: 'g1',
      clientId: 'stayed',
      mark: 'present',
      sessionAt: T0,
      createdAt: T0,
      updatedAt: T0,
    };
    const written = { ...groupNote, attendeeSections: { newcomer: 'Wrote about the move.', left: '  ' } };
    expect(noteAttendeeIds(written, [present], memberships).sort()).toEqual(['newcomer', 'stayed']);
  });
});

describe('date inputs in the clinician’s zone', () => {
  it('round-trips a datetime-local value, including across the clock change', () => {
    for (const instant of [Date.UTC(2026, 2, 28, 23, 30), Date.UTC(2026, 2, 29, 9, 15), Date.UTC(2026, 9, 25, 0, 45)]) {
      const value = toDateTimeInput(instant, 'Europe/London');
      expect(fromDateTimeInput(value, 'Europe/London')).toBe(instant);
    }
    expect(toDateTimeInput(Date.UTC(2026, 6, 1, 9, 0), 'Europe/London')).toBe('2026-07-01T10:00');
    expect(fromDateTimeInput('2026-07-0', 'Europe/London')).toBeUndefined();
  });

  it('gives a day’s start and the next day’s start, even on a 23-hour day', () => {
    const start = fromDateInput('2026-03-29', 'Europe/London')!;
    const end = fromDateInput('2026-03-29', 'Europe/London', true)!;
    expect(start).toBe(Date.UTC(2026, 2, 29, 0, 0));
    expect(end - start).toBe(23 * 3_600_000);
    expect(fromDateInput('', 'Europe/London')).toBeUndefined();
  });
});

describe('overdueText', () => {
  it('reads as a clinician would say it', () => {
    expect(overdueText(0)).toBe('Due today');
    expect(overdueText(1)).toBe('1 day overdue');
    expect(overdueText(12)).toBe('12 days overdue');
  });
});

describe('pdfNoteOf', () => {
  const group = note({
    clientId: undefined,
    groupId: 'g1',
    template: 'GIRP',
    sections: { goals: 'Coping with grief.', interventions: 'Check-in.', response: 'Engaged.', plan: 'Memory objects.' },
    attendeeSections: { c1: 'Spoke about her father.', c2: 'Quiet; left early.' },
    risk: { level: 'low', plan: '' },
  });
  const names = new Map([
    ['c1', 'Ana Silva'],
    ['c2', 'Ben Okafor'],
  ]);

  it('lists the template’s sections in order, then each member’s section by name', () => {
    const pdf = pdfNoteOf(group, { names });
    expect(pdf.sections.map((s) => s.label)).toEqual([
      'Goals',
      'Interventions',
      'Response',
      'Plan',
      'Individual notes: Ana Silva',
      'Individual notes: Ben Okafor',
    ]);
    expect(pdf.template).toBe('GIRP (group)');
    expect(pdf.risk).toEqual({ level: 'low', plan: '' });
  });

  it('on one member’s record, includes only that member’s section', () => {
    const pdf = pdfNoteOf(group, { names, forClientId: 'c2' });
    const text = JSON.stringify(pdf);
    expect(text).toContain('Quiet; left early.');
    expect(text).not.toContain('her father');
    expect(text).not.toContain('Ana Silva');
  });
});

describe('notes longer than can be kept', () => {
  it('refuses a template switch that would put more in one section than it can hold, and keeps one that fits', () => {
    const long = 'x'.repeat(120_000);
    const big = note({ sections: { subjective: long, objective: long, assessment: '', plan: '' } });
    expect(() => switchTemplate(big, 'DAP')).toThrow(/more text in “Data” than a section can hold/);
    const fits = note({ sections: { subjective: 'a', objective: 'b', assessment: '', plan: '' } });
    expect(switchTemplate(fits, 'DAP').sections.data).toContain('b');
  });

  it('says which part is too long before signing, instead of failing to save', () => {
    const issues = validateNote(
      note({ sections: { subjective: 'Fine.' }, nextSteps: 'y'.repeat(25_000), risk: { level: 'none', plan: '' } }),
    );
    expect(issues).toContainEqual({
      field: 'nextSteps',
      message:
        'Next steps is longer than Holdspace can keep (25,000 characters; at most 20,000). Shorten it, or move part of it into another section or an addendum.',
    });
  });
});
