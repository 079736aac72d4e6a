import { createContext, useContext, type ReactNode } from 'react';
import type { QelemApi } from '../../shared/api';

const ApiContext = createContext<QelemApi | null>(null);

export function ApiProvider({ api, children }: { api: QelemApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): QelemApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
