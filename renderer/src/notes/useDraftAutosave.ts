/**
 * Autosave for a note draft. The draft is sealed and written a moment after typing stops,
 * at least every couple of seconds during continuous typing (so a crash loses at most the
 * last two seconds), when focus leaves a field, before the vault locks, and when the editor
 * closes. Writes are serialised: a slow save is never overtaken by an older one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Note } from '../../../shared/records';
import { registerFlusher } from '../app/lock';
import { repositories } from '../data/repositories';

/** 'new': nothing typed yet, so nothing is stored (an untouched draft is never written). */
export type SaveStatus = 'new' | 'saved' | 'saving' | 'unsaved';

export const SAVE_STATUS_TEXT: Record<SaveStatus, string> = {
  new: 'New draft',
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Not saved',
};

/** Quiet time after the last keystroke before saving. */
export const IDLE_SAVE_MS = 800;
/** Longest a keystroke waits while typing continues. */
export const MAX_SAVE_WAIT_MS = 2_000;

export interface DraftAutosave {
  note: Note;
  status: SaveStatus;
  /** The last save failed; the text is still on screen and will be retried on the next change or blur. */
  failed: boolean;
  update: (next: Note) => void;
  /** Saves now if anything is unsaved; resolves true once everything is saved. */
  flush: () => Promise<boolean>;
}

export function useDraftAutosave(
  initial: Note,
  { persisted, isMounted }: { persisted: boolean; isMounted: () => boolean },
): DraftAutosave {
  const [note, setNote] = useState(initial);
  const [status, setStatus] = useState<SaveStatus>(persisted ? 'saved' : 'new');
  const [failed, setFailed] = useState(false);
  const latest = useRef(initial);
  // The note object last written; unsaved whenever `latest` is a different object.
  const saved = useRef<Note>(initial);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const idleTimer = useRef<number | undefined>(undefined);
  // On the page's monotonic clock (performance.now): a wall clock set back must not hold saves off.
  const firstUnsavedAt = useRef<number | undefined>(undefined);
  // A save is asked for and has not started: it will take whatever is typed until it starts.
  const queued = useRef(false);
  // Whether the last save attempt failed (a flush also returns false when typing went on meanwhile).
  const lastSaveFailed = useRef(false);

  const flush = useCallback((): Promise<boolean> => {
    window.clearTimeout(idleTimer.current);
    idleTimer.current = undefined;
    queued.current = true;
    chain.current = chain.current.then(async () => {
      queued.current = false;
      const target = latest.current;
      if (saved.current === target) return true;
      // What is typed from here on is this save's to miss: its two seconds count from its first
      // keystroke. (Counted from the change before, every keystroke once a save had taken place
      // during typing started another save at once, one per keystroke while typing went on.)
      firstUnsavedAt.current = undefined;
      setStatus('saving');
      try {
        await repositories().drafts.save([target]);
        saved.current = target;
        lastSaveFailed.current = false;
        setFailed(false);
        setStatus(latest.current === target ? 'saved' : 'unsaved');
        return latest.current === target;
      } catch {
        // Tried again a moment after typing stops, or two seconds on while it goes on (not at
        // every keystroke while the disk is full), and on blur and before a lock as ever.
        firstUnsavedAt.current = performance.now();
        lastSaveFailed.current = true;
        setFailed(true);
        setStatus('unsaved');
        return false;
      }
    });
    return chain.current;
  }, []);

  const update = useCallback(
    (next: Note) => {
      latest.current = next;
      setNote(next);
      setStatus('unsaved');
      // The save already asked for takes this keystroke too: no timer of its own.
      if (queued.current) return;
      const now = performance.now();
      firstUnsavedAt.current ??= now;
      window.clearTimeout(idleTimer.current);
      const waitedSoFar = now - firstUnsavedAt.current;
      idleTimer.current = window.setTimeout(
        () => void flush(),
        Math.max(0, Math.min(IDLE_SAVE_MS, MAX_SAVE_WAIT_MS - waitedSoFar)),
      );
    },
    [flush],
  );

  useEffect(() => {
    // Before a lock: save until what is on screen is saved, or a save fails (text typed while one
    // was running makes it return false without anything having failed).
    const unregister = registerFlusher(async () => {
      for (let tries = 0; tries < 5; tries++) {
        if (await flush()) return true;
        if (lastSaveFailed.current) return false;
      }
      return saved.current === latest.current;
    });
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      // Locking empties the page before it reloads; never hold that reload back, since it is
      // what drops the decrypted text (the lock already flushed the draft).
      if (!isMounted()) return;
      if (saved.current === latest.current) return;
      void flush();
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      unregister();
      window.removeEventListener('beforeunload', onBeforeUnload);
      // Closing the editor or switching screens saves what was typed; nothing is dropped silently.
      void flush();
    };
  }, [flush, isMounted]);

  return { note, status, failed, update, flush };
}
