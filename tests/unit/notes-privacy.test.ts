import { describe, expect, it } from 'vitest';
import type { Note } from '../../shared/records';
import { attendeeSectionFor, crossMemberNameWarnings, groupNoteForMember } from '../../shared/notes/privacy';
import type { GroupMemberName } from '../../shared/notes/privacy';

const T0 = Date.UTC(2026, 2, 10, 18);

function groupNote(attendeeSections: Record<string, string>): Note {
  return {
    id: 'note-g',
    template: 'GIRP',
    groupId: 'group-1',
    sessionAt: T0,
    durationMinutes: 90,
    sections: { goals: 'Grief', interventions: 'Check-in', response: 'Engaged', plan: 'Anniversaries' },
    attendeeSections,
    interventions: [],
    risk: { level: 'none', plan: '' },
    nextSteps: '',
    status: 'draft',
    addenda: [],
    createdAt: T0,
    updatedAt: T0,
  };
}

const members: GroupMemberName[] = [
  { clientId: 'al', name: 'Al Jones' },
  { clientId: 'zoe', name: 'Zoë Martin', preferredName: 'Zo' },
  { clientId: 'wang', name: '王芳' },
  { clientId: 'priya', name: 'Priya Sharma', preferredName: 'Pri' },
  { clientId: 'olga', name: 'Ольга Иванова' },
];

const mentions = (sections: Record<string, string>, roster = members): [string, string][] =>
  crossMemberNameWarnings(groupNote(sections), roster).map((warning) => [warning.sectionClientId, warning.mentionedClientId]);

describe('attendeeSectionFor', () => {
  it('returns only the requested member’s text', () => {
    const note = groupNote({ al: 'Al’s private text', zoe: 'Zoë’s private text' });
    expect(attendeeSectionFor(note, 'al')).toBe('Al’s private text');
    expect(attendeeSectionFor(note, 'nobody')).toBeUndefined();
    expect(attendeeSectionFor(note, 'constructor')).toBeUndefined();
    const forAl = groupNoteForMember(note, 'al');
    expect(forAl.attendeeSections).toEqual({ al: 'Al’s private text' });
    expect(JSON.stringify(forAl)).not.toContain('Zoë’s private text');
  });
});

describe('crossMemberNameWarnings', () => {
  it('warns when a section names another member, saying which section and which member', () => {
    const warnings = crossMemberNameWarnings(groupNote({ al: 'Al comforted Zoë after she cried.' }), members);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ sectionClientId: 'al', mentionedClientId: 'zoe', matchedName: 'Zoë' });
    expect(warnings[0]?.message).toContain('Al Jones’s section');
    expect(warnings[0]?.message).toContain('Zoë Martin');
  });

  it('matches case-insensitively, without accents, in decomposed form, and by preferred name', () => {
    expect(mentions({ al: 'ZOË was tearful.' })).toEqual([['al', 'zoe']]);
    expect(mentions({ al: 'zoe was tearful.' })).toEqual([['al', 'zoe']]);
    expect(mentions({ al: 'Zoe\u0308 was tearful.' })).toEqual([['al', 'zoe']]);
    expect(mentions({ al: 'Sat next to Zo again.' })).toEqual([['al', 'zoe']]);
    expect(mentions({ al: 'Argued with Martin.' })).toEqual([['al', 'zoe']]);
  });

  it('finds names in scripts without spaces between words', () => {
    expect(mentions({ al: 'Al said 王芳说得对.' })).toEqual([['al', 'wang']]);
    expect(mentions({ wang: '她说Al帮助了她' })).toEqual([['wang', 'al']]);
    expect(mentions({ al: 'Talked with 王芳about loss.' })).toEqual([['al', 'wang']]);
    expect(mentions({ al: 'Говорил с Ольгой.' })).toEqual([]);
    expect(mentions({ al: 'Ольга поддержала его.' })).toEqual([['al', 'olga']]);
  });

  it('finds a Hebrew or Arabic name behind a joined prefix ("and Sarah", "to Nour"), and not inside a longer word', () => {
    const roster: GroupMemberName[] = [
      { clientId: 'al', name: 'Al Jones' },
      { clientId: 'sara', name: 'שרה לוי' },
      { clientId: 'nour', name: 'نور العلي' },
    ];
    expect(mentions({ al: 'ושרה אמרה שזה קשה' }, roster)).toEqual([['al', 'sara']]);
    expect(mentions({ al: 'דיברה לשרה' }, roster)).toEqual([['al', 'sara']]);
    expect(mentions({ al: 'ونور قالت' }, roster)).toEqual([['al', 'nour']]);
    expect(mentions({ al: 'تحدثت لنور' }, roster)).toEqual([['al', 'nour']]);
    expect(mentions({ al: 'שרהלה אמרה' }, roster)).toEqual([]);
    expect(mentions({ al: 'نورا قالت' }, roster)).toEqual([]);
  });

  it('does not match names inside other words', () => {
    expect(mentions({ zoe: 'Always early. Talked about alcohol and zoology, and was priyanka-like in calm.' })).toEqual([]);
    expect(mentions({ zoe: 'Reflected on Al’s idea.' })).toEqual([['zoe', 'al']]);
    expect(mentions({ zoe: 'Halfway through, she left.' })).toEqual([]);
    expect(mentions({ zoe: 'Felt loyal to the group; talked about Natal.' })).toEqual([]);
  });

  it('does not warn about the member’s own name, or name parts they share with another member', () => {
    const roster: GroupMemberName[] = [
      { clientId: 'sam-lee', name: 'Sam Lee' },
      { clientId: 'sam-ng', name: 'Sam Ng' },
    ];
    expect(mentions({ 'sam-lee': 'Sam Lee felt heard. Sam laughed.' }, roster)).toEqual([]);
    expect(mentions({ 'sam-lee': 'Sam argued with Ng.' }, roster)).toEqual([['sam-lee', 'sam-ng']]);
  });

  it('warns once per section and mentioned member, across several sections', () => {
    const warnings = mentions({ al: 'Zoë and Zoë Martin, then Pri.', priya: 'Sat with Al Jones.', zoe: 'Quiet.' });
    expect(warnings).toEqual([
      ['al', 'zoe'],
      ['al', 'priya'],
      ['priya', 'al'],
    ]);
  });

  it('ignores single-letter initials', () => {
    const roster: GroupMemberName[] = [
      { clientId: 'a', name: 'A Smith' },
      { clientId: 'b', name: 'Bea Jones' },
    ];
    expect(mentions({ b: 'Went for a walk.' }, roster)).toEqual([]);
  });
});
