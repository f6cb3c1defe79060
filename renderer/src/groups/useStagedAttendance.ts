/**
 * A group's attendance marks, the last year's first. A weekly group ten years old has thousands
 * of marks; the register, the follow-up list and the chart of the last twelve months need only
 * the last year's sessions', so those are read and opened first (recent-marks.ts) and the page
 * works from them while the rest is opened. `complete` says when every mark is in: until then,
 * whatever counts over the whole history (attendance rates, every-session chart, export) waits.
 */
import { useEffect, useState } from 'react';
import type { Attendance } from '../../../shared/records';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import type { SealedRow } from '../data/db';
import { repositories } from '../data/repositories';
import type { Opened, Unreadable } from '../data/repository';
import { recentMarkRows } from './recent-marks';

/** How far back the attendance chart reaches at first, and so what is opened first. */
export const RECENT_MONTHS = 12;

/**
 * Older sessions whose marks are read and opened per step (about a hundred marks for a group of
 * a dozen): each step holds IndexedDB and the bridge to main only briefly, so a tab clicked
 * meanwhile is not kept waiting.
 */
const OLDER_SESSIONS = 8;

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

/**
 * `sessionRows` gives the group's sessions, still sealed, as read for this load (shared with the
 * sessions list, see useGroupWorkspace); a new function means a new load.
 */
export function useStagedAttendance(groupId: string, sessionRows: () => Promise<SealedRow[]>): StagedAttendance {
  const { revision } = useSession();
  const [state, setState] = useState<StagedAttendance & { groupId: string }>({ ...EMPTY, groupId });
  // A reload after a save (or another group) starts from what is on screen for this group, so a
  // complete history stays complete: rows opened before are not sent to main again.
  const hadAll = state.groupId === groupId && state.complete;
  useEffect(() => {
    let live = true;
    void (async () => {
      const repos = repositories();
      // A month more than the chart shows, so its first bar is never missing.
      const recent = hadAll ? undefined : await recentMarkRows(repos, groupId, RECENT_MONTHS + 1, Date.now(), sessionRows());
      const firstRows = recent?.rows ?? (await repos.attendance.rows((t) => t.where('groupId').equals(groupId)));
      const first = await repos.attendance.openRows(firstRows);
      if (!live) return;
      const complete = recent === undefined || recent.whole;
      // By session, not by time: a session moved after its marks were taken keeps their old time.
      const unopenedSessions = complete ? NONE : new Set(recent.olderSessions);
      setState({ ...first, complete, unopenedSessions, loading: false, error: '', groupId });
      if (complete) return;
      // Then the older sessions' marks, newest first, eight sessions at a time, each after a
      // turn of the page's event loop and opened in the background lane (small requests to main,
      // each once no other open is in flight), so the tab the clinician clicks next never waits
      // long behind them; last, any mark whose session is gone (found from the index alone).
      const rest: Opened<Attendance> = { records: [], unreadable: [] };
      const read = new Set(firstRows.map((row) => row.id));
      const openMore = async (rows: SealedRow[]): Promise<boolean> => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!live) return false;
        const fresh = rows.filter((row) => !read.has(row.id));
        for (const row of fresh) read.add(row.id);
        const chunk = await repos.attendance.openRows(fresh, { background: true });
        rest.records.push(...chunk.records);
        rest.unreadable.push(...chunk.unreadable);
        return live;
      };
      const olderSessions = recent.olderSessions;
      for (let start = 0; start < olderSessions.length; start += OLDER_SESSIONS) {
        const rows = await repos.attendance.rowsWhereAnyOf('appointmentId', olderSessions.slice(start, start + OLDER_SESSIONS));
        if (!(await openMore(rows))) return;
      }
      const ids = await repos.attendance.keys((t) => t.where('groupId').equals(groupId));
      if (!(await openMore(await repos.attendance.rowsByIds(ids.filter((id) => !read.has(id)))))) return;
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
  }, [groupId, revision, sessionRows]);
  return state.groupId === groupId ? state : EMPTY;
}
