/**
 * The note editor's data: the draft (autosaved), what it is checked and linked against (the
 * client's or group's sessions, roster and attendance, their previous note), and the edits and
 * workflows the editor offers. NoteEditor.tsx and NoteFieldsets.tsx only draw it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Appointment, Note, NoteTemplate } from '../../../shared/records';
import { copyForwardPlan, editNote, NoteActionError } from '../../../shared/notes/lifecycle';
import type { NotePatch } from '../../../shared/notes/lifecycle';
import { crossMemberNameWarnings } from '../../../shared/notes/privacy';
import type { NoteIssue } from '../../../shared/notes/validation';
import { isGroupNote, validateNote } from '../../../shared/notes/validation';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { useRecords } from '../data/useRecords';
import { discardDraft, signNote } from './actions';
import { attendeeIdsOf, formatSession, noteAttendeeIds, previousNoteFor, switchTemplate, withSessionTime } from './note-model';
import { useDraftAutosave } from './useDraftAutosave';
import type { NotesData } from './useNotesData';

const MINUTE_MS = 60_000;
const NONE = Promise.resolve({ records: [], unreadable: [] });

export interface NoteEditorOptions {
  initial: Note;
  /** Whether the draft is already stored (opened from drafts) or only exists on screen so far. */
  persisted: boolean;
  data: NotesData;
  onClose: () => void;
  onSigned: (note: Note) => void;
}

