import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ServiceTable } from '../shared/api';
import { API_METHOD_NAMES, ipcChannel } from '../shared/api-methods';
import { fail, type ApiResult } from '../shared/errors';
import { isTrustedSender } from './security';
import { dispatch } from './services/table';

/**
 * Binds every API method to its IPC channel. A call is served only when it
 * comes from the top frame of the app window showing our own app:// origin:
 * an iframe, a navigated-away page or another webContents gets `unauthorized`.
 * isAppWindow says whether a webContents is the app window's.
 * Returns a function that removes the handlers.
 */
export function registerIpc(table: ServiceTable, isAppWindow: (contents: WebContents) => boolean): () => void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event, payload: unknown): Promise<ApiResult<unknown>> => {
      if (!isFromAppMainFrame(event, isAppWindow)) {
        return fail('unauthorized', 'This frame may not call the Qelem API.');
      }
      try {
        return await dispatch(table, method, payload);
      } catch (error) {
        // dispatch answers with envelopes; a throw here is a bug, logged where it happened.
        console.error(`[qelem ipc] ${method} failed:`, error);
        return fail('internal', 'Internal error.');
      }
    });
  }
  return () => {
    for (const method of API_METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}

function isFromAppMainFrame(event: IpcMainInvokeEvent, isAppWindow: (contents: WebContents) => boolean): boolean {
  // senderFrame is null once the frame has navigated away or been destroyed.
  const frame = event.senderFrame;
  if (!frame || !isTrustedSender(frame.url)) return false;
  // The top frame, and precisely the app window's: frameTreeNodeId is browser-global and never reused.
  if (frame.parent !== null) return false;
  return isAppWindow(event.sender) && event.sender.mainFrame.frameTreeNodeId === frame.frameTreeNodeId;
}
