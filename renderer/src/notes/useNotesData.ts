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
  /** Every signed note is open (search has all of them to index), and how many there are. */
  signedComplete: boolean;
  signedTotal: number;
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
  const { records: signedRecords, unreadable: signedUnreadable, complete: signedComplete, total: signedTotal } = signed;
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
      signedComplete,
      signedTotal,
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
    signedComplete,
    signedTotal,
    error,
    signedRecords,
    draftRecords,
    clientRecords,
    groupRecords,
    signedUnreadable,
    draftUnreadable,
  ]);
}

interface SignedNotes {
  records: Note[];
  unreadable: Unreadable[];
  loading: boolean;
  error: string;
  /** Every signed note is open (false while the first opening is still handing them over). */
  complete: boolean;
  /** How many signed notes there are in all. */
  total: number;
}

function useSignedNotes(wanted: boolean): SignedNotes {
  const { revision } = useSession();
  const [state, setState] = useState<Omit<SignedNotes, 'loading'> | null>(null);
  const first = state === null;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const fail = (e: unknown): void => {
      if (live)
        setState((s) => ({
          records: s?.records ?? [],
          unreadable: s?.unreadable ?? [],
          complete: true,
          total: s?.total ?? 0,
          error: messageOf(e),
        }));
    };
    if (first) {
      // The first opening hands the notes over a batch at a time, so search can index each
      // batch while main decrypts the next.
      const records: Note[] = [];
      const unreadable: Unreadable[] = [];
      repositories()
        .notes.allInBatches((batch, opened, total) => {
          records.push(...batch.records);
          unreadable.push(...batch.unreadable);
          if (live)
            setState({ records: [...records], unreadable: [...unreadable], complete: opened === total, total, error: '' });
        })
        .catch(fail);
    } else {
      // Later changes: what was opened is kept, so this opens only what changed.
      repositories()
        .notes.all()
        .then((opened) => {
          if (live)
            setState({
              records: opened.records,
              unreadable: opened.unreadable,
              complete: true,
              total: opened.records.length + opened.unreadable.length,
              error: '',
            });
        }, fail);
    }
    return () => {
      live = false;
    };
    // `first` only picks how to load; a change of it alone is not a reason to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted, revision]);
  return useMemo(
    () => ({
      records: state?.records ?? NONE,
      unreadable: state?.unreadable ?? NO_UNREADABLE,
      loading: wanted && state === null,
      error: state?.error ?? '',
      complete: state?.complete ?? false,
      total: state?.total ?? 0,
    }),
    [state, wanted],
  );
}
const NONE: Note[] = [];
const NO_UNREADABLE: Unreadable[] = [];
