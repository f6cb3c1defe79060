import { useEffect } from 'react';
import { lockNow } from './lock';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Locks after `minutes` without keyboard or pointer activity in the window. */
export function useIdleLock(minutes: number): void {
  useEffect(() => {
    let last = Date.now();
    const mark = (): void => {
      last = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) void lockNow('idle');
    }, 5_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes]);
}
