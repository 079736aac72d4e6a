import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../electron/menu';

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [...(item.label ? [item.label] : []), ...(Array.isArray(item.submenu) ? labels(item.submenu) : [])]);
}

describe('application menu', () => {
  it('is labelled in the interface language, keeping native roles', () => {
    const sorani = menuTemplate('ckb', 'linux');
    expect(sorani.map((item) => item.label)).toEqual(['فایل', 'دەستکاری', 'پەنجەرە']);
    expect(labels(menuTemplate('kmr', 'linux'))).toContain('پاشڤەبرن');
    const edit = menuTemplate('en', 'linux')[1]!.submenu as MenuItemConstructorOptions[];
    expect(edit.map((item) => item.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'selectAll']);
  });

  it('leaves no English in the Kurdish menus, on any platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const lang of ['ckb', 'kmr'] as const) {
        const items = menuTemplate(lang, platform);
        expect(labels(items).filter((label) => /[A-Za-z]{2,}/.test(label))).toEqual([]);
        // Every item is labelled by us: a role without a label would show Electron's English.
        const unlabelled = (list: MenuItemConstructorOptions[]): number => list.reduce((n, item) => n + (item.type !== 'separator' && !item.label ? 1 : 0) + (Array.isArray(item.submenu) ? unlabelled(item.submenu) : 0), 0);
        expect(unlabelled(items)).toBe(0);
      }
    }
  });

  it('gets the app menu on macOS only', () => {
    expect(menuTemplate('en', 'darwin')[0]!.label).toBe('Qelem');
    expect(menuTemplate('en', 'linux')[0]!.label).toBe('File');
  });
});
