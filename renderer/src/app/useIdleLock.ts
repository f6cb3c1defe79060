import { useEffect } from 'react';
import { lockNow } from './lock';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks after `minutes` without keyboard or pointer activity in the window. Idle time is the
 * longer of two clocks: the wall clock (which counts a laptop's sleep) and the page's monotonic
 * clock (which a wall clock set back, by hand or by a time server, cannot stop). Counted on the
 * wall clock alone, setting it back an hour kept the app unlocked an hour longer.
 */
export function useIdleLock(minutes: number): void {
  useEffect(() => {
    let lastWall = Date.now();
    let lastTicks = performance.now();
    const mark = (): void => {
      lastWall = Date.now();
      lastTicks = performance.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const idleFor = Math.max(Date.now() - lastWall, performance.now() - lastTicks);
      if (idleFor >= minutes * 60_000) void lockNow('idle');
    }, 5_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes]);
}
