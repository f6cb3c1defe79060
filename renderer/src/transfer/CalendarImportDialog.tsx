import { useEffect, useMemo, useState } from 'react';
import type { Client, Group } from '../../../shared/records';
import { newId } from '../../../shared/ids';
import { checkBooking, describeRule, formatClock, formatDay } from '../../../shared/scheduling';
import type { ImportTarget, ImportedEvent, ParsedCalendar } from '../../../shared/transfer/ics-import';
import { IcsImportError, buildImport, kindFor, parseIcs } from '../../../shared/transfer/ics-import';
import { suggestTarget, targetFromKey, targetKey } from '../../../shared/transfer/ics-match';
import { api, messageOf, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { indexForRange, membershipLookup } from '../calendar/booking';
import { kindLabel } from '../calendar/labels';
import { repositories } from '../data/repositories';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { batch, writeTogether } from './write-records';

interface EventCheck {
  sessions: number;
  conflicted: number;
  first?: string;
}

/** Import an .ics file: preview, match people, see conflicts, and only then write. */
export function CalendarImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { settings, bump } = useSession();
  const tz = settings.timeZone;
  const [fileName, setFileName] = useState('');
  const [parsed, setParsed] = useState<ParsedCalendar | null>(null);
  const [people, setPeople] = useState<{ clients: Client[]; groups: Group[] }>({ clients: [], groups: [] });
  const [choices, setChoices] = useState<Map<string, string>>(new Map());
  const [checks, setChecks] = useState<Map<number, EventCheck> | null>(null);
  const [message, setMessage] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const choose = async () => {
    setMessage('');
    setDone('');
    try {
      const file = await unwrap(api().import.readTextFile({ kind: 'ics' }));
      if (!file.chosen || file.text === undefined) return;
      const [clients, groups] = await Promise.all([repositories().clients.all(), repositories().groups.all()]);
      let result: ParsedCalendar;
      try {
        result = parseIcs(file.text, tz);
      } catch (error) {
        setParsed(null);
        setMessage(
          error instanceof IcsImportError
            ? `${file.fileName ?? 'That file'}: ${error.message}`
            : 'That file could not be read as a calendar. Nothing has been imported.',
        );
        return;
      }
      if (result.events.length === 0) {
        setParsed(null);
        setMessage(
          `${file.fileName ?? 'That file'} has no sessions Holdspace can import${result.skipped.length ? ` (${result.skipped.length} skipped: ${result.skipped[0]!.reason})` : ''}. Nothing has been imported.`,
        );
        return;
      }
      setPeople({ clients: clients.records, groups: groups.records });
      setFileName(file.fileName ?? '');
      setParsed(result);
      const initial = new Map<string, string>();
      for (const e of result.events)
        if (!initial.has(e.who)) initial.set(e.who, targetKey(suggestTarget(e, clients.records, groups.records)));
      setChoices(initial);
    } catch (error) {
      setMessage(messageOf(error));
    }
  };

  const targetOf = useMemo(
    () =>
      (e: ImportedEvent): ImportTarget =>
        targetFromKey(choices.get(e.who) ?? 'other'),
    [choices],
  );
  const plan = useMemo(
    () => (parsed ? buildImport(parsed.events, targetOf, { now: Date.now(), newId }) : null),
    [parsed, targetOf],
  );

  useEffect(() => {
    if (!parsed || !plan || plan.appointments.length === 0) {
      setChecks(new Map());
      return;
    }
    let live = true;
    setChecks(null);
    void (async () => {
      // reduce, not spread: a long series can be more sessions than a call takes arguments.
      const from = plan.appointments.reduce((min, a) => Math.min(min, a.start), Infinity);
      const to = plan.appointments.reduce((max, a) => Math.max(max, a.end), -Infinity);
      const index = await indexForRange(from - 8 * 86_400_000, to + 8 * 86_400_000);
      const activeGroupIdsForClient = await membershipLookup();
      const names = {
        clientName: (id: string) => people.clients.find((c) => c.id === id)?.name,
        groupName: (id: string) => people.groups.find((g) => g.id === id)?.name,
      };
      const result = new Map<number, EventCheck>();
      for (const [eventIndex, mine] of plan.byEvent) {
        const check: EventCheck = { sessions: mine.length, conflicted: 0 };
        for (const a of mine) {
          const found = checkBooking(a, { index, settings, activeGroupIdsForClient, ...names });
          if (found.hard.length > 0) {
            check.conflicted += 1;
            check.first ??= `${formatDay(a.start, tz)} ${formatClock(a.start, tz)}: ${found.hard[0]!.message}`;
          }
          index.insert({
            id: a.id,
            start: a.start,
            end: a.end,
            kind: a.kind,
            status: a.status,
            ...(a.clientId ? { clientId: a.clientId } : {}),
            ...(a.groupId ? { groupId: a.groupId } : {}),
          });
        }
        result.set(eventIndex, check);
      }
      if (live) setChecks(result);
    })().catch((error: unknown) => live && setMessage(messageOf(error)));
    return () => {
      live = false;
    };
  }, [parsed, plan, settings, tz, people]);

  const whos = parsed ? [...new Set(parsed.events.map((e) => e.who))] : [];
  const sessions = plan?.appointments.length ?? 0;

  const confirm = async () => {
    if (!plan || !parsed) return;
    setBusy(true);
    setMessage('');
    try {
      const reason = `Imported from ${fileName || 'a calendar file'} with this conflict shown in the preview`.slice(0, 1000);
      const conflicted = new Set(
        [...(checks ?? new Map<number, EventCheck>()).entries()].filter(([, c]) => c.conflicted > 0).map(([i]) => i),
      );
      const final = buildImport(parsed.events, targetOf, {
        now: Date.now(),
        newId,
        overrideReason: (e) => (conflicted.has(e.index) ? reason : ''),
      });
      await writeTogether([batch(repositories().series, final.series), batch(repositories().appointments, final.appointments)]);
      bump();
      setParsed(null);
      setDone(
        `Imported ${final.appointments.length} session${final.appointments.length === 1 ? '' : 's'} from ${fileName || 'the file'}.`,
      );
    } catch (error) {
      setMessage(`${messageOf(error)} Nothing was imported.`);
    } finally {
      setBusy(false);
    }
  };

  const targetLabel = (e: ImportedEvent): string => {
    const t = targetOf(e);
    const kind = kindFor(e, t);
    if (!kind) return 'Not imported';
    if (t.type === 'client') return `${kindLabel(kind)} with ${people.clients.find((c) => c.id === t.id)?.name ?? 'a client'}`;
    if (t.type === 'group') return `${kindLabel(kind)} with ${people.groups.find((g) => g.id === t.id)?.name ?? 'a group'}`;
    return `${kindLabel(kind)}: ${e.summary}`;
  };

  return (
    <Dialog title="Import calendar" open={open} onClose={onClose} wide>
      <div className="form-stack">
        <p className="muted small">
          Choose an iCalendar (.ics) file, for example exported from Google Calendar, Outlook or another practice system. You will
          see everything it would add, and the conflicts each would raise, before anything is saved.
        </p>
        <div className="actions">
          <button type="button" onClick={() => void choose()}>
            Choose .ics file…
          </button>
        </div>
        <ErrorAlert message={message} />
        {done && <p role="status">{done}</p>}
        {parsed && (
          <>
            <h3>{fileName}</h3>
            {parsed.notices.map((n) => (
              <p key={n} className="warning" role="note">
                {n}
              </p>
            ))}
            <fieldset className="plain">
              <legend>Who is who</legend>
              {whos.map((who) => (
                <label key={who}>
                  Match “{who}”
                  <select
                    value={choices.get(who) ?? 'other'}
                    onChange={(e) => setChoices(new Map(choices).set(who, e.target.value))}
                  >
                    <option value="other">Other (not a client or group)</option>
                    <option value="skip">Don’t import</option>
                    <optgroup label="Clients">
                      {people.clients
                        .filter((c) => !c.archived)
                        .map((c) => (
                          <option key={c.id} value={`client:${c.id}`}>
                            {c.name}
                          </option>
                        ))}
                    </optgroup>
                    <optgroup label="Groups">
                      {people.groups
                        .filter((g) => !g.archived)
                        .map((g) => (
                          <option key={g.id} value={`group:${g.id}`}>
                            {g.name}
                          </option>
                        ))}
                    </optgroup>
                  </select>
                </label>
              ))}
            </fieldset>
            <table aria-label="What will be created">
              <thead>
                <tr>
                  <th scope="col">In the file</th>
                  <th scope="col">When</th>
                  <th scope="col">Becomes</th>
                  <th scope="col">Conflicts</th>
                </tr>
              </thead>
              <tbody>
                {parsed.events.map((e) => {
                  const check = checks?.get(e.index);
                  return (
                    <tr key={e.index}>
                      <td>{e.summary}</td>
                      <td>
                        {formatDay(e.start, tz)} {formatClock(e.start, tz)}–{formatClock(e.end, tz)}
                        {e.rrule && (
                          <span className="muted small">
                            {' '}
                            · {describeRule(e.rrule)}
                            {check ? `, ${check.sessions} sessions` : ''}
                          </span>
                        )}
                      </td>
                      <td>{targetLabel(e)}</td>
                      <td>
                        {!checks
                          ? 'Checking…'
                          : !check
                            ? '—'
                            : check.conflicted === 0
                              ? 'None'
                              : `${check.conflicted} conflict${check.conflicted === 1 ? '' : 's'}: ${check.first}`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {parsed.skipped.length > 0 && (
              <>
                <h4>Not imported</h4>
                <ul aria-label="Not imported">
                  {parsed.skipped.map((s) => (
                    <li key={s.index}>
                      {s.summary}: {s.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="actions">
              <button type="button" onClick={() => setParsed(null)}>
                Cancel import
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || !checks || sessions === 0}
                onClick={() => void confirm()}
              >
                {busy ? 'Importing…' : `Import ${sessions} session${sessions === 1 ? '' : 's'}`}
              </button>
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}
