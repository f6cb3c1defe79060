/**
 * What this computer says about time and language. The page is the only side that knows: in
 * the app main's clock agrees with it, but the page is what the clinician sees.
 */
import { setDisplayFormat } from '../../../shared/locale/format';
import type { DisplayFormat } from '../../../shared/locale/format';
import { canonicalZone } from '../../../shared/locale/zones';
import type { Settings } from '../../../shared/settings';

/** The computer's zone under its current IANA name (Chromium still says Asia/Calcutta). */
export function computerTimeZone(): string {
  const reported = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return canonicalZone(reported) ?? reported;
}

/** The computer's language for dates and times (Chromium's UI language). */
export function computerLocale(): string {
  return navigator.language || Intl.DateTimeFormat().resolvedOptions().locale;
}

export function effectiveDisplayFormat(settings: Pick<Settings, 'locale' | 'hourCycle'>): DisplayFormat {
  return { locale: settings.locale ?? computerLocale(), hourCycle: settings.hourCycle };
}

/** Applies the clinician's format to every date and time the page writes from now on. */
export function applyDisplayFormat(settings: Pick<Settings, 'locale' | 'hourCycle'>): void {
  setDisplayFormat(effectiveDisplayFormat(settings));
}
