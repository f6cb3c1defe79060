import { useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { api, unwrap } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { zoneLabel } from '../../../shared/locale/zones';

export interface ZoneChange {
  computerTimeZone: string;
  practiceTimeZone: string;
}

/**
 * Shown once when the computer's zone is not the one last answered for (the clinician
 * travelled, or the laptop's clock was set). Either answer is remembered for that zone;
 * appointments keep their instants whichever zone shows them.
 */
export function ZoneChangePrompt({ change, onAnswered }: { change: ZoneChange; onAnswered: (s: Settings) => void }) {
  const [error, setError] = useState('');
  const answer = async (timeZone: string) => {
    try {
      setError('');
      onAnswered(await unwrap(api().settings.update({ patch: { timeZone, computerTimeZone: change.computerTimeZone } })));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Holdspace could not save your answer. Try again.');
    }
  };
  const computer = zoneLabel(change.computerTimeZone);
  const practice = zoneLabel(change.practiceTimeZone);
  return (
    <section className="warning zone-change" role="region" aria-labelledby="zone-change-title">
      <h2 id="zone-change-title">This computer’s time zone has changed</h2>
      <p>
        This computer is now set to {computer}, but Holdspace shows times in {practice}. Your appointments stay at the same moment
        either way; only the clock they are shown on changes. You can change this later in Settings.
      </p>
      <div className="actions">
        <button type="button" onClick={() => void answer(change.computerTimeZone)}>
          Show times in {computer}
        </button>
        <button type="button" onClick={() => void answer(change.practiceTimeZone)}>
          Keep {practice}
        </button>
      </div>
      <ErrorAlert message={error} />
    </section>
  );
}
