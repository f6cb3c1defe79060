import type { Unreadable } from '../data/repository';
import { UNREADABLE_MESSAGE } from '../data/repository';

/** Shown where records could not be opened: the rest of the screen keeps working. */
export function UnreadableNotice({ items, kind }: { items: readonly Unreadable[]; kind: string }) {
  if (items.length === 0) return null;
  return (
    <div className="warning" role="alert">
      <strong>
        {items.length} {kind}
        {items.length === 1 ? '' : 's'} could not be opened.
      </strong>
      <ul>
        {items.map((u) => (
          <li key={u.id}>
            <span className="mono">{u.id}</span>: {UNREADABLE_MESSAGE[u.reason]}
          </li>
        ))}
      </ul>
    </div>
  );
}
