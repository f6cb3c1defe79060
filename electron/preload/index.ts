// Sandboxed preload: only contextBridge and ipcRenderer are available here.
import { contextBridge, ipcRenderer } from 'electron';
import { createHoldspaceApi } from './api-factory';

const api = createHoldspaceApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (event, listener) => {
    const wire = `holdspace-event:${event}`;
    const handler = (): void => listener();
    ipcRenderer.on(wire, handler);
    return () => ipcRenderer.off(wire, handler);
  },
});

contextBridge.exposeInMainWorld('holdspace', api);
