/**
 * Client import's writes: all the clients of one import in one transaction, and its undo,
 * which removes exactly those clients, and only while nothing else refers to them yet.
 */
import type { Client } from '../../../shared/records';
import { database } from '../data/db';
import { repositories } from '../data/repositories';
import { batch, removeTogether, writeTogether } from './write-records';

export async function importClients(clients: readonly Client[]): Promise<void> {
  await writeTogether([batch(repositories().clients, clients)]);
}

export class UndoRefused extends Error {}

/** Tables whose rows name a client by id (all indexed on clientId). */
const REFERRING = ['appointments', 'series', 'memberships', 'notes', 'attendance', 'signatures', 'measures'] as const;

export async function undoClientImport(clients: readonly Client[]): Promise<void> {
  const ids = clients.map((c) => c.id);
  const db = database();
  for (const table of REFERRING) {
    if ((await db[table].where('clientId').anyOf(ids).count()) > 0) {
      throw new UndoRefused(
        'Some of the imported clients already have sessions, groups, notes or measures, so this import can no longer be undone. Archive any you do not need instead.',
      );
    }
  }
  await removeTogether([batch(repositories().clients, clients)]);
}
