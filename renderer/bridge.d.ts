import type { ServiceTable } from '../shared/api';
import type { EventBridge } from './documents/events';

declare global {
  interface Window {
    /** The preload bridge (electron/preload.ts): present in Electron, absent in browser mode. */
    qelem?: ServiceTable;
    /** The preload's event channel from the main process (electron/preload.ts); absent in browser mode. */
    qelemEvents?: EventBridge;
  }
}

export {};
