/** RFC 9457 problem details as sent on the wire. Extension members sit beside the standard ones. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const TYPE_PREFIX = 'urn:bazaar:problem:';

/** Problem types are URNs so they stay stable whatever host serves them. */
export function problemTypeUri(slug: string): string {
  return `${TYPE_PREFIX}${slug}`;
}

/**
 * An error that is a value: a stable slug, a status and a human title. The HTTP edge turns it into an
 * `application/problem+json` response; domain code can throw or return it without knowing HTTP.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly type: string;

  constructor(
    readonly slug: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.type = problemTypeUri(slug);
  }

  toJSON(instance?: string): ProblemDetails {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(instance === undefined ? {} : { instance }),
    };
  }
}
