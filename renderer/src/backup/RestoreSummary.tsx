/**
 * What a backup holds and any records in it that cannot be opened, said the same way on the
 * first-run restore screen and in Settings (the steps themselves are in data/restore.ts).
 */
import type { ReactNode } from 'react';
import { displayDateTime } from '../../../shared/locale/format';
import type { OpenedBackup } from '../data/restore';

/** What the clinician recognises, by table; tables that only support others are counted under "other". */
const LABELS: Record<string, [string, string]> = {
  clients: ['client', 'clients'],
  groups: ['group', 'groups'],
  appointments: ['appointment', 'appointments'],
  notes: ['note', 'notes'],
  agreements: ['agreement', 'agreements'],
  measures: ['measure', 'measures'],
};
const plural = (n: number, [one, many]: [string, string]): string => `${n} ${n === 1 ? one : many}`;

/** "2 clients, 14 notes, 31 other items". */
export function describeCounts(counts: Record<string, number>): string {
  const parts: string[] = [];
  let other = 0;
  for (const [table, n] of Object.entries(counts)) {
    const label = LABELS[table];
    if (label) parts.push(plural(n, label));
    else other += n;
  }
  if (other > 0) parts.push(plural(other, ['other item', 'other items']));
  return parts.length ? parts.join(', ') : 'no records';
}

export function RestoreSummary({
  createdAt,
  counts,
  opened,
  timeZone,
  children,
}: {
  createdAt: number;
  counts: Record<string, number>;
  opened: OpenedBackup;
  timeZone: string;
  /** The choices (cancel, restore) under the summary. */
  children?: ReactNode;
}) {
  return (
    <div className="form-stack" role="group" aria-label="What will be restored">
      <p>
        This backup was made {displayDateTime(createdAt, timeZone)} and holds {describeCounts(counts)}.
      </p>
      {opened.damaged > 0 && (
        <div className="warning" role="alert" aria-label="Damaged records in this backup">
          {plural(opened.damaged, ['record', 'records'])} of {opened.records} in this backup cannot be opened (damaged before the
          backup was made):{' '}
          {Object.entries(opened.damagedByTable)
            .map(([table, n]) => `${n} in ${table}`)
            .join(', ')}
          . Restoring keeps them, unopened; everything else is restored. Nothing has been replaced yet.
        </div>
      )}
      {children}
    </div>
  );
}
