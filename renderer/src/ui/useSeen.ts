import { useEffect, useState } from 'react';

/**
 * Whether the element has come on screen (or within a little of it) since it was mounted; once
 * true it stays true. A chart below the fold of a long page (a client's measures under ten years
 * of timeline) is drawn when the clinician scrolls to it, not while the page opens. Pass the
 * element itself (kept with a callback ref), so one that appears later is watched too.
 */
export function useSeen(element: Element | null): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (seen || !element) return;
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        setSeen(true);
      },
      { rootMargin: '0px 0px 300px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, seen]);
  return seen;
}
