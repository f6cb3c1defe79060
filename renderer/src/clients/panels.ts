import type { ComponentType } from 'react';
import { ClientGroupsPanel } from '../groups/ClientGroupsPanel';
import { MeasuresPanel } from '../measures/MeasuresPanel';
import { ClientNotesTimeline } from '../notes/Timelines';

/** Panels other features add to the client page (groups, notes timeline, measures): one line each. */
export const CLIENT_PANELS: { id: string; title: string; Component: ComponentType<{ clientId: string }> }[] = [
  { id: 'groups', title: 'Groups', Component: ClientGroupsPanel },
  { id: 'notes', title: 'Notes timeline', Component: ClientNotesTimeline },
  { id: 'measures', title: 'Outcome measures', Component: MeasuresPanel },
];
