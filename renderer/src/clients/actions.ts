/** The clients' workflows, one function per action the clinician takes (see notes/actions.ts). */
import { newId } from '../../../shared/ids';
import type { Client } from '../../../shared/records';
import type { Deps } from '../data/deps';

/** Creates a client from the form's fields. */
export async function createClient(
  { repos }: Deps,
  fields: Omit<Client, 'id' | 'archived' | 'createdAt' | 'updatedAt'>,
): Promise<Client> {
  const now = Date.now();
  const client: Client = { ...fields, id: newId(), archived: false, createdAt: now, updatedAt: now };
  await repos.clients.save([client], 'create');
  return client;
}

/** Saves edits to a client, archiving (never deleting) and restoring included. */
export async function updateClient({ repos }: Deps, client: Client, patch: Partial<Client>): Promise<void> {
  await repos.clients.save([{ ...client, ...patch, updatedAt: Date.now() }], 'update');
}
