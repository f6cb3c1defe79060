/**
 * What the unlocked app shares: the settings, and a revision bumped after each write so open
 * screens reload (data/useRecords.ts). Decrypted records are loaded by each screen, never kept
 * here, and go with the page when Holdspace locks.
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
