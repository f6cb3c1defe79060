import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { messageOf } from '../app/api';
import { repositories } from './repositories';
import type { Repositories } from './repositories';
import type { Opened, Repository, Unreadable } from './repository';

export interface LoadState<T> {
  /** The last result; kept on screen while the next one loads, so a change of week does not flash empty. */
  data: T | undefined;
  /** True until the first result (or error) arrives; a reload keeps the previous result showing instead. */
  loading: boolean;
  /** The last load's failure, in words a clinician understands; cleared by the next success. */
  error: string;
  reload: () => void;
}

/**
 * The one way a screen loads from the repositories: runs `load` on mount, whenever `deps` change,
 * after any write (the session revision) and on `reload()`. An answer that arrives after the
 * screen moved on (unmounted, or asked again) is dropped, and `signal` is aborted then, so a load
 * that works in steps (a long timeline) can stop rather than go on reading for a screen no one sees.
 */
export function useLoad<T>(
  load: (repos: Repositories, signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[] = [],
): LoadState<T> {
  const { revision } = useSession();
  const [state, setState] = useState<Omit<LoadState<T>, 'reload'>>({ data: undefined, loading: true, error: '' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    const moved = new AbortController();
    load(repositories(), moved.signal).then(
      (data) => live && setState({ data, loading: false, error: '' }),
      (e: unknown) => live && setState((s) => ({ ...s, loading: false, error: messageOf(e) })),
    );
    return () => {
      live = false;
      moved.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass their own deps
  }, [revision, tick, ...deps]);
  return { ...state, reload };
}

export interface RecordsState<T> {
  records: T[];
  unreadable: Unreadable[];
  loading: boolean;
  error: string;
  reload: () => void;
}

// The same empty lists every render before the first answer, so memos and effects on them hold still.
const NO_RECORDS: never[] = [];
const NO_UNREADABLE: Unreadable[] = [];

/** `useLoad` for opened records: the records and the rows that could not be opened. */
export function useRecords<T extends { id: string }>(
  load: (repos: Repositories, signal: AbortSignal) => Promise<Opened<T>>,
  deps: readonly unknown[] = [],
): RecordsState<T> {
  const { data, loading, error, reload } = useLoad(load, deps);
  return { records: data?.records ?? NO_RECORDS, unreadable: data?.unreadable ?? NO_UNREADABLE, loading, error, reload };
}

export const allOf =
  <T extends { id: string }>(pick: (r: Repositories) => Repository<T>) =>
  (repos: Repositories): Promise<Opened<T>> =>
    pick(repos).all();
