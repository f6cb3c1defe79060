// What `import … from 'electron'` resolves to when tests run the built main bundle under
// Node (see load-main.ts). Node caches this module (and electron-store, which imports it)
// for the whole test process, so every export forwards to the stand-in installed for the
// current run instead of capturing the first one.
const SLOT = Symbol.for('holdspace.electron-double');
const current = () => {
  const electron = globalThis[SLOT];
  if (!electron) throw new Error('The electron stand-in was used before a test installed it.');
  return electron;
};
const forward = (name) =>
  new Proxy(function electronExport() {}, {
    get: (_target, key) => {
      const target = current()[name];
      const value = Reflect.get(target, key);
      return typeof value === 'function' && !/^[A-Z]/.test(String(key)) ? value.bind(target) : value;
    },
    construct: (_target, args) => Reflect.construct(current()[name], args),
    apply: (_target, self, args) => Reflect.apply(current()[name], self, args),
  });

export const app = forward('app');
export const ipcMain = forward('ipcMain');
export const protocol = forward('protocol');
export const session = forward('session');
export const powerMonitor = forward('powerMonitor');
export const dialog = forward('dialog');
export const shell = forward('shell');
export const Notification = forward('Notification');
export const Menu = forward('Menu');
export const BrowserWindow = forward('BrowserWindow');
export default { app, ipcMain, protocol, session, powerMonitor, dialog, shell, Notification, Menu, BrowserWindow };
