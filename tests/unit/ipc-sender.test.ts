import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isTrustedSender } from '../../electron/security';

// The pure part of the IPC sender check (electron/ipc.ts adds the frame and window checks).
describe('isTrustedSender', () => {
  it.each([[APP_ENTRY_URL], ['app://qelem/'], ['app://qelem/index.html#/articles/1'], ['app://qelem/index.html?x=1']])(
    'trusts %s',
    (url) => {
      expect(isTrustedSender(url)).toBe(true);
    },
  );

  it.each([
    [undefined],
    [null],
    [''],
    ['not a url'],
    ['about:blank'],
    ['file:///opt/qelem/out/renderer/index.html'],
    ['http://127.0.0.1:5173/'],
    ['https://qelem/'],
    ['app://evil/index.html'],
    ['app://qelem.evil.example/'],
    ['app://evil.qelem/'],
    ['app://qelem:8080/'],
    ['app://user@qelem/'],
    ['app://user:pw@qelem/'],
    ['apps://qelem/'],
    ['data:text/html,<script>1</script>'],
    ['devtools://devtools/bundled/inspector.html'],
  ])('rejects %s', (url) => {
    expect(isTrustedSender(url)).toBe(false);
  });
});
