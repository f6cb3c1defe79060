/**
 * Calendar export and import: the renderer's side. Export opens the appointments of a date
 * range and their series, plans the events (shared/transfer/ics.ts decides what each one
 * says) and hands them to main, which formats and saves the file where the clinician chooses.
 */
import type { Appointment, Series } from '../../../shared/records';
import type { IcsNameDetail } from '../../../shared/transfer/ics';
import { planIcsExport } from '../../../shared/transfer/ics-plan';
import { api, unwrap } from '../app/api';
import { MAX_APPOINTMENT_MS } from '../calendar/booking';
import { repositories } from '../data/repositories';

export interface CalendarExportChoice {
  from: number;
  to: number;
  detail: IcsNameDetail;
  timeZone: string;
  suggestedName: string;
}

export async function exportCalendar(
  choice: CalendarExportChoice,
): Promise<{ saved: boolean; fileName?: string; events: number }> {
  const repos = repositories();
  const opened = await repos.appointments.query((t) =>
    t.where('start').between(choice.from - MAX_APPOINTMENT_MS, choice.to, true, false),
  );
  const appointments: Appointment[] = opened.records.filter((a) => a.end > choice.from && a.start < choice.to);
  const seriesIds = [...new Set(appointments.flatMap((a) => (a.seriesId ? [a.seriesId] : [])))];
  const series: Series[] = (await repos.series.byIds(seriesIds)).records;
  const needsClients = choice.detail !== 'none';
  const [clients, groups] = await Promise.all([
    needsClients ? repos.clients.all() : Promise.resolve({ records: [] }),
    repos.groups.all(),
  ]);
  const clientNames = new Map(clients.records.map((c) => [c.id, c.name] as const));
  const groupNames = new Map(groups.records.map((g) => [g.id, g.name] as const));
  const request = planIcsExport({
    range: { from: choice.from, to: choice.to },
    timeZone: choice.timeZone,
    detail: choice.detail,
    appointments,
    series,
    clientName: (id) => clientNames.get(id),
    groupName: (id) => groupNames.get(id),
  });
  if (request.events.length === 0) return { saved: false, events: 0 };
  const result = await unwrap(
    api().export.ics({
      request,
      suggestedName: choice.suggestedName,
      audit: {
        kind: 'calendar',
        recordIds: [...new Set([...appointments.filter((a) => !a.seriesId).map((a) => a.id), ...seriesIds])].slice(0, 5_000),
      },
    }),
  );
  return { ...result, events: request.events.length };
}
