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
