import { canonicalZone, decideComputerZone } from '../../../shared/locale/zones';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { settingsSchema } from '../../../shared/settings';
import type { KeyValueStore } from './kv-store';

const KEY = 'settings';

/** What the page hears back when it reports the computer's zone at start-up. */
export interface ComputerZoneReport {
  settings: Settings;
  /** Set when the computer's zone changed since the clinician last answered: ask which to use. */
  zoneChanged: { computerTimeZone: string; practiceTimeZone: string } | null;
}

/** Non-sensitive preferences only; no client data is ever written here. */
export class SettingsService {
  private readonly listeners = new Set<(s: Settings) => void>();
  /**
   * @param hostTimeZone the zone main's own clock is in (Node's Intl). It stands in for the
   * practice's zone only until the page reports the computer's zone at first run; in the app
   * the two agree, and where they don't (the test harness) the page's zone is the clinician's.
   */
  constructor(
    private readonly store: KeyValueStore,
    private readonly hostTimeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
  ) {}

  private stored(): Record<string, unknown> {
    const raw = this.store.get(KEY);
    return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  }

  get(): Settings {
    const stored = this.stored();
    const withZone =
      typeof stored.timeZone === 'string' ? stored : { ...stored, timeZone: canonicalZone(this.hostTimeZone) ?? 'UTC' };
    const parsed = settingsSchema.safeParse(withZone);
    // A hand-edited or older settings file falls back to defaults rather than stopping the app.
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  update(patch: SettingsPatch): Settings {
    const checked = { ...patch };
    if (patch.timeZone !== undefined) {
      const zone = canonicalZone(patch.timeZone);
      if (!zone) throw new Error(`“${patch.timeZone}” is not a time zone this computer knows. Choose one from the list.`);
      checked.timeZone = zone;
    }
    const next = settingsSchema.parse({ ...this.get(), ...checked });
    this.store.set(KEY, next);
    for (const l of this.listeners) l(next);
    return next;
  }

  /**
   * The page reports the computer's zone each time Holdspace starts. At first run the practice's
   * zone becomes the computer's; after that a new computer zone is only reported back (once per
   * zone) for the clinician to choose. Stored instants are never touched either way.
   */
  reportComputerZone(computerTimeZone: string): ComputerZoneReport {
    const stored = this.stored();
    const decision = decideComputerZone(
      {
        timeZone: typeof stored.timeZone === 'string' ? stored.timeZone : undefined,
        computerTimeZone: typeof stored.computerTimeZone === 'string' ? stored.computerTimeZone : null,
      },
      computerTimeZone,
    );
    switch (decision.kind) {
      case 'adopt':
        return { settings: this.update({ timeZone: decision.timeZone, computerTimeZone: decision.timeZone }), zoneChanged: null };
      case 'remember':
        return { settings: this.update({ computerTimeZone: decision.computerTimeZone }), zoneChanged: null };
      case 'ask':
        return {
          settings: this.get(),
          zoneChanged: { computerTimeZone: decision.computerTimeZone, practiceTimeZone: decision.practiceTimeZone },
        };
      case 'unchanged':
        return { settings: this.get(), zoneChanged: null };
    }
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
