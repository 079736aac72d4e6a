import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { describeError } from '../i18n/errors';
import { setUiLanguage } from '../i18n';

interface SettingsApi {
  settings: Settings;
  update(patch: SettingsPatch): void;
}

const SettingsContext = createContext<SettingsApi | null>(null);

/**
 * The user's settings. A change applies at once (the interface switches
 * without a reload, unsaved editor text untouched) and is then saved for the
 * next start.
 */
export function SettingsProvider({ initial, children }: { initial: Settings; children: ReactNode }) {
  const api = useApi();
  const toasts = useToasts();
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initial);

  const update = useCallback(
    (patch: SettingsPatch) => {
      setSettings((current) => {
        const next = { ...current, ...patch };
        void setUiLanguage(next.uiLanguage, next.kurdishDigits);
        return next;
      });
      api.updateSettings(patch).catch((error: unknown) => toasts.show(describeError(t, error), { tone: 'error' }));
    },
    [api, t, toasts],
  );

  const value = useMemo(() => ({ settings, update }), [settings, update]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsApi {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings outside SettingsProvider');
  return value;
}
