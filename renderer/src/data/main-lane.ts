/**
 * Who goes first when the page asks main to open records. A screen the clinician has just
 * clicked (a group's notes, a client's timeline) waits on its answer; work that fills in behind
 * a screen already shown (the older years of a group's attendance) does not. Background opens
 * wait until no foreground open is in flight or about to start, and go in small requests, so a
 * click never queues behind more than one of them on the bridge to main.
 */

export interface MainLane {
  /** Runs a foreground request to main; background requests hold back until none is running. */
  foreground<T>(request: () => Promise<T>): Promise<T>;
  /** Resolves once no foreground request is running (at once if none is). */
  idle(): Promise<void>;
}

export function createMainLane(): MainLane {
  let running = 0;
  let waiting: (() => void)[] = [];
  return {
    async foreground(request) {
      running += 1;
      try {
        return await request();
      } finally {
        running -= 1;
        if (running === 0) {
          const go = waiting;
          waiting = [];
          // After a turn of the event loop, so a screen's next request (its second page, its
          // names) can start before the background takes the bridge again.
          if (go.length > 0) setTimeout(() => go.forEach((resume) => resume()), 0);
        }
      }
    },
    idle() {
      return running === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));
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
