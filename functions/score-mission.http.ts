import { z } from 'zod';
import { operatorCodeSchema } from '../shared/domain/operator';
import { recomputeScores } from '../shared/use-cases/score-missions';
import { defineHttpFunction, ownerNamed, refuse, reply } from './http-function';

/** Menu « Recalculer les notes »: one operator's reconcile, then the scores of one mission or all. */
defineHttpFunction({
  name: 'scoreMission',
  exposure: 'public',
  // Operators only: the C2RA's workbook holds the register, not calls for proposals.
  body: z.object({
    owner: operatorCodeSchema,
    missionId: z.string().trim().toUpperCase().min(1).max(40).optional(),
    requestId: z.string().max(100).optional(),
  }),
  access: { allowScheduler: false, target: ownerNamed },
  handle: async ({ owner, missionId, requestId }, context) => {
    const result = await recomputeScores(context, owner, missionId ?? null);
    if (!result.ok)
      return refuse(result.error.code === 'MISSION_UNKNOWN' ? 404 : 422, result.error);
    return reply(200, { ...(requestId === undefined ? {} : { requestId }), ...result.value });
  },
});
