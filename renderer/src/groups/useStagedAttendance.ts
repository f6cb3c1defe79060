/**
 * A group's attendance marks, the last year's first. A weekly group ten years old has thousands
 * of marks; the register, the follow-up list and the chart of the last twelve months need only
 * the last year's, so those are opened first (chosen by their clear session time) and the page
 * works from them while the rest is opened. `complete` says when every mark is in: until then,
 * whatever counts over the whole history (attendance rates, every-session chart, export) waits.
 */
import { subMonths } from 'date-fns';
import { useEffect, useState } from 'react';
import type { Attendance } from '../../../shared/records';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { sessionAtOf } from '../data/db';
import { repositories } from '../data/repositories';
import type { Opened, Unreadable } from '../data/repository';

/** How far back the attendance chart reaches at first, and so what is opened first. */
export const RECENT_MONTHS = 12;

/** Older marks opened per request. */
const OLDER_CHUNK = 1_000;

export interface StagedAttendance {
  records: Attendance[];
  unreadable: Unreadable[];
  /** Every mark of the group is in `records`. */
  complete: boolean;
  /** The sessions some of whose marks are not opened yet (empty once `complete`). */
  unopenedSessions: ReadonlySet<string>;
  loading: boolean;
  error: string;
}

const NONE: ReadonlySet<string> = new Set();
const EMPTY: StagedAttendance = {
  records: [],
  unreadable: [],
  complete: false,
  unopenedSessions: NONE,
  loading: true,
  error: '',
};

export function useStagedAttendance(groupId: string): StagedAttendance {
  const { revision } = useSession();
  const [state, setState] = useState<StagedAttendance & { groupId: string }>({ ...EMPTY, groupId });
  // A reload after a save (or another group) starts from what is on screen for this group, so a
  // complete history stays complete: rows opened before are not sent to main again.
  const hadAll = state.groupId === groupId && state.complete;
  useEffect(() => {
    let live = true;
    void (async () => {
      const repos = repositories();
      const rows = await repos.attendance.rows((t) => t.where('groupId').equals(groupId));
      const latest = rows.reduce((most, row) => Math.max(most, sessionAtOf(row)), -Infinity);
      // A month more than the chart shows, so its first bar is never missing.
      const since = hadAll || rows.length === 0 ? -Infinity : subMonths(latest, RECENT_MONTHS + 1).getTime();
      const first = await repos.attendance.openRows(rows.filter((row) => sessionAtOf(row) > since));
      const older = rows.filter((row) => sessionAtOf(row) <= since);
      if (!live) return;
      // By session, not by time: a session moved after its marks were taken keeps their old time.
      const unopenedSessions = new Set(older.map((row) => String(row.appointmentId)));
      setState({ ...first, complete: older.length === 0, unopenedSessions, loading: false, error: '', groupId });
      if (older.length === 0) return;
      // The older years a thousand marks at a time, newest first, each after a turn of the page's
      // event loop, so the screen the clinician is using never waits long behind them.
      const rest: Opened<Attendance> = { records: [], unreadable: [] };
      older.sort((a, b) => sessionAtOf(b) - sessionAtOf(a));
      for (let start = 0; start < older.length; start += OLDER_CHUNK) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!live) return;
        const chunk = await repos.attendance.openRows(older.slice(start, start + OLDER_CHUNK));
        rest.records.push(...chunk.records);
        rest.unreadable.push(...chunk.unreadable);
      }
      if (!live) return;
      setState({
        records: [...first.records, ...rest.records],
        unreadable: [...first.unreadable, ...rest.unreadable],
        complete: true,
        unopenedSessions: NONE,
        loading: false,
        error: '',
        groupId,
      });
    })().catch(
      (e: unknown) =>
        live && setState((s) => ({ ...(s.groupId === groupId ? s : EMPTY), groupId, loading: false, error: messageOf(e) })),
    );
    return () => {
      live = false;
    };
    // hadAll is read at the start of each load only; it must not start one of its own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [groupId, revision]);
  return state.groupId === groupId ? state : EMPTY;
}
