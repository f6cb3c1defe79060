/**
 * "Export all records": opens every record, writes the CSVs and README (built in
 * shared/transfer/records-export.ts) and one notes PDF per client plus each signed
 * agreement (planned in records-plan.ts), through main, into a new folder the clinician
 * chose after giving their passphrase again. Drafts are included (marked as drafts in the
 * PDF): a records request covers everything kept. Each client's PDF opens with their
 * outcome measures.
 */
import { displayFormat } from '../../../shared/locale/format';
import { recordsReadme } from '../../../shared/transfer/records-export';
import type { Settings } from '../../../shared/settings';
import { api, unwrap } from '../app/api';
import { repositories } from '../data/repositories';
import { isoDay, mergeNotes } from '../notes/note-model';
import { planRecordsExport } from './records-plan';

export interface RecordsExportProgress {
  done: number;
  total: number;
}

export async function exportAllRecords(
  passphrase: string,
  settings: Settings,
  onProgress: (p: RecordsExportProgress) => void,
): Promise<{ chosen: false } | { chosen: true; folder: string; files: number; unreadable: number; unprintable: string[] }> {
  const tz = settings.timeZone;
  const today = isoDay(Date.now(), tz);
  const begun = await unwrap(api().records.begin({ passphrase, folderName: `Holdspace records ${today}` }));
  if (!begun.token) return { chosen: false };
  const token = begun.token;
  const repos = repositories();
  const [clients, groups, memberships, appointments, attendance, measures, notes, drafts, agreements, signatures] =
    await Promise.all([
      repos.clients.all(),
      repos.groups.all(),
      repos.memberships.all(),
      repos.appointments.all(),
      repos.attendance.all(),
      repos.measures.all(),
      repos.notes.all(),
      repos.drafts.all(),
      repos.agreements.all(),
      repos.signatures.all(),
    ]);
  const unreadable = [
    clients,
    groups,
    memberships,
    appointments,
    attendance,
    measures,
    notes,
    drafts,
    agreements,
    signatures,
  ].reduce((n, o) => n + o.unreadable.length, 0);
  const records = {
    clients: clients.records,
    groups: groups.records,
    memberships: memberships.records,
    appointments: appointments.records,
    attendance: attendance.records,
    measures: measures.records,
  };
  // Dates in each PDF as the clinician sees them on screen (Settings → date and time format).
  const plan = planRecordsExport(
    {
      ...records,
      notes: mergeNotes(notes.records, drafts.records),
      agreements: agreements.records,
      signatures: signatures.records,
    },
    { timeZone: tz, today, paperSize: settings.paperSize, format: displayFormat() },
  );
  const csvFiles = Object.entries(plan.csvFiles);
  const total = csvFiles.length + 1 + plan.clientPdfs.length + plan.agreementPdfs.length;
  let done = 0;
  const step = () => onProgress({ done: ++done, total });

  for (const [name, text] of csvFiles) {
    await unwrap(api().records.file({ token, name, text }));
    step();
  }
  for (const pdf of plan.clientPdfs) {
    await unwrap(api().records.notesPdf({ token, name: pdf.name, request: pdf.request() }));
    step();
  }
  for (const pdf of plan.agreementPdfs) {
    await unwrap(api().records.agreementPdf({ token, name: pdf.name, request: pdf.request() }));
    step();
  }
  const counts = Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.length]));
  const readme = recordsReadme({
    exportedAt: today,
    timeZone: tz,
    counts,
    pdfs: plan.clientPdfs.length + plan.agreementPdfs.length,
  });
  await unwrap(api().records.file({ token, name: 'README.txt', text: readme }));
  step();
  const finished = await unwrap(api().records.finish({ token }));
  return { chosen: true, folder: finished.folder, files: finished.files, unreadable, unprintable: finished.unprintable ?? [] };
}
