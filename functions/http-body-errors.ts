import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { logger } from './logger';

/*
 * The Functions Framework parses every body with body-parser before any code of ours runs, and
 * hands a parse failure to Express's final handler: an HTML page (with a stack trace naming
 * server paths outside production) and, in production, `console.error(err)` — whose message and
 * `body` property carry the raw body (functions-framework-nodejs issue #686). The framework
 * offers no hook for its parsers, so the parser factories it calls are wrapped here: a body the
 * parsers refuse is answered in JSON, in French, and logged by its kind only.
 */

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
type ParserFactory = (options?: object) => Middleware;

/** The parsers the framework installs (server.js: json, text, urlencoded, raw). */
const PARSERS = ['json', 'text', 'urlencoded', 'raw'] as const;
const WRAPPED = Symbol.for('dla-npdc.body-errors-in-json');

/** How a body the parsers refused is answered: status, stable code, French message. */
export interface BodyRefusal {
  readonly status: 400 | 413 | 415;
  readonly code: string;
  readonly message: string;
}

/** The answer to a body-parser failure, by its `type` (never by its message, which quotes the body). */
export function bodyRefusalOf(error: unknown): BodyRefusal {
  const type =
    typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : '';
  switch (type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'JSON_MALFORMED',
        message:
          'Corps de requête illisible : un objet JSON valide est attendu ({…}). Rien n’a été enregistré.',
      };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'BODY_ENCODING_UNSUPPORTED',
        message:
          'Encodage non pris en charge : envoyez du JSON en UTF-8, sans compression. Rien n’a été enregistré.',
      };
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Requête trop volumineuse : envoyez moins de lignes à la fois.',
      };
    default:
      return {
        status: 400,
        code: 'BODY_UNREADABLE',
        message: 'Corps de requête illisible ou incomplet. Rien n’a été enregistré.',
      };
  }
}

function answerRefusal(error: unknown, req: IncomingMessage, res: ServerResponse): void {
  const refusal = bodyRefusalOf(error);
  const type = (error as { type?: unknown } | null)?.type;
  logger.warn('corps de requête refusé', {
    code: refusal.code,
    status: refusal.status,
    parserError: typeof type === 'string' ? type : 'inconnue',
  });
  // What the parser did not read is drained, so that the connection can be reused.
  req.resume();
  if (res.headersSent) return;
  res.statusCode = refusal.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
}

function guarded(parser: Middleware): Middleware {
  return (req, res, next) =>
    parser(req, res, (error?: unknown) =>
      error === undefined || error === null ? next() : answerRefusal(error, req, res),
    );
}

/**
 * Makes the Functions Framework answer a body its parsers refuse (malformed JSON, unknown charset
 * or encoding) with `{error: {code, message}}` instead of Express's HTML page, and keeps the body
 * out of the logs. Patches the body-parser instance the framework itself loads; idempotent. Must
 * run before the framework builds its server (importing any `*.http.ts` does it).
 */
export function answerBodyErrorsInJson(): void {
  const frameworkRequire = createRequire(require.resolve('@google-cloud/functions-framework'));
  const bodyParser = frameworkRequire('body-parser') as Record<string, unknown>;
  if (bodyParser[WRAPPED as unknown as string] === true) return;
  for (const name of PARSERS) {
    const original = bodyParser[name] as ParserFactory;
    bodyParser[name] = ((options?: object) => guarded(original(options))) as ParserFactory;
  }
  Object.defineProperty(bodyParser, WRAPPED, { value: true });
}
