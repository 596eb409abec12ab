import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { formatZodError } from '../shared/domain/field-spec';
import { operatorCodeSchema, workbookOwnerSchema } from '../shared/domain/operator';
import { recomputeScores } from '../shared/use-cases/score-missions';
import {
  isObject,
  withAuthentication,
  type AuthenticationPolicy,
} from './auth/with-authentication';
import { appContext } from './composition-root';
import { sendError, withErrorBoundary } from './http-response';
import { logger } from './logger';

// Operators only: the C2RA's workbook holds the register, not calls for proposals.
const bodySchema = z.object({
  owner: operatorCodeSchema,
  missionId: z.string().trim().toUpperCase().min(1).max(40).optional(),
  requestId: z.string().max(100).optional(),
});

/**
 * `scoreMission` (menu « Recalculer les notes »): reconciles one operator's workbook, then answers
 * the scores, ranks and flags of one mission (`missionId`) or of every mission in a call.
 */
export async function scoreMission(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Utilisez POST.');
  const parsed = bodySchema.safeParse(req.body ?? {});
  if (!parsed.success) return sendError(res, 400, 'PAYLOAD_INVALID', formatZodError(parsed.error));
  const { owner, missionId, requestId } = parsed.data;
  logger.info('recalcul des notes', { function: 'scoreMission', operator: owner, requestId });
  const result = await recomputeScores(appContext(), owner, missionId ?? null);
  if (!result.ok) {
    const status = result.error.code === 'MISSION_UNKNOWN' ? 404 : 422;
    return sendError(res, status, result.error.code, result.error.message);
  }
  res.status(200).json({ ...(requestId === undefined ? {} : { requestId }), ...result.value });
}

/** A spreadsheet recomputes only its own workbook; the scheduler has no reason to call it. */
const policy: AuthenticationPolicy = {
  allowScheduler: false,
  target: (body) => {
    const owner = workbookOwnerSchema.safeParse(isObject(body) ? body['owner'] : undefined);
    return owner.success ? owner.data : null;
  },
};

http(
  'scoreMission',
  withErrorBoundary('scoreMission', withAuthentication('scoreMission', policy, scoreMission)),
);
