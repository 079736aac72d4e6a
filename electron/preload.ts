/**
 * The sandboxed preload: the renderer gets exactly the named API methods, each
 * a thin invoke on its channel, and one subscription to the main process's
 * events. No ipcRenderer, no Electron object, no generic "send anything"
 * function crosses the bridge. Imports api-methods.ts and not
 * api.ts, so the schemas (zod) stay out of this bundle: validation happens in
 * the main process.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHOD_NAMES, DOCUMENT_EVENT_CHANNEL, DOCUMENT_EVENTS_SUBSCRIBE, ipcChannel, type ApiMethod } from '../shared/api-methods';

type Bridge = Record<ApiMethod, (input: unknown) => Promise<unknown>>;

const bridge = Object.fromEntries(
  API_METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input)]),
) as Bridge;

contextBridge.exposeInMainWorld('qelem', bridge);

/**
 * The main process's events for this page (renderer/documents/events.ts):
 * one listener receives them; subscribing opens the page's document session.
 * Only the event's data crosses, never the IPC event object.
 */
contextBridge.exposeInMainWorld('qelemEvents', {
  subscribe(listener: (event: unknown) => void): void {
    ipcRenderer.removeAllListeners(DOCUMENT_EVENT_CHANNEL);
    ipcRenderer.on(DOCUMENT_EVENT_CHANNEL, (_event, data: unknown) => listener(data));
    ipcRenderer.send(DOCUMENT_EVENTS_SUBSCRIBE);
  },
});
