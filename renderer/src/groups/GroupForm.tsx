import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { newId } from '../../../shared/ids';
import { GROUP_FOCUSES, groupSchema } from '../../../shared/records';
import type { Group } from '../../../shared/records';
import { WEEKDAY_NAMES, describeRule } from '../../../shared/scheduling';
import { localDateKey } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { saveGroup } from './actions';
import { Dialog } from '../ui/Dialog';
import { describeError } from './messages';
import { planSchedule } from './schedule';
import { DateField, TimeField } from '../ui/DateTimeFields';

/** Monday first: how a clinician's week reads. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

interface Draft {
  name: string;
  focus: string;
  facilitator: string;
  coFacilitator: string;
  openness: 'open' | 'closed';
  capacity: string;
  location: string;
  onlineUrl: string;
  schedule: boolean;
  weekdays: number[];
  startTime: string;
  sessionMinutes: string;
  firstDate: string;
  count: string;
}

function draftFrom(group: Group | undefined, today: string): Draft {
  return {
    name: group?.name ?? '',
    focus: group?.focus ?? GROUP_FOCUSES[0],
    facilitator: group?.facilitator ?? '',
    coFacilitator: group?.coFacilitator ?? '',
    openness: group?.openness ?? 'closed',
    capacity: String(group?.capacity ?? 8),
    location: group?.location ?? '',
    onlineUrl: group?.onlineUrl ?? '',
    // A new group is usually scheduled as it is set up; an existing one only when adding more sessions.
    schedule: group === undefined,
    weekdays: [],
    startTime: '18:00',
    sessionMinutes: String(group?.sessionMinutes ?? 90),
    firstDate: today,
    count: '8',
  };
}

/** New group or edit group: details, and (optionally) a weekly run of sessions booked on the calendar. */
export function GroupFormDialog({
  open,
  group,
  onClose,
  onSaved,
}: {
  open: boolean;
  group?: Group;
  onClose: () => void;
  onSaved: (group: Group, message: string) => void;
}) {
  const title = group ? 'Edit group' : 'New group';
  return (
    <Dialog title={title} open={open} onClose={onClose} wide>
      {open && <GroupForm group={group} onCancel={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function GroupForm({
  group,
  onCancel,
  onSaved,
}: {
  group?: Group;
  onCancel: () => void;
  onSaved: (group: Group, message: string) => void;
}) {
  const { settings, bump } = useSession();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(group, localDateKey(Date.now(), settings.timeZone)));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError('');
    const plan = draft.schedule
      ? planSchedule(
          {
            weekdays: draft.weekdays,
            startTime: draft.startTime,
            firstDate: draft.firstDate,
            durationMinutes: Number(draft.sessionMinutes),
            count: Number(draft.count),
          },
          settings.timeZone,
        )
      : undefined;
    if (plan && !plan.ok) return setError(plan.message);
    const now = Date.now();
    const parsed = groupSchema.safeParse({
      ...(group ?? { id: newId(), createdAt: now, archived: false }),
      name: draft.name,
      focus: draft.focus,
      facilitator: draft.facilitator.trim(),
      coFacilitator: draft.coFacilitator.trim(),
      openness: draft.openness,
      capacity: Number(draft.capacity),
      location: draft.location.trim(),
      onlineUrl: draft.onlineUrl.trim(),
      sessionMinutes: plan?.ok ? plan.durationMinutes : (group?.sessionMinutes ?? 90),
      ...(plan?.ok ? { recurrence: plan.rule, firstSessionAt: group?.firstSessionAt ?? plan.firstStart } : {}),
      updatedAt: now,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      return setError(
        field === 'capacity'
          ? 'Capacity must be a whole number of places between 1 and 100.'
          : field === 'name'
            ? (issue?.message ?? 'Enter a group name.')
            : 'Some details could not be saved. Check the form and try again.',
      );
    }
    if (draft.onlineUrl.trim() !== '' && !/^https:\/\//i.test(draft.onlineUrl.trim())) {
      return setError('The online link must start with https:// so it opens securely.');
    }
    setBusy(true);
    try {
      const saved = parsed.data;
      const booked = await saveGroup(
        appDeps(),
        saved,
        !group,
        plan?.ok
          ? { firstStart: plan.firstStart, durationMinutes: plan.durationMinutes, weekdays: plan.weekdays, count: plan.count }
          : null,
        settings.timeZone,
      );
      let message = group ? 'Group details saved.' : 'Group created.';
      if (plan?.ok) message += ` ${booked} ${booked === 1 ? 'session was' : 'sessions were'} added to the calendar.`;
      bump();
      onSaved(saved, message);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form-stack group-form"
      onSubmit={(e) => void submit(e)}
      aria-describedby={error ? errorId : undefined}
      noValidate
    >
      <div className="form-row">
        <label>
          Group name
          <input value={draft.name} onChange={(e) => set('name', e.target.value)} required autoFocus />
        </label>
        <label>
          Focus
          <select value={draft.focus} onChange={(e) => set('focus', e.target.value)}>
            {GROUP_FOCUSES.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          Facilitator
          <input value={draft.facilitator} onChange={(e) => set('facilitator', e.target.value)} autoComplete="off" />
        </label>
        <label>
          Co-facilitator
          <input value={draft.coFacilitator} onChange={(e) => set('coFacilitator', e.target.value)} autoComplete="off" />
        </label>
      </div>
      <div className="form-row">
        <fieldset className="inline-choices">
          <legend>Open or closed group</legend>
          <label className="check">
            <input
              type="radio"
              name="openness"
              checked={draft.openness === 'closed'}
              onChange={() => set('openness', 'closed')}
            />
            Closed: no new members once it starts
          </label>
          <label className="check">
            <input type="radio" name="openness" checked={draft.openness === 'open'} onChange={() => set('openness', 'open')} />
            Open: members can join at any time
          </label>
        </fieldset>
        <label>
          Capacity (places)
          <input type="number" min={1} max={100} value={draft.capacity} onChange={(e) => set('capacity', e.target.value)} />
        </label>
      </div>
      <div className="form-row">
        <label>
          Location
          <input
            value={draft.location}
            onChange={(e) => set('location', e.target.value)}
            placeholder="Room, building or address"
          />
        </label>
        <label>
          Online link
          <input type="url" value={draft.onlineUrl} onChange={(e) => set('onlineUrl', e.target.value)} placeholder="https://" />
        </label>
      </div>

      {group && (
        <p className="muted">
          {group.recurrence
            ? `Current schedule: ${describeRule(group.recurrence)}.`
            : 'No sessions have been scheduled for this group yet.'}
        </p>
      )}
      {group && (
        <label className="check">
          <input type="checkbox" checked={draft.schedule} onChange={(e) => set('schedule', e.target.checked)} />
          Schedule more sessions
        </label>
      )}
      {draft.schedule && (
        <fieldset className="schedule">
          <legend>{group ? 'New sessions' : 'Schedule'}</legend>
          <fieldset className="weekdays">
            <legend>Meets on</legend>
            {WEEK_ORDER.map((day) => (
              <label key={day} className="check">
                <input
                  type="checkbox"
                  checked={draft.weekdays.includes(day)}
                  onChange={(e) =>
                    set('weekdays', e.target.checked ? [...draft.weekdays, day] : draft.weekdays.filter((d) => d !== day))
                  }
                />
                {WEEKDAY_NAMES[day]}
              </label>
            ))}
          </fieldset>
          <div className="form-row">
            <TimeField label="Start time" value={draft.startTime} onChange={(v) => set('startTime', v)} />
            <label>
              Session length (minutes)
              <input
                type="number"
                min={15}
                max={480}
                step={5}
                value={draft.sessionMinutes}
                onChange={(e) => set('sessionMinutes', e.target.value)}
              />
            </label>
            <DateField label="First session on or after" value={draft.firstDate} onChange={(v) => set('firstDate', v)} />
            <label>
              Number of sessions
              <input type="number" min={1} max={104} value={draft.count} onChange={(e) => set('count', e.target.value)} />
            </label>
          </div>
        </fieldset>
      )}
      {error && (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : group ? 'Save changes' : 'Create group'}
        </button>
      </div>
    </form>
  );
}
