import type { ViewId } from './views';

/** Lets any screen switch view (for example "open this client") without prop drilling. */
export const navigate = (view: ViewId): void => {
  window.dispatchEvent(new CustomEvent('holdspace:navigate', { detail: view }));
};
