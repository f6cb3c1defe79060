import type { ComponentType } from 'react';

/** Panels other features add to the client page (groups, notes timeline, measures): one line each. */
export const CLIENT_PANELS: { id: string; title: string; Component: ComponentType<{ clientId: string }> }[] = [];
