/**
 * The note and draft ids on disk, read a range at a time. Ids are random letters and digits
 * (shared/ids.ts), so each range between these cuts holds about a twelfth of them; the first and
 * last ranges are open, so an id of any form is read (or counted) once.
 *
 * IndexedDB answers one request at a time: reading ten years of note ids in one request (about
 * half a second at scale 1) held up every other read of the page for as long, a calendar week
 * among them. In twelve requests, other reads go between them (a week read beside it took 30 ms
 * instead of 480 ms), while one read transaction keeps the ids those of one moment.
 */
import { requestResult } from '../../data/idb-request';

export const ID_SPLITS = ['3', '6', '9', 'c', 'f', 'i', 'l', 'o', 'r', 'u', 'x'];

/** The ranges between the cuts, each [lower, upper), the first and last open at one end. */
export function idRanges(KeyRange: typeof IDBKeyRange): IDBKeyRange[] {
  return Array.from({ length: ID_SPLITS.length + 1 }, (_, i) => {
    const lower = ID_SPLITS[i - 1];
    const upper = ID_SPLITS[i];
    if (lower === undefined) return KeyRange.upperBound(upper, true);
    if (upper === undefined) return KeyRange.lowerBound(lower);
    return KeyRange.bound(lower, upper, false, true);
  });
}

/** Every note and draft id on disk, in one read transaction, a range of ids per request. */
export async function readIdsOnDisk(
  db: IDBDatabase,
  KeyRange: typeof IDBKeyRange = IDBKeyRange,
): Promise<{ notes: string[]; drafts: string[] }> {
  const tx = db.transaction(['notes', 'drafts']);
  const idsOf = async (store: 'notes' | 'drafts'): Promise<string[]> => {
    const ids: string[] = [];
    // One request after another: each is made as the last one is answered, so the transaction stays open.
    for (const range of idRanges(KeyRange)) {
      for (const key of await requestResult(tx.objectStore(store).getAllKeys(range))) ids.push(String(key));
    }
    return ids;
  };
  const notes = await idsOf('notes');
  const drafts = await idsOf('drafts');
  return { notes, drafts };
}
