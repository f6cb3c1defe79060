/**
 * The clinician's own limits and reminder preferences. Each field saves when it loses focus and
 * is checked against the same ranges main enforces (shared/settings.ts), so a bad value is
 * explained here rather than refused without a word.
 */
import { useId } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/settings';

interface NumberFieldProps {
  label: string;
  hint?: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  whole?: boolean;
  onSave: (value: number) => void;
  onInvalid: (message: string) => void;
}

function NumberField({ label, hint, value, min, max, step = 1, whole = true, onSave, onInvalid }: NumberFieldProps) {
  const hintId = useId();
  return (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        defaultValue={value}
        aria-describedby={hint ? hintId : undefined}
        onBlur={(e) => {
          const n = Number(e.target.value);
          const valid = e.target.value !== '' && Number.isFinite(n) && n >= min && n <= max && (!whole || Number.isInteger(n));
          if (!valid) onInvalid(`${label}: choose ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
          else if (n !== value) onSave(n);
        }}
      />
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </label>
  );
}

export function LimitsSettings({
  settings,
  save,
  onInvalid,
}: {
  settings: Settings;
  save: (patch: SettingsPatch) => void;
  onInvalid: (message: string) => void;
}) {
  const limits = settings.limits;
  const setLimit = (patch: Partial<Settings['limits']>) => save({ limits: { ...limits, ...patch } });
  return (
    <section className="panel settings-section" aria-labelledby="limits-title">
      <h2 id="limits-title">Limits and reminders</h2>
      <p className="muted">
        Your own rules for a sustainable week. Booking past them shows a warning in the calendar; it never stops you.
      </p>
      <div className="form-grid">
        <NumberField
          label="Target individual share (%)"
          hint="Of your clinical hours; the rest is group work."
          value={Math.round(limits.targetIndividualShare * 100)}
          min={0}
          max={100}
          onSave={(n) => setLimit({ targetIndividualShare: n / 100 })}
          onInvalid={onInvalid}
        />
        <NumberField
          label="Maximum clinical hours per day"
          value={limits.maxClinicalHoursPerDay}
          min={1}
          max={16}
          step={0.5}
          whole={false}
          onSave={(n) => setLimit({ maxClinicalHoursPerDay: n })}
          onInvalid={onInvalid}
        />
        <NumberField
          label="Maximum clinical hours per week"
          value={limits.maxClinicalHoursPerWeek}
          min={1}
          max={80}
          step={0.5}
          whole={false}
          onSave={(n) => setLimit({ maxClinicalHoursPerWeek: n })}
          onInvalid={onInvalid}
        />
        <NumberField
          label="Maximum sessions per day"
          value={limits.maxSessionsPerDay}
          min={1}
          max={20}
          onSave={(n) => setLimit({ maxSessionsPerDay: n })}
          onInvalid={onInvalid}
        />
        <NumberField
          label="Minimum buffer between sessions (minutes)"
          value={settings.bufferMinutes}
          min={0}
          max={120}
          onSave={(n) => save({ bufferMinutes: n })}
          onInvalid={onInvalid}
        />
        <NumberField
          label="Break needed after this many sessions in a row"
          hint="Sessions closer together than your buffer count as in a row."
          value={limits.breakAfterConsecutiveSessions}
          min={1}
          max={12}
          onSave={(n) => setLimit({ breakAfterConsecutiveSessions: n })}
          onInvalid={onInvalid}
        />
        <NumberField
          label="Remind me before a session (minutes)"
          hint="0 turns session reminders off."
          value={settings.reminders.sessionLeadMinutes}
          min={0}
          max={120}
          onSave={(n) => save({ reminders: { ...settings.reminders, sessionLeadMinutes: n } })}
          onInvalid={onInvalid}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.reminders.showNamesInNotifications}
          onChange={(e) => save({ reminders: { ...settings.reminders, showNamesInNotifications: e.target.checked } })}
        />
        Show client and group names in desktop notifications (they can appear on a locked screen)
      </label>
    </section>
  );
}
