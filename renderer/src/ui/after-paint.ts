/**
 * Resolves once the browser has drawn a frame with what React has committed so far, so work a
 * screen does not show yet can wait for it and the frame showing what the clinician clicked for
 * is not held behind that work. Two animation frames, then one task: the first frame may come
 * before React's render of data that has just arrived; the second's style, layout and paint are
 * done before the task runs.
 *
 * A hidden or minimised window draws no frames (Chromium pauses animation frames there), and a
 * page without them (a unit test under Node) has none: it then waits `atMostMs`, or about a
 * second in a hidden window, where Chromium runs timers about once a second.
 */
export function afterPaint(atMostMs = 100): Promise<void> {
  return new Promise<void>((resolve) => {
    let frame: number | undefined;
    const done = (): void => {
      resolve();
      clearTimeout(timer);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
    const timer = setTimeout(done, atMostMs);
    if (typeof requestAnimationFrame !== 'function') return;
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        frame = undefined;
        setTimeout(done, 0);
      });
    });
  });
}
