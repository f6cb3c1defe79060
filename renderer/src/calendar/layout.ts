/** Places overlapping events side by side within a lane: greedy columns, as paper diaries do. */
export interface Placed<T> {
  item: T;
  column: number;
  columns: number;
}

export function placeInColumns<T extends { start: number; end: number }>(items: readonly T[]): Placed<T>[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const placed: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let clusterEnd = -Infinity;
  const columnEnds: number[] = [];
  const flush = (): void => {
    const width = Math.max(1, ...cluster.map((p) => p.column + 1));
    for (const p of cluster) p.columns = width;
    placed.push(...cluster);
    cluster = [];
    columnEnds.length = 0;
  };
  for (const item of sorted) {
    if (item.start >= clusterEnd) flush();
    let column = columnEnds.findIndex((end) => end <= item.start);
    if (column === -1) column = columnEnds.length;
    columnEnds[column] = item.end;
    cluster.push({ item, column, columns: 1 });
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  flush();
  return placed;
}

/** The three lanes of the split calendar, left to right. */
export type SplitLane = 'individual' | 'group' | 'other';
export const SPLIT_LANES: readonly SplitLane[] = ['individual', 'group', 'other'];

/** A lane's or an event's horizontal place in a day column, as fractions of its width. */
export interface Span {
  left: number;
  width: number;
}

export interface SplitDay<T> {
  lanes: Record<SplitLane, Span>;
  events: Record<SplitLane, (Span & { item: T })[]>;
}

/** Relative widths of lanes with events that day; a lane with none keeps a sliver, so it stays visible and clickable. */
const BUSY_WEIGHT: Record<SplitLane, number> = { individual: 3, group: 3, other: 1.6 };
const EMPTY_WEIGHT = 0.45;

const overlapsAny = (ranges: readonly { start: number; end: number }[], start: number, end: number): boolean =>
  ranges.some((r) => r.start < end && start < r.end);

/**
 * Lays out one day of the split calendar. A lane with no events that day shrinks to a sliver and
 * the others share its room; an event then also spreads sideways into neighbouring lanes that are
 * free for the whole of its time (the event keeps its kind's colour, so its lane stays clear),
 * earlier events first. Events overlapping in a lane sit side by side, and only the outermost of
 * them spread; one starting half an hour or more after its neighbour is drawn over it (`cascade`).
 */
export function placeSplitDay<T extends { start: number; end: number }>(byLane: Record<SplitLane, readonly T[]>): SplitDay<T> {
  const weights = SPLIT_LANES.map((lane) => (byLane[lane].length > 0 ? BUSY_WEIGHT[lane] : EMPTY_WEIGHT));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const lanes = {} as Record<SplitLane, Span>;
  let cursor = 0;
  SPLIT_LANES.forEach((lane, i) => {
    lanes[lane] = { left: cursor, width: weights[i]! / total };
    cursor += weights[i]! / total;
  });
  // Time in each lane taken by its own events or by a neighbour's spread.
  const taken: { start: number; end: number }[][] = SPLIT_LANES.map((lane) => [...byLane[lane]]);
  const events = { individual: [], group: [], other: [] } as SplitDay<T>['events'];
  const placed = SPLIT_LANES.flatMap((lane, i) => placeInColumns(byLane[lane]).map((p) => ({ ...p, lane, i })));
  // Earlier events spread first; an event starting at the same time as one in another lane
  // leaves the room between them to the narrower lane's event.
  const order: Record<SplitLane, number> = { other: 0, group: 1, individual: 2 };
  placed.sort((a, b) => a.item.start - b.item.start || order[a.lane] - order[b.lane]);
  for (const { item, column, columns, lane, i } of placed) {
    const box = lanes[lane];
    let left = box.left + (column / columns) * box.width;
    let right = left + box.width / columns;
    const spread = (j: number): boolean => {
      if (overlapsAny(taken[j]!, item.start, item.end)) return false;
      taken[j]!.push(item);
      return true;
    };
    if (column === columns - 1)
      for (let j = i + 1; j < SPLIT_LANES.length && spread(j); j++)
        right = lanes[SPLIT_LANES[j]!].left + lanes[SPLIT_LANES[j]!].width;
    if (column === 0) for (let j = i - 1; j >= 0 && spread(j); j--) left = lanes[SPLIT_LANES[j]!].left;
    events[lane].push({ item, left, width: right - left });
  }
  cascade(events);
  return { lanes, events };
}

/** How much later an event must start to be drawn over one to its left (its head, name and time, stays clear). */
const CASCADE_AFTER_MS = 30 * 60_000;
/** How much of the event beneath stays uncovered on its left. */
const CASCADE_INDENT = 0.5;

/**
 * An event still squeezed beside one in a lane to its left, starting at least half an hour
 * later than every event there that it meets, is drawn over their lower part instead (as paper
 * diaries and Google Calendar do), indented so the one beneath keeps its colour and its head.
 * Only leftwards, so a lane further right, later in the page, is drawn on top.
 */
function cascade<T extends { start: number; end: number }>(events: SplitDay<T>['events']): void {
  const all = SPLIT_LANES.flatMap((lane) => events[lane]);
  for (const lane of SPLIT_LANES) {
    for (const placed of events[lane]) {
      const { item } = placed;
      const beneath = all.filter(
        (o) => o !== placed && o.left < placed.left && o.item.start < item.end && item.start < o.item.end,
      );
      if (beneath.length === 0) continue;
      if (!beneath.every((o) => item.start - o.item.start >= CASCADE_AFTER_MS)) continue;
      const right = placed.left + placed.width;
      const left = Math.max(...beneath.map((o) => o.left + o.width * CASCADE_INDENT));
      if (left >= placed.left) continue;
      placed.left = left;
      placed.width = right - left;
    }
  }
}
