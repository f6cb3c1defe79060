import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Note } from '../../shared/records';
import {
  NoteActionError,
  SignedNoteError,
  addAddendum,
  canonicalNoteContent,
  copyForwardPlan,
  editNote,
  noteContentHash,
  signNote,
  verifyNoteContent,
} from '../../shared/notes/lifecycle';

const T0 = Date.UTC(2026, 2, 10, 10);
const HOUR = 3_600_000;

function draft(overrides: Partial<Note> = {}): Note {
  return {
    id: 'note-1',
    template: 'SOAP',
    clientId: 'client-1',
    sessionAt: T0,
    durationMinutes: 50,
    sections: { subjective: 'Low mood.', objective: 'Flat affect.', assessment: 'Stable.', plan: 'Sleep diary.' },
    attendeeSections: {},
    interventions: ['CBT', 'Psychoeducation'],
    risk: { level: 'low', plan: '' },
    nextSteps: 'Book next session.',
    status: 'draft',
    addenda: [],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

describe('editNote', () => {
  it('returns a new note with the patch applied and the original untouched', () => {
    const original = draft();
    const edited = editNote(original, { sections: { ...original.sections, plan: 'Exposure hierarchy.' } }, T0 + HOUR);
    expect(edited.sections.plan).toBe('Exposure hierarchy.');
    expect(edited.updatedAt).toBe(T0 + HOUR);
    expect(original.sections.plan).toBe('Sleep diary.');
  });

  it('ignores attempts to change status, signature or addenda through a patch', () => {
    const sneaky = { status: 'signed', contentHash: 'x', addenda: [{ at: 1, text: 'y' }] } as unknown as Parameters<
      typeof editNote
    >[1];
    const edited = editNote(draft(), sneaky, T0 + HOUR);
    expect(edited.status).toBe('draft');
    expect(edited.contentHash).toBeUndefined();
    expect(edited.addenda).toEqual([]);
  });

  it('refuses to edit a signed note, pointing the clinician to addenda', async () => {
    const signed = await signNote(draft(), T0 + HOUR);
    expect(() => editNote(signed, { nextSteps: 'Changed' }, T0 + 2 * HOUR)).toThrow(SignedNoteError);
    expect(() => editNote(signed, { nextSteps: 'Changed' }, T0 + 2 * HOUR)).toThrow(/addendum/);
    expect(() => copyForwardPlan(draft(), signed)).toThrow(SignedNoteError);
  });
});

describe('signNote and the content hash', () => {
  it('signs with the time and a SHA-256 hex of the canonical content', async () => {
    const note = draft();
    const signed = await signNote(note, T0 + HOUR);
    expect(signed.status).toBe('signed');
    expect(signed.signedAt).toBe(T0 + HOUR);
    expect(signed.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.contentHash).toBe(createHash('sha256').update(canonicalNoteContent(note), 'utf8').digest('hex'));
    expect(await verifyNoteContent(signed)).toBe(true);
  });

  it('refuses to sign twice, or to sign an incomplete note', async () => {
    const signed = await signNote(draft(), T0 + HOUR);
    await expect(signNote(signed, T0 + 2 * HOUR)).rejects.toThrow(SignedNoteError);
    const risky = draft({ risk: { level: 'high', plan: '' } });
    await expect(signNote(risky, T0 + HOUR)).rejects.toMatchObject({ name: 'NoteActionError', issues: [{ field: 'risk.plan' }] });
  });

  it('is stable for the same content, whatever the key order or bookkeeping fields', async () => {
    const a = draft();
    const b = draft({
      id: 'other-id',
      updatedAt: T0 + 5 * HOUR,
      sections: { plan: 'Sleep diary.', assessment: 'Stable.', objective: 'Flat affect.', subjective: 'Low mood.', extra: '' },
      interventions: ['Psychoeducation', 'CBT'],
    });
    expect(canonicalNoteContent(a)).toBe(canonicalNoteContent(b));
    expect(await noteContentHash(a)).toBe(await noteContentHash(b));
  });

  it.each<[string, Partial<Note>]>([
    [
      'a section',
      { sections: { subjective: 'Low mood.', objective: 'Flat affect.', assessment: 'Improving.', plan: 'Sleep diary.' } },
    ],
    ['the template', { template: 'BIRP' }],
    ['an attendee section', { attendeeSections: { 'client-2': 'x' } }],
    ['the interventions', { interventions: ['CBT'] }],
    ['the risk level', { risk: { level: 'none', plan: '' } }],
    ['the risk plan', { risk: { level: 'low', plan: 'Check in' } }],
    ['next steps', { nextSteps: 'Book next session!' }],
    ['the session time', { sessionAt: T0 + 1 }],
    ['the duration', { durationMinutes: 51 }],
  ])('changes when %s changes', async (_label, change) => {
    expect(await noteContentHash(draft(change))).not.toBe(await noteContentHash(draft()));
  });

  it('detects content changed after signing', async () => {
    const signed = await signNote(draft(), T0 + HOUR);
    expect(await verifyNoteContent({ ...signed, sections: { ...signed.sections, plan: 'Altered later' } })).toBe(false);
  });
});

describe('addAddendum', () => {
  it('keeps addenda in chronological order without touching the signed content', async () => {
    const signed = await signNote(draft(), T0 + HOUR);
    const first = addAddendum(signed, '  Client phoned to say the sleep diary was lost.  ', T0 + 3 * HOUR);
    // Entered from a device whose clock was behind: still sorted by time.
    const second = addAddendum(first, 'Correction: session was 45 minutes.', T0 + 2 * HOUR);
    const third = addAddendum(second, 'GP letter received.', T0 + 10 * HOUR);
    expect(third.addenda).toEqual([
      { at: T0 + 2 * HOUR, text: 'Correction: session was 45 minutes.' },
      { at: T0 + 3 * HOUR, text: 'Client phoned to say the sleep diary was lost.' },
      { at: T0 + 10 * HOUR, text: 'GP letter received.' },
    ]);
    expect(third.contentHash).toBe(signed.contentHash);
    expect(await verifyNoteContent(third)).toBe(true);
  });

  it('refuses empty addenda and addenda on drafts', async () => {
    const signed = await signNote(draft(), T0 + HOUR);
    expect(() => addAddendum(signed, ' \n\t ', T0 + 2 * HOUR)).toThrow(NoteActionError);
    expect(() => addAddendum(draft(), 'Too early', T0 + 2 * HOUR)).toThrow(/draft/);
  });
});

describe('copyForwardPlan', () => {
  it('copies a SOAP plan into a DAP plan', () => {
    const next = draft({ id: 'note-2', template: 'DAP', sections: { data: 'New data' } });
    expect(copyForwardPlan(draft(), next).sections).toEqual({ data: 'New data', plan: 'Sleep diary.' });
  });

  it('appends rather than overwrites a plan already started, and does not duplicate it', () => {
    const next = draft({ id: 'note-2', sections: { plan: 'Discuss work stress.' } });
    const copied = copyForwardPlan(draft(), next);
    expect(copied.sections.plan).toBe('Discuss work stress.\n\nSleep diary.');
    expect(copyForwardPlan(draft(), copied).sections.plan).toBe(copied.sections.plan);
  });

  it('uses next steps for free-form notes, which have no plan section', () => {
    const freeNote = draft({ id: 'note-2', template: 'free', sections: { notes: 'Talked.' }, nextSteps: '' });
    expect(copyForwardPlan(draft(), freeNote).nextSteps).toBe('Sleep diary.');
    const fromFree = copyForwardPlan(
      draft({ template: 'free', sections: { notes: 'x' }, nextSteps: 'Try grounding.' }),
      draft({ id: 'n3', sections: {} }),
    );
    expect(fromFree.sections.plan).toBe('Try grounding.');
  });

  it('never copies a plan between different clients', () => {
    expect(() => copyForwardPlan(draft(), draft({ id: 'note-2', clientId: 'client-2' }))).toThrow(NoteActionError);
  });
});
