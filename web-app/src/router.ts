/**
 * Hash routes: the gateway serves one index.html at '/', and a hash never reaches the server, so deep links work
 * without a server-side fallback and the OIDC redirect back to '/' keeps the query string free for `code`/`state`.
 */
export type Route =
  | { name: 'browse' }
  | { name: 'series'; seriesId: string }
  | { name: 'player'; seriesId: string; episodeId: string }
  | { name: 'store' }
  | { name: 'wallet' }
  | { name: 'vip' }
  | { name: 'not-found'; path: string };

const SIMPLE: Record<string, Route> = {
  '': { name: 'browse' },
  store: { name: 'store' },
  wallet: { name: 'wallet' },
  vip: { name: 'vip' },
};

function decodeSegment(segment: string): string | undefined {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const simple = SIMPLE[path];
  if (simple) return simple;
  const parts = path.split('/').map(decodeSegment);
  if (parts.every((part) => part !== undefined)) {
    const [first, seriesId, third, episodeId] = parts as string[];
    if (first === 'series' && seriesId && parts.length === 2) return { name: 'series', seriesId };
    if (first === 'series' && seriesId && third === 'watch' && episodeId && parts.length === 4) {
      return { name: 'player', seriesId, episodeId };
    }
  }
  return { name: 'not-found', path };
}

export function routeHref(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'browse':
      return '#/';
    case 'series':
      return `#/series/${e(route.seriesId)}`;
    case 'player':
      return `#/series/${e(route.seriesId)}/watch/${e(route.episodeId)}`;
    case 'not-found':
      return `#/${route.path}`;
    default:
      return `#/${route.name}`;
  }
}

/** Calls `render` with the current route now and on every hash change; returns a function that stops listening. */
export function startRouter(render: (route: Route) => void, target: Window = window): () => void {
  const onChange = () => render(parseRoute(target.location.hash));
  target.addEventListener('hashchange', onChange);
  onChange();
  return () => target.removeEventListener('hashchange', onChange);
}

export function navigate(route: Route, target: Window = window): void {
  target.location.hash = routeHref(route);
}
