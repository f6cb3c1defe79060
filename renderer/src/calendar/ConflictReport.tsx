import type { BookingCheck } from '../../../shared/scheduling';

/** Hard conflicts as an alert (they block saving), warnings as a polite status. */
export function ConflictReport({ check, checking }: { check: BookingCheck | null; checking?: boolean }) {
  if (checking && !check)
    return (
      <p className="muted" role="status">
        Checking your calendar…
      </p>
    );
  if (!check) return null;
  if (check.hard.length === 0 && check.soft.length === 0) {
    return (
      <p className="ok" role="status">
        No conflicts.
      </p>
    );
  }
  return (
    <div className="conflicts">
      {check.hard.length > 0 && (
        <div className="conflict-hard" role="alert">
          <strong>Conflict{check.hard.length === 1 ? '' : 's'}: this booking cannot go ahead as it is.</strong>
          <ul>
            {check.hard.map((h, i) => (
              <li key={i}>{h.message}</li>
            ))}
          </ul>
        </div>
      )}
      {check.soft.length > 0 && (
        <div className="conflict-soft" role="status">
          <strong>Warning{check.soft.length === 1 ? '' : 's'}</strong>
          <ul>
            {check.soft.map((s, i) => (
              <li key={i}>{s.message}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
