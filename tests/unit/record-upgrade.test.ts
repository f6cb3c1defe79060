/**
 * Payload versions: a record sealed at version 1 opens under a version 2 spec through its
 * `upgrade` step (after decrypting, before the schema parses it), is sealed at version 2 the
 * next time it is saved, and a version the code does not know is reported, never guessed at.
 * Through the real vault (version bound into each envelope's associated data) and IndexedDB.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HoldspaceDb, openDatabase } from '../../renderer/src/data/db';
import { RECORD_SPECS } from '../../renderer/src/data/record-specs';
import { createRepositories } from '../../renderer/src/data/repositories';
import { Repository, isUnreadable } from '../../renderer/src/data/repository';
import type { RepositorySpec } from '../../renderer/src/data/repository';
import { clientSchema } from '../../shared/records';
import type { Client } from '../../shared/records';
import { realApi } from './helpers/records-api';

/** A test-only version 2 of the client record: the emergency contact becomes a name and a phone number. */
const clientV2Schema = clientSchema.extend({
  emergencyContact: z.object({ name: z.string().max(300), phone: z.string().max(60) }),
});
type ClientV2 = z.infer<typeof clientV2Schema>;

function clientsV2(upgrade: RepositorySpec<ClientV2>['upgrade']): RepositorySpec<ClientV2> {
  return {
    ...(RECORD_SPECS.clients as unknown as RepositorySpec<ClientV2>),
    schemaVersion: 2,
    schema: clientV2Schema,
    ...(upgrade ? { upgrade } : {}),
  };
}

const fromV1 = (fromVersion: number, data: unknown): unknown => {
  if (fromVersion !== 1) throw new Error(`no way up from version ${fromVersion}`);
  const old = data as { emergencyContact: string };
  return { ...old, emergencyContact: { name: old.emergencyContact, phone: '' } };
};

const jane: Client = {
  id: 'client-jane',
  name: 'Jane Smith',
  preferredName: '',
  pronouns: 'she/her',
  dateOfBirth: '1980-04-02',
  email: '',
  phone: '',
  address: '',
  emergencyContact: 'Sam Smith',
  status: 'active',
  presentingConcerns: '',
  modalities: [],
  defaultSessionMinutes: 50,
  telehealthUrl: '',
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

let close: (() => void)[] = [];
afterEach(() => {
  for (const c of close) c();
  close = [];
});

async function setUp() {
  const { api, services } = await realApi();
  const db = await openDatabase(new HoldspaceDb('holdspace', { indexedDB: new IDBFactory(), IDBKeyRange }));
  close.push(
    () => db.close(),
    () => services.vault.lock('test'),
  );
  return { api, db };
}

describe('record payload versions', () => {
  it('open a version 1 payload under version 2 through the upgrade step, and seal it at version 2 on the next save', async () => {
    const { api, db } = await setUp();
    await createRepositories(db, api).clients.save([jane], 'create');
    expect((await db.clients.get(jane.id))?.v).toBe(1);

    const upgrade = vi.fn(fromV1);
    const v2 = new Repository(db, api, clientsV2(upgrade));
    const opened = await v2.get(jane.id);
    expect(opened !== undefined && !isUnreadable(opened) && opened.emergencyContact).toEqual({ name: 'Sam Smith', phone: '' });
    expect(upgrade).toHaveBeenCalledWith(1, expect.objectContaining({ emergencyContact: 'Sam Smith' }));
    // Opening changes nothing on disk: the row is still version 1 until it is saved.
    expect((await db.clients.get(jane.id))?.v).toBe(1);

    const edited = { ...(opened as ClientV2), emergencyContact: { name: 'Sam Smith', phone: '07700 900123' } };
    await v2.save([edited], 'update');
    expect((await db.clients.get(jane.id))?.v).toBe(2);

    // A fresh page opens it at version 2 as it is: no upgrade runs.
    const again = vi.fn(fromV1);
    const reader = new Repository(db, api, clientsV2(again));
    expect(await reader.get(jane.id)).toEqual(edited);
    expect(again).not.toHaveBeenCalled();
  });

  it('report a payload from a newer version, or an older one with no way up, as unreadable and leave it alone', async () => {
    const { api, db } = await setUp();
    await createRepositories(db, api).clients.save([jane], 'create');
    // A newer Holdspace (2) saved a record whose payload would even parse as version 1: it is still not guessed at.
    const newer = { ...RECORD_SPECS.clients, schemaVersion: 2 } as RepositorySpec<Client>;
    await new Repository(db, api, newer).save([{ ...jane, id: 'client-two', name: 'Two' }], 'create');

    // This version (1) meets it.
    const { records, unreadable } = await createRepositories(db, api).clients.all();
    expect(records.map((c) => c.id)).toEqual([jane.id]);
    expect(unreadable).toEqual([{ kind: 'unreadable', id: 'client-two', reason: 'newer' }]);

    // A version 2 spec with no upgrade step meets a version 1 payload.
    const noWayUp = await new Repository(db, api, clientsV2(undefined)).get(jane.id);
    expect(noWayUp).toEqual({ kind: 'unreadable', id: jane.id, reason: 'invalid' });
    expect((await db.clients.get(jane.id))?.v).toBe(1);
  });

  it('cannot be skipped by rewriting the clear version: the version is bound into the sealed envelope', async () => {
    const { api, db } = await setUp();
    await createRepositories(db, api).clients.save([jane], 'create');
    await db.clients.update(jane.id, { v: 2 });
    const upgrade = vi.fn(fromV1);
    expect(await new Repository(db, api, clientsV2(upgrade)).get(jane.id)).toEqual({
      kind: 'unreadable',
      id: jane.id,
      reason: 'tampered',
    });
    expect(upgrade).not.toHaveBeenCalled();
  });
});
