/**
 * The sandboxed preload: the renderer gets exactly the named API methods, each
 * a thin invoke on its channel. No ipcRenderer, no Electron object, no generic
 * "send anything" function crosses the bridge. Imports api-methods.ts and not
 * api.ts, so the schemas (zod) stay out of this bundle: validation happens in
 * the main process.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHOD_NAMES, ipcChannel, type ApiMethod } from '../shared/api-methods';

type Bridge = Record<ApiMethod, (input: unknown) => Promise<unknown>>;

const bridge = Object.fromEntries(
  API_METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input)]),
) as Bridge;

contextBridge.exposeInMainWorld('qelem', bridge);
