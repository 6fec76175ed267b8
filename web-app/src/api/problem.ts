/** An RFC 9457 problem as the services and the gateway answer it; extensions stay on the object. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  [extension: string]: unknown;
}

const PROBLEM_PREFIX = '/problems/';

/** The slug of a problem type URI (`https://microdrama.example/problems/insufficient-coins` → `insufficient-coins`). */
export function problemSlug(problem: Problem | undefined): string | undefined {
  const type = problem?.type;
  if (typeof type !== 'string') return undefined;
  const at = type.lastIndexOf(PROBLEM_PREFIX);
  return at >= 0 ? type.slice(at + PROBLEM_PREFIX.length) : undefined;
}

/** A failed API call: the HTTP status, the problem body when there was one, and Retry-After in seconds. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get slug(): string | undefined {
    return problemSlug(this.problem);
  }
}

/** Status 0: the request never got an answer (offline, DNS, CORS). */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, { title: 'Network error', detail: String(cause) });
  error.cause = cause;
  return error;
}
