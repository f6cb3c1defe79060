import { useEffect, useState } from 'react';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';
import type { Repositories } from '../data/repositories';

export interface AsyncLoad<T> {
  data: T | undefined;
  loading: boolean;
  error: string;
}

/**
 * Like useRecords, for a screen that derives its own shape from several repositories. Reloads
 * after any write (the session revision) and whenever `deps` change; the previous result stays on
 * screen while the next loads, so changing week does not flash an empty dashboard.
 */
export function useAsyncLoad<T>(load: (repos: Repositories) => Promise<T>, deps: readonly unknown[]): AsyncLoad<T> {
  const { revision } = useSession();
  const [state, setState] = useState<AsyncLoad<T>>({ data: undefined, loading: true, error: '' });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load(repositories()).then(
      (data) => live && setState({ data, loading: false, error: '' }),
      (e: unknown) => live && setState((s) => ({ ...s, loading: false, error: messageOf(e) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass their own deps
  }, [revision, ...deps]);
  return state;
}
