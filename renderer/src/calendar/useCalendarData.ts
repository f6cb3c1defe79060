import { useEffect, useMemo, useRef, useState } from 'react';
import type { Appointment, Client, Group } from '../../../shared/records';
import { useSession } from '../app/session';
import { messageOf } from '../app/api';
import { repositories } from '../data/repositories';
import type { Unreadable } from '../data/repository';
import { MAX_APPOINTMENT_MS } from './booking';

export interface CalendarData {
  appointments: Appointment[];
  unreadable: Unreadable[];
  clients: Map<string, Client>;
  groups: Map<string, Group>;
  loading: boolean;
  error: string;
}

interface Period {
  appointments: Appointment[];
  unreadable: Unreadable[];
}

/** Periods kept opened: the one shown, its neighbours and a few just left. */
const KEEP = 8;
const EMPTY: Period = { appointments: [], unreadable: [] };

function loadPeriod(from: number, to: number): Promise<Period> {
  return repositories()
    .appointments.query((t) => t.where('start').between(from - MAX_APPOINTMENT_MS, to, true, false))
    .then((opened) => ({
      appointments: opened.records.filter((a) => a.end > from && a.start < to),
      unreadable: opened.unreadable,
    }));
}

/**
 * The appointments touching [from, to) (one indexed range query, then one batched open)
 * and the names the calendar shows. Names are opened once per revision, not per week.
 *
 * Periods already read in this revision are kept, and the neighbouring periods are read while
 * the clinician looks at this one, so "Previous week" / "Next week" usually renders the new
 * week in the same frame as the click, with no loading state. Any change to the data bumps
 * the revision, which starts a fresh set. `onNeighbour` is told of each neighbouring period
 * read ahead, so the caller can prepare what it derives from it.
 */
export function useCalendarData(
  from: number,
  to: number,
  neighbours: readonly { from: number; to: number }[] = [],
  onNeighbour?: (appointments: Appointment[]) => void,
): CalendarData {
  const { revision } = useSession();
  const neighbourReady = useRef(onNeighbour);
  neighbourReady.current = onNeighbour;
  const [people, setPeople] = useState<{ clients: Client[]; groups: Group[] }>({ clients: [], groups: [] });
  const periods = useRef<{ revision: number; byKey: Map<string, Period> }>({ revision, byKey: new Map() });
  if (periods.current.revision !== revision) periods.current = { revision, byKey: new Map() };
  const [loaded, setLoaded] = useState<{ key: string; period?: Period; error?: string } | null>(null);
  const key = `${revision}:${from}:${to}`;

  useEffect(() => {
    let live = true;
    void Promise.all([repositories().clients.all(), repositories().groups.all()]).then(
      ([c, g]) => live && setPeople({ clients: c.records, groups: g.records }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [revision]);

  useEffect(() => {
    let live = true;
    let prefetch: number | undefined;
    const kept = periods.current;
    const remember = (k: string, period: Period): void => {
      kept.byKey.delete(k);
      kept.byKey.set(k, period);
      while (kept.byKey.size > KEEP) kept.byKey.delete(kept.byKey.keys().next().value!);
    };
    // Open the neighbouring periods while the clinician reads this one.
    const readAhead = (): void => {
      prefetch = window.setTimeout(() => {
        for (const { from: a, to: b } of neighbours) {
          const k = `${kept.revision}:${a}:${b}`;
          if (kept.byKey.has(k)) continue;
          void loadPeriod(a, b).then(
            (p) => {
              // Left behind already (the clinician moved on, or the data changed): keeping it
              // could push out the period now on screen.
              if (!live || periods.current !== kept) return;
              remember(k, p);
              neighbourReady.current?.(p.appointments);
            },
            () => undefined,
          );
        }
      }, 30);
    };
    const hit = kept.byKey.get(key);
    if (hit) {
      remember(key, hit);
      readAhead();
    } else {
      loadPeriod(from, to).then(
        (period) => {
          if (!live) return;
          remember(key, period);
          setLoaded({ key, period });
          readAhead();
        },
        (e: unknown) => live && setLoaded({ key, error: messageOf(e) }),
      );
    }
    return () => {
      live = false;
      window.clearTimeout(prefetch);
    };
  }, [key, from, to]); // eslint-disable-line react-hooks/exhaustive-deps -- the neighbours follow from the period

  const clients = useMemo(() => new Map(people.clients.map((c) => [c.id, c])), [people.clients]);
  const groups = useMemo(() => new Map(people.groups.map((g) => [g.id, g])), [people.groups]);
  const hit = periods.current.byKey.get(key);
  const current = loaded?.key === key ? loaded : undefined;
  // After a change (a new revision) the period on screen stays up while it is read again, so the
  // grid neither flashes empty nor loses the focus.
  const shown = useRef<{ from: number; to: number; period: Period } | null>(null);
  const fresh = hit ?? current?.period;
  if (fresh) shown.current = { from, to, period: fresh };
  const previous = shown.current;
  const period = fresh ?? (previous && previous.from === from && previous.to === to ? previous.period : undefined);
  return {
    appointments: (period ?? EMPTY).appointments,
    unreadable: (period ?? EMPTY).unreadable,
    loading: !fresh && !current?.error,
    error: current?.error ?? '',
    clients,
    groups,
  };
}
