import { browseSeries, type SeriesSummary } from '../api/catalog';
import { currentLanguage, t } from '../i18n';
import { routeHref } from '../router';
import { h, replaceChildren } from '../ui/dom';
import { heading, loadScreen, type ScreenContext } from './common';

function card(series: SeriesSummary): HTMLLIElement {
  // The title is the link text; the poster is decorative next to it (alt=""), so it is not read twice.
  const placeholder = () => h('div', { class: 'poster-placeholder', 'aria-hidden': 'true' }, series.title.slice(0, 1));
  let poster: HTMLElement = placeholder();
  if (series.coverUrl) {
    const image = h('img', { src: series.coverUrl, alt: '', loading: 'lazy', width: 180, height: 320 });
    // A poster host that is down or unknown (the local seed's CDN is not real) must not leave a broken-image icon.
    image.addEventListener('error', () => image.replaceWith(placeholder()), { once: true });
    poster = image;
  }
  return h(
    'li',
    { class: 'card' },
    h(
      'a',
      { href: routeHref({ name: 'series', seriesId: series.id }) },
      poster,
      h('span', { class: 'card-title' }, series.title),
    ),
    series.genres?.length ? h('p', { class: 'genres' }, series.genres.join(' · ')) : null,
    series.episodeCount !== undefined ? h('p', { class: 'meta' }, t('episodesCount', { n: series.episodeCount })) : null,
  );
}

/** Browse: the series that have text in the UI language (anonymous works; the token adds age-gated ones). */
export function renderBrowse(ctx: ScreenContext): Promise<void> {
  return loadScreen(ctx, t('browseTitle'), () => browseSeries(currentLanguage()), (page) => {
    const list = page.items.length
      ? h('ul', { class: 'cards' }, ...page.items.map(card))
      : h('p', {}, t('browseEmpty'));
    replaceChildren(ctx.main, heading(t('browseTitle')), list);
  });
}
