import { config } from '../config';
import { ApiError, networkError, type Problem } from './problem';

/** Gives the current access token, or undefined when nobody is signed in. */
export type TokenProvider = () => Promise<string | undefined>;

let tokenProvider: TokenProvider = async () => undefined;
let languageProvider: () => string = () => 'en';

/** The auth module plugs in here, so API modules (and their tests) do not depend on the OIDC library. */
export function setTokenProvider(provider: TokenProvider): void {
  tokenProvider = provider;
}

export function setLanguageProvider(provider: () => string): void {
  languageProvider = provider;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Every POST of payment-service needs one; the caller keeps it across retries of the same intent. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${config.apiBase}${path}${search ? `?${search}` : ''}`;
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as Problem;
  } catch {
    // Not JSON (a proxy's HTML page): fall through to a problem made from the status.
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/** One call to the API: bearer token when signed in, the UI language, JSON in and out, problems as ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': languageProvider(),
  };
  const token = await tokenProvider();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), { method, headers, body, signal: options.signal });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response), retryAfter(response));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
