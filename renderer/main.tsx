import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/context';
import { ToastProvider } from './components/Toasts';
import { initI18n } from './i18n';
import './fonts';
import './styles.css';

async function start() {
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ApiProvider api={createApiClient()}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </ApiProvider>
    </StrictMode>,
  );
}

void start();
