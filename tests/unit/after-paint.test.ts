import { afterEach, describe, expect, test } from 'vitest';
import { afterPaint } from '../../renderer/src/ui/after-paint';

/** A stand-in for the browser's animation frames, drawn when the test says. */
function frames() {
  let callbacks = new Map<number, () => void>();
  let next = 1;
  const g = globalThis as unknown as Record<string, unknown>;
  g.requestAnimationFrame = (callback: () => void) => {
    callbacks.set(next, callback);
    return next++;
  };
  g.cancelAnimationFrame = (id: number) => callbacks.delete(id);
  return {
    draw() {
      const due = callbacks;
      callbacks = new Map();
      for (const callback of due.values()) callback();
    },
    get waiting() {
      return callbacks.size;
    },
  };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const settled = (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  return () => done;
};

afterEach(() => {
  const g = globalThis as unknown as Record<string, unknown>;
  delete g.requestAnimationFrame;
  delete g.cancelAnimationFrame;
});

describe('afterPaint: work a screen does not show yet waits for the frame that shows what it does', () => {
  test('resolves one task after the second frame, not after the first', async () => {
    const browser = frames();
    const isDone = settled(afterPaint(10_000));
    await tick();
    expect(isDone()).toBe(false);
    browser.draw();
    await tick();
    expect(isDone()).toBe(false);
    browser.draw();
    // Not inside the second frame: one task after it, once its style, layout and paint are done.
    await Promise.resolve();
    await Promise.resolve();
    expect(isDone()).toBe(false);
    await tick();
    await tick();
    expect(isDone()).toBe(true);
  });

  test('a window that draws no frames (hidden, minimised) waits no longer than the limit, and leaves no frame asked for', async () => {
    const browser = frames();
    const isDone = settled(afterPaint(30));
    await tick(5);
    expect(isDone()).toBe(false);
    expect(browser.waiting).toBe(1);
    await tick(60);
    expect(isDone()).toBe(true);
    expect(browser.waiting).toBe(0);
  });

  test('a page without animation frames waits for the limit', async () => {
    const isDone = settled(afterPaint(20));
    await tick(2);
    expect(isDone()).toBe(false);
    await tick(50);
    expect(isDone()).toBe(true);
  });
});