export function useNoteEditor({ initial, persisted, data, onClose, onSigned }: NoteEditorOptions) {
  const { settings, bump } = useSession();
  const timeZone = settings.timeZone;
  const formRef = useRef<HTMLFormElement>(null);
  const isMounted = useCallback(() => formRef.current?.isConnected === true, []);
  const { note, status, failed, update, flush } = useDraftAutosave(initial, { persisted, isMounted });
  // After a refused signature the issues are re-checked on every change, so each one clears as it is fixed.
  const [signAttempted, setSignAttempted] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [confirmSign, setConfirmSign] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [busy, setBusy] = useState(false);

  const group = isGroupNote(note);
  const owner = { clientId: note.clientId, groupId: note.groupId };

  const appointments = useRecords<Appointment>(
    (r) =>
      owner.groupId !== undefined
        ? r.appointments.query((t) => t.where('groupId').equals(owner.groupId!))
        : owner.clientId !== undefined
          ? r.appointments.query((t) => t.where('clientId').equals(owner.clientId!))
          : NONE,
    [owner.clientId, owner.groupId],
  );
  // A draft linked to a session that has since moved follows it (the time it is signed at).
  const linked = note.appointmentId === undefined ? undefined : appointments.records.find((a) => a.id === note.appointmentId);
  useEffect(() => {
    if (linked === undefined) return;
    const moved = withSessionTime(note, linked);
    if (moved !== note) update({ ...moved, updatedAt: Date.now() });
  }, [linked, note, update]);
  const memberships = useRecords(
    (r) => (owner.groupId !== undefined ? r.memberships.query((t) => t.where('groupId').equals(owner.groupId!)) : NONE),
    [owner.groupId],
  );
  const attendance = useRecords(
    (r) =>
      note.appointmentId !== undefined && group
        ? r.attendance.query((t) => t.where('appointmentId').equals(note.appointmentId!))
        : NONE,
    [note.appointmentId, group],
  );

  const sessionChoices = useMemo(
    () =>
      appointments.records
        .filter(
          (a) => (group ? a.kind === 'group' : a.kind === 'individual') && a.status !== 'cancelled' && a.status !== 'late-cancel',
        )
        .sort((a, b) => b.start - a.start),
    [appointments.records, group],
  );

  const attendanceTaken = attendance.records.length > 0;
  // From the register, or the members on the session's date; sections holding text stay visible.
  const attendeeIds = useMemo(
    () =>
      noteAttendeeIds(note, attendance.records, memberships.records).sort((a, b) =>
        data.clientName(a).localeCompare(data.clientName(b)),
      ),
    [note, attendance.records, memberships.records, data],
  );

  const nameWarnings = useMemo(() => {
    if (!group) return [];
    const clientById = new Map(data.clients.map((c) => [c.id, c]));
    const members = [...new Set([...memberships.records.map((m) => m.clientId), ...attendeeIds])].map((clientId) => ({
      clientId,
      name: clientById.get(clientId)?.name ?? '',
      preferredName: clientById.get(clientId)?.preferredName ?? '',
    }));
    return crossMemberNameWarnings(note, members);
  }, [group, data.clients, memberships.records, attendeeIds, note]);

  // The previous note of this client or group: their own notes are opened, not the whole practice's.
  const previousOwner =
    note.groupId !== undefined
      ? { field: 'groupId', id: note.groupId }
      : note.clientId !== undefined
        ? { field: 'clientId', id: note.clientId }
        : null;
  const theirs = useRecords<Note>(
    (r) => (previousOwner ? r.notes.query((t) => t.where(previousOwner.field).equals(previousOwner.id)) : NONE),
    [previousOwner?.field, previousOwner?.id],
  );
  const previous = useMemo(() => previousNoteFor(note, [...theirs.records, ...data.drafts]), [note, theirs.records, data.drafts]);

  const validationContext = useMemo(
    () => (group && attendanceTaken ? { attendeeIds: attendeeIdsOf(attendance.records) } : {}),
    [group, attendanceTaken, attendance.records],
  );
  const issues: NoteIssue[] = useMemo(
    () => (signAttempted ? validateNote(note, { ...validationContext, now: Date.now() }) : []),
    [signAttempted, note, validationContext],
  );

  const change = (patch: NotePatch): void => {
    update(editNote(note, patch, Date.now()));
  };

  const chooseAudience = (audience: 'individual' | 'group'): void => {
    const next = editNote(note, { clientId: undefined, groupId: undefined, appointmentId: undefined }, Date.now());
    try {
      update(switchTemplate(next, audience === 'group' ? 'GIRP' : 'SOAP'));
    } catch (e) {
      setError(e instanceof NoteActionError ? e.message : messageOf(e));
    }
  };
  const chooseTemplate = (kind: NoteTemplate): void => {
    try {
      update({ ...switchTemplate(note, kind), updatedAt: Date.now() });
    } catch (e) {
      setError(e instanceof NoteActionError ? e.message : messageOf(e));
    }
  };
  const chooseSession = (appointmentId: string): void => {
    const chosen = sessionChoices.find((a) => a.id === appointmentId);
    if (chosen === undefined) return change({ appointmentId: undefined });
    change({
      appointmentId: chosen.id,
      sessionAt: chosen.start,
      durationMinutes: Math.max(0, Math.round((chosen.end - chosen.start) / MINUTE_MS)),
    });
  };
  const toggleIntervention = (name: string, on: boolean): void =>
    change({ interventions: on ? [...note.interventions, name] : note.interventions.filter((i) => i !== name) });

  const copyForward = (): void => {
    if (previous === undefined) return;
    try {
      const copied = copyForwardPlan(previous, note);
      const when = formatSession(previous.sessionAt, timeZone);
      // Only say it was copied when something changed: a plan already here is not added twice.
      if (JSON.stringify(copied) === JSON.stringify(note))
        return setNotice(`The plan from the note of ${when} is already in this note.`);
      update({ ...copied, updatedAt: Date.now() });
      setNotice(`Plan copied from the note of ${when}.`);
    } catch (e) {
      setError(e instanceof NoteActionError ? e.message : messageOf(e));
    }
  };

  const close = async (): Promise<void> => {
    if (await flush()) {
      bump();
      onClose();
    } else {
      setError(
        'Your latest changes could not be saved, so the note is still open. Check that Holdspace is unlocked and try again.',
      );
    }
  };

  const sign = async (): Promise<void> => {
    setConfirmSign(false);
    setBusy(true);
    setError('');
    try {
      if (!(await flush())) throw new Error('unsaved');
      const signed = await signNote(appDeps(), note, { now: Date.now(), ...validationContext });
      bump();
      onSigned(signed);
    } catch (e) {
      if (e instanceof NoteActionError) setSignAttempted(true);
      else setError(messageOf(e));
      setBusy(false);
    }
  };

  const discard = async (): Promise<void> => {
    setConfirmDiscard(false);
    setBusy(true);
    try {
      await flush();
      await discardDraft(appDeps(), note.id);
      bump();
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return {
    note,
    data,
    timeZone,
    formRef,
    save: { status, failed, flush },
    group,
    linked: note.appointmentId !== undefined,
    sessionChoices,
    attendanceTaken,
    attendeeIds,
    nameWarnings,
    previous,
    issues,
    notice,
    error,
    busy,
    confirmSign,
    setConfirmSign,
    confirmDiscard,
    setConfirmDiscard,
    change,
    chooseAudience,
    chooseTemplate,
    chooseSession,
    toggleIntervention,
    copyForward,
    close,
    sign,
    discard,
  };
}

export type NoteEditorState = ReturnType<typeof useNoteEditor>;
