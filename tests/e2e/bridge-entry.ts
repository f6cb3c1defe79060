/**
 * What the harness injects in place of the Electron preload: the same API factory,
 * with a Playwright binding standing in for ipcRenderer. Bundled to an IIFE at launch.
 */
import { createHoldspaceApi } from '../../electron/preload/api-factory';

type Bridge = (channel: string, payload: unknown) => Promise<unknown>;
const bridge = (): Bridge => (window as unknown as { __holdspaceBridge: Bridge }).__holdspaceBridge;

Object.defineProperty(window, 'holdspace', {
  value: createHoldspaceApi({
    invoke: (channel, payload) => bridge()(channel, payload),
    subscribe: (event, listener) => {
      const name = `holdspace-event:${event}`;
      const handler = (): void => listener();
      window.addEventListener(name, handler);
      return () => window.removeEventListener(name, handler);
    },
  }),
  writable: false,
  configurable: false,
});
