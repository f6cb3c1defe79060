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

/** Letters that carry their mark in their shape, so decomposing does not remove it. */
const PLAIN_LETTER: Record<string, string> = { ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ø: 'o', Ø: 'o', ı: 'i', ħ: 'h', Ħ: 'h' };

/**
 * A word as search compares it: lower case, and without the accents of the Latin, Greek and
 * Cyrillic alphabets (the combining marks U+0300–U+036F), so "zoe" finds "Zoë", "lukasz"
 * finds "Łukasz" and "cafe" finds "café"; a final sigma is a sigma ("ΝΙΚΟΣ" finds "Νίκος").
 * The marks of other scripts (the vowel signs of Devanagari or Thai) are letters there and stay.
 */
export function foldForSearch(text: string): string {
  // Most words of most notes: nothing to fold but case.
  if (/^[ -~]*$/.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text.normalize('NFD')) out += PLAIN_LETTER[ch] ?? ch;
  return (
    out
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      .toLowerCase()
      // Greek final sigma: lower-casing a whole word gives ς where one letter at a time gives σ.
      .replace(/ς/g, 'σ')
  );
}

/** Characters other than ASCII as `foldForSearch` folds them, kept as met (a few thousand at most: letters, not text). */
const foldedChars = new Map<string, string>();

/** Text folded as `foldForSearch` folds it, with where each folded code unit came from in the text. */
function foldedWithOrigins(text: string): { folded: string; origin: (at: number) => number } {
  // Plain ASCII text (most notes): lower case is the whole fold, one for one.
  if (/^[ -~\s]*$/.test(text)) return { folded: text.toLowerCase(), origin: (at) => at };
  // Runs of ASCII fold one for one; each other character is folded on its own. Pieces record
  // where each run or character starts in both texts, so a position maps back by a search.
  const foldedStarts: number[] = [];
  const textStarts: number[] = [];
  const oneForOne: boolean[] = [];
  let folded = '';
  let at = 0;
  const piece = (part: string, to: string, plain: boolean): void => {
    foldedStarts.push(folded.length);
    textStarts.push(at);
    oneForOne.push(plain);
    folded += to;
    at += part.length;
  };
  for (const found of text.matchAll(/[\u0080-\u{10FFFF}]/gu)) {
    if (found.index > at) piece(text.slice(at, found.index), text.slice(at, found.index).toLowerCase(), true);
    let to = foldedChars.get(found[0]);
    if (to === undefined) foldedChars.set(found[0], (to = foldForSearch(found[0])));
    piece(found[0], to, false);
  }
  if (at < text.length) piece(text.slice(at), text.slice(at).toLowerCase(), true);
  foldedStarts.push(folded.length);
  textStarts.push(at);
  oneForOne.push(false);
  return {
    folded,
    origin: (i) => {
      // The last piece starting at or before i (a character folded to nothing starts where the next one does).
      let lo = 0;
      let hi = foldedStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (foldedStarts[mid]! <= i) lo = mid;
        else hi = mid - 1;
      }
      return oneForOne[lo] ? textStarts[lo]! + (i - foldedStarts[lo]!) : textStarts[lo]!;
    },
  };
}

/**
 * Splits text into matching and non-matching segments for the search terms (anywhere in a
 * word, so a prefix search for "anx" highlights "anxiety"), comparing as search does: case and
 * accents aside (`foldForSearch`), so the term "zoe" highlights "Zoë". Text is NFC-normalised
 * so a decomposed "Zoë" comes back whole. Adjacent segments never share a `match` value.
 */
export function highlight(text: string, terms: readonly string[]): HighlightSegment[] {
  const normalised = text.normalize('NFC');
  if (normalised === '') return [];
  const cleanTerms = [...new Set(terms.map((term) => foldForSearch(term).trim()).filter((term) => term !== ''))]
    // Longest first, so "anxiety" wins over "anx" where both match.
    .sort((a, b) => b.length - a.length);
  if (cleanTerms.length === 0) return [{ text: normalised, match: false }];

  const { folded, origin } = foldedWithOrigins(normalised);
  const pattern = new RegExp(cleanTerms.map(escapeRegExp).join('|'), 'gu');
  const segments: HighlightSegment[] = [];
  const push = (segmentText: string, match: boolean): void => {
    if (segmentText === '') return;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.match === match) last.text += segmentText;
    else segments.push({ text: segmentText, match });
  };
  let cursor = 0;
  for (const found of folded.matchAll(pattern)) {
    const start = origin(found.index);
    // Up to the next character that folds to something: accents that folded away go with the match.
    const end = origin(found.index + found[0].length);
    if (end <= start || start < cursor) continue;
    push(normalised.slice(cursor, start), false);
    push(normalised.slice(start, end), true);
    cursor = end;
  }
  push(normalised.slice(cursor), false);
  return segments;
}
