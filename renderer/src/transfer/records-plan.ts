/**
 * "Export all records", the part that needs no IndexedDB or IPC: from opened records, the
 * CSVs, and for each client the notes PDF request (their own notes and their own sections of
 * group notes, drafts marked, and their outcome measures) and each signed agreement's PDF
 * request. The renderer sends these to main one by one (records-export.ts); the bench runs
 * the same plan through main's PDF services in Node.
 */
import type { AgreementPdfRequest, NotesPdfRequest } from '../../../shared/exports';
import type { DisplayFormat } from '../../../shared/locale/format';
import { groupNoteForMember, membersWithSection } from '../../../shared/notes/privacy';
import type { AgreementSignature, AgreementVersion, Measure, Note } from '../../../shared/records';
import type { RecordsForExport } from '../../../shared/transfer/records-export';
import { agreementPdfName, clientPdfName, recordsCsvFiles } from '../../../shared/transfer/records-export';
import { agreementPdfRequest } from '../groups/agreement-view';
import { pdfNoteOf } from '../notes/note-model';

export interface RecordsExportInput extends RecordsForExport {
  /** Signed notes and drafts together (mergeNotes). */
  notes: readonly Note[];
  agreements: readonly AgreementVersion[];
  signatures: readonly AgreementSignature[];
}

export interface RecordsExportOptions {
  timeZone: string;
  /** The export's date, yyyy-mm-dd in the clinician's zone. */
  today: string;
  paperSize: 'A4' | 'Letter';
  format: DisplayFormat;
}

export interface RecordsExportPlan {
  csvFiles: Record<string, string>;
  /** One per client; the request is built when asked for, so a large practice is not held twice. */
  clientPdfs: { name: string; request: () => NotesPdfRequest }[];
  agreementPdfs: { name: string; request: () => AgreementPdfRequest }[];
}

export function planRecordsExport(input: RecordsExportInput, options: RecordsExportOptions): RecordsExportPlan {
  const tz = options.timeZone;
  const groupById = new Map(input.groups.map((g) => [g.id, g] as const));
  const versionById = new Map(input.agreements.map((a) => [a.id, a] as const));
  const names = new Map(input.clients.map((c) => [c.id, c.name] as const));
  const measuresOf = new Map<string, Measure[]>();
  for (const m of input.measures) {
    const list = measuresOf.get(m.clientId);
    if (list) list.push(m);
    else measuresOf.set(m.clientId, [m]);
  }
  const notesOf = new Map<string, Note[]>();
  const file = (clientId: string, note: Note) => {
    const list = notesOf.get(clientId);
    if (list) list.push(note);
    else notesOf.set(clientId, [note]);
  };
  for (const n of input.notes) {
    if (n.clientId !== undefined) file(n.clientId, n);
    if (n.groupId !== undefined) {
      // Filed only where the member's own section holds text, as their timeline shows it.
      for (const clientId of membersWithSection(n)) {
        if (clientId !== n.clientId) file(clientId, groupNoteForMember(n, clientId));
      }
    }
  }
  const { locale, hourCycle } = options.format;
  const signedBefore = new Map<string, number>();
  return {
    csvFiles: recordsCsvFiles(input, tz),
    clientPdfs: input.clients.map((client) => ({
      name: clientPdfName(client.id),
      request: () => ({
        paperSize: options.paperSize,
        timeZone: tz,
        title: `Clinical record: ${client.name}`,
        generatedOn: options.today,
        format: { locale, hourCycle },
        measures: (measuresOf.get(client.id) ?? []).map((m) => ({ kind: m.kind, takenAt: m.takenAt, items: m.items })),
        notes: [...(notesOf.get(client.id) ?? [])]
          .sort((a, b) => a.sessionAt - b.sessionAt)
          .map((n) => pdfNoteOf(n, { names, forClientId: client.id })),
      }),
    })),
    agreementPdfs: input.signatures
      .filter((s) => versionById.has(s.agreementId) && groupById.has(s.groupId) && names.has(s.clientId))
      .sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map((signature) => {
        const version = versionById.get(signature.agreementId)!;
        // A member who signed the same version again (left and rejoined) keeps every copy.
        const key = `${signature.clientId}|${signature.groupId}|${version.version}`;
        const nth = (signedBefore.get(key) ?? 0) + 1;
        signedBefore.set(key, nth);
        return {
          name: agreementPdfName(signature.clientId, signature.groupId, version.version, nth),
          request: () =>
            agreementPdfRequest({
              group: groupById.get(signature.groupId)!,
              version,
              members: [{ clientId: signature.clientId, name: names.get(signature.clientId)! }],
              signatures: [signature],
              paperSize: options.paperSize,
              generatedOn: options.today,
            }),
        };
      }),
  };
}
