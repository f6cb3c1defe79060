import type { StatusBadge } from './agreement-view';

/** A status pill; its description is the tooltip, the label is what everyone reads. */
export function Badge({ badge }: { badge: StatusBadge }) {
  return (
    <span className={`badge ${badge.tone === 'neutral' ? '' : badge.tone}`} title={badge.description}>
      {badge.label}
    </span>
  );
}
