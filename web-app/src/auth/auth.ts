import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { config } from '../config';
import { setTokenProvider } from '../api/http';
import { networkError } from '../api/problem';
import { describeError } from '../problems';

/**
 * Keycloak sign-in with the authorization code flow and PKCE (S256, oidc-client-ts' default for a public client).
 * The redirect comes back to '/' (the realm allows http://127.0.0.1:8080/*); the hash route the viewer was on
 * travels in the OIDC state and is restored after the code exchange.
 */
const appRoot = `${window.location.origin}/`;

const manager = new UserManager({
  authority: `${config.keycloakUrl}/realms/${encodeURIComponent(config.realm)}`,
  client_id: config.clientId,
  redirect_uri: appRoot,
  post_logout_redirect_uri: appRoot,
  response_type: 'code',
  scope: 'openid profile',
  // Keycloak hands out refresh tokens to the public client; renewing with them needs no hidden iframe.
  automaticSilentRenew: true,
  // The session tab keeps the tokens; a closed tab forgets them, which is what a shared phone browser wants.
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
});

let user: User | null = null;
const listeners = new Set<(user: User | null) => void>();

function update(next: User | null): void {
  user = next && !next.expired ? next : null;
  listeners.forEach((listener) => listener(user));
}

manager.events.addUserLoaded(update);
manager.events.addUserUnloaded(() => update(null));
manager.events.addSilentRenewError(() => update(null));

let renewing: Promise<User | null> | undefined;

/**
 * A session whose access token has run out is renewed with its refresh token before it is used or dropped: timers
 * do not fire in a sleeping tab, and a reload after a coffee break must not sign the viewer out.
 */
function renewed(stored: User | null): Promise<User | null> {
  if (!stored || !stored.expired) return Promise.resolve(stored);
  if (!stored.refresh_token) return Promise.resolve(null);
  renewing ??= manager.signinSilent().catch(async (error: unknown) => {
    console.warn('the session could not be renewed', error);
    await manager.removeUser();
    return null;
  }).finally(() => (renewing = undefined));
  return renewing;
}

setTokenProvider(async () => {
  if (!user) return undefined;
  if (user.expired) update(await renewed(user));
  return user?.access_token;
});

interface ReturnState {
  hash: string;
}

function isRedirectBack(): boolean {
  const params = new URLSearchParams(window.location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** At start: finish a redirect back from Keycloak, else load the stored session. Never throws. */
export async function initAuth(): Promise<void> {
  try {
    if (isRedirectBack()) {
      const signedIn = await manager.signinRedirectCallback();
      const state = signedIn.state as ReturnState | undefined;
      window.history.replaceState(null, '', `/${state?.hash ?? ''}`);
      update(signedIn);
      return;
    }
    update(await renewed(await manager.getUser()));
  } catch (error) {
    // A stale or replayed callback URL: drop it and carry on anonymously rather than break the app.
    console.warn('sign-in could not be completed', error);
    window.history.replaceState(null, '', `/${window.location.hash}`);
    update(null);
  }
}

export function currentUser(): User | null {
  return user;
}

export function displayName(): string | undefined {
  const profile = user?.profile;
  return profile?.preferred_username ?? profile?.name ?? profile?.email ?? undefined;
}

export function onAuthChange(listener: (user: User | null) => void): void {
  listeners.add(listener);
}

/**
 * Keycloak unreachable (down, blocked, offline) makes the redirect fail before it leaves the page: say so in the
 * header's alert instead of a button that silently does nothing.
 */
function unreachable(error: unknown): void {
  console.warn('Keycloak could not be reached', error);
  const box = document.getElementById('auth-status');
  if (box) box.textContent = describeError(networkError(error));
}

export function signIn(uiLocale: string): Promise<void> {
  return manager.signinRedirect({ state: { hash: window.location.hash } satisfies ReturnState, ui_locales: uiLocale })
    .catch(unreachable);
}

/** Keycloak opens its registration form for `prompt=create` (OIDC "Initiating User Registration"). */
export function register(uiLocale: string): Promise<void> {
  return manager.signinRedirect({
    state: { hash: window.location.hash } satisfies ReturnState,
    ui_locales: uiLocale,
    prompt: 'create',
  }).catch(unreachable);
}

export async function signOut(): Promise<void> {
  const idToken = user?.id_token;
  await manager.removeUser();
  update(null);
  // Signed out here already; ending the Keycloak session too is best effort.
  await manager.signoutRedirect({ id_token_hint: idToken }).catch(unreachable);
}
