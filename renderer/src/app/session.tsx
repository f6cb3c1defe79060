/**
 * Everything the unlocked app shares: settings and a persistent-storage warning.
 * Decrypted records are loaded by each feature and dropped with the page on lock.
 */
import { createContext, useContext } from 'react';
import type { Settings } from '../../../shared/settings';

export interface SessionValue {
  settings: Settings;
  updateSettings: (next: Settings) => void;
  /** Bumped after any write so open screens reload what they show. */
  revision: number;
  bump: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside the unlocked app');
  return value;
}
