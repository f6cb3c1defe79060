import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import type { AgreementSignature, AgreementVersion, Appointment, AppointmentKind, Membership, Note } from '../../shared/records';
import { defaultSettings } from '../../shared/settings';
import type { Settings } from '../../shared/settings';
import { dueReminders } from '../../shared/balance/reminders';
import type { ReminderState } from '../../shared/balance/reminders';

const LONDON = 'Europe/London';
const HOUR = 3_600_000;
const at = (month: number, day: number, hour: number, minute = 0) =>
  new TZDate(2026, month - 1, day, hour, minute, LONDON).getTime();

function appt(id: string, kind: AppointmentKind, start: number, minutes: number, patch: Partial<Appointment> = {}): Appointment {
  return {
    id,
    kind,
    status: 'scheduled',
    start,
    end: start + minutes * 60_000,
    clientId: kind === 'individual' ? 'client-sam' : undefined,
    groupId: kind === 'group' ? 'group-grief' : undefined,
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

function note(id: string, patch: Partial<Note>): Note {
  return {
    id,
    template: 'SOAP',
    sessionAt: 0,
    durationMinutes: 50,
    sections: {},
    attendeeSections: {},
    interventions: [],
    risk: { level: 'none', plan: '' },
    nextSteps: '',
    status: 'draft',
    addenda: [],
    createdAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

const member = (clientId: string): Membership => ({
  id: `m-${clientId}`,
  groupId: 'group-grief',
  clientId,
  status: 'member',
  joinedAt: at(1, 5, 9),
  createdAt: 0,
  updatedAt: 0,
});

const agreement: AgreementVersion = {
  id: 'agreement-v2',
  groupId: 'group-grief',
  version: 2,
  title: 'Group agreement',
  clauses: [{ heading: 'Confidentiality', body: 'What is said here stays here.' }],
  createdAt: 0,
  updatedAt: 0,
};

const signed = (clientId: string, version: number): AgreementSignature => ({
  id: `sig-${clientId}-${version}`,
  groupId: 'group-grief',
  clientId,
  agreementId: `agreement-v${version}`,
  version,
  method: 'on-screen',
  signedOn: '2026-03-01',
  createdAt: 0,
  updatedAt: 0,
});

const NAMES = {
  clients: { 'client-sam': 'Sam Taylor', 'client-alex': 'Alex Reed', 'client-jo': 'Jo Park', 'client-kim': 'Kim Lee' },
  groups: { 'group-grief': 'Grief Circle' },
};

function settingsWith(reminders: Partial<Settings['reminders']> = {}): Settings {
  const settings = defaultSettings();
  return { ...settings, timeZone: LONDON, reminders: { ...settings.reminders, ...reminders } };
}

function state(patch: Partial<ReminderState> = {}): ReminderState {
  return { appointments: [], notes: [], memberships: [], signatures: [], agreementVersions: [], names: NAMES, ...patch };
}

/** Tuesday 24 March 2026, 13:52 GMT. */
const NOW = at(3, 24, 13, 52);

describe('session reminders', () => {
  const session = appt('s1', 'individual', at(3, 24, 14), 50);

  it('reminds about a session starting within the lead time, without the client’s name by default', () => {
    const reminders = dueReminders(state({ appointments: [session] }), NOW, settingsWith());
    expect(reminders).toEqual([
      {
        id: `session:s1:${session.start}`,
        kind: 'session-soon',
        title: 'Individual session at 14:00',
        body: 'Starts in 8 minutes.',
        at: session.start,
      },
    ]);
  });

  it('uses the name passed in only when names in notifications are switched on', () => {
    const [reminder] = dueReminders(state({ appointments: [session] }), NOW, settingsWith({ showNamesInNotifications: true }));
    expect(reminder!.title).toBe('Session with Sam Taylor at 14:00');
    const group = appt('g1', 'group', at(3, 24, 14), 90);
    const [groupReminder] = dueReminders(state({ appointments: [group] }), NOW, settingsWith({ showNamesInNotifications: true }));
    expect(groupReminder!.title).toBe('Grief Circle session at 14:00');
    const [generic] = dueReminders(state({ appointments: [group] }), NOW, settingsWith());
    expect(generic!.title).toBe('Group session at 14:00');
  });

  it('shows local time after the clocks change', () => {
    const bst = appt('s2', 'individual', at(3, 30, 14), 50);
    expect(Date.UTC(2026, 2, 30, 13)).toBe(bst.start);
    const [reminder] = dueReminders(state({ appointments: [bst] }), bst.start - 5 * 60_000, settingsWith());
    expect(reminder!.title).toBe('Individual session at 14:00');
  });

  it('stays quiet outside the lead time, for cancelled sessions, for admin time, and when the lead is 0', () => {
    expect(dueReminders(state({ appointments: [session] }), at(3, 24, 13, 49), settingsWith())).toEqual([]);
    expect(dueReminders(state({ appointments: [session] }), at(3, 24, 14, 1), settingsWith())).toEqual([]);
    expect(dueReminders(state({ appointments: [{ ...session, status: 'cancelled' }] }), NOW, settingsWith())).toEqual([]);
    expect(dueReminders(state({ appointments: [appt('x', 'admin', at(3, 24, 14), 60)] }), NOW, settingsWith())).toEqual([]);
    expect(dueReminders(state({ appointments: [session] }), NOW, settingsWith({ sessionLeadMinutes: 0 }))).toEqual([]);
  });

  it('gives the same id each time and skips ids already raised', () => {
    const first = dueReminders(state({ appointments: [session] }), NOW, settingsWith());
    const again = dueReminders(state({ appointments: [session] }), NOW + 60_000, settingsWith());
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(dueReminders(state({ appointments: [session], alreadyRaised: first.map((r) => r.id) }), NOW, settingsWith())).toEqual(
      [],
    );
  });
});

describe('unsigned note reminders', () => {
  const held = appt('held', 'individual', at(3, 23, 10), 50, { status: 'completed' });
  const ended = held.end;

  it('reminds 24 hours after the session ended, and not before', () => {
    expect(dueReminders(state({ appointments: [held] }), ended + 24 * HOUR - 1, settingsWith())).toEqual([]);
    const reminders = dueReminders(state({ appointments: [held] }), ended + 24 * HOUR, settingsWith());
    expect(reminders).toEqual([
      {
        id: 'note:held',
        kind: 'note-unsigned',
        title: 'Session note not signed',
        body: 'The note for the individual session on Mon 23 Mar at 10:00 is not signed yet.',
        at: held.start,
      },
    ]);
  });

  it('stays quiet once the note is signed, and keeps reminding while it is a draft', () => {
    const now = ended + 25 * HOUR;
    const signedNote = note('n1', { appointmentId: 'held', status: 'signed', sessionAt: held.start });
    expect(dueReminders(state({ appointments: [held], notes: [signedNote] }), now, settingsWith())).toEqual([]);
    const draft = note('n1', { appointmentId: 'held', sessionAt: held.start });
    expect(dueReminders(state({ appointments: [held], notes: [draft] }), now, settingsWith()).map((r) => r.id)).toEqual([
      'note:held',
    ]);
  });

  it('reminds about a draft whose session is not in the list, and ignores cancelled sessions and old ones', () => {
    const now = ended + 25 * HOUR;
    const loose = note('loose', { clientId: 'client-sam', sessionAt: at(3, 22, 9) });
    const cancelled = appt('gone', 'individual', at(3, 23, 12), 50, { status: 'cancelled' });
    const old = appt('old', 'individual', at(2, 1, 10), 50, { status: 'completed' });
    const reminders = dueReminders(state({ notes: [loose], appointments: [cancelled, old] }), now, settingsWith());
    expect(reminders.map((r) => r.id)).toEqual(['note-draft:loose']);
    expect(reminders[0]!.body).toBe('A session note from Sun 22 Mar at 09:00 is still a draft.');
  });

  it('names the client in the note reminder only when allowed', () => {
    const now = ended + 25 * HOUR;
    const [named] = dueReminders(state({ appointments: [held] }), now, settingsWith({ showNamesInNotifications: true }));
    expect(named!.body).toBe('The note for the session with Sam Taylor on Mon 23 Mar at 10:00 is not signed yet.');
  });
});

describe('agreement reminders for tomorrow’s group', () => {
  const tomorrowsGroup = appt('grp', 'group', at(3, 25, 18), 90);
  const groupState = (patch: Partial<ReminderState> = {}) =>
    state({
      appointments: [tomorrowsGroup],
      memberships: ['client-sam', 'client-alex', 'client-jo', 'client-kim'].map(member),
      signatures: [signed('client-sam', 2), signed('client-kim', 2), signed('client-alex', 1)],
      agreementVersions: [agreement],
      ...patch,
    });

  it('counts members without a signature for the current version, with no names by default', () => {
    const reminders = dueReminders(groupState(), at(3, 24, 9), settingsWith());
    expect(reminders).toEqual([
      {
        id: 'agreement:grp:v2',
        kind: 'agreement-unsigned',
        title: 'Group agreement not signed',
        body: '2 members of tomorrow’s 18:00 group have not signed the current group agreement.',
        at: tomorrowsGroup.start,
      },
    ]);
  });

  it('names the group and members when allowed', () => {
    const [reminder] = dueReminders(groupState(), at(3, 24, 9), settingsWith({ showNamesInNotifications: true }));
    expect(reminder!.body).toBe(
      '2 members of Grief Circle (tomorrow at 18:00) have not signed the current group agreement. Not signed yet: Alex Reed, Jo Park.',
    );
  });

  it('stays quiet when the group meets today or the day after tomorrow, or everyone has signed', () => {
    expect(dueReminders(groupState(), at(3, 25, 9), settingsWith())).toEqual([]);
    expect(dueReminders(groupState(), at(3, 23, 9), settingsWith())).toEqual([]);
    const allSigned = groupState({
      signatures: ['client-sam', 'client-alex', 'client-jo', 'client-kim'].map((c) => signed(c, 2)),
    });
    expect(dueReminders(allSigned, at(3, 24, 9), settingsWith())).toEqual([]);
  });

  it('finds tomorrow by the local calendar across the clock change', () => {
    // Saturday 28 March 23:30 GMT; the group on Sunday 29 March 00:30 GMT is tomorrow, Monday 30 is not.
    const sunday = appt('sun', 'group', at(3, 29, 0, 30), 60);
    const monday = appt('mon', 'group', at(3, 30, 0, 30), 60);
    const reminders = dueReminders(groupState({ appointments: [sunday, monday] }), at(3, 28, 23, 30), settingsWith());
    expect(reminders.map((r) => r.id)).toEqual(['agreement:sun:v2']);
  });
});

describe('skipped break reminders', () => {
  const run = [9, 9.9, 10.8, 11.7].map((h, i) =>
    appt(`r${i}`, 'individual', at(3, 24, Math.floor(h), Math.round((h % 1) * 60)), 50),
  );

  it('warns about a run of four sessions without a break today, naming no one', () => {
    const reminders = dueReminders(state({ appointments: run }), at(3, 24, 7), settingsWith());
    expect(reminders).toEqual([
      {
        id: 'break:2026-03-24:r0',
        kind: 'break-skipped',
        title: 'No break between sessions today',
        body: '4 sessions run back to back from 09:00 to 12:32. You planned a break of at least 10 minutes after 3 sessions.',
        at: run[0]!.start,
      },
    ]);
  });

  it('does not warn about another day', () => {
    expect(dueReminders(state({ appointments: run }), at(3, 23, 7), settingsWith())).toEqual([]);
  });
});

describe('privacy of reminder text', () => {
  it('never contains a client or group name with the default settings', () => {
    const now = at(3, 24, 13, 52);
    const everything = state({
      appointments: [
        appt('soon', 'individual', at(3, 24, 14), 50),
        appt('soon-group', 'group', at(3, 24, 13, 55), 90),
        appt('held', 'individual', at(3, 22, 10), 50, { status: 'completed' }),
        appt('held-group', 'group', at(3, 22, 12), 90, { status: 'completed' }),
        appt('tomorrow', 'group', at(3, 25, 18), 90),
        ...[9, 10, 11, 12].map((h) => appt(`run${h}`, 'individual', at(3, 24, h), 58)),
      ],
      notes: [
        note('loose', { clientId: 'client-alex', sessionAt: at(3, 21, 9) }),
        note('loose-g', { groupId: 'group-grief', sessionAt: at(3, 21, 11) }),
      ],
      memberships: ['client-sam', 'client-alex', 'client-jo'].map(member),
      agreementVersions: [agreement],
    });
    const reminders = dueReminders(everything, now, settingsWith());
    expect(new Set(reminders.map((r) => r.kind))).toEqual(
      new Set(['session-soon', 'note-unsigned', 'agreement-unsigned', 'break-skipped']),
    );
    const text = reminders.map((r) => `${r.title} ${r.body}`).join('\n');
    for (const name of [...Object.values(NAMES.clients), ...Object.values(NAMES.groups), 'Sam', 'Alex', 'Grief']) {
      expect(text).not.toContain(name);
    }
    // With names on, the same situation does name them, so the check above can fail.
    const named = dueReminders(everything, now, settingsWith({ showNamesInNotifications: true }))
      .map((r) => `${r.title} ${r.body}`)
      .join('\n');
    expect(named).toContain('Sam Taylor');
    expect(named).toContain('Grief Circle');
  });
});
