import { describeError } from '../problems';
import { currentLanguage, t } from '../i18n';
import { h, replaceChildren } from '../ui/dom';
import { currentUser, signIn } from '../auth/auth';

/** What every screen gets: where to draw, and a signal that fires when the viewer has moved on. */
export interface ScreenContext {
  main: HTMLElement;
  signal: AbortSignal;
}

/** The screen's heading; the router moves focus to it so screen readers start reading the new screen. */
export function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1 }, text);
}

/** Shows "loading", runs `load`, then `show`; a failure shows the localized problem with a retry button. */
export async function loadScreen<T>(ctx: ScreenContext, title: string, load: () => Promise<T>, show: (data: T) => void): Promise<void> {
  replaceChildren(ctx.main, heading(title), h('p', { role: 'status' }, t('loading')));
  try {
    const data = await load();
    if (!ctx.signal.aborted) show(data);
  } catch (error) {
    if (ctx.signal.aborted) return;
    replaceChildren(
      ctx.main,
      heading(title),
      h('p', { class: 'status error', role: 'alert' }, describeError(error)),
      h('button', { type: 'button', onclick: () => void loadScreen(ctx, title, load, show) }, t('retry')),
    );
  }
}

/** For screens that only make sense signed in: a short explanation and the sign-in button instead. */
export function requireSignIn(ctx: ScreenContext, title: string): boolean {
  if (currentUser()) return true;
  replaceChildren(
    ctx.main,
    heading(title),
    h('p', {}, t('signInRequired')),
    h('button', { type: 'button', class: 'primary', onclick: () => void signIn(currentLanguage()) }, t('signIn')),
  );
  return false;
}
