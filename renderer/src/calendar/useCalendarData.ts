import { useEffect, useMemo, useState } from 'react';
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

/**
 * The appointments touching [from, to) (one indexed range query, then one batched open)
 * and the names the calendar shows. Names are opened once per revision, not per week.
 */
export function useCalendarData(from: number, to: number): CalendarData {
  const { revision } = useSession();
  const [people, setPeople] = useState<{ clients: Client[]; groups: Group[] }>({ clients: [], groups: [] });
  const [state, setState] = useState<{ appointments: Appointment[]; unreadable: Unreadable[]; loading: boolean; error: string }>({
    appointments: [],
    unreadable: [],
    loading: true,
    error: '',
  });

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
    const span = to - from;
    const load = (a: number, b: number) =>
      repositories().appointments.query((t) => t.where('start').between(a - MAX_APPOINTMENT_MS, b, true, false));
    load(from, to).then(
      (opened) => {
        if (!live) return;
        setState({ appointments: opened.records.filter((a) => a.end > from && a.start < to), unreadable: opened.unreadable, loading: false, error: '' });
        // Open the neighbouring periods while the clinician reads this one: the repository keeps
        // what it opened, so flipping to the next or previous week needs no decryption round trip.
        prefetch = window.setTimeout(() => {
          void load(from - span, from).catch(() => undefined);
          void load(to, to + span).catch(() => undefined);
        }, 50);
      },
      (e: unknown) => live && setState((s) => ({ ...s, loading: false, error: messageOf(e) })),
    );
    return () => {
      live = false;
      window.clearTimeout(prefetch);
    };
  }, [from, to, revision]);

  const clients = useMemo(() => new Map(people.clients.map((c) => [c.id, c])), [people.clients]);
  const groups = useMemo(() => new Map(people.groups.map((g) => [g.id, g])), [people.groups]);
  return { ...state, clients, groups };
}
