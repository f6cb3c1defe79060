import type { Settings, SettingsPatch } from '../../../shared/settings';
import { settingsSchema } from '../../../shared/settings';
import type { KeyValueStore } from './kv-store';

const KEY = 'settings';

/** Non-sensitive preferences only; no client data is ever written here. */
export class SettingsService {
  private readonly listeners = new Set<(s: Settings) => void>();
  constructor(private readonly store: KeyValueStore) {}

  get(): Settings {
    const parsed = settingsSchema.safeParse(this.store.get(KEY) ?? {});
    // A hand-edited or older settings file falls back to defaults rather than stopping the app.
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  update(patch: SettingsPatch): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    this.store.set(KEY, next);
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
