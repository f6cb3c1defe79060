/**
 * The records the note screens read, opened once per revision: signed notes, drafts, and the
 * clients and groups they belong to (for names). All through the sealed repositories.
 */
import { useMemo } from 'react';
import type { Client, Group, Note } from '../../../shared/records';
import type { Unreadable } from '../data/repository';
import { allOf, useRecords } from '../data/useRecords';
import { mergeNotes } from './note-model';

export interface NotesData {
  loading: boolean;
  error: string;
  signed: Note[];
  drafts: Note[];
  /** Signed notes and drafts, each id once. */
  notes: Note[];
  clients: Client[];
  groups: Group[];
  unreadable: Unreadable[];
  /** "Alex Morgan", "Thursday grief group", or a plain fallback when the record is gone or unreadable. */
  ownerName: (note: Pick<Note, 'clientId' | 'groupId'>) => string;
  clientName: (clientId: string) => string;
}

export function useNotesData(): NotesData {
  const signed = useRecords(allOf((r) => r.notes));
  const drafts = useRecords(allOf((r) => r.drafts));
  const clients = useRecords(allOf((r) => r.clients));
  const groups = useRecords(allOf((r) => r.groups));
  const { records: signedRecords, unreadable: signedUnreadable } = signed;
  const { records: draftRecords, unreadable: draftUnreadable } = drafts;
  const clientRecords = clients.records;
  const groupRecords = groups.records;
  const loading = signed.loading || drafts.loading || clients.loading || groups.loading;
  const error = signed.error || drafts.error || clients.error || groups.error;
  return useMemo(() => {
    const clientById = new Map(clientRecords.map((client) => [client.id, client]));
    const groupById = new Map(groupRecords.map((group) => [group.id, group]));
    const clientName = (clientId: string): string => clientById.get(clientId)?.name ?? 'Unknown client';
    const ownerName = (note: Pick<Note, 'clientId' | 'groupId'>): string =>
      note.groupId !== undefined
        ? (groupById.get(note.groupId)?.name ?? 'Unknown group')
        : note.clientId !== undefined
          ? clientName(note.clientId)
          : 'No client chosen';
    return {
      loading,
      error,
      signed: signedRecords,
      drafts: draftRecords,
      notes: mergeNotes(signedRecords, draftRecords),
      clients: clientRecords,
      groups: groupRecords,
      unreadable: [...signedUnreadable, ...draftUnreadable],
      ownerName,
      clientName,
    };
  }, [loading, error, signedRecords, draftRecords, clientRecords, groupRecords, signedUnreadable, draftUnreadable]);
}
