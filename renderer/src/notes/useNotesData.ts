/**
 * The records the note screens read, opened once per revision: drafts, and the clients and
 * groups notes belong to (for names). All through the sealed repositories.
 */
import { useMemo } from 'react';
import type { Client, Group, Note } from '../../../shared/records';
import type { Unreadable } from '../data/repository';
import { allOf, useRecords } from '../data/useRecords';

export interface NotesData {
  loading: boolean;
  /** Clients and groups are open, so names can be shown. */
  namesReady: boolean;
  /** Drafts are open. */
  draftsReady: boolean;
  error: string;
  drafts: Note[];
  clients: Client[];
  groups: Group[];
  unreadable: Unreadable[];
  /** "Alex Morgan", "Thursday grief group", or a plain fallback when the record is gone or unreadable. */
  ownerName: (note: Pick<Note, 'clientId' | 'groupId'>) => string;
  clientName: (clientId: string) => string;
}

/**
 * Drafts, and the clients and groups notes belong to (for names). Signed notes are never all
 * opened: search answers from its own sealed index and opens only the notes it shows.
 */
export function useNotesData(): NotesData {
  const drafts = useRecords(allOf((r) => r.drafts));
  const clients = useRecords(allOf((r) => r.clients));
  const groups = useRecords(allOf((r) => r.groups));
  const { records: draftRecords, unreadable: draftUnreadable } = drafts;
  const clientRecords = clients.records;
  const groupRecords = groups.records;
  const loading = drafts.loading || clients.loading || groups.loading;
  const namesReady = !clients.loading && !groups.loading;
  const draftsReady = !drafts.loading;
  const error = drafts.error || clients.error || groups.error;
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
      namesReady,
      draftsReady,
      error,
      drafts: draftRecords,
      clients: clientRecords,
      groups: groupRecords,
      unreadable: draftUnreadable,
      ownerName,
      clientName,
    };
  }, [loading, namesReady, draftsReady, error, draftRecords, clientRecords, groupRecords, draftUnreadable]);
}
