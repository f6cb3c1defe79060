/**
 * Which session each signed note belongs to, kept in a small clear store (`noteLinks`) keyed by
 * [appointmentId + noteId]: the note backlog reads every key in one request instead of walking
 * the notes' appointmentId index one cursor step per note (seconds with ten years of notes).
 *
 * It holds nothing that is not already in clear: both ids are random and stored beside each note
 * (its `id` and `appointmentId` index fields), and only signed notes have a row, as the notes'
 * `status` field already tells. A note not linked to a session has appointmentId ''.
 *
 * The rows are written in the note's own transaction (see the notes repository), replaced with
 * the notes by a restore, and checked against the notes at each read (one count each): if they
 * disagree (a database from before this store, or rows written by other means), they are built
 * again from the notes' clear index fields.
 */
import Dexie from 'dexie';
import type { HoldspaceDb, NoteLink, SealedRow } from './db';
import { requestResult } from './idb-request';

export const NOTE_LINKS_TABLE = 'noteLinks';

/** The link row of a note's clear fields, or undefined when it is not signed. */
export function linkOf(row: Pick<SealedRow, 'id'> & { [field: string]: unknown }): NoteLink | undefined {
  if (row.status !== 'signed') return undefined;
  const appointmentId = typeof row.appointmentId === 'string' ? row.appointmentId : '';
  return { appointmentId, noteId: row.id };
}

/**
 * Inside a readwrite transaction over notes and noteLinks: the link rows of these note rows
 * replace whatever their notes had before (a note's link can change while it is a draft only,
 * but nothing relies on that).
 */
export async function writeLinks(db: HoldspaceDb, rows: readonly SealedRow[]): Promise<void> {
  const links = db.noteLinks;
  await links
    .where('noteId')
    .anyOf(rows.map((r) => r.id))
    .delete();
  const fresh = rows.map(linkOf).filter((l): l is NoteLink => l !== undefined);
  if (fresh.length > 0) await links.bulkPut(fresh);
}

/** Builds every link row again from the notes' index fields (no note is read or opened). */
async function rebuild(db: HoldspaceDb): Promise<void> {
  await db.transaction('rw', [db.notes, db.noteLinks], async () => {
    const [pairs, signedIds, allIds] = await Promise.all([
      (async () => {
        const out: [string, string][] = [];
        await db.notes.orderBy('appointmentId').eachKey((key, cursor) => {
          out.push([String(key), String(cursor.primaryKey)]);
        });
        return out;
      })(),
      db.notes.where('status').equals('signed').primaryKeys(),
      db.notes.toCollection().primaryKeys(),
    ]);
    const signed = new Set(signedIds);
    const linked = new Set(pairs.map(([, id]) => id));
    await db.noteLinks.clear();
    await db.noteLinks.bulkPut([
      ...pairs.filter(([, id]) => signed.has(id)).map(([appointmentId, noteId]) => ({ appointmentId, noteId })),
      ...allIds.filter((id) => signed.has(id) && !linked.has(id)).map((noteId) => ({ appointmentId: '', noteId })),
    ]);
  });
}

/** Every signed note's link, after checking the store against the notes (and rebuilding it if they disagree). */
export async function signedLinks(db: HoldspaceDb): Promise<NoteLink[]> {
  const read = async () => {
    const [keys, signed] = await db.transaction('r', [db.notes, db.noteLinks], () =>
      Promise.all([db.noteLinks.toCollection().primaryKeys(), db.notes.where('status').equals('signed').count()]),
    );
    return { keys: keys as unknown as [string, string][], signed };
  };
  let { keys, signed } = await read();
  if (keys.length !== signed) {
    await rebuild(db);
    ({ keys, signed } = await read());
  }
  return keys.map(([appointmentId, noteId]) => ({ appointmentId, noteId }));
}

/**
 * The links of the signed notes of these sessions ('' for notes linked to none), each session
 * looked up on its own in one read: for a few hundred sessions, far quicker than reading every
 * link (see notes/backlog-data.ts).
 */
export async function linksOfSessions(db: HoldspaceDb, appointmentIds: readonly string[]): Promise<NoteLink[]> {
  const ids = [...new Set(appointmentIds)];
  if (ids.length === 0) return [];
  // Plain IndexedDB requests in one read transaction: through Dexie, each of a few hundred
  // lookups cost more in its query machinery than in IndexedDB.
  await db.open();
  // The key range constructor of the IndexedDB this database runs on (a test's stand-in included).
  const range = db._options.IDBKeyRange ?? Dexie.dependencies.IDBKeyRange;
  const store = db.backendDB().transaction(NOTE_LINKS_TABLE, 'readonly').objectStore(NOTE_LINKS_TABLE);
  const keys = await Promise.all(
    ids.map((id) => requestResult(store.getAllKeys(range.bound([id, Dexie.minKey], [id, Dexie.maxKey])))),
  );
  return (keys.flat() as unknown as [string, string][]).map(([appointmentId, noteId]) => ({ appointmentId, noteId }));
}
