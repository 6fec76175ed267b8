import { getSeries, type SeriesDetail } from '../api/catalog';
import { currentUser } from '../auth/auth';
import { coins, t } from '../i18n';
import { unlockAndWait } from '../payments/unlockFlow';
import { describeError } from '../problems';
import { routeHref } from '../router';
import { announce, h, replaceChildren, statusBox } from '../ui/dom';
import { heading, loadScreen, type ScreenContext } from './common';
import { episodeBadgeText, episodeState } from './episodeState';

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return `${m}:${s}`;
}

/** The series poster; dropped when it cannot load, so no broken-image icon stands where the poster was meant to be. */
function cover(src: string, title: string): HTMLImageElement {
  const image = h('img', { class: 'cover', src, alt: t('posterAlt', { title }) });
  image.addEventListener('error', () => image.remove(), { once: true });
  return image;
}

function episodeList(series: SeriesDetail): HTMLElement {
  return h(
    'ol',
    { class: 'episodes' },
    ...series.episodes.map((episode) =>
      h(
        'li',
        { class: `episode state-${episodeState(episode)}` },
        h(
          'a',
          { href: routeHref({ name: 'player', seriesId: series.id, episodeId: episode.id }) },
          h('span', { class: 'episode-number' }, t('episodeNumber', { n: episode.number })),
          h('span', { class: 'episode-title' }, episode.title),
          h('span', { class: 'episode-duration' }, h('time', { datetime: `PT${episode.durationSeconds}S` }, minutes(episode.durationSeconds))),
          h('span', { class: 'badge' }, episodeBadgeText(episode)),
        ),
      ),
    ),
  );
}

function seriesOffer(ctx: ScreenContext, series: SeriesDetail, reload: () => void): HTMLElement | null {
  const firstLocked = series.episodes.find((episode) => episode.locked);
  const price = series.seriesUnlockPriceCoins;
  if (!firstLocked || price === undefined || price <= 0) return null;
  const status = statusBox();
  const button = h('button', { type: 'button', class: 'primary' }, t('unlockSeries', { price: coins(price) }));
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.info(t('unlocking'));
    try {
      await unlockAndWait({ kind: 'series', targetId: series.id, expectedPriceCoins: price, waitForEpisodeId: firstLocked.id, signal: ctx.signal });
      announce(t('waitingForUnlock'));
      reload();
    } catch (error) {
      button.disabled = false;
      status.error(describeError(error));
    }
  });
  return h('section', { class: 'offer', 'aria-label': t('seriesUnlockOffer', { price: coins(price) }) },
    h('p', {}, t('seriesUnlockOffer', { price: coins(price) })), button, status.element);
}

/** Series page: episodes with free / locked (price) / owned / VIP, and what the rest of the series costs. */
export function renderSeries(ctx: ScreenContext, seriesId: string): Promise<void> {
  const reload = () => void renderSeries(ctx, seriesId);
  return loadScreen(ctx, t('seriesEpisodes'), () => getSeries(seriesId), (series) => {
    document.title = `${series.title} · ${t('appName')}`;
    replaceChildren(
      ctx.main,
      h('p', {}, h('a', { href: routeHref({ name: 'browse' }) }, t('back'))),
      heading(series.title),
      series.coverUrl ? cover(series.coverUrl, series.title) : null,
      h('p', { class: 'genres' }, series.genres.join(' · '), ' · ', series.ageRating),
      h('p', { lang: series.language }, series.synopsis),
      series.entitlementsAvailable === false ? h('p', { class: 'status warning', role: 'status' }, t('entitlementsUnavailable')) : null,
      currentUser() ? seriesOffer(ctx, series, reload) : h('p', { class: 'hint' }, t('signInToSeeOwned')),
      h('h2', {}, t('seriesEpisodes')),
      episodeList(series),
    );
  });
}
