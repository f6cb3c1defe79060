import { useState } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { WEEKDAY_NAMES, parseClockTime } from '../../../shared/scheduling';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TimeField } from '../ui/DateTimeFields';
import { displayClockText } from '../../../shared/locale/format';

type Block = { weekday: number; start: string; end: string; kind?: 'supervision' | 'self-care' };

/** Weekly time the clinician keeps for groups, supervision and self-care; booking into it warns. */
export function BlocksSettings({ settings, save }: { settings: Settings; save: (patch: SettingsPatch) => Promise<void> }) {
  return (
    <section className="card inline wide-card" aria-labelledby="blocks-title">
      <h2 id="blocks-title">Protected time</h2>
      <p className="muted">The calendar shades these hours and warns when something else is booked into them.</p>
      <BlockList
        title="Time kept for groups"
        description="Individual sessions booked here are flagged."
        blocks={settings.groupBlocks}
        onChange={(groupBlocks) => save({ groupBlocks })}
      />
      <BlockList
        title="Supervision and self-care"
        description="Client sessions booked here are flagged."
        withKind
        blocks={settings.protectedBlocks}
        onChange={(protectedBlocks) => save({ protectedBlocks: protectedBlocks as Settings['protectedBlocks'] })}
      />
    </section>
  );
}

function BlockList({
  title,
  description,
  blocks,
  withKind,
  onChange,
}: {
  title: string;
  description: string;
  blocks: readonly Block[];
  withKind?: boolean;
  onChange: (blocks: Block[]) => Promise<void>;
}) {
  const [weekday, setWeekday] = useState(2);
  const [start, setStart] = useState('18:00');
  const [end, setEnd] = useState('20:00');
  const [kind, setKind] = useState<'supervision' | 'self-care'>('self-care');
  const [error, setError] = useState('');
  const add = async (): Promise<void> => {
    if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(end)) return setError('Enter a start and an end time.');
    if (parseClockTime(end) <= parseClockTime(start)) return setError('The end time must be after the start time.');
    setError('');
    await onChange([...blocks, { weekday, start, end, ...(withKind ? { kind } : {}) }]);
  };
  return (
    <fieldset className="plain block-list">
      <legend>{title}</legend>
      <p className="muted small">{description}</p>
      {blocks.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="list">
          {blocks.map((b, i) => {
            const label = `${b.kind ? `${b.kind === 'supervision' ? 'Supervision' : 'Self-care'}, ` : ''}${WEEKDAY_NAMES[b.weekday]}s ${displayClockText(b.start)} to ${displayClockText(b.end)}`;
            return (
              <li key={`${b.weekday}-${b.start}-${i}`} className="list-item">
                <span>{label}</span>
                <button
                  type="button"
                  aria-label={`Remove ${label}`}
                  onClick={() => void onChange(blocks.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="form-row">
        {withKind && (
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as 'supervision' | 'self-care')}>
              <option value="self-care">Self-care</option>
              <option value="supervision">Supervision</option>
            </select>
          </label>
        )}
        <label>
          Day
          <select value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
            {WEEKDAY_NAMES.map((name, i) => (
              <option key={name} value={i}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <TimeField label="From" value={start} onChange={(v) => setStart(v)} />
        <TimeField label="To" value={end} onChange={(v) => setEnd(v)} />
      </div>
      <ErrorAlert message={error} />
      <button type="button" onClick={() => void add()}>
        Add to {title.toLowerCase()}
      </button>
    </fieldset>
  );
}
