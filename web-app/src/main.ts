import { setLanguageProvider } from './api/http';
import { initAuth, onAuthChange } from './auth/auth';
import { currentLanguage, initLanguage, onLanguageChange, t } from './i18n';
import { parseRoute, startRouter, type Route } from './router';
import { renderBrowse } from './screens/browse';
import { heading, type ScreenContext } from './screens/common';
import { renderPlayer } from './screens/player';
import { renderSeries } from './screens/series';
import { renderStore } from './screens/store';
import { renderVip } from './screens/vip';
import { renderWallet } from './screens/wallet';
import { renderShell } from './ui/shell';
import { h, replaceChildren } from './ui/dom';

const header = document.getElementById('app-header') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;
let running: AbortController | undefined;

function screen(route: Route, ctx: ScreenContext): Promise<void> | void {
  switch (route.name) {
    case 'browse':
      return renderBrowse(ctx);
    case 'series':
      return renderSeries(ctx, route.seriesId);
    case 'player':
      return renderPlayer(ctx, route.seriesId, route.episodeId);
    case 'store':
      return renderStore(ctx);
    case 'wallet':
      return renderWallet(ctx);
    case 'vip':
      return renderVip(ctx);
    case 'not-found':
      replaceChildren(main, heading(t('notFound')), h('a', { href: '#/' }, t('navBrowse')));
  }
}

/** Draws a route; the previous screen's requests and player are cancelled, and focus moves to the new heading. */
async function show(route: Route, moveFocus: boolean): Promise<void> {
  running?.abort();
  running = new AbortController();
  document.title = t('appName');
  renderShell(header, route);
  await screen(route, { main, signal: running.signal });
  if (moveFocus) main.querySelector<HTMLElement>('h1')?.focus();
}

const current = () => parseRoute(window.location.hash);

async function start(): Promise<void> {
  initLanguage();
  setLanguageProvider(currentLanguage);
  await initAuth();
  let first = true;
  startRouter((route) => {
    void show(route, !first);
    first = false;
  });
  onLanguageChange(() => void show(current(), false));
  onAuthChange(() => renderShell(header, current()));
}

void start();
