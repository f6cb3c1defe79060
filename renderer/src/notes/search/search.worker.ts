/**
 * The note search index, off the page's thread: loading ten years of segments and searching
 * them never blocks typing or scrolling. It holds decrypted text in this worker's memory only;
 * locking reloads the page, which ends the worker with it.
 */
import { createIndexHandler } from './index-handler';
import type { FromWorker, ToWorker } from './protocol';

const handle = createIndexHandler((message: FromWorker) => (self as unknown as Worker).postMessage(message));
self.onmessage = (event: MessageEvent<ToWorker>) => handle(event.data);
