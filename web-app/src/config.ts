/**
 * Where the app finds its backends. Defaults fit the local system: the API and media through the gateway on the
 * same origin (base ''), Keycloak on 127.0.0.1:8180. A build for another place sets the VITE_* variables.
 */
export interface AppConfig {
  /** Prefix of every API call; '' = same origin as the app (the gateway serves both). */
  apiBase: string;
  keycloakUrl: string;
  realm: string;
  clientId: string;
  /** Base of the Stripe-shaped REST API the card confirmation calls (Stripe.js calls https://api.stripe.com). */
  stripeApiBase: string;
  stripePublishableKey: string;
}

const env = import.meta.env ?? {};

function setting(name: string, fallback: string): string {
  const value = env[name];
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export const config: AppConfig = {
  apiBase: setting('VITE_API_BASE', ''),
  keycloakUrl: setting('VITE_KEYCLOAK_URL', 'http://127.0.0.1:8180'),
  realm: setting('VITE_KEYCLOAK_REALM', 'microdrama'),
  clientId: setting('VITE_KEYCLOAK_CLIENT', 'app'),
  stripeApiBase: setting('VITE_STRIPE_API_BASE', '/stripe'),
  stripePublishableKey: setting('VITE_STRIPE_PUBLISHABLE_KEY', 'pk_test_local'),
};
