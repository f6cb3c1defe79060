import { useMemo, useState } from 'react';
import { displayDay, displayTime, formatSample } from '../../../shared/locale/format';
import type { HourCycle } from '../../../shared/locale/format';
import { canonicalZone, zoneChoices, zoneLabel, zoneMatches } from '../../../shared/locale/zones';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { computerLocale, computerTimeZone } from '../locale/computer';

/**
 * Formats offered besides the computer's own. English ones first (the app's words are
 * English), then the commonest others; any tag the computer reports is offered too.
 */
const LOCALES = [
  'en-GB',
  'en-US',
  'en-AU',
  'en-CA',
  'en-IE',
  'en-IN',
  'en-NZ',
  'en-SG',
  'en-ZA',
  'de-DE',
  'es-ES',
  'fr-FR',
  'it-IT',
  'nl-NL',
  'pt-BR',
  'sv-SE',
];

const localeName = (tag: string): string => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

let zones: string[] | undefined;
/** Every zone the platform knows, under current names; built once, it is the same all session. */
function allZones(): string[] {
  zones ??= zoneChoices(Intl.supportedValuesOf('timeZone'));
  return zones;
}

export function TimeAndLanguageSettings({
  settings,
  save,
}: {
  settings: Settings;
  save: (patch: SettingsPatch) => Promise<void>;
}) {
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState(settings.timeZone);
  const computerZone = computerTimeZone();
  const matches = useMemo(() => allZones().filter((z) => zoneMatches(z, query)), [query]);
  // The list always holds the current choice, so the select never shows a value it lacks.
  const shown = matches.includes(picked) || !canonicalZone(picked) ? matches : [picked, ...matches];
  const now = Date.now();
  const systemLocale = computerLocale();

  return (
    <section className="card time-language" aria-labelledby="time-language-title">
      <h2 id="time-language-title">Time zone and date format</h2>
      <p>
        Times are shown in <strong>{zoneLabel(settings.timeZone)}</strong>: it is now {displayTime(now, settings.timeZone)} on{' '}
        {displayDay(now, settings.timeZone)} there.
        {computerZone !== settings.timeZone && <> This computer is set to {zoneLabel(computerZone)}.</>}
      </p>
      <p className="muted small">
        Appointments are kept as moments in time: changing the zone changes the clock they are shown on, never when they happen.
      </p>
      <div className="form-row zone-picker">
        <label>
          Search time zones
          <input
            type="search"
            value={query}
            placeholder="City or region, e.g. Sydney"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label>
          Time zone
          <select size={8} value={picked} onChange={(e) => setPicked(e.target.value)}>
            {shown.map((z) => (
              <option key={z} value={z}>
                {zoneLabel(z)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {matches.length === 0 && (
        <p role="status" className="muted">
          No time zone matches “{query}”. Try a city in the same zone, such as the nearest capital.
        </p>
      )}
      <div className="actions start">
        <button type="button" disabled={picked === settings.timeZone} onClick={() => void save({ timeZone: picked })}>
          Show times in {zoneLabel(picked)}
        </button>
        {computerZone !== settings.timeZone && (
          <button
            type="button"
            onClick={() => {
              setPicked(computerZone);
              void save({ timeZone: computerZone, computerTimeZone: computerZone });
            }}
          >
            Use this computer’s zone ({zoneLabel(computerZone)})
          </button>
        )}
      </div>
      <div className="form-row">
        <label>
          Date and time format
          <select
            value={settings.locale ?? ''}
            onChange={(e) => void save({ locale: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">
              This computer’s ({localeName(systemLocale)}):{' '}
              {formatSample({ locale: systemLocale, hourCycle: settings.hourCycle })}
            </option>
            {[...new Set([...LOCALES, ...(settings.locale ? [settings.locale] : [])])].map((tag) => (
              <option key={tag} value={tag}>
                {localeName(tag)}: {formatSample({ locale: tag, hourCycle: settings.hourCycle })}
              </option>
            ))}
          </select>
        </label>
        <label>
          Clock
          <select value={settings.hourCycle} onChange={(e) => void save({ hourCycle: e.target.value as HourCycle })}>
            <option value="auto">As the date format has it</option>
            <option value="h23">24-hour (14:30)</option>
            <option value="h12">12-hour (2:30 pm)</option>
          </select>
        </label>
      </div>
    </section>
  );
}
