/**
 * The note search index, off the page's thread: loading ten years of segments and searching
 * them never blocks typing or scrolling. It holds decrypted text in this worker's memory only;
 * locking reloads the page, which ends the worker with it.
 */
import { requestResult as request } from '../../data/idb-request';
import { DB_NAME } from '../../data/schema';
import { readIdsOnDisk } from './id-ranges';
import { createIndexHandler } from './index-handler';
import type { FromWorker, ToWorker } from './protocol';

/** The note and draft ids, read here so tens of thousands of them never cross the page's thread. */
async function idsOnDisk(): Promise<{ notes: string[]; drafts: string[] }> {
  // The page created and upgraded the database long before a search: open it as it is. The page
  // names the database holding the records (a restore writes a new one) as the worker's name.
  const open = indexedDB.open(self.name || DB_NAME);
  open.onupgradeneeded = () => open.transaction?.abort();
  const db = await request(open);
  // Never hold up an upgrade (a newer Holdspace, a restore): let go at once.
  db.onversionchange = () => db.close();
  try {
    return await readIdsOnDisk(db);
  } finally {
    db.close();
  }
}

const handle = createIndexHandler((message: FromWorker) => (self as unknown as Worker).postMessage(message), idsOnDisk);
self.onmessage = (event: MessageEvent<ToWorker>) => handle(event.data);
