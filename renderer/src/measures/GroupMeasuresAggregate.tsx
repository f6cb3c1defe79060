/**
 * A group's outcome figures with nobody in them: the mean change since joining, hidden when too
 * few members have scores for it to be anonymous (shared/measures/scoring.ts decides).
 */
import { useMemo } from 'react';
import { groupAggregate } from '../../../shared/measures/scoring';
import { MEASURE_KINDS } from '../../../shared/records';
import type { Measure } from '../../../shared/records';
import { useLoad } from '../data/useRecords';
import { UnreadableNotice } from '../ui/UnreadableNotice';
import { ErrorAlert } from '../ui/ErrorAlert';

/**
 * `start` false holds the work back until the screen it sits on is shown (the group notes above
 * it): a ten-year group's members have thousands of measures between them, and reading them
 * first made the notes wait. They are then opened in the background lane, so a click meanwhile
 * is answered first.
 */
export function GroupMeasuresAggregate({ groupId, start = true }: { groupId: string; start?: boolean }) {
  const { data, error } = useLoad(
    async (repos, signal) => {
      if (!start) return undefined;
      const memberships = await repos.memberships.query((t) => t.where('groupId').equals(groupId));
      const clientIds = [...new Set(memberships.records.map((m) => m.clientId))];
      const measures =
        clientIds.length === 0
          ? { records: [], unreadable: [] }
          : await repos.measures.queryWhereAnyOf('clientId', clientIds, { background: true, signal });
      return {
        memberships: memberships.records,
        measures: measures.records,
        unreadable: [...memberships.unreadable, ...measures.unreadable],
      };
    },
    [groupId, start],
  );

  const results = useMemo(() => {
    if (!data) return [];
    const byClient = new Map<string, Measure[]>();
    for (const measure of data.measures) byClient.set(measure.clientId, [...(byClient.get(measure.clientId) ?? []), measure]);
    return MEASURE_KINDS.map((kind) => ({ kind, result: groupAggregate(byClient, data.memberships, groupId, kind) }));
  }, [data, groupId]);

  return (
    <div className="measures-aggregate">
      <ErrorAlert message={error} />
      {data && <UnreadableNotice items={data.unreadable} kind="record" />}
      {!data && !error && <p className="muted">Working out the group’s figures…</p>}
      <dl className="balance-stats compact">
        {results.map(({ kind, result }) => (
          <div className="balance-stat" key={kind}>
            <dt>{kind} mean change since joining</dt>
            <dd>
              {result.aggregate ? (
                <>
                  <span className="stat-value">
                    {result.aggregate.meanChange > 0 ? `+${result.aggregate.meanChange}` : result.aggregate.meanChange}
                  </span>
                  <span className="stat-detail">{result.aggregate.summary}</span>
                </>
              ) : (
                <>
                  <span className="stat-value muted">Hidden</span>
                  <span className="stat-detail">{result.reason}</span>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Figures are averages across members; no one member’s scores are shown here.</p>
    </div>
  );
}
