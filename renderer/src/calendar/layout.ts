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
