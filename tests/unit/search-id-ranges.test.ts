import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { idRanges, readIdsOnDisk } from '../../renderer/src/notes/search/id-ranges';
import { newId } from '../../shared/ids';

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open('ids', 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('notes', { keyPath: 'id' });
      request.result.createObjectStore('drafts', { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function put(db: IDBDatabase, store: string, ids: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    for (const id of ids) tx.objectStore(store).put({ id, text: 'sealed' });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

describe('the note ids on disk, read a range at a time', () => {
  it('gives every id once, whatever its form, on and around each cut', async () => {
    const db = await open(new IDBFactory());
    // Ids of the app's own form, and others: on each cut, just below and above it, empty, capitals, accents.
    const odd = ['', '0', '2zzzz', '3', '30', '5~', '6', 'bzz', 'c', 'x', 'xa', 'zzzz', 'A', 'Z', 'é', '-', '~~'];
    const notes = [...odd, ...Array.from({ length: 2_000 }, () => newId())];
    const drafts = ['3', 'x', ...Array.from({ length: 50 }, () => newId())];
    await put(db, 'notes', notes);
    await put(db, 'drafts', drafts);
    const read = await readIdsOnDisk(db, IDBKeyRange);
    expect(read.notes).toHaveLength(notes.length);
    expect([...read.notes].sort()).toEqual([...notes].sort());
    expect([...read.drafts].sort()).toEqual([...drafts].sort());
    expect(idRanges(IDBKeyRange)).toHaveLength(12);
    db.close();
  });
});
