import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { formatZodError } from '../shared/domain/field-spec';
import { C2RA, workbookOwnerSchema } from '../shared/domain/operator';
import { parseFrenchDate } from '../shared/domain/values/french-date';
import type { DomainError } from '../shared/domain/result';
import type { Exposure, Target } from './auth/authenticate-request';
import { authenticateCall, isObject, type AuthenticationPolicy } from './auth/with-authentication';
import { appContext, type AppContext } from './composition-root';
import { ownerOfSpreadsheet, type Config } from './config';
import { answerBodyErrorsInJson } from './http-body-errors';
import { logger } from './logger';

// Before the framework builds its server: a body its parsers refuse is answered in JSON.
answerBodyErrorsInJson();

/** What a function answers: an HTTP status and a JSON body. */
export interface HttpReply {
  readonly status: number;
  readonly body: unknown;
}

/** A success (or a report) to answer as JSON. */
export function reply(status: number, body: unknown): HttpReply {
  return { status, body };
}

/** An expected failure: its status, stable code and French message, nothing else. */
export function refuse(status: number, error: DomainError): HttpReply {
  return { status, body: { error: { code: error.code, message: error.message } } };
}

/** One HTTP function as declared in its `*.http.ts`. */
export interface HttpFunctionDeclaration<S extends z.ZodType> {
  /** The name it is registered and deployed under (`--entry-point`), written only here. */
  readonly name: string;
  /**
   * `private`: deployed `--no-allow-unauthenticated`, called by Cloud Scheduler through Google's
   * front end, which verifies the token and removes its signature. `public`: called by the
   * spreadsheets; the function verifies every credential itself. Must match the deploy plan
   * (a test compares them).
   */
  readonly exposure: Exposure;
  /** The body, validated after authentication; refused with 400 and its French errors. */
  readonly body: S;
  /** Who may call, and on which workbook. */
  readonly access: AuthenticationPolicy;
  /** The use case: the validated body in, a reply out; expected failures as replies. */
  readonly handle: (input: z.output<S>, context: AppContext) => Promise<HttpReply>;
}

const declared = new Map<string, Exposure>();

/** How a declared function is deployed, or undefined when no function has that name. */
export function exposureOf(name: string): Exposure | undefined {
  return declared.get(name);
}

/** The names of the functions declared so far (imported `*.http.ts`). */
export function declaredFunctionNames(): string[] {
  return [...declared.keys()];
}

const INTERNAL_ERROR: DomainError = {
  code: 'INTERNAL',
  message: 'Erreur interne : réessayez plus tard. Rien n’a été enregistré à moitié.',
};

/** Whether the request carries a body, whatever its content type says. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The checks every function makes before its use case, in order; null when all pass. */
async function precheck<S extends z.ZodType>(
  spec: HttpFunctionDeclaration<S>,
  req: Request,
  res: Response,
  context: AppContext,
): Promise<HttpReply | { readonly input: z.output<S> }> {
  if (req.method !== 'POST') {
    res.set('Allow', 'POST');
    return refuse(405, { code: 'METHOD_NOT_ALLOWED', message: 'Utilisez POST.' });
  }
  const withBody = hasBody(req);
  if (withBody && !req.is('application/json')) {
    return refuse(415, {
      code: 'CONTENT_TYPE_UNSUPPORTED',
      message:
        'Type de contenu non pris en charge : envoyez du JSON (Content-Type: application/json). Rien n’a été enregistré.',
    });
  }
  if ((req.rawBody?.length ?? 0) > context.config.maxBodyBytes) {
    return refuse(413, {
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Requête trop volumineuse : envoyez moins de lignes à la fois.',
    });
  }
  const auth = await authenticateCall(spec.name, spec.exposure, spec.access, req, context);
  if (!auth.ok) {
    if (auth.status === 401) res.set('WWW-Authenticate', 'Bearer');
    return refuse(auth.status, auth);
  }
  // No body is an empty object: the scheduler's `{}` and a bare POST mean the same.
  const parsed = spec.body.safeParse(withBody ? req.body : {});
  if (!parsed.success) {
    return refuse(400, { code: 'PAYLOAD_INVALID', message: formatZodError(parsed.error) });
  }
  return { input: parsed.data };
}

/**
 * Declares and registers an HTTP function with the Functions Framework: POST only (405), a JSON
 * body (415 otherwise; a malformed one gets a JSON 400), bounded in size (413), an authenticated
 * caller allowed on its workbook (401/403), a body the schema accepts (400), then the use case.
 * Anything thrown answers a JSON 500 without detail. Each outcome is logged with the function,
 * status and duration — never the body.
 */
export function defineHttpFunction<S extends z.ZodType>(
  spec: HttpFunctionDeclaration<S>,
): (req: Request, res: Response) => Promise<void> {
  const handler = async (req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      const context = appContext();
      const checked = await precheck(spec, req, res, context);
      const answer = 'input' in checked ? await spec.handle(checked.input, context) : checked;
      res.status(answer.status).json(answer.body);
      logger.info('requête traitée', {
        function: spec.name,
        status: answer.status,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      logger.error('échec interne', {
        function: spec.name,
        durationMs: Date.now() - started,
        error: error instanceof Error ? error.name : 'inconnue',
      });
      if (!res.headersSent) res.status(500).json(refuse(500, INTERNAL_ERROR).body);
    }
  };
  declared.set(spec.name, spec.exposure);
  http(spec.name, handler);
  return handler;
}

/** Body field: a day as a person types it (« 02/06/2025 »), refused in French otherwise. */
export const frenchDay = z.string().transform((text, ctx) => {
  const day = parseFrenchDate(text);
  if (!day.ok) ctx.addIssue({ code: 'custom', message: day.error.message });
  return day.ok ? day.value : z.NEVER;
});

/** Body field: how many dated files to keep (a year at most). */
export const keepDays = z.number().int().min(1).max(366).optional();

/** Body field: the workbook to act on, every one when absent. */
export const optionalOwner = workbookOwnerSchema.optional();

/** An object without its undefined properties (options as the use cases take them). */
export function definedOnly<T extends object>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** Target of a body `{ owner? }`: that workbook, or every workbook when none is named. */
export function ownerOrAll(body: unknown): Target {
  if (body === undefined || body === null || (isObject(body) && body['owner'] === undefined)) {
    return 'all';
  }
  return ownerNamed(body);
}

/** Target of a body `{ owner }`: that workbook, or null when it names none of ours. */
export function ownerNamed(body: unknown): Target {
  const owner = workbookOwnerSchema.safeParse(isObject(body) ? body['owner'] : undefined);
  return owner.success ? owner.data : null;
}

/** Target of an edit: the owner of the spreadsheet it names, null when it is not one of ours. */
export function spreadsheetOwner(body: unknown, config: Config): Target {
  const id = isObject(body) ? body['spreadsheetId'] : undefined;
  return typeof id === 'string' ? ownerOfSpreadsheet(config, id) : null;
}

/** Target of the C2RA's functions: its workbook, whatever the body says. */
export function c2raWorkbook(): Target {
  return C2RA;
}
