// RFC 9457 problem details: the one shape of every API error.
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** For 400: the failing fields, as JSON pointers into the request, with a message each. */
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Throw from any handler or service; the error handler turns it into problem details. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly extra: { errors?: { field: string; message: string }[]; code?: string; [k: string]: unknown } = {},
  ) {
    super(detail);
  }
}

export function badRequest(field: string, message: string, code?: string): HttpProblem {
  return new HttpProblem(400, `${field}: ${message}`, { errors: [{ field, message }], code });
}

export function problemBody(status: number, detail: string | undefined, extra: Record<string, unknown> = {}): ProblemBody {
  const code = typeof extra.code === 'string' ? extra.code : undefined;
  return {
    type: code ? `https://kenes.kz/problems/${code}` : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}
