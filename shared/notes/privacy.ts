/**
 * Group confidentiality inside notes. A group note's per-attendee sections are filed on each
 * member's own record, so one member's section must never be shown with another's, and
 * should not name other members: a member (or their lawyer) who requests their record would
 * otherwise learn who else attends the group.
 */
import type { Note } from '../records';

/** That member's own per-attendee text, or undefined. Never returns another member's text. */
export function attendeeSectionFor(note: Pick<Note, 'attendeeSections'>, clientId: string): string | undefined {
  // hasOwn, so ids such as "constructor" cannot reach inherited properties.
  return Object.hasOwn(note.attendeeSections, clientId) ? note.attendeeSections[clientId] : undefined;
}

/**
 * The members a group note is filed under: those whose own section holds text. A section left
 * blank (cleared, or never written) files nothing on that member's record, as the client's
 * timeline shows it; export and search follow the same rule.
 */
export function membersWithSection(note: Pick<Note, 'attendeeSections'>): string[] {
  return Object.keys(note.attendeeSections).filter((clientId) => (attendeeSectionFor(note, clientId) ?? '').trim() !== '');
}

/** The note as it may appear on one member's record: the group-wide sections plus only their own section. */
export function groupNoteForMember(note: Note, clientId: string): Note {
  const own = attendeeSectionFor(note, clientId);
  return { ...note, attendeeSections: own === undefined ? {} : { [clientId]: own } };
}

export interface GroupMemberName {
  clientId: string;
  name: string;
  preferredName?: string;
}

export interface CrossMemberNameWarning {
  /** Whose section contains the mention. */
  sectionClientId: string;
  /** The member who is mentioned. */
  mentionedClientId: string;
  /** The form of their name that was found (full name, a part of it, or the preferred name). */
  matchedName: string;
  message: string;
}

// Scripts written without spaces between words: a name there is bounded by other letters,
// so whole-word matching would never find it ("王芳说" must match "王芳").
const UNSPACED_SCRIPT_CLASS =
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}]';
const UNSPACED_SCRIPT = new RegExp(UNSPACED_SCRIPT_CLASS, 'u');
// A letter that continues a word: any letter, mark or digit, except those of unspaced scripts,
// which sit right next to a Latin name in mixed text ("她说Al帮助了她").
const WORD_CHARACTER = `(?!${UNSPACED_SCRIPT_CLASS})[\\p{L}\\p{M}\\p{N}]`;

/**
 * Lower-cases and removes Latin/Greek/Cyrillic combining accents, so "Zoë", "ZOË", "Zoe" and a
 * decomposed "Zoë" all compare equal. Only the U+0300–U+036F block is removed: marks of other
 * scripts (Devanagari vowel signs, for example) are letters of the name, not decoration.
 */
function foldForNameMatch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase();
}

// Only syntax characters: the 'u' flag rejects needless escapes such as "\-".
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface NameForm {
  /** As written on the client's record, for the message. */
  original: string;
  /** Folded, for matching. */
  folded: string;
}

/** The forms of a member's name worth looking for: the full name, each part of it, and the preferred name. */
function nameFormsOf(member: GroupMemberName): NameForm[] {
  const forms = new Map<string, NameForm>();
  const add = (original: string): void => {
    const folded = foldForNameMatch(original);
    if (folded !== '' && !forms.has(folded)) forms.set(folded, { original, folded });
  };
  for (const raw of [member.name, member.preferredName ?? '']) {
    const parts = raw
      .trim()
      .split(/\s+/)
      .filter((part) => part !== '');
    if (parts.length === 0) continue;
    add(parts.join(' '));
    for (const part of parts) {
      // Single letters are initials, which would match far too much ("A" in "a walk").
      if ([...part].length >= 2 || UNSPACED_SCRIPT.test(part)) add(part);
    }
  }
  return [...forms.values()];
}

/**
 * Letters Hebrew and Arabic write joined to the front of the next word: "and", "the", "in", "to",
 * "from", "that", "as" (ו ה ב ל מ ש כ; و ف ب ل ك, with ال). "ושרה" is "and Sarah", "لنور" "to Nour".
 */
const HEBREW_PREFIX = '(?:[ושהבלמכ]{1,3})';
const ARABIC_PREFIX = '(?:[وفبلك]{1,2}|ال|[وفبك]?ال|لل)';

function mentionPattern(form: string): RegExp {
  const body = escapeRegExp(form).replace(/ /g, '\\s+');
  if (UNSPACED_SCRIPT.test(form)) return new RegExp(body, 'u');
  // A name may carry a joined prefix in these scripts; the prefix then starts the word.
  const prefix = /^\p{Script=Hebrew}/u.test(form)
    ? `${HEBREW_PREFIX}?`
    : /^\p{Script=Arabic}/u.test(form)
      ? `${ARABIC_PREFIX}?`
      : '';
  // Whole word: not preceded or followed by a word character of a spaced script ("Al" is not in "Always").
  return new RegExp(`(?<!${WORD_CHARACTER})${prefix}${body}(?!${WORD_CHARACTER})`, 'u');
}

/**
 * Warnings for every per-attendee section that mentions another member by name or preferred
 * name (case- and accent-insensitive, whole words, any script). Name parts shared with the
 * section's own member are not looked for: in Sam Lee's section "Sam" most likely means Sam Lee,
 * even if Sam Ng is also in the group. One warning per section and mentioned member.
 */
export function crossMemberNameWarnings(
  note: Pick<Note, 'attendeeSections'>,
  members: readonly GroupMemberName[],
): CrossMemberNameWarning[] {
  const warnings: CrossMemberNameWarning[] = [];
  const formsByMember = new Map(members.map((member) => [member.clientId, nameFormsOf(member)]));
  const displayName = (member: GroupMemberName): string => member.name.trim();
  const sectionOwners = [
    ...members.filter((member) => Object.hasOwn(note.attendeeSections, member.clientId)),
    // Sections for people not in the member list still get checked; they are described without a name.
    ...Object.keys(note.attendeeSections)
      .filter((clientId) => !formsByMember.has(clientId))
      .map((clientId): GroupMemberName => ({ clientId, name: '' })),
  ];

  for (const owner of sectionOwners) {
    const text = foldForNameMatch(note.attendeeSections[owner.clientId] ?? '');
    if (text.trim() === '') continue;
    const ownForms = new Set((formsByMember.get(owner.clientId) ?? []).map((form) => form.folded));
    const sectionName = owner.name.trim() === '' ? 'One attendee’s section' : `${displayName(owner)}’s section`;

    for (const other of members) {
      if (other.clientId === owner.clientId) continue;
      const forms = (formsByMember.get(other.clientId) ?? []).filter((form) => !ownForms.has(form.folded));
      // Longest first, so the warning quotes "Zoë Martin" rather than just "Zoë" when both appear.
      forms.sort((a, b) => b.folded.length - a.folded.length);
      const matched = forms.find((form) => mentionPattern(form.folded).test(text));
      if (matched === undefined) continue;
      const quoted = matched.original === displayName(other) ? '' : ` (“${matched.original}”)`;
      warnings.push({
        sectionClientId: owner.clientId,
        mentionedClientId: other.clientId,
        matchedName: matched.original,
        message:
          `${sectionName} mentions ${displayName(other)}${quoted}. Each member’s section is filed on their own record, ` +
          'so refer to other members without naming them, for example “another member”.',
      });
    }
  }
  return warnings;
}
