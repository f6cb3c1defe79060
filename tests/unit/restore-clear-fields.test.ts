/**
 * A backup copies rows exactly as stored, so clear index fields altered on disk before it was
 * made travel with it (the file's tags still verify: the vault made it). Restore opens every
 * record before anything is replaced; a row whose clear fields are not its record's own is
 * listed with the damaged records the clinician sees before confirming.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupRow } from '../../electron/main/services/backup';
import { CLEAR_FIELDS, clearFieldsProblem } from '../../shared/clear-fields';
import type { Client } from '../../shared/records';
import { PASS, testServices } from './helpers/main-services';

type Services = ReturnType<typeof testServices>;
const BACKUP_PASS = 'backup orchard lantern words';

const client = (id: string, status: Client['status']): Client => ({
  id,
  name: `Client ${id}`,
  preferredName: '',
  pronouns: '',
  dateOfBirth: '',
  email: '',
  phone: '',
  address: '',
  emergencyContact: '',
  status,
  presentingConcerns: '',
  modalities: [],
  defaultSessionMinutes: 50,
  telehealthUrl: '',
  archived: false,
  createdAt: 1_800_000_000_000,
  updatedAt: 1_800_000_000_000,
});

/** A row as the page's repository writes it: clear fields derived from the record, then the envelope. */
const row = (s: Services, record: Client, alter: Record<string, unknown> = {}): BackupRow =>
  ({
    ...CLEAR_FIELDS.clients.clear(record),
    ...alter,
    id: record.id,
    v: 1,
    env: s.vault.seal([{ id: record.id, table: 'clients', schemaVersion: 1, plaintext: JSON.stringify(record) }])[0]!,
  }) as BackupRow;

async function backupOf(rows: (s: Services) => BackupRow[]): Promise<string> {
  const source = testServices();
  await source.handlers['vault.create']({ passphrase: BACKUP_PASS });
  const file = path.join(source.dataDir, 'practice.holdspace-backup');
  source.saveTo.push(file);
  const { token } = await source.handlers['backup.begin']({ dbVersion: 2, suggestedName: 'practice.holdspace-backup' });
  await source.handlers['backup.append']({ token: token!, table: 'clients', rows: rows(source) });
  await source.handlers['backup.finish']({ token: token! });
  return file;
}

describe('restoring a backup whose rows carry altered clear index fields', () => {
  it('lists them as damaged before anything is replaced', async () => {
    const file = await backupOf((s) => [
      row(s, client('c-fine', 'active')),
      // Discharged on disk, active in the record: the caseload would miscount it.
      row(s, client('c-status', 'active'), { status: 'discharged' }),
      // A clear field no record gives (someone wrote text beside the envelope).
      row(s, client('c-extra', 'paused'), { name: 'Written in clear' }),
      // A field the record gives, removed.
      (() => {
        const { archived: _archived, ...rest } = row(s, client('c-missing', 'enquiry')) as BackupRow & { archived?: number };
        return rest as BackupRow;
      })(),
    ]);
    const target = testServices();
    await target.vault.create(PASS);
    const headerBefore = JSON.stringify(target.vault.exportHeader());
    const trailBefore = fs.readFileSync(path.join(target.dataDir, 'audit', 'trail.jsonl'));

    target.openFrom.push(file);
    await target.handlers['backup.inspect']({});
    const opened = await target.handlers['backup.restore']({ passphrase: BACKUP_PASS, current: PASS });
    expect(opened).toMatchObject({ records: 4, damaged: 3, damagedByTable: { clients: 3 } });

    // Nothing has been replaced: no journal, the same vault header, the same trail.
    expect(fs.existsSync(path.join(target.dataDir, 'restore-journal.json'))).toBe(false);
    expect(JSON.stringify(target.vault.exportHeader())).toBe(headerBefore);
    expect(fs.readFileSync(path.join(target.dataDir, 'audit', 'trail.jsonl'))).toEqual(trailBefore);
    await target.handlers['backup.cancel']({});
  });

  it('a backup with every row as its record gives it reports nothing damaged', async () => {
    const file = await backupOf((s) => [row(s, client('c-1', 'active')), row(s, client('c-2', 'discharged'))]);
    const target = testServices();
    target.openFrom.push(file);
    await target.handlers['backup.inspect']({});
    expect(await target.handlers['backup.restore']({ passphrase: BACKUP_PASS })).toMatchObject({ records: 2, damaged: 0 });
  });
});

describe('the clear-field check shared by the page and main', () => {
  const record = client('c-1', 'active');
  const clear = CLEAR_FIELDS.clients.clear(record);

  it('passes a row as written, and names what is wrong otherwise', () => {
    expect(clearFieldsProblem('clients', { ...clear, id: 'c-1' }, JSON.stringify(record))).toBeNull();
    expect(clearFieldsProblem('clients', { ...clear, id: 'c-2' }, JSON.stringify(record))).toBe('mismatch');
    expect(clearFieldsProblem('clients', { ...clear, archived: 1, id: 'c-1' }, JSON.stringify(record))).toBe('mismatch');
    expect(clearFieldsProblem('clients', { ...clear, id: 'c-1' }, 'not json')).toBe('invalid');
    expect(clearFieldsProblem('clients', { ...clear, id: 'c-1' }, JSON.stringify({ id: 'c-1' }))).toBe('invalid');
    // The sealed search index has no record to derive fields from.
    expect(clearFieldsProblem('searchIndex', { id: 'x', shard: 3 }, 'anything')).toBeNull();
  });
});
