import type { ServiceTable } from '../shared/api';

declare global {
  interface Window {
    /** The preload bridge (electron/preload.ts): present in Electron, absent in browser mode. */
    qelem?: ServiceTable;
  }
}

export {};
