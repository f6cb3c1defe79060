/**
 * How a screen moves the app to another (for example "write the note for this session"): the
 * Shell owns the current route and provides it here; screens call `useNavigate()`.
 */
import { createContext, useContext } from 'react';
import type { Route } from './route';

export interface Navigation {
  route: Route;
  navigate: (to: Route) => void;
}

export const NavigationContext = createContext<Navigation | null>(null);

function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (navigation === null) throw new Error('useNavigate is used outside the Shell.');
  return navigation;
}

/** Moves the app to a route. Each call is a new request, even for the same route. */
export const useNavigate = (): ((to: Route) => void) => useNavigation().navigate;

/** The route being shown (a screen reads its own parameters from it). */
export const useRoute = (): Route => useNavigation().route;
