import { format } from 'date-fns';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AuditAction, AuditEntry } from '../../../shared/audit';
import { AUDIT_ACTIONS, AUDIT_PAGE } from '../../../shared/audit';
import { api, messageOf, unwrap } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { keepAuditSeal } from './audit-seal';
import { DateField } from '../ui/DateTimeFields';

const dayStart = (s: string): number | undefined => (s ? new Date(`${s}T00:00:00`).getTime() : undefined);
const dayEnd = (s: string): number | undefined => (s ? new Date(`${s}T23:59:59.999`).getTime() : undefined);
const count = (n: number): string => n.toLocaleString('en-GB');

/** The check of the whole chain, run in bounded steps in main while the first page is already shown. */
type Check = { state: 'checking'; checked: number; total: number } | { state: 'done'; ok: boolean; message: string };

interface Verdict {
  intact: boolean;
  entries: number;
  problems: { problem: string }[];
  problemCount: number;
}

function verdictOf(check: Verdict): { ok: boolean; message: string } {
  if (check.intact)
    return {
      ok: true,
      message:
        check.entries === 1
          ? 'The 1 entry is verified: the trail is complete and unaltered.'
          : `All ${count(check.entries)} entries verified: the trail is complete and unaltered.`,
    };
  const older = check.problems.some((p) => p.problem === 'older-than-records');
  const foreign = check.problems.some((p) => p.problem === 'not-records-trail');
  return {
    ok: false,
    message: older
      ? 'Warning: the audit trail is older than the records: it ends before entries your records have already seen, so it has been put back to an earlier copy.'
      : foreign
        ? 'Warning: the audit trail is not the one your records last saw: it has been put back to an earlier copy, replaced or altered.'
        : `Warning: the audit trail has been altered (${count(check.problemCount)} problem${check.problemCount === 1 ? '' : 's'} found).`,
  };
}

export function AuditScreen() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  /** Where the next, older page starts (null once the oldest entry has been looked at). */
  const [next, setNext] = useState<number | null>(null);
  const [total, setTotal] = useState(0);
  const [unreadable, setUnreadable] = useState(0);
  const [loading, setLoading] = useState(true);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [check, setCheck] = useState<Check>({ state: 'checking', checked: 0, total: 0 });
  const [error, setError] = useState('');
  /** Bumped for each new listing, so pages still arriving for earlier filters are dropped. */
  const listing = useRef(0);

  const filter = useMemo(() => {
    const f = dayStart(from);
    const t = dayEnd(to);
    return {
      ...(f !== undefined ? { from: f } : {}),
      ...(t !== undefined ? { to: t } : {}),
      ...(action ? { actions: [action] } : {}),
    };
  }, [from, to, action]);
  const filtered = from !== '' || to !== '' || action !== '';

  /**
   * Adds the next page of entries older than `before` to `shown`. Each call to main looks at a
   * bounded part of the trail; with a filter, calls go on until a page is found or the oldest
   * entry is reached.
   */
  const showOlder = useCallback(
    async (before: number | undefined, shown: AuditEntry[], bad: number, generation: number) => {
      setLoading(true);
      let cursor = before;
      let list = shown;
      let skipped = bad;
      try {
        let added = 0;
        while (added < AUDIT_PAGE) {
          const page = await unwrap(
            api().audit.list({ ...filter, ...(cursor !== undefined ? { before: cursor } : {}), limit: AUDIT_PAGE - added }),
          );
          if (generation !== listing.current) return;
          list = [...list, ...page.entries];
          skipped += page.unreadable;
          added += page.entries.length;
          setEntries(list);
          setUnreadable(skipped);
          setTotal(page.total);
          setNext(page.next);
          if (page.next === null) break;
          cursor = page.next;
        }
      } catch (e) {
        if (generation === listing.current) setError(messageOf(e));
      } finally {
        if (generation === listing.current) setLoading(false);
      }
    },
    [filter],
  );

  useEffect(() => {
    listing.current += 1;
    setEntries([]);
    setNext(null);
    setUnreadable(0);
    setError('');
    void showOlder(undefined, [], 0, listing.current);
  }, [showOlder]);

  // The whole chain is checked once per visit, in steps, whatever the filters.
  useEffect(() => {
    let left = false;
    void (async () => {
      try {
        // The trail is checked against the copy of its head kept with the records, then verified.
        await keepAuditSeal();
        let step = await unwrap(api().audit.verify({}));
        while (!step.done) {
          if (left) return;
          setCheck({ state: 'checking', checked: step.checked, total: step.total });
          step = await unwrap(api().audit.verify({ run: step.run }));
        }
        if (!left) setCheck({ state: 'done', ...verdictOf(step) });
      } catch (e) {
        if (!left) setError(messageOf(e));
      }
    })();
    return () => {
      left = true;
    };
  }, []);

  // Rendered again only when entries are added, not at each step of the check.
  const rows = useMemo(
    () =>
      entries.map((e, i) => (
        // A tampered trail can hold the same number twice: the position keeps rows apart.
        <tr key={`${i}:${e.seq}`}>
          <td>{e.seq}</td>
          <td>{format(e.at, 'd MMM yyyy HH:mm:ss')}</td>
          <td>{e.action}</td>
          <td>{e.kind}</td>
          <td className="mono">{e.recordId ?? '—'}</td>
        </tr>
      )),
    [entries],
  );

  const checkText =
    check.state === 'done'
      ? check.message
      : check.total > 0
        ? `Checking the trail… ${count(check.checked)} of ${count(check.total)} entries`
        : 'Checking the trail…';
  const shownText = filtered
    ? `Showing ${count(entries.length)} matching ${entries.length === 1 ? 'entry' : 'entries'}, newest first, from a trail of ${count(total)}.`
    : `Showing ${count(entries.length)} of ${count(total)} ${total === 1 ? 'entry' : 'entries'}, newest first.`;

  return (
    <section aria-labelledby="audit-title" className="view">
      <header className="view-header">
        <h1 id="audit-title">Audit trail</h1>
        <p className="muted">Every unlock, lock, change, signature, export and print. Entries hold no client text.</p>
      </header>
      <div className="filters" role="group" aria-label="Filter the audit trail">
        <DateField label="From" value={from} onChange={(v) => setFrom(v)} />
        <DateField label="To" value={to} onChange={(v) => setTo(v)} />
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className={check.state === 'done' ? (check.ok ? 'ok' : 'error') : 'muted'} role="status">
        {checkText}
      </p>
      {check.state === 'checking' && (
        <progress
          aria-label="Audit trail check"
          max={Math.max(1, check.total)}
          value={check.checked}
          aria-valuetext={checkText}
        />
      )}
      <ErrorAlert message={error} />
      {unreadable > 0 && (
        <p className="error">
          {count(unreadable)} {unreadable === 1 ? 'entry' : 'entries'} in this part of the trail could not be read: the check
          above reports {unreadable === 1 ? 'it' : 'them'}.
        </p>
      )}
      <table className="table">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Record kind</th>
            <th scope="col">Record id</th>
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
      {loading ? (
        <p className="muted">{entries.length === 0 ? 'Loading entries…' : 'Looking through older entries…'}</p>
      ) : entries.length === 0 ? (
        <p className="muted">No entries match these filters.</p>
      ) : (
        <p className="muted">{shownText}</p>
      )}
      {next !== null && (
        <button type="button" disabled={loading} onClick={() => void showOlder(next, entries, unreadable, listing.current)}>
          Show older entries
        </button>
      )}
    </section>
  );
}
