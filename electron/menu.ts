import type { MenuItemConstructorOptions } from 'electron';
import type { LanguageKey } from '../shared/languages';
// Data, not code: the renderer's locale files are the one home of every interface string.
import ckb from '../renderer/i18n/locales/ckb.json';
import en from '../renderer/i18n/locales/en.json';
import kmr from '../renderer/i18n/locales/kmr.json';

const MENU_STRINGS: Record<LanguageKey, typeof en.menu> = { en: en.menu, ckb: ckb.menu, kmr: kmr.menu };

/**
 * The application menu in the interface language. Items keep their Electron
 * roles (so shortcuts and OS behaviour stay native) with our own labels,
 * since Electron's role labels are English. Pure, so it is tested without Electron.
 */
export function menuTemplate(lang: LanguageKey, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const m = MENU_STRINGS[lang];
  const template: MenuItemConstructorOptions[] = [
    { label: m.file, submenu: [platform === 'darwin' ? { role: 'close', label: m.close } : { role: 'quit', label: m.quit }] },
    {
      label: m.edit,
      submenu: [
        { role: 'undo', label: m.undo },
        { role: 'redo', label: m.redo },
        { type: 'separator' },
        { role: 'cut', label: m.cut },
        { role: 'copy', label: m.copy },
        { role: 'paste', label: m.paste },
        { role: 'pasteAndMatchStyle', label: m.pasteAsText },
        { role: 'selectAll', label: m.selectAll },
      ],
    },
    {
      label: m.window,
      submenu: [{ role: 'minimize', label: m.minimize }, { role: 'togglefullscreen', label: m.fullScreen }, ...(platform === 'darwin' ? [] : [{ role: 'close' as const, label: m.close }])],
    },
  ];
  if (platform === 'darwin') template.unshift({ label: m.app, submenu: [{ role: 'hide', label: m.hide }, { type: 'separator' }, { role: 'quit', label: m.quit }] });
  return template;
}
