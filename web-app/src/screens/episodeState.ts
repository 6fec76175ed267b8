import type { EpisodeView } from '../api/catalog';
import { coins, t } from '../i18n';

export type EpisodeState = 'free' | 'owned' | 'vip' | 'promo' | 'locked' | 'paid';

/**
 * Which badge an episode gets. `locked`/`unlockReason` come only with a token; anonymous viewers see free or the
 * price. Reasons follow entitlement-service: episode-purchase and series-purchase are "owned".
 */
export function episodeState(episode: EpisodeView): EpisodeState {
  if (episode.free) return 'free';
  if (episode.locked === undefined) return 'paid';
  if (episode.locked) return 'locked';
  switch (episode.unlockReason) {
    case 'vip':
      return 'vip';
    case 'promo':
      return 'promo';
    case 'free':
      return 'free';
    default:
      return 'owned';
  }
}

export function episodeBadgeText(episode: EpisodeView): string {
  const price = coins(episode.priceCoins);
  switch (episodeState(episode)) {
    case 'free':
      return t('episodeFree');
    case 'owned':
      return t('episodeOwned');
    case 'vip':
      return t('episodeVip');
    case 'promo':
      return t('episodePromo');
    case 'locked':
      return t('episodeLocked', { price });
    case 'paid':
      return t('episodePaid', { price });
  }
}
