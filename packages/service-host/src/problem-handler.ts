import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ProblemError, problems } from '@bazaar/problem';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function pointerOf(error: AjvError, part: string | undefined): string {
  const extra =
    error.keyword === 'required'
      ? `/${String(error.params.missingProperty)}`
      : error.keyword === 'additionalProperties'
        ? `/${String(error.params.additionalProperty)}`
        : '';
  return `${part && part !== 'body' ? `/${part}` : ''}${error.instancePath}${extra}` || '/';
}

function describe(error: AjvError): string {
  if (error.keyword === 'additionalProperties')
    return `unknown field '${String(error.params.additionalProperty)}'`;
  if (error.keyword === 'required') return `'${String(error.params.missingProperty)}' is required`;
  return error.message ?? 'is invalid';
}

/** Maps every error Fastify or a handler can raise to a problem; anything unexpected is a logged 500. */
export function toProblem(
  error: FastifyError & { validation?: AjvError[]; validationContext?: string },
  contentType?: string,
): {
  problem: ProblemError;
  unexpected: boolean;
} {
  if (error instanceof ProblemError) return { problem: error, unexpected: false };
  if (error.validation) {
    const errors = error.validation.map((e) => ({
      pointer: pointerOf(e, error.validationContext),
      detail: describe(e),
    }));
    const where = error.validationContext ?? 'request';
    const first = errors[0];
    const detail = first ? `${where} ${first.pointer}: ${first.detail}` : `${where} is invalid`;
    return { problem: problems.validation(detail, errors), unexpected: false };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        problem: problems.payloadTooLarge(Number((error as { limit?: number }).limit) || 0),
        unexpected: false,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        problem: problems.unsupportedMediaType((contentType ?? 'none').slice(0, 100)),
        unexpected: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        problem: problems.malformedJson('The body is empty but Content-Type is application/json.'),
        unexpected: false,
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { problem: problems.malformedJson(error.message), unexpected: false };
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return { problem: problems.malformedJson(error.message), unexpected: false };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return {
      problem: new ProblemError('bad-request', status, 'Bad request', error.message),
      unexpected: false,
    };
  }
  return { problem: problems.internal(), unexpected: true };
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: ProblemError,
): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send(problem.toJSON(request.url.split('?')[0]));
}

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a path that is not
 * valid percent-encoded UTF-8 (`%`, `%zz`, `%C0%AF`) or whose parameter is longer than the router allows.
 * Without this handler Fastify answers them with its own JSON body instead of a problem.
 */
export function frameworkErrorProblem(error: FastifyError): ProblemError {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new ProblemError(
        'bad-path',
        400,
        'Path is not accepted',
        'The path is not valid percent-encoded UTF-8.',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ProblemError('bad-path', 400, 'Path is not accepted', 'A path segment is too long.');
    default:
      return toProblem(error).problem;
  }
}

/** Fastify's `frameworkErrors` option: router errors as problems, with the request id like every answer. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = frameworkErrorProblem(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'router error');
  reply.header('x-request-id', request.id);
  sendProblem(reply, request, problem);
}

/** The problem for a request Node's HTTP parser refused (no route, no request object exists yet). */
export function clientErrorProblem(error: { code?: string }): ProblemError {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return new ProblemError(
      'request-header-too-large',
      431,
      'Request header fields too large',
      'The request line and headers together exceed the server limit.',
    );
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new ProblemError('request-timeout', 408, 'Request timeout', 'The request did not arrive in time.');
  return new ProblemError('bad-request', 400, 'Bad request', 'The request is not valid HTTP/1.1.');
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (headers over the size limit, broken
 * framing) is answered with a problem too; Fastify's default writes a JSON body of its own. Like Node's
 * and Fastify's handlers, the connection is closed after the answer.
 */
export function sendClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = clientErrorProblem(error);
  const body = JSON.stringify(problem.toJSON());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** RFC 9457 responses for every error and for unknown routes. */
export function installProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { problem, unexpected } = toProblem(error, request.headers['content-type']);
    if (unexpected) request.log.error({ err: error }, 'unhandled error');
    else if (problem.status >= 500)
      request.log.warn({ problem: problem.slug, detail: problem.detail }, 'request failed');
    return sendProblem(reply, request, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      problems.notFound(`No route for ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );
}
