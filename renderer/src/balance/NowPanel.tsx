import { agreementsPanelText } from '../../../shared/balance/dashboard';
import { caseloadText } from '../../../shared/balance/summaries';
import { plural } from '../../../shared/balance/format';
import { localShortDate, localTime } from '../../../shared/balance/zone';
import { useSession } from '../app/session';
import type { BalanceData } from './loadBalance';

/** How many unsigned sessions to list by name; the count covers the rest. */
const BACKLOG_SHOWN = 8;

/** Today's standing, whatever week the dashboard is looking at: caseload, notes and agreements waiting. */
export function NowPanel({ data }: { data: BalanceData }) {
  const { settings } = useSession();
  const zone = settings.timeZone;
  const { caseload, backlog, agreementsDue } = data;
  const oldest = backlog[0];
  const sessionLabel = (item: (typeof backlog)[number]) => {
    const { appointment } = item;
    if (appointment.kind === 'group') return data.groupNames[appointment.groupId ?? ''] ?? 'Group session';
    return data.clientNames[appointment.clientId ?? ''] ?? 'Individual session';
  };
  return (
    <section className="now-grid" aria-labelledby="balance-now-title">
      <h2 id="balance-now-title" className="now-title">
        As of today
      </h2>

      <section className="panel" aria-labelledby="caseload-title">
        <h3 id="caseload-title">Active caseload</h3>
        <dl className="balance-stats compact">
          <div className="balance-stat">
            <dt>Individual clients</dt>
            <dd>
              <span className="stat-value">{caseload.individualClients}</span>
            </dd>
          </div>
          <div className="balance-stat">
            <dt>Group members</dt>
            <dd>
              <span className="stat-value">{caseload.groupMembers}</span>
            </dd>
          </div>
          <div className="balance-stat">
            <dt>In both</dt>
            <dd>
              <span className="stat-value">{caseload.inBoth}</span>
            </dd>
          </div>
        </dl>
        <p className="muted small">{caseloadText(caseload)}</p>
      </section>

      <section className="panel" aria-labelledby="backlog-title">
        <h3 id="backlog-title">Note backlog</h3>
        {backlog.length === 0 ? (
          <p className="verdict ok">Every session that has taken place has a signed note.</p>
        ) : (
          <>
            <p className="verdict warn">
              {plural(backlog.length, 'session')} without a signed note
              {oldest && oldest.daysOverdue > 0 ? `; the oldest is ${plural(oldest.daysOverdue, 'day')} old.` : '.'}
            </p>
            <ul className="compact-list" aria-label="Sessions without a signed note">
              {backlog.slice(0, BACKLOG_SHOWN).map((item) => (
                <li key={item.appointment.id}>
                  <span>
                    {localShortDate(item.appointment.start, zone)} {localTime(item.appointment.start, zone)}
                  </span>
                  <span>{sessionLabel(item)}</span>
                  <span className="muted">{item.draftNoteId ? 'Draft started' : 'Not started'}</span>
                </li>
              ))}
            </ul>
            {backlog.length > BACKLOG_SHOWN && (
              <p className="muted small">and {plural(backlog.length - BACKLOG_SHOWN, 'more session')}.</p>
            )}
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="agreements-due-title">
        <h3 id="agreements-due-title">Agreements before each group’s next session</h3>
        {agreementsDue.length > 0 && (
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Next session</th>
                <th scope="col">Still to sign</th>
              </tr>
            </thead>
            <tbody>
              {agreementsDue.map((row) => (
                <tr key={row.groupId}>
                  <td>{data.groupNames[row.groupId] ?? 'A group'}</td>
                  <td>
                    {localShortDate(row.nextSessionAt, zone)} {localTime(row.nextSessionAt, zone)}
                  </td>
                  <td>
                    {row.currentVersion === null ? (
                      <span className="muted">No agreement written</span>
                    ) : row.unsignedCount === 0 ? (
                      <span className="badge ok">All signed</span>
                    ) : (
                      <span className="badge warn">{plural(row.unsignedCount, 'member')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">{agreementsPanelText(agreementsDue, data.groupNames, zone)}</p>
      </section>
    </section>
  );
}
