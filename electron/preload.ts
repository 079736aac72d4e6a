/**
 * The sandboxed preload: the renderer gets exactly the named API methods, each
 * a thin invoke on its channel, and one subscription to the main process's
 * events. No ipcRenderer, no Electron object, no generic "send anything"
 * function crosses the bridge. Imports api-methods.ts and not
 * api.ts, so the schemas (zod) stay out of this bundle: validation happens in
 * the main process.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHOD_NAMES, DOCUMENT_EVENT_CHANNEL, DOCUMENT_EVENTS_SUBSCRIBE, ipcChannel, LINK_CLICKED_CHANNEL, type ApiMethod } from '../shared/api-methods';

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

/**
 * A web link the user clicks (in the read-only views; a link being edited,
 * inside the editor, is text to work on) opens in their browser, and only
 * that: the main process opens nothing on a navigation or window.open, which
 * a page's script can start without anyone clicking. This listener runs in
 * the preload's isolated world, where a click a script dispatched or a
 * patched DOM cannot pass for the user's (event.isTrusted), and it takes the
 * link's address as the browser resolved it. A middle click (auxclick) counts.
 */
if (typeof window !== 'undefined') {
  const onClick = (event: MouseEvent) => {
    if (!event.isTrusted || (event.type === 'auxclick' && event.button !== 1)) return;
    const anchor = event.composedPath().find((target): target is HTMLAnchorElement => target instanceof HTMLAnchorElement);
    if (!anchor || anchor.isContentEditable || anchor.href === '') return;
    let url: URL;
    try {
      url = new URL(anchor.href);
    } catch {
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    event.preventDefault();
    ipcRenderer.send(LINK_CLICKED_CHANNEL, url.href);
  };
  window.addEventListener('click', onClick, true);
  window.addEventListener('auxclick', onClick, true);
}
