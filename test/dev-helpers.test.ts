// scripts/dev.ts's own choices, without starting anything: when it opens a browser, and the
// output tail it shows when a child stops.
import { describe, expect, it } from 'vitest';
import { findOpener, Tail } from '../scripts/dev';

describe('findOpener', () => {
  const has = (...names: string[]) => (c: string) => names.includes(c);
  const url = 'http://localhost:56150';

  it('opens nothing under CI, with BROWSER=none, or without a desktop session on Linux', () => {
    expect(findOpener(url, 'linux', { CI: 'true', DISPLAY: ':0' }, has('xdg-open'))).toBeUndefined();
    expect(findOpener(url, 'linux', { BROWSER: 'none', DISPLAY: ':0' }, has('xdg-open'))).toBeUndefined();
    expect(findOpener(url, 'linux', {}, has('xdg-open'))).toBeUndefined();
    expect(findOpener(url, 'linux', { DISPLAY: ':0' }, has())).toBeUndefined();
    expect(findOpener(url, 'darwin', {}, has())).toBeUndefined();
  });

  it('uses the opener that is there', () => {
    expect(findOpener(url, 'linux', { DISPLAY: ':0' }, has('xdg-open'))).toEqual({ command: 'xdg-open', args: [url] });
    expect(findOpener(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0', CI: 'false' }, has('xdg-open'))).toEqual({ command: 'xdg-open', args: [url] });
    expect(findOpener(url, 'linux', { WSL_DISTRO_NAME: 'Ubuntu' }, has('wslview'))).toEqual({ command: 'wslview', args: [url] });
    expect(findOpener(url, 'darwin', {}, has('open'))).toEqual({ command: 'open', args: [url] });
  });
});

describe('Tail', () => {
  it('keeps the last lines across chunk boundaries', () => {
    const tail = new Tail(3);
    tail.push('one\ntw');
    tail.push('o\nthree\n\nfour\nfi');
    expect(tail.last()).toEqual(['three', 'four', 'fi']);
  });
});
