/**
 * What the harness injects in place of the Electron preload: the same API factory,
 * with a Playwright binding standing in for ipcRenderer. Bundled to an IIFE at launch.
 */
import { createHoldspaceApi } from '../../electron/preload/api-factory';

/**
 * The binding carries JSON text both ways. Electron's IPC copies values with the structured
 * clone algorithm in native code; Playwright's own argument serialiser walks them in
 * JavaScript, which on a backup's 200 MB costs several times what the app's work does. The
 * contract carries only JSON values, so text in, text out changes nothing but the cost.
 */
type Bridge = (channel: string, payloadJson: string) => Promise<string>;
const bridge = (): Bridge => (window as unknown as { __holdspaceBridge: Bridge }).__holdspaceBridge;

Object.defineProperty(window, 'holdspace', {
  value: createHoldspaceApi({
    invoke: async (channel, payload) =>
      JSON.parse(await bridge()(channel, payload === undefined ? '' : JSON.stringify(payload))) as unknown,
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
