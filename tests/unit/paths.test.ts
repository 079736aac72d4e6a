import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLibraryDir, resolveLibraryDir } from '../../electron/paths';

describe('defaultLibraryDir', () => {
  it('follows XDG on Linux', () => {
    expect(defaultLibraryDir('Qelem', 'linux', {}, '/home/ana')).toBe('/home/ana/.config/Qelem/library');
    expect(defaultLibraryDir('Qelem', 'linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/Qelem/library');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(defaultLibraryDir('Qelem', 'linux', { XDG_CONFIG_HOME: 'rel' }, '/home/ana')).toBe('/home/ana/.config/Qelem/library');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultLibraryDir('Qelem', 'darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Qelem/library');
  });

  it('uses %APPDATA% on Windows', () => {
    expect(defaultLibraryDir('Qelem', 'win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Qelem\\library',
    );
    expect(defaultLibraryDir('Qelem', 'win32', {}, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Qelem\\library');
  });
});

describe('resolveLibraryDir', () => {
  const fallback = '/default/library';

  it('prefers --library DIR, then --library=DIR', () => {
    expect(resolveLibraryDir(['node', 'web.js', '--library', '/tmp/lib'], { QELEM_LIBRARY: '/env' }, fallback)).toBe('/tmp/lib');
    expect(resolveLibraryDir(['--library=/tmp/lib2'], {}, fallback)).toBe('/tmp/lib2');
  });

  it('resolves a relative folder against the working directory', () => {
    expect(resolveLibraryDir(['--library', 'lib'], {}, fallback)).toBe(resolve('lib'));
  });

  it('uses QELEM_LIBRARY when there is no flag', () => {
    expect(resolveLibraryDir(['node', 'web.js'], { QELEM_LIBRARY: '/env/lib' }, fallback)).toBe('/env/lib');
  });

  it('falls back to the default, ignoring an empty QELEM_LIBRARY', () => {
    expect(resolveLibraryDir([], {}, fallback)).toBe(fallback);
    expect(resolveLibraryDir([], { QELEM_LIBRARY: '' }, fallback)).toBe(fallback);
    expect(resolveLibraryDir([], {})).toBe(defaultLibraryDir());
  });

  it('rejects --library without a value', () => {
    expect(() => resolveLibraryDir(['--library'], {}, fallback)).toThrow(/--library needs a value/);
    expect(() => resolveLibraryDir(['--library', '--port', '3'], {}, fallback)).toThrow(/--library needs a value/);
    expect(() => resolveLibraryDir(['--library='], {}, fallback)).toThrow(/--library needs a value/);
  });

  it('ignores other flags', () => {
    expect(resolveLibraryDir(['--port', '0', '--library', join('/x', 'y')], {}, fallback)).toBe('/x/y');
  });
});
