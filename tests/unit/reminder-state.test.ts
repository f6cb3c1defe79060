/**
 * What the reminders read at unlock (and every half hour): the records around now, and the
 * rosters and agreement signatures of the groups meeting in the days ahead only. The reminders
 * worked out from that equal those worked out from every record of the practice, and the
 * signatures (each with its drawing) of groups not meeting are not opened.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { dueReminders } from '../../shared/balance/reminders';
import type { AgreementSignature, Appointment, Membership, Note } from '../../shared/records';
import { defaultSettings } from '../../shared/settings';
import { loadReminderState } from '../../renderer/src/balance/reminder-state';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import { createRepositories } from '../../renderer/src/data/repositories';
import type { Repositories } from '../../renderer/src/data/repositories';
import { generatePractice, practiceTables } from '../fixtures/synthetic-practice';
import { fakeRecordsApi } from './helpers/records-api';

const DAY = 86_400_000;

describe('the reminders’ records', () => {
  it('are those around now and of the groups meeting next, and give the reminders every record would', async () => {
    const practice = generatePractice({ seed: 'reminders', scale: 0.1 });
    // The evening before a group session, so its agreement is checked; a signature of the current
    // version by a member expected at it is left out, so there is a reminder to give.
    const settings = { ...defaultSettings(), timeZone: practice.timeZone };
    const fullState = (without?: string) => ({
      appointments: practice.appointments as Appointment[],
      notes: practice.notes as Note[],
      memberships: practice.memberships as Membership[],
      signatures: practice.signatures.filter((s) => s.id !== without) as AgreementSignature[],
      agreementVersions: practice.agreements,
    });
    const agreementDue = (at: number, without?: string) =>
      dueReminders(fullState(without), at, settings).some((r) => r.kind === 'agreement-unsigned');
    let now = 0;
    let taken: string | undefined;
    for (const session of practice.appointments) {
      if (session.kind !== 'group' || session.status !== 'scheduled' || taken !== undefined) continue;
      const at = session.start - DAY + 2 * 3_600_000;
      taken = practice.signatures.find((s) => s.groupId === session.groupId && agreementDue(at, s.id) && !agreementDue(at))?.id;
      now = at;
    }
    expect(taken).toBeDefined();
    const signatures = practice.signatures.filter((s) => s.id !== taken);

    const { api } = fakeRecordsApi();
    const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
    const repos = createRepositories(db, api);
    // What the reminders read (names stay unopened: they are off by default).
    const read = new Set(['appointments', 'notes', 'memberships', 'agreements', 'signatures']);
    for (const [table, all] of practiceTables(practice)) {
      if (!read.has(table)) continue;
      const records = table === 'signatures' ? signatures : all;
      const repo = repos[table] as unknown as { save: (r: readonly unknown[], a: 'create') => Promise<void> };
      for (let i = 0; i < records.length; i += 500) await repo.save(records.slice(i, i + 500), 'create');
    }
    const loaded = await loadReminderState(repos as Repositories, now, false);
    const everything = dueReminders(fullState(taken), now, settings);
    const reminders = dueReminders(loaded, now, settings);
    expect(reminders.map((r) => r.id).sort()).toEqual(everything.map((r) => r.id).sort());
    expect(reminders.some((r) => r.kind === 'agreement-unsigned')).toBe(true);
    // Only the groups meeting in the days ahead: fewer signatures than the practice holds.
    const meeting = new Set(loaded.appointments.filter((a) => a.kind === 'group' && a.end > now).map((a) => a.groupId));
    expect(loaded.signatures.length).toBeGreaterThan(0);
    expect(loaded.signatures.every((s) => meeting.has(s.groupId))).toBe(true);
    expect(loaded.signatures.length).toBeLessThan(signatures.length / 2);
    expect(loaded.memberships.every((m) => meeting.has(m.groupId))).toBe(true);
    db.close();
  });
});
