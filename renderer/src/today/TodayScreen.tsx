import { useMemo } from 'react';
import type { Appointment, Client, Group } from '../../../shared/records';
import { isClinicalKind } from '../../../shared/records';
import { formatPercent } from '../../../shared/balance/format';
import { hoursByFormat } from '../../../shared/balance/workload';
import { dayRange, formatClock, formatDay, weekRange } from '../../../shared/scheduling';
import { useSession } from '../app/session';
import { MAX_APPOINTMENT_MS } from '../calendar/booking';
import { whoFor } from '../calendar/describe';
import { STATUS_LABEL, kindLabel } from '../calendar/labels';
import { allOf, useLoad, useRecords } from '../data/useRecords';
import { backlogFrom, loadBacklogInputs } from '../notes/backlog-data';
import { useNavigate } from '../navigation/navigation';
import { noteForSession } from '../navigation/route';
import { BackupReminder } from '../backup/BackupStatus';

/** Today counts notes still to write for sessions from this many days before this week began. */
const BACKLOG_DAYS = 30;

/** The day at a glance: both formats side by side, this week's balance, and notes still to write. */
export function TodayScreen() {
  const { settings } = useSession();
  const navigate = useNavigate();
  const tz = settings.timeZone;
  const now = Date.now();
  const week = weekRange(now, tz);
  const today = dayRange(now, tz);
  const appointments = useRecords<Appointment>(
    (r) => r.appointments.query((t) => t.where('start').between(week.from - MAX_APPOINTMENT_MS, week.to, true, false)),
    [week.from, week.to],
  );
  // The Notes screen's backlog, from clear index fields (no note is opened), for the last month:
  // only the sessions since then are read.
  const backlogSince = week.from - BACKLOG_DAYS * 86_400_000;
  const backlogInputs = useLoad((r) => loadBacklogInputs(r, now, { from: backlogSince }), [week.from]);
  const clients = useRecords<Client>(allOf((r) => r.clients));
  const groups = useRecords<Group>(allOf((r) => r.groups));
  const names = useMemo(
    () => ({ clients: new Map(clients.records.map((c) => [c.id, c])), groups: new Map(groups.records.map((g) => [g.id, g])) }),
    [clients.records, groups.records],
  );

  const live = appointments.records.filter((a) => a.status !== 'cancelled');
  const todays = live.filter((a) => a.start >= today.from && a.start < today.to).sort((a, b) => a.start - b.start);
  // The same count as the Balance screen's: no-shows and late cancellations add no hours.
  const thisWeek = hoursByFormat(appointments.records, week);
  const backlog = useMemo(
    () => (backlogInputs.data ? backlogFrom(backlogInputs.data, now, tz, { since: backlogSince }) : []),
    [backlogInputs.data, now, tz, backlogSince],
  );

  return (
    <section aria-labelledby="today-title" className="view">
      <header className="view-header">
        <h1 id="today-title">Today</h1>
        <p className="muted">{formatDay(now, tz)}</p>
      </header>
      <BackupReminder />
      <div className="today-grid">
        <section className="panel" aria-labelledby="agenda-title">
          <h2 id="agenda-title">Your day</h2>
          {todays.length === 0 ? (
            <div className="empty-state compact">
              <p>Nothing scheduled today.</p>
              <button type="button" onClick={() => navigate({ view: 'calendar' })}>
                Open the calendar
              </button>
            </div>
          ) : (
            <ol className="agenda">
              {todays.map((a) => (
                <li key={a.id} className={`agenda-item kind-${a.kind}`}>
                  <span className="agenda-time">
                    {formatClock(a.start, tz)}–{formatClock(a.end, tz)}
                  </span>
                  <span>
                    <strong>{kindLabel(a.kind)}</strong>
                    {whoFor(a, names) ? (
                      <>
                        {' '}
                        · <bdi>{whoFor(a, names)}</bdi>
                      </>
                    ) : (
                      ''
                    )}
                    {a.status !== 'scheduled' ? ` · ${STATUS_LABEL[a.status]}` : ''}
                  </span>
                  {isClinicalKind(a.kind) && a.start < now && (
                    <button
                      type="button"
                      onClick={() => navigate(noteForSession(a.id))}
                      aria-label={`Write note for ${kindLabel(a.kind)} at ${formatClock(a.start, tz)}`}
                    >
                      Write note
                    </button>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="panel" aria-labelledby="week-title">
          <h2 id="week-title">This week</h2>
          <dl className="stats">
            <div>
              <dt>Individual</dt>
              <dd>
                {thisWeek.sessions.individual} sessions · {thisWeek.hours.individual.toFixed(1)} h
              </dd>
            </div>
            <div>
              <dt>Groups</dt>
              <dd>
                {thisWeek.sessions.group} sessions · {thisWeek.hours.group.toFixed(1)} h
              </dd>
            </div>
            <div>
              <dt>Individual share</dt>
              <dd>
                {thisWeek.individualShare === null ? '—' : formatPercent(thisWeek.individualShare)} (target{' '}
                {formatPercent(settings.limits.targetIndividualShare)})
              </dd>
            </div>
          </dl>
        </section>
        <section className="panel" aria-labelledby="backlog-title">
          <h2 id="backlog-title">Notes to write</h2>
          <p>
            {backlog.length === 0
              ? 'You are up to date with your notes.'
              : `${backlog.length} session${backlog.length === 1 ? '' : 's'} in the last month ${backlog.length === 1 ? 'has' : 'have'} no signed note.`}
          </p>
          {backlog.length > 0 && (
            <button type="button" onClick={() => navigate({ view: 'notes' })}>
              Open the note backlog
            </button>
          )}
        </section>
      </div>
    </section>
  );
}
