/**
 * Matching the people in an imported calendar to Holdspace's clients and groups. A
 * suggestion is made only when exactly one client or group fits (full name, preferred name,
 * email, or the initials a private Holdspace export leaves), so a guess never silently
 * assigns a session to the wrong person; the clinician confirms or changes every match.
 */
import type { Client, Group } from '../records';
import type { ImportTarget, ImportedEvent } from './ics-import';
import { initialsOf } from './ics';

const fold = (s: string): string => s.normalize('NFC').trim().toLocaleLowerCase();
const groupInitials = (name: string): string =>
  name
    .trim()
    .split(/\s+/u)
    .filter(Boolean)
    .map((w) => [...w][0]!.toLocaleUpperCase())
    .join('');

export function suggestTarget(
  event: Pick<ImportedEvent, 'who' | 'attendees' | 'kindHint'>,
  clients: readonly Client[],
  groups: readonly Group[],
): ImportTarget {
  const who = fold(event.who.replace(/^group:\s*/i, ''));
  const emails = new Set(event.attendees.map((a) => fold(a.email)).filter(Boolean));
  const live = clients.filter((c) => !c.archived);
  const only = <T>(list: T[]): T | undefined => (list.length === 1 ? list[0] : undefined);
  if (event.kindHint !== 'group') {
    const byEmail = only(live.filter((c) => c.email && emails.has(fold(c.email))));
    if (byEmail) return { type: 'client', id: byEmail.id };
    const byName = only(live.filter((c) => fold(c.name) === who || (c.preferredName && fold(c.preferredName) === who)));
    if (byName) return { type: 'client', id: byName.id };
    const byInitials = /^(\S\.)+$/u.test(event.who.trim())
      ? only(live.filter((c) => fold(initialsOf(c.name)) === who))
      : undefined;
    if (byInitials) return { type: 'client', id: byInitials.id };
  }
  const liveGroups = groups.filter((g) => !g.archived);
  const group =
    only(liveGroups.filter((g) => fold(g.name) === who)) ??
    (event.kindHint === 'group' ? only(liveGroups.filter((g) => fold(groupInitials(g.name)) === who)) : undefined);
  if (group) return { type: 'group', id: group.id };
  return { type: 'other' };
}

export const targetKey = (t: ImportTarget): string => (t.type === 'client' || t.type === 'group' ? `${t.type}:${t.id}` : t.type);
export const targetFromKey = (key: string): ImportTarget => {
  if (key.startsWith('client:')) return { type: 'client', id: key.slice(7) };
  if (key.startsWith('group:')) return { type: 'group', id: key.slice(6) };
  return key === 'skip' ? { type: 'skip' } : { type: 'other' };
};
