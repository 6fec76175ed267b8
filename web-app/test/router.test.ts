import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../src/router';

describe('router', () => {
  it.each<[string, Route]>([
    ['', { name: 'browse' }],
    ['#/', { name: 'browse' }],
    ['#/store', { name: 'store' }],
    ['#/wallet/', { name: 'wallet' }],
    ['#/vip', { name: 'vip' }],
    ['#/series/midnight-contract', { name: 'series', seriesId: 'midnight-contract' }],
    ['#/series/midnight-contract/watch/midnight-contract-ep-04', { name: 'player', seriesId: 'midnight-contract', episodeId: 'midnight-contract-ep-04' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each(['#/series', '#/series/a/b', '#/series/a/watch', '#/series/a/watch/b/c', '#/nope', '#/series/%E0%A4%A'])(
    'answers not-found for %s',
    (hash) => {
      expect(parseRoute(hash).name).toBe('not-found');
    },
  );

  it('round-trips ids that need escaping', () => {
    const route: Route = { name: 'player', seriesId: 'a b/c', episodeId: 'ep?1#x' };
    const href = routeHref(route);
    expect(href).toBe('#/series/a%20b%2Fc/watch/ep%3F1%23x');
    expect(parseRoute(href)).toEqual(route);
  });

  it.each<Route>([{ name: 'browse' }, { name: 'store' }, { name: 'wallet' }, { name: 'vip' }, { name: 'series', seriesId: 's' }])(
    'writes and reads back %o',
    (route) => {
      expect(parseRoute(routeHref(route))).toEqual(route);
    },
  );
});
