import { describe, expect, it } from 'vitest';
import { placeSplitDay } from '../../renderer/src/calendar/layout';

const H = 3_600_000;
const ev = (id: string, from: number, to: number) => ({ id, start: from * H, end: to * H });
type E = ReturnType<typeof ev>;
const lanes = (individual: E[] = [], group: E[] = [], other: E[] = []) => ({ individual, group, other });
const round = (n: number) => Math.round(n * 1000) / 1000;
const spans = (day: ReturnType<typeof placeSplitDay<E>>) =>
  Object.fromEntries(
    Object.values(day.events)
      .flat()
      .map((p) => [p.item.id, [round(p.left), round(p.left + p.width)]]),
  );

describe('the split day layout', () => {
  it('gives an empty lane a sliver and the busy lanes the rest, in lane order', () => {
    const day = placeSplitDay(lanes([ev('a', 9, 10)], [ev('g', 18, 19.5)]));
    expect(day.lanes.individual.left).toBe(0);
    expect(day.lanes.individual.width).toBeCloseTo(day.lanes.group.width);
    expect(day.lanes.other.width).toBeLessThan(0.1);
    expect(round(day.lanes.other.left + day.lanes.other.width)).toBe(1);
  });

  it('spreads an event across lanes that are free for the whole of its time, and no further', () => {
    const day = placeSplitDay(lanes([ev('a', 9, 10), ev('b', 12, 13)], [ev('g', 12.25, 14)], [ev('s', 9.25, 10)]));
    const at = spans(day);
    // 09:00 individual meets 09:15 supervision: it takes the free group lane, the supervision keeps its own.
    expect(at.a).toEqual([0, round(day.lanes.other.left)]);
    expect(at.s![1]).toBe(1);
    expect(at.s![0]).toBeGreaterThanOrEqual(at.a![1]!);
    // 12:00 individual meets the 12:15 group: side by side, the group spreading right into the free other lane.
    expect(at.b).toEqual([0, round(day.lanes.group.left)]);
    expect(at.g).toEqual([round(day.lanes.group.left), 1]);
  });

  it('draws an event starting half an hour after its neighbour over that one, indented; never one starting sooner', () => {
    const later = spans(placeSplitDay(lanes([ev('a', 16, 17)], [], [ev('call', 16.5, 17.5)])));
    expect(later.a![0]).toBe(0);
    expect(later.call![0]).toBeGreaterThan(0);
    expect(later.call![0]).toBeLessThan(later.a![1]!);
    expect(later.call![1]).toBe(1);
    const soon = spans(placeSplitDay(lanes([ev('a', 16, 17)], [], [ev('call', 16.25, 17)])));
    expect(soon.call![0]).toBeGreaterThanOrEqual(soon.a![1]!);
  });

  it('puts events starting together in one lane side by side, with no two sharing any width', () => {
    const day = placeSplitDay(lanes([ev('a', 10, 11), ev('b', 10, 11), ev('c', 10.25, 11.5)]));
    const at = spans(day);
    const boxes = ['a', 'b', 'c'].map((id) => at[id]!);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(Math.min(boxes[i]![1]!, boxes[j]![1]!) <= Math.max(boxes[i]![0]!, boxes[j]![0]!)).toBe(true);
  });
});
