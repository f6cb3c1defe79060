import { describe, expect, it } from 'vitest';
import type { Note } from '../../shared/records';
import { highlight, noteSearchText } from '../../shared/notes/search-text';

const note: Note = {
  id: 'n1',
  template: 'SOAP',
  clientId: 'c1',
  sessionAt: 0,
  durationMinutes: 50,
  sections: { plan: 'Sleep diary', subjective: 'Anxiety about work', objective: '', assessment: 'Improving' },
  attendeeSections: {},
  interventions: ['CBT', 'Grounding'],
  risk: { level: 'moderate', plan: 'Crisis line given' },
  nextSteps: 'Book GP',
  status: 'signed',
  addenda: [{ at: 1, text: 'Letter received' }],
  createdAt: 0,
  updatedAt: 0,
};

describe('noteSearchText', () => {
  it('flattens every text field, sections in template order', () => {
    const text = noteSearchText(note);
    expect(text.sections).toBe('Anxiety about work\nImproving\nSleep diary');
    expect(text.interventions).toBe('CBT\nGrounding');
    expect(text.risk).toBe('Risk: moderate\nCrisis line given');
    expect(text.addenda).toBe('Letter received');
    for (const part of ['Anxiety', 'Grounding', 'Crisis line', 'Book GP', 'Letter received']) expect(text.all).toContain(part);
  });
});

describe('highlight', () => {
  it('splits text into plain segments, case-insensitively', () => {
    expect(highlight('Anxiety and more anxiety', ['ANX'])).toEqual([
      { text: 'Anx', match: true },
      { text: 'iety and more ', match: false },
      { text: 'anx', match: true },
      { text: 'iety', match: false },
    ]);
  });

  it('treats markup and regex characters as plain text', () => {
    const segments = highlight('<img src=x onerror=alert(1)> (a+b)', ['(a+b)', '<img']);
    expect(segments).toEqual([
      { text: '<img', match: true },
      { text: ' src=x onerror=alert(1)> ', match: false },
      { text: '(a+b)', match: true },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe('<img src=x onerror=alert(1)> (a+b)');
  });

  it('prefers the longest term, merges adjacent matches, and handles Unicode', () => {
    expect(highlight('grounding', ['ground', 'grounding'])).toEqual([{ text: 'grounding', match: true }]);
    expect(highlight('Zoe\u0308 said', ['zoë'])).toEqual([
      { text: 'Zoë', match: true },
      { text: ' said', match: false },
    ]);
    expect(highlight('王芳说', ['王芳'])).toEqual([
      { text: '王芳', match: true },
      { text: '说', match: false },
    ]);
  });

  it('matches as search compares, accents and case aside, and gives back the text as written', () => {
    expect(highlight('Zoë met Łukasz at the CAFÉ.', ['zoe', 'lukasz', 'cafe'])).toEqual([
      { text: 'Zoë', match: true },
      { text: ' met ', match: false },
      { text: 'Łukasz', match: true },
      { text: ' at the ', match: false },
      { text: 'CAFÉ', match: true },
      { text: '.', match: false },
    ]);
    // A decomposed accent stays with its letter.
    expect(highlight('Zoe\u0308 came', ['zoe'])).toEqual([
      { text: 'Zoë', match: true },
      { text: ' came', match: false },
    ]);
  });

  it('returns the text unmatched when there are no terms, and nothing for empty text', () => {
    expect(highlight('text', ['', '  '])).toEqual([{ text: 'text', match: false }]);
    expect(highlight('', ['x'])).toEqual([]);
  });
});
