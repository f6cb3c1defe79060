import { useEffect, useMemo, useState } from 'react';
import type { Appointment, Client, Group } from '../../../shared/records';
import { useSession } from '../app/session';
import { messageOf } from '../app/api';
import { repositories } from '../data/repositories';
import type { Unreadable } from '../data/repository';
import { MAX_APPOINTMENT_MS } from './booking';
import { PeriodCache } from './period-cache';
import type { Span } from './period-cache';

export interface CalendarData {
  appointments: Appointment[];
  unreadable: Unreadable[];
  clients: Map<string, Client>;
  groups: Map<string, Group>;
  loading: boolean;
  error: string;
  /** The neighbouring periods' appointments, once read ahead. */
  readAhead: Appointment[][];
  /** The same, one entry for each neighbouring period asked for (undefined until it is read). */
  neighbourAppointments: (Appointment[] | undefined)[];
}

interface Period {
  appointments: Appointment[];
  unreadable: Unreadable[];
}

/** Periods kept opened: the one shown, its neighbours and a few just left. */
const KEEP = 8;
const EMPTY: Period = { appointments: [], unreadable: [] };
/** How long after a period is shown its neighbours start to be read. */
const READ_AHEAD_AFTER_MS = 30;

function loadPeriod({ from, to }: Span): Promise<Period> {
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
 * the clinician looks at this one (period-cache.ts), so "Previous week" / "Next week" usually
 * renders the new week in the same frame as the click, with no loading state. `readAhead` holds
 * the neighbours read so far, so the caller can prepare what it derives from them.
 */
export function useCalendarData(from: number, to: number, neighbours: readonly Span[] = []): CalendarData {
  const { revision } = useSession();
  const [cache] = useState(() => new PeriodCache<Period>(loadPeriod, KEEP));
  const [people, setPeople] = useState<{ clients: Client[]; groups: Group[] }>({ clients: [], groups: [] });
  // Bumped when a period arrives, to render it.
  const [arrivals, setArrivals] = useState(0);
  const [failed, setFailed] = useState<{ key: string; error: string } | null>(null);
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
    let timer: number | undefined;
    let abandon = (): void => undefined;
    const arrived = (): void => {
      if (live) setArrivals((n) => n + 1);
    };
    const readAhead = (): void => {
      timer = window.setTimeout(() => {
        abandon = cache.readAhead(revision, neighbours, arrived);
      }, READ_AHEAD_AFTER_MS);
    };
    // Kept already: it is on screen from this render on, so only the neighbours are read.
    const kept = cache.get(revision, { from, to }) !== undefined;
    cache.read(revision, { from, to }).then(
      () => {
        if (!live) return;
        if (!kept) arrived();
        readAhead();
      },
      (e: unknown) => live && setFailed({ key, error: messageOf(e) }),
    );
    return () => {
      live = false;
      window.clearTimeout(timer);
      abandon();
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- the neighbours follow from the period

  const clients = useMemo(() => new Map(people.clients.map((c) => [c.id, c])), [people.clients]);
  const groups = useMemo(() => new Map(people.groups.map((g) => [g.id, g])), [people.groups]);
  const neighbourAppointments = useMemo(
    () => neighbours.map((span) => cache.get(revision, span)?.appointments),
    // `arrivals`: a neighbour has just been read.
    [cache, revision, neighbours, arrivals], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const readAhead = useMemo(
    () => neighbourAppointments.filter((a): a is Appointment[] => a !== undefined),
    [neighbourAppointments],
  );
  const fresh = cache.get(revision, { from, to });
  const error = failed?.key === key ? failed.error : '';
  // After a change (a new revision) the period on screen stays up while it is read again, so the
  // grid neither flashes empty nor loses the focus.
  const period = fresh ?? cache.latest({ from, to }) ?? EMPTY;
  return {
    appointments: period.appointments,
    unreadable: period.unreadable,
    loading: fresh === undefined && error === '',
    error,
    clients,
    groups,
    readAhead,
    neighbourAppointments,
  };
}
