/**
 * The Notes screen's backlog: shown at once from the backlog kept at its last full check (each
 * session in it, and every one since, checked on its own), then, once per unlock, worked out in
 * full from every past session in the background. The full check waits for the search index to
 * load (or 15 seconds), so the two do not compete for the disk while the clinician searches.
 */
import { useEffect, useState } from 'react';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';
import { checkBacklogInFull, loadCurrentBacklog } from './backlog-data';
import type { BacklogInputs } from './backlog-data';
import { noteSearchService } from './search/search-service';

export interface NoteBacklogState {
  data?: { inputs: BacklogInputs; now: number };
  error: string;
}

/** Whether this page (this unlock: locking reloads it) has worked the backlog out in full. */
let checkedInFull = false;

const FULL_CHECK_WAIT_MS = 15_000;

function searchSettled(): Promise<void> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(done, FULL_CHECK_WAIT_MS);
    // The listener hears the current progress at once: done runs after this returns.
    const unsubscribe = noteSearchService().subscribe((p) => {
      if (p.complete || p.error !== '') queueMicrotask(done);
    });
    function done(): void {
      window.clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

export function useNoteBacklog(): NoteBacklogState {
  const { revision } = useSession();
  const [state, setState] = useState<NoteBacklogState>({ error: '' });
  useEffect(() => {
    let live = true;
    const repos = repositories();
    void (async () => {
      try {
        const now = Date.now();
        const inputs = await loadCurrentBacklog(repos, now);
        if (!live) return;
        setState({ data: { inputs, now }, error: '' });
        if (checkedInFull) return;
        await searchSettled();
        if (!live || checkedInFull) return;
        checkedInFull = true;
        const at = Date.now();
        const full = await checkBacklogInFull(repos, at);
        if (live) setState({ data: { inputs: full, now: at }, error: '' });
      } catch (e) {
        if (live) setState((s) => ({ ...s, error: messageOf(e) }));
      }
    })();
    return () => {
      live = false;
    };
  }, [revision]);
  return state;
}
