import { formatMissionWeights } from '../domain/mission-weights';
import { callScoringOf } from '../domain/derived-columns';
import { asMission } from '../domain/entity-view';
import type { OperatorCode } from '../domain/operator';
import type { CallScoring } from '../domain/scoring/proposal-scoring';
import { formatFlags, rankCell, roundScore } from '../domain/scoring/score-format';
import { RecordWorld, type WorldRecord } from '../domain/record-world';
import { fail, ok, type Result } from '../domain/result';
import type { SyncReport } from '../domain/sync/plan-sync';
import type { StoredRecord } from '../domain/stored-record';
import { loadParameters, syncWorkbook, type ReconcilePorts } from './sync-workbook';

/** One proposal of a call as a person or a script reads it: the same values as the sheet's cells. */
export interface ProposalScoreSummary {
  readonly solicitationId: string;
  readonly providerId: string | null;
  /** Total on 100, rounded to 2 decimals; null while the proposal cannot be ranked. */
  readonly total: number | null;
  /** The « Rang » cell: `1`, `ex aequo 2`, or empty when not ranked. */
  readonly rank: string;
  /** The « Signalements » cell: the French reasons of the flags, `;`-separated, or empty. */
  readonly flags: string;
}

/** The scoring of one mission's call for proposals, in plain data. */
export interface MissionScoreSummary {
  readonly missionId: string;
  readonly title: string;
  /** Ranked proposals best first, then the others by solicitation ID. */
  readonly proposals: readonly ProposalScoreSummary[];
  /** The six weights used, in the order the guide lists the criteria (the operator defaults are « 20 / 15 / 25 / 20 / 5 / 15 »), and whose. */
  readonly weights: string;
  readonly weightsSource: 'mission' | 'operator';
  /** French warnings on the call as a whole (too few proposals, all declined). */
  readonly warnings: readonly string[];
}

/** What {@link recomputeScores} gives back: the reconcile it ran and the scores it read. */
export interface ScoreRecomputation {
  readonly report: SyncReport;
  readonly missions: readonly MissionScoreSummary[];
}

function worldRecord(r: StoredRecord): WorldRecord {
  return { id: r.id, kind: r.kind, data: r.data, archived: r.archived };
}

function summaryOf(missionId: string, title: string, scoring: CallScoring): MissionScoreSummary {
  const ranked = new Set(scoring.ranking.map((p) => p.id));
  const others = scoring.proposals
    .filter((p) => !ranked.has(p.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    missionId,
    title,
    proposals: [...scoring.ranking, ...others].map((p) => ({
      solicitationId: p.id,
      providerId: p.providerId,
      total: p.totalScore === null ? null : roundScore(p.totalScore),
      rank: String(rankCell(p)),
      flags: formatFlags(p),
    })),
    weights: formatMissionWeights(scoring.weights),
    weightsSource: scoring.weightsFromMission ? 'mission' : 'operator',
    warnings: scoring.warnings.map((w) => w.message),
  };
}

/**
 * The explicit « Recalculer les notes » of an operator: a full reconcile of the workbook first
 * (pending sheet edits are stored and every score, rank and flag column is rewritten), then the
 * scores of one mission (`missionId`), or of every active mission with at least one
 * solicitation, read back from the store with the operator's parameters. A mission that is not
 * an active mission of this operator is `MISSION_UNKNOWN`.
 */
export async function recomputeScores(
  ports: ReconcilePorts,
  owner: OperatorCode,
  missionId: string | null,
): Promise<Result<ScoreRecomputation>> {
  const synced = await syncWorkbook(ports, owner, 'recalcul des notes');
  if (!synced.ok) return synced;
  const [state, register, parameters] = await Promise.all([
    ports.store.loadOwner(owner),
    ports.store.loadRegister(),
    loadParameters(ports.store, owner),
  ]);
  const missions = state.records
    .filter((r) => r.kind === 'mission' && !r.archived)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const world = new RecordWorld(state.records.map(worldRecord), register.map(worldRecord));
  const chosen =
    missionId === null
      ? missions.filter((m) => world.solicitationsOf(m.id).length > 0)
      : missions.filter((m) => m.id === missionId);
  if (missionId !== null && chosen.length === 0)
    return fail(
      'MISSION_UNKNOWN',
      `Mission ${missionId} introuvable parmi les missions actives de ${owner} : vérifiez l'identifiant (colonne ID de l'onglet Missions).`,
    );
  const summaries: MissionScoreSummary[] = [];
  for (const m of chosen) {
    const scoring = callScoringOf(world, m.id, parameters);
    if (scoring) summaries.push(summaryOf(m.id, asMission(m.data).title ?? '', scoring));
  }
  return ok({ report: synced.value, missions: summaries });
}
