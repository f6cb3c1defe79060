/**
 * Text for the full-text index, and match highlighting that returns plain segments: the UI
 * renders each segment as text (a <mark> for matches), so note text is never parsed as HTML.
 */
import type { Note } from '../records';
import { templateFor } from './templates';

export interface NoteSearchText {
  /** The template's sections in display order, then any other sections. */
  sections: string;
  /** Group notes' per-attendee sections. */
  attendeeSections: string;
  interventions: string;
  /** The risk level (when there is one) and the risk plan. */
  risk: string;
  nextSteps: string;
  addenda: string;
  /** Everything above, for a single-field index. */
  all: string;
}

const joinNonEmpty = (parts: readonly (string | undefined)[]): string =>
  parts
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join('\n');

export function noteSearchText(note: Note): NoteSearchText {
  const templateKeys = templateFor(note.template).sections.map((section) => section.key);
  const otherKeys = Object.keys(note.sections).filter((key) => !templateKeys.includes(key));
  const sections = joinNonEmpty([...templateKeys, ...otherKeys].map((key) => note.sections[key]));
  const attendeeSections = joinNonEmpty(Object.values(note.attendeeSections));
  const interventions = joinNonEmpty(note.interventions);
  const risk = joinNonEmpty([note.risk.level === 'none' ? '' : `Risk: ${note.risk.level}`, note.risk.plan]);
  const nextSteps = note.nextSteps.trim();
  const addenda = joinNonEmpty(note.addenda.map((addendum) => addendum.text));
  return {
    sections,
    attendeeSections,
    interventions,
    risk,
    nextSteps,
    addenda,
    all: joinNonEmpty([sections, attendeeSections, interventions, risk, nextSteps, addenda]),
  };
}

export interface HighlightSegment {
  text: string;
  match: boolean;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Splits text into matching and non-matching segments for the search terms (case-insensitive,
 * anywhere in a word, so a prefix search for "anx" highlights "anxiety"). Text is NFC-normalised
 * so a decomposed "Zoë" still matches. Adjacent segments never share a `match` value.
 */
export function highlight(text: string, terms: readonly string[]): HighlightSegment[] {
  const normalised = text.normalize('NFC');
  if (normalised === '') return [];
  const cleanTerms = [...new Set(terms.map((term) => term.normalize('NFC').trim()).filter((term) => term !== ''))]
    // Longest first, so "anxiety" wins over "anx" where both match.
    .sort((a, b) => b.length - a.length);
  if (cleanTerms.length === 0) return [{ text: normalised, match: false }];

  const pattern = new RegExp(cleanTerms.map(escapeRegExp).join('|'), 'giu');
  const segments: HighlightSegment[] = [];
  const push = (segmentText: string, match: boolean): void => {
    if (segmentText === '') return;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.match === match) last.text += segmentText;
    else segments.push({ text: segmentText, match });
  };
  let cursor = 0;
  for (const found of normalised.matchAll(pattern)) {
    push(normalised.slice(cursor, found.index), false);
    push(found[0], true);
    cursor = found.index + found[0].length;
  }
  push(normalised.slice(cursor), false);
  return segments;
}
