import { getSeries, requestPlayback, type PlaybackGrant, type SeriesDetail } from '../api/catalog';
import { ApiError } from '../api/problem';
import { currentUser } from '../auth/auth';
import { t } from '../i18n';
import { describeError } from '../problems';
import { routeHref } from '../router';
import { announce, h, replaceChildren, statusBox } from '../ui/dom';
import { heading, type ScreenContext } from './common';
import { lockedOffer, paywall, type LockedOffer } from './paywall';

const HLS_MIME = 'application/vnd.apple.mpegurl';

/**
 * hls.js where Media Source Extensions exist, else the browser's own HLS (Safari, iOS). hls.js is loaded only when
 * a video plays, so browsing on a phone does not download it.
 */
async function attach(video: HTMLVideoElement, url: string, onError: () => void, signal: AbortSignal): Promise<void> {
  const { default: Hls } = await import('hls.js');
  if (signal.aborted) return;
  if (Hls.isSupported()) {
    const hls = new Hls();
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) onError();
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    signal.addEventListener('abort', () => hls.destroy());
  } else if (video.canPlayType(HLS_MIME)) {
    video.src = url;
    video.addEventListener('error', onError);
  } else {
    onError();
  }
}

function nextEpisodeLink(series: SeriesDetail | undefined, episodeId: string): HTMLAnchorElement | null {
  if (!series) return null;
  const index = series.episodes.findIndex((episode) => episode.id === episodeId);
  const next = index >= 0 ? series.episodes[index + 1] : undefined;
  if (!next) return null;
  return h('a', { class: 'button primary', href: routeHref({ name: 'player', seriesId: series.id, episodeId: next.id }) },
    `${t('nextEpisode')}: ${t('episodeNumber', { n: next.number })}`);
}

function title(series: SeriesDetail | undefined, episodeId: string): string {
  const episode = series?.episodes.find((candidate) => candidate.id === episodeId);
  if (!series || !episode) return t('appName');
  return `${series.title} · ${t('episodeNumber', { n: episode.number })}`;
}

function showVideo(ctx: ScreenContext, grant: PlaybackGrant, series: SeriesDetail | undefined): void {
  const status = statusBox();
  const next = nextEpisodeLink(series, grant.episodeId);
  const after = h('div', { class: 'after-video' });
  const video = h('video', { controls: true, playsinline: true, autoplay: true, class: 'video', 'aria-label': title(series, grant.episodeId) });
  video.addEventListener('ended', () => {
    if (next) {
      after.replaceChildren(next);
      next.focus();
      announce(next.textContent ?? '');
    } else {
      after.replaceChildren(h('p', {}, t('lastEpisode')));
      announce(t('lastEpisode'));
    }
  });
  attach(video, grant.playbackUrl, () => status.error(t('playbackError')), ctx.signal).catch(() => status.error(t('playbackError')));
  replaceChildren(
    ctx.main,
    h('p', {}, h('a', { href: routeHref({ name: 'series', seriesId: series?.id ?? '' }) }, t('back'))),
    heading(title(series, grant.episodeId)),
    video,
    status.element,
    after,
  );
}

/**
 * The 401 for an anonymous viewer carries no unlock list; the series page's prices stand in for it (the series
 * price is the bundle: without an account nothing is owned yet).
 */
function anonymousOffer(series: SeriesDetail | undefined, episodeId: string, seriesId: string): LockedOffer {
  const episode = series?.episodes.find((candidate) => candidate.id === episodeId);
  if (!series || !episode) return lockedOffer({}, episodeId, seriesId);
  return lockedOffer({
    priceCoins: episode.priceCoins,
    unlock: [
      { method: 'coins', priceCoins: episode.priceCoins, path: '/api/payments/episode-unlocks' },
      { method: 'series', priceCoins: series.bundlePriceCoins, path: '/api/payments/series-unlocks' },
      { method: 'vip', path: '/api/payments/subscriptions' },
    ],
  }, episodeId, seriesId);
}

/** Player: asks for a signed URL; a 402 shows the paywall, and a successful unlock comes back here without a reload. */
export async function renderPlayer(ctx: ScreenContext, seriesId: string, episodeId: string): Promise<void> {
  replaceChildren(ctx.main, heading(t('appName')), h('p', { role: 'status' }, t('loading')));
  const series = await getSeries(seriesId).catch(() => undefined);
  if (ctx.signal.aborted) return;
  try {
    const grant = await requestPlayback(episodeId);
    if (!ctx.signal.aborted) showVideo(ctx, grant, series);
  } catch (error) {
    if (ctx.signal.aborted) return;
    if (error instanceof ApiError && error.slug === 'episode-locked') {
      const reopen = () => void renderPlayer(ctx, seriesId, episodeId);
      replaceChildren(ctx.main,
        h('p', {}, h('a', { href: routeHref({ name: 'series', seriesId }) }, t('back'))),
        heading(title(series, episodeId)),
        paywall(lockedOffer(error.problem, episodeId, seriesId), reopen, ctx.signal));
      return;
    }
    if (error instanceof ApiError && error.status === 401 && !currentUser()) {
      // A paid episode without an account: the same sign-in invitation the paywall gives, not an error.
      replaceChildren(ctx.main,
        h('p', {}, h('a', { href: routeHref({ name: 'series', seriesId }) }, t('back'))),
        heading(title(series, episodeId)),
        paywall(anonymousOffer(series, episodeId, seriesId), () => undefined, ctx.signal));
      return;
    }
    replaceChildren(ctx.main, heading(title(series, episodeId)),
      h('p', { class: 'status error', role: 'alert' }, describeError(error)),
      h('button', { type: 'button', onclick: () => void renderPlayer(ctx, seriesId, episodeId) }, t('retry')));
  }
}
