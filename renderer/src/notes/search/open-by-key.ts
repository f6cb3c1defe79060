import type { NoteKey } from '../../../../shared/notes/search-index';
import { splitKey } from '../../../../shared/notes/search-index';
import type { Note } from '../../../../shared/records';
import { repositories } from '../../data/repositories';

/** Opens the notes and drafts a page of search results shows (already opened ones come from memory). */
export async function openNotesByKey(keys: readonly NoteKey[]): Promise<Map<NoteKey, Note>> {
  const byTable = { notes: [] as string[], drafts: [] as string[] };
  for (const key of keys) {
    const { table, id } = splitKey(key);
    byTable[table].push(id);
  }
  const out = new Map<NoteKey, Note>();
  for (const table of ['notes', 'drafts'] as const) {
    if (byTable[table].length === 0) continue;
    const { records } = await repositories()[table].byIds(byTable[table]);
    for (const note of records) out.set(`${table}:${note.id}`, note);
  }
  return out;
}
