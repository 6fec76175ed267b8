import { request } from './http';

export interface SeriesSummary {
  id: string;
  title: string;
  language?: string;
  genres?: string[];
  episodeCount?: number;
  coverUrl?: string;
  originalLanguage?: string;
}

export interface SeriesPage {
  items: SeriesSummary[];
  page: number;
  size: number;
  total: number;
}

export interface EpisodeView {
  id: string;
  number: number;
  title: string;
  durationSeconds: number;
  free: boolean;
  priceCoins: number;
  /** Only for a signed-in viewer. */
  locked?: boolean;
  /** free, episode-purchase, series-purchase, vip, promo, none. */
  unlockReason?: string;
}

export interface SeriesDetail {
  id: string;
  title: string;
  synopsis: string;
  language: string;
  originalLanguage: string;
  genres: string[];
  ageRating: string;
  coverUrl?: string;
  freeEpisodes: number;
  bundlePriceCoins: number;
  region: string;
  episodes: EpisodeView[];
  /** false when entitlement-service did not answer: paid episodes show locked. */
  entitlementsAvailable?: boolean;
  seriesUnlockPriceCoins?: number;
}

export interface PlaybackGrant {
  episodeId: string;
  playbackUrl: string;
  expiresAt: string;
}

/** One way to open a locked episode, as the 402 `episode-locked` problem lists them. */
export interface UnlockOption {
  method: 'coins' | 'series' | 'vip' | string;
  priceCoins?: number;
  path: string;
}

export function browseSeries(language: string, page = 0, size = 20): Promise<SeriesPage> {
  return request('GET', '/api/catalog/series', { query: { language, page, size } });
}

export function getSeries(seriesId: string): Promise<SeriesDetail> {
  return request('GET', `/api/catalog/series/${encodeURIComponent(seriesId)}`);
}

export function requestPlayback(episodeId: string): Promise<PlaybackGrant> {
  return request('POST', `/api/catalog/episodes/${encodeURIComponent(episodeId)}/playback`);
}
