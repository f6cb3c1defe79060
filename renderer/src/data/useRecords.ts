import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { messageOf } from '../app/api';
import { repositories } from './repositories';
import type { Repositories } from './repositories';
import type { Opened, Repository, Unreadable } from './repository';

export interface RecordsState<T> {
  records: T[];
  unreadable: Unreadable[];
  loading: boolean;
  error: string;
  reload: () => void;
}

/**
 * Loads and opens records for a screen, and reloads whenever any write bumps the
 * session revision. `load` picks which rows (all, by index, by ids).
 */
export function useRecords<T extends { id: string }>(
  load: (repos: Repositories) => Promise<Opened<T>>,
  deps: readonly unknown[] = [],
): RecordsState<T> {
  const { revision } = useSession();
  const [state, setState] = useState<Omit<RecordsState<T>, 'reload'>>({ records: [], unreadable: [], loading: true, error: '' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    load(repositories()).then(
      (opened) => live && setState({ ...opened, loading: false, error: '' }),
      (e: unknown) => live && setState((s) => ({ ...s, loading: false, error: messageOf(e) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass their own deps
  }, [revision, tick, ...deps]);
  return { ...state, reload };
}

export const allOf =
  <T extends { id: string }>(pick: (r: Repositories) => Repository<T>) =>
  (repos: Repositories): Promise<Opened<T>> =>
    pick(repos).all();
