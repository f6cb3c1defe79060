import type { ComponentType } from 'react';
import { BalanceScreen } from '../balance/BalanceScreen';
import { CalendarScreen } from '../calendar/CalendarScreen';
import { ClientsScreen } from '../clients/ClientsScreen';
import { GroupsScreen } from '../groups/GroupsScreen';
import { NotesScreen } from '../notes/NotesScreen';
import type { ViewId } from '../navigation/route';
import { TodayScreen } from '../today/TodayScreen';

/** One line per feature: its nav label and its screen. Features live in their own folders. */
export const FEATURE_VIEWS: { id: ViewId; label: string; Component: ComponentType }[] = [
  { id: 'today', label: 'Today', Component: TodayScreen },
  { id: 'calendar', label: 'Calendar', Component: CalendarScreen },
  { id: 'clients', label: 'Clients', Component: ClientsScreen },
  { id: 'groups', label: 'Groups', Component: GroupsScreen },
  { id: 'notes', label: 'Notes', Component: NotesScreen },
  { id: 'balance', label: 'Balance', Component: BalanceScreen },
];
