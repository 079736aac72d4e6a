import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ServiceTable } from '../shared/api';
import { API_METHOD_NAMES, DOCUMENT_EVENT_CHANNEL, DOCUMENT_EVENTS_SUBSCRIBE, ipcChannel, isDocumentMethod } from '../shared/api-methods';
import { fail, type ApiResult } from '../shared/errors';
import { isTrustedSender } from './security';
import type { DocumentHub } from './services/documents';
import { dispatch } from './services/table';

/**
 * Binds every API method to its IPC channel. A call is served only when it
 * comes from the top frame of the app window showing our own app:// origin:
 * an iframe, a navigated-away page or another webContents gets `unauthorized`.
 * isAppWindow says whether a webContents is the app window's.
 *
 * Each window gets one document session (services/documents.ts), opened when
 * its page subscribes to events and closed when it reloads or goes away. A
 * document call is always made in the calling window's own session, whatever
 * session its payload names.
 * Returns a function that removes the handlers.
 */
export function registerIpc(table: ServiceTable, documents: DocumentHub, isAppWindow: (contents: WebContents) => boolean): () => void {
  const sessions = new Map<WebContents, string>();

  const endSession = (contents: WebContents) => {
    const session = sessions.get(contents);
    if (session === undefined) return;
    sessions.delete(contents);
    documents.disconnect(session);
  };

  const sessionOf = (contents: WebContents): string => {
    let session = sessions.get(contents);
    if (session === undefined) {
      session = documents.connect((event) => {
        if (!contents.isDestroyed()) contents.send(DOCUMENT_EVENT_CHANNEL, event);
      });
      sessions.set(contents, session);
      contents.once('destroyed', () => endSession(contents));
      // A reload or navigation starts a new page: its replicas are gone, and so is the session.
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) endSession(contents);
      });
    }
    return session;
  };

  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event, payload: unknown): Promise<ApiResult<unknown>> => {
      if (!isFromAppMainFrame(event, isAppWindow)) {
        return fail('unauthorized', 'This frame may not call the Qelem API.');
      }
      try {
        const input = isDocumentMethod(method) && payload !== null && typeof payload === 'object' ? { ...payload, session: sessionOf(event.sender) } : payload;
        return await dispatch(table, method, input);
      } catch (error) {
        // dispatch answers with envelopes; a throw here is a bug, logged where it happened.
        console.error(`[qelem ipc] ${method} failed:`, error);
        return fail('internal', 'Internal error.');
      }
    });
  }

  const subscribe = (event: IpcMainEvent) => {
    if (!isFromAppMainFrame(event, isAppWindow)) return;
    // A page that subscribes again (a second channel) starts over with a new session.
    endSession(event.sender);
    sessionOf(event.sender);
  };
  ipcMain.on(DOCUMENT_EVENTS_SUBSCRIBE, subscribe);

  return () => {
    for (const method of API_METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
    ipcMain.off(DOCUMENT_EVENTS_SUBSCRIBE, subscribe);
    for (const contents of [...sessions.keys()]) endSession(contents);
  };
}

function isFromAppMainFrame(event: IpcMainInvokeEvent | IpcMainEvent, isAppWindow: (contents: WebContents) => boolean): boolean {
  // senderFrame is null once the frame has navigated away or been destroyed.
  const frame = event.senderFrame;
  if (!frame || !isTrustedSender(frame.url)) return false;
  // The top frame, and precisely the app window's: frameTreeNodeId is browser-global and never reused.
  if (frame.parent !== null) return false;
  return isAppWindow(event.sender) && event.sender.mainFrame.frameTreeNodeId === frame.frameTreeNodeId;
}
