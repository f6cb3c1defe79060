import { describe, expect, it } from 'vitest';
import type { Appointment, Note } from '../../shared/records';
import { noteBacklog } from '../../shared/notes/backlog';

const ZONE = 'Europe/London';
const HOUR = 3_600_000;
// Wednesday 18 March 2026, 09:00 in London (GMT).
const NOW = Date.UTC(2026, 2, 18, 9);

let seq = 0;
function appointment(overrides: Partial<Appointment> & Pick<Appointment, 'start'>): Appointment {
  seq += 1;
  return {
    id: `appt-${seq}`,
    kind: 'individual',
    status: 'completed',
    end: overrides.start + HOUR,
    clientId: 'client-1',
    title: '',
    location: '',
    overrideReason: '',
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

function note(appointmentId: string | undefined, status: 'draft' | 'signed', overrides: Partial<Note> = {}): Note {
  return {
    id: `note-${appointmentId ?? 'x'}-${status}`,
    template: 'SOAP',
    appointmentId,
    clientId: 'client-1',
    sessionAt: 0,
    durationMinutes: 50,
    sections: {},
    attendeeSections: {},
    interventions: [],
    risk: { level: 'none', plan: '' },
    nextSteps: '',
    status,
    addenda: [],
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

describe('noteBacklog', () => {
  it('lists past sessions without a signed note, oldest first, with calendar days overdue', () => {
    const lastWeek = appointment({ start: Date.UTC(2026, 2, 11, 14) });
    const yesterdayEvening = appointment({ start: Date.UTC(2026, 2, 17, 20), kind: 'group', groupId: 'g1', clientId: undefined });
    const thisMorning = appointment({ start: Date.UTC(2026, 2, 18, 7), status: 'scheduled' });
    const withDraft = appointment({ start: Date.UTC(2026, 2, 16, 10) });
    const signed = appointment({ start: Date.UTC(2026, 2, 12, 10) });
    const backlog = noteBacklog(
      [thisMorning, yesterdayEvening, signed, lastWeek, withDraft],
      [note(signed.id, 'signed'), note(withDraft.id, 'draft')],
      NOW,
      ZONE,
    );
    expect(backlog.map((item) => [item.appointment.id, item.daysOverdue])).toEqual([
      [lastWeek.id, 7],
      [withDraft.id, 2],
      [yesterdayEvening.id, 1],
      [thisMorning.id, 0],
    ]);
    expect(backlog.find((item) => item.appointment.id === withDraft.id)?.draftNoteId).toBe(`note-${withDraft.id}-draft`);
  });

  it('orders by when the session ended', () => {
    const longWorkshop = appointment({ start: Date.UTC(2026, 2, 16, 9), end: Date.UTC(2026, 2, 16, 13) });
    const shortSession = appointment({ start: Date.UTC(2026, 2, 16, 10), end: Date.UTC(2026, 2, 16, 11) });
    expect(noteBacklog([longWorkshop, shortSession], [], NOW, ZONE).map((item) => item.appointment.id)).toEqual([
      shortSession.id,
      longWorkshop.id,
    ]);
  });

  it('counts days in the clinician’s time zone', () => {
    // 23:30 UTC on the 17th is 10:30 on the 18th in Auckland: a session today there, yesterday in London.
    const lateSession = appointment({ start: Date.UTC(2026, 2, 17, 22, 30), end: Date.UTC(2026, 2, 17, 23, 30) });
    const auckland = noteBacklog([lateSession], [], Date.UTC(2026, 2, 18, 1), 'Pacific/Auckland');
    const london = noteBacklog([lateSession], [], Date.UTC(2026, 2, 18, 1), ZONE);
    expect(auckland[0]?.daysOverdue).toBe(0);
    expect(london[0]?.daysOverdue).toBe(1);
  });

  it('leaves out cancelled, no-show, late-cancel, future and non-clinical appointments', () => {
    const past = Date.UTC(2026, 2, 16, 10);
    const backlog = noteBacklog(
      [
        appointment({ start: past, status: 'cancelled' }),
        appointment({ start: past, status: 'no-show' }),
        appointment({ start: past, status: 'late-cancel' }),
        appointment({ start: NOW - HOUR / 2, status: 'scheduled' }),
        appointment({ start: NOW + HOUR, status: 'scheduled' }),
        appointment({ start: past, kind: 'supervision', clientId: undefined }),
        appointment({ start: past, kind: 'admin', clientId: undefined }),
        appointment({ start: past, kind: 'self-care', clientId: undefined }),
      ],
      [],
      NOW,
      ZONE,
    );
    expect(backlog).toEqual([]);
  });

  it('matches a signed note without an appointment id by client and session time', () => {
    const session = appointment({ start: Date.UTC(2026, 2, 16, 10) });
    const unlinked = note(undefined, 'signed', { sessionAt: session.start });
    const otherClient = note(undefined, 'signed', { sessionAt: session.start, clientId: 'client-2' });
    expect(noteBacklog([session], [unlinked], NOW, ZONE)).toEqual([]);
    expect(noteBacklog([session], [otherClient], NOW, ZONE)).toHaveLength(1);
  });
});
