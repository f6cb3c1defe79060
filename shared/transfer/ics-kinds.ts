import type { AppointmentKind } from '../records';

/** The CATEGORIES value an exported event carries for its kind; an import reads it back. */
export const KIND_CATEGORY: Record<AppointmentKind, string> = {
  individual: 'Individual session',
  group: 'Group session',
  supervision: 'Supervision',
  admin: 'Admin',
  'self-care': 'Self-care',
};

export function kindFromCategory(category: string): AppointmentKind | undefined {
  const wanted = category.trim().toLowerCase();
  return (Object.keys(KIND_CATEGORY) as AppointmentKind[]).find((k) => KIND_CATEGORY[k].toLowerCase() === wanted);
}
