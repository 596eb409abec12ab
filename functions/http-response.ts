import type { Request, Response } from '@google-cloud/functions-framework';
import { logger } from './logger';

/** Answers an expected failure: its HTTP status, stable code and French message, nothing else. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * Wraps an HTTP function so that a bug or an infrastructure failure answers 500 with no detail
 * leaked, and is logged with the function name and duration.
 */
export function withErrorBoundary(
  name: string,
  handler: (req: Request, res: Response) => Promise<void>,
) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      await handler(req, res);
      logger.info('requête traitée', {
        function: name,
        status: res.statusCode,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      logger.error('échec interne', {
        function: name,
        durationMs: Date.now() - started,
        error: error instanceof Error ? error.name : 'unknown',
      });
      if (!res.headersSent)
        sendError(
          res,
          500,
          'INTERNAL',
          'Erreur interne : réessayez plus tard. Rien n’a été enregistré à moitié.',
        );
    }
  };
}
