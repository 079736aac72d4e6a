import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/context';
import { DocumentsProvider } from './documents/context';
import { ToastProvider } from './components/Toasts';
import { initI18n } from './i18n';
import { SettingsProvider } from './settings/context';
import { NewsroomProvider } from './newsroom/context';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import './fonts';
import './styles.css';

async function start() {
  const api = createApiClient();
  // The interface language is known before the first paint, so nothing flashes in the wrong language or direction.
  const settings: Settings = await api.getSettings({}).catch(() => DEFAULT_SETTINGS);
  await initI18n(settings.uiLanguage, settings.kurdishDigits);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ApiProvider api={api}>
        <DocumentsProvider>
          <ToastProvider>
            <SettingsProvider initial={settings}>
              <NewsroomProvider>
                <App />
              </NewsroomProvider>
            </SettingsProvider>
          </ToastProvider>
        </DocumentsProvider>
      </ApiProvider>
    </StrictMode>,
  );
}

void start();
