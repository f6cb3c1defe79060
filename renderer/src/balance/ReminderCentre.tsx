/**
 * Reminders while Holdspace is unlocked: a desktop notification once per reminder, and the same
 * reminders listed in the app until dismissed. The texts come from shared/balance/reminders.ts,
 * which leaves client and group names out unless the clinician turned them on, because a desktop
 * notification shows on a locked screen and in the system's notification history.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { dueReminders } from '../../../shared/balance/reminders';
import type { Reminder, ReminderState } from '../../../shared/balance/reminders';
import { loadReminderState } from './reminder-state';
import { api } from '../app/api';
import { useSession } from '../app/session';
import { repositories } from '../data/repositories';

const MINUTE = 60_000;
/** Records change only through writes (which bump the revision), so the window is re-read now and then, not every minute. */
const RELOAD_EVERY = 30 * MINUTE;

/** Notification text limits of the notify.show channel. */
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export interface RemindersValue {
  notices: Reminder[];
  dismiss: (id: string) => void;
}

/**
 * Checks every minute while unlocked. Ids raised this session are remembered in memory only
 * (locking reloads the page), so a reminder is sent once per session and never written to disk.
 */
export function useReminders(): RemindersValue {
  const { settings, revision } = useSession();
  const [notices, setNotices] = useState<Reminder[]>([]);
  const raised = useRef(new Set<string>());
  const state = useRef<{ loadedAt: number; revision: number; names: boolean; value: ReminderState } | null>(null);

  const check = useCallback(async () => {
    const now = Date.now();
    const withNames = settings.reminders.showNamesInNotifications;
    const cached = state.current;
    if (!cached || cached.revision !== revision || cached.names !== withNames || now - cached.loadedAt > RELOAD_EVERY) {
      state.current = {
        loadedAt: now,
        revision,
        names: withNames,
        value: await loadReminderState(repositories(), now, withNames),
      };
    }
    const fresh = dueReminders({ ...state.current!.value, alreadyRaised: raised.current }, now, settings);
    if (fresh.length === 0) return;
    for (const reminder of fresh) {
      raised.current.add(reminder.id);
      // A notification that fails to show is not worth interrupting the clinician for: the notice list still has it.
      void api()
        .notify.show({ title: clip(reminder.title, 200), body: clip(reminder.body, 500) })
        .catch(() => undefined);
    }
    setNotices((current) => [...current, ...fresh].sort((a, b) => a.at - b.at));
  }, [settings, revision]);

  useEffect(() => {
    let live = true;
    const run = () => {
      if (live) check().catch(() => undefined);
    };
    run();
    const timer = window.setInterval(run, MINUTE);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [check]);

  const dismiss = useCallback((id: string) => setNotices((current) => current.filter((n) => n.id !== id)), []);
  return { notices, dismiss };
}

/** The in-app notice list. Mount once inside the unlocked app (it needs the session). */
export function ReminderCentre() {
  const { notices, dismiss } = useReminders();
  return (
    <section aria-label="Reminders" className={notices.length === 0 ? 'reminders empty' : 'reminders'}>
      {notices.length === 0 ? (
        <p className="sr-only">No reminders right now.</p>
      ) : (
        <ul className="reminder-list">
          {notices.map((notice) => (
            <li key={notice.id} className={`reminder reminder-${notice.kind}`}>
              <div>
                <strong>{notice.title}</strong>
                <p>{notice.body}</p>
              </div>
              <button type="button" className="link" aria-label={`Dismiss: ${notice.title}`} onClick={() => dismiss(notice.id)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
