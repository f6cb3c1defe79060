/**
 * Who goes first when the page asks main to open records. A screen the clinician has just
 * clicked (a group's notes, a client's timeline) waits on its answer; work that fills in behind
 * a screen already shown (the older years of a group's attendance, a group's outcome figures)
 * does not. Background requests go one at a time, each only once no foreground request is in
 * flight, and the repositories keep them small, so a click never queues behind more than one
 * of them on the bridge to main.
 */

export interface MainLane {
  /** Runs a request a screen is waiting on: at once; background requests hold back until none is running. */
  foreground<T>(request: () => Promise<T>): Promise<T>;
  /** Runs a background request once no foreground request and no other background request is running. */
  background<T>(request: () => Promise<T>): Promise<T>;
}

export function createMainLane(): MainLane {
  let running = 0;
  let backgroundBusy = false;
  let waiting: (() => void)[] = [];
  const free = (): boolean => running === 0 && !backgroundBusy;
  // After a turn of the event loop, so a screen's next request (its second page, its names) can
  // start before the background takes the bridge again; each one woken checks again.
  const wake = (): void => {
    if (waiting.length === 0) return;
    const go = waiting;
    waiting = [];
    setTimeout(() => go.forEach((resume) => resume()), 0);
  };
  return {
    async foreground(request) {
      running += 1;
      try {
        return await request();
      } finally {
        running -= 1;
        if (running === 0) wake();
      }
    },
    async background(request) {
      while (!free()) await new Promise<void>((resolve) => waiting.push(resolve));
      backgroundBusy = true;
      try {
        return await request();
      } finally {
        backgroundBusy = false;
        wake();
      }
    },
  };
}

/** One lane per connection to main (the app has one; each unit test's stand-in has its own). */
const lanes = new WeakMap<object, MainLane>();

export function laneFor(api: object): MainLane {
  let lane = lanes.get(api);
  if (!lane) {
    lane = createMainLane();
    lanes.set(api, lane);
  }
  return lane;
}
