/**
 * "Export all records": opens every record, writes the CSVs and README (built in
 * shared/transfer/records-export.ts) and one notes PDF per client plus each signed
 * agreement, through main, into a new folder the clinician chose after giving their
 * passphrase again. Drafts are included (marked as drafts in the PDF): a records request
 * covers everything kept.
 */
import type { Note } from '../../../shared/records';
import { attendeeSectionFor, groupNoteForMember } from '../../../shared/notes/privacy';
import { agreementPdfName, clientPdfName, recordsCsvFiles, recordsReadme } from '../../../shared/transfer/records-export';
import type { Settings } from '../../../shared/settings';
import { api, unwrap } from '../app/api';
import { repositories } from '../data/repositories';
import { agreementPdfRequest } from '../groups/agreement-view';
import { isoDay, mergeNotes, pdfNoteOf } from '../notes/note-model';

export interface RecordsExportProgress {
  done: number;
  total: number;
}

export async function exportAllRecords(
  passphrase: string,
  settings: Settings,
  onProgress: (p: RecordsExportProgress) => void,
): Promise<{ chosen: false } | { chosen: true; folder: string; files: number; unreadable: number }> {
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
  const allNotes = mergeNotes(notes.records, drafts.records);
  const groupById = new Map(groups.records.map((g) => [g.id, g] as const));
  const versionById = new Map(agreements.records.map((a) => [a.id, a] as const));
  const names = new Map(clients.records.map((c) => [c.id, c.name] as const));
  const agreementFiles = signatures.records.filter(
    (s) => versionById.has(s.agreementId) && groupById.has(s.groupId) && names.has(s.clientId),
  );
  const total = 7 + clients.records.length + agreementFiles.length;
  let done = 0;
  const step = () => onProgress({ done: ++done, total });

  for (const [name, text] of Object.entries(recordsCsvFiles(records, tz))) {
    await unwrap(api().records.file({ token, name, text }));
    step();
  }
  for (const client of clients.records) {
    const own: Note[] = allNotes
      .filter((n) => n.clientId === client.id || (n.groupId !== undefined && attendeeSectionFor(n, client.id) !== undefined))
      .map((n) => (n.clientId === client.id ? n : groupNoteForMember(n, client.id)))
      .sort((a, b) => a.sessionAt - b.sessionAt);
    await unwrap(
      api().records.notesPdf({
        token,
        name: clientPdfName(client.id),
        request: {
          paperSize: settings.paperSize,
          timeZone: tz,
          title: `Clinical record: ${client.name}`,
          generatedOn: today,
          notes: own.map((n) => pdfNoteOf(n, { names, forClientId: client.id })),
        },
      }),
    );
    step();
  }
  for (const signature of agreementFiles) {
    const version = versionById.get(signature.agreementId)!;
    await unwrap(
      api().records.agreementPdf({
        token,
        name: agreementPdfName(signature.clientId, signature.groupId, version.version),
        request: agreementPdfRequest({
          group: groupById.get(signature.groupId)!,
          version,
          members: [{ clientId: signature.clientId, name: names.get(signature.clientId)! }],
          signatures: [signature],
          paperSize: settings.paperSize,
          generatedOn: today,
        }),
      }),
    );
    step();
  }
  const counts = Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.length]));
  const readme = recordsReadme({ exportedAt: today, timeZone: tz, counts, pdfs: clients.records.length + agreementFiles.length });
  await unwrap(api().records.file({ token, name: 'README.txt', text: readme }));
  step();
  const finished = await unwrap(api().records.finish({ token }));
  return { chosen: true, folder: finished.folder, files: finished.files, unreadable };
}
