import type { AppointmentKind, AppointmentStatus } from '../../../shared/records';

export const KIND_LABEL: Record<AppointmentKind, string> = {
  individual: 'Individual session',
  group: 'Group session',
  supervision: 'Supervision',
  admin: 'Admin / note-writing',
  'self-care': 'Self-care / break',
};
export const kindLabel = (k: AppointmentKind): string => KIND_LABEL[k];

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'late-cancel': 'Late cancel',
  'no-show': 'No-show',
};

/** Which lane of the split calendar a kind sits in. */
export const laneOf = (k: AppointmentKind): 'individual' | 'group' | 'other' =>
  k === 'individual' ? 'individual' : k === 'group' ? 'group' : 'other';
