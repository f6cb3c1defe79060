/**
 * The Notes screen's backlog: shown at once from the backlog kept at its last full check (each
 * session in it, and every one since, checked on its own), then, once per unlock, worked out in
 * full from every past session in the background. The full check waits for the search index to
 * load (or 15 seconds), so the two do not compete for the disk while the clinician searches, and
 * reads a little at a time, so the screens opened meanwhile are read in between.
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
/** The full check under way, if any. */
let fullCheck: Promise<{ inputs: BacklogInputs; now: number; revision: number }> | undefined;

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
      let inputs: BacklogInputs;
      const now = Date.now();
      try {
        const current = await loadCurrentBacklog(repos, now);
        if (current.checkedInFull) checkedInFull = true;
        inputs = current;
      } catch (e) {
        if (live) setState((s) => ({ ...s, error: messageOf(e) }));
        return;
      }
      if (!live) return;
      setState({ data: { inputs, now }, error: '' });
      if (checkedInFull) return;
      await searchSettled();
      if (!live || checkedInFull) return;
      try {
        // One check at a time, shared by every screen waiting for it.
        if (fullCheck === undefined) {
          const at = Date.now();
          fullCheck = checkBacklogInFull(repos, at, { background: true })
            .then((result) => ({ inputs: result, now: at, revision }))
            .finally(() => {
              fullCheck = undefined;
            });
        }
        const full = await fullCheck;
        checkedInFull = true;
        // A check begun before a later write may not have read it: the list checked since stays.
        if (live && full.revision === revision) setState({ data: { inputs: full.inputs, now: full.now }, error: '' });
      } catch {
        // The list on screen was checked session by session; the full check runs again at the next visit.
      }
    })();
    return () => {
      live = false;
    };
  }, [revision]);
  return state;
}
