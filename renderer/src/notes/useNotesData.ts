/**
 * The records the note screens read, opened once per revision: signed notes, drafts, and the
 * clients and groups they belong to (for names). All through the sealed repositories.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Client, Group, Note } from '../../../shared/records';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';
import type { Unreadable } from '../data/repository';
import { allOf, useRecords } from '../data/useRecords';
import { mergeNotes } from './note-model';

export interface NotesData {
  loading: boolean;
  /** Clients and groups are open, so names can be shown. */
  namesReady: boolean;
  /** Drafts are open. */
  draftsReady: boolean;
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

/**
 * `withSigned` opens every signed note (for search); until it is asked for, `signed` is empty
 * and the screens that need only names and drafts show at once. Once opened they are kept
 * and refreshed on every change, like the rest.
 */
export function useNotesData({ withSigned }: { withSigned: boolean }): NotesData {
  const signed = useSignedNotes(withSigned);
  const drafts = useRecords(allOf((r) => r.drafts));
  const clients = useRecords(allOf((r) => r.clients));
  const groups = useRecords(allOf((r) => r.groups));
  const { records: signedRecords, unreadable: signedUnreadable } = signed;
  const { records: draftRecords, unreadable: draftUnreadable } = drafts;
  const clientRecords = clients.records;
  const groupRecords = groups.records;
  const loading = signed.loading || drafts.loading || clients.loading || groups.loading;
  const namesReady = !clients.loading && !groups.loading;
  const draftsReady = !drafts.loading;
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
      namesReady,
      draftsReady,
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
  }, [
    loading,
    namesReady,
    draftsReady,
    error,
    signedRecords,
    draftRecords,
    clientRecords,
    groupRecords,
    signedUnreadable,
    draftUnreadable,
  ]);
}

function useSignedNotes(wanted: boolean): { records: Note[]; unreadable: Unreadable[]; loading: boolean; error: string } {
  const { revision } = useSession();
  const [state, setState] = useState<{ records: Note[]; unreadable: Unreadable[]; error: string } | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    repositories()
      .notes.all()
      .then(
        (opened) => live && setState({ records: opened.records, unreadable: opened.unreadable, error: '' }),
        (e: unknown) =>
          live && setState((s) => ({ records: s?.records ?? [], unreadable: s?.unreadable ?? [], error: messageOf(e) })),
      );
    return () => {
      live = false;
    };
  }, [wanted, revision]);
  return useMemo(
    () => ({
      records: state?.records ?? NONE,
      unreadable: state?.unreadable ?? NO_UNREADABLE,
      loading: wanted && state === null,
      error: state?.error ?? '',
    }),
    [state, wanted],
  );
}
const NONE: Note[] = [];
const NO_UNREADABLE: Unreadable[] = [];
