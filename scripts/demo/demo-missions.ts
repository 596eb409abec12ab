/**
 * A demo mission at a given stage of the guide's lifecycle: what it asks for, its calendar seen
 * from today, an interruption, a scope extension or a satisfaction score when its stage has one.
 */
import type { MissionStatus } from '../../shared/domain/mission-lifecycle';
import type { Interruption, MilestoneKey, MissionDraft, ScopeExtension } from './demo-drafts';
import {
  daysSinceTerms,
  drawChain,
  MILESTONE_STAGE,
  PLANNED_MILESTONES,
  stageRank,
  type Chain,
} from './demo-mission-calendar';
import type { Random } from './demo-random';
import {
  INTERRUPTION_REASONS,
  MISSION_COMPETENCES,
  MISSION_TITLES,
  SCOPE_EXTENSION_REASONS,
} from './demo-vocabulary.data';

/** What a stage of the block asks of its mission beyond the stage itself. */
export interface MissionFlags {
  readonly scopeExtension?: true;
  readonly resumedSuspension?: true;
  readonly lowSatisfaction?: true;
}

type MissionBasics = Pick<
  MissionDraft,
  'engineeringType' | 'competence' | 'title' | 'budgetEuros' | 'estimatedDays'
>;

function drawBasics(rng: Random): MissionBasics {
  const engineeringType = rng.chance(0.85) ? 'Individuelle' : 'Collective';
  const competence = rng.pick(MISSION_COMPETENCES);
  const baseTitle = rng.pick(MISSION_TITLES[competence] ?? [competence]);
  const title =
    engineeringType === 'Collective' ? `Accompagnement collectif — ${baseTitle}` : baseTitle;
  const budgetEuros =
    engineeringType === 'Collective' ? rng.int(12, 30) * 500 : rng.int(5, 20) * 500;
  const estimatedDays = Math.max(2, Math.round((budgetEuros / rng.int(550, 850)) * 2) / 2);
  return { engineeringType, competence, title, budgetEuros, estimatedDays };
}

/** The milestones filled in at `reachedStage`, relative to today; future ones only if planned. */
function datesOf(
  chain: Chain,
  offset: number,
  reachedStage: MissionStatus,
): Partial<Record<MilestoneKey, number>> {
  const dates: Partial<Record<MilestoneKey, number>> = {};
  for (const key of Object.keys(chain) as MilestoneKey[]) {
    const day = chain[key] - offset;
    if (stageRank(MILESTONE_STAGE[key]) > stageRank(reachedStage)) continue;
    if (day > 0 && !PLANNED_MILESTONES.has(key)) continue;
    dates[key] = day;
  }
  return dates;
}

/** The interruption of an interrupted mission, or the suspension a closed one resumed from. */
function drawInterruption(
  rng: Random,
  stage: MissionStatus,
  chain: Chain,
  at: { readonly interruptionAt: number; readonly offset: number },
  resumedSuspension: boolean,
): Interruption | null {
  const { interruptionAt, offset } = at;
  if (stage === 'suspended' || stage === 'reoriented' || stage === 'stopped') {
    const kind =
      stage === 'stopped' ? 'Arrêt' : stage === 'suspended' ? 'Suspension' : 'Réorientation';
    return {
      kind,
      warnedOn: interruptionAt - offset - rng.int(1, 4),
      on: interruptionAt - offset,
      reason: rng.pick(INTERRUPTION_REASONS[kind]),
      decisionOn: null,
    };
  }
  if (!resumedSuspension) return null;
  const kickoff = chain.kickoffOn;
  const on = kickoff + rng.int(5, Math.max(5, Math.floor((chain.restitutionOn - kickoff) / 2)));
  return {
    kind: 'Suspension',
    warnedOn: on - offset - rng.int(1, 4),
    on: on - offset,
    reason: rng.pick(INTERRUPTION_REASONS.Suspension),
    decisionOn: on + rng.int(7, 20) - offset,
  };
}

function drawSatisfaction(
  rng: Random,
  dates: Partial<Record<MilestoneKey, number>>,
  low: boolean,
): number | null {
  if (dates.surveyAnsweredOn === undefined) return null;
  if (low) return rng.int(1, 2);
  return rng.weighted([
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 6],
  ]);
}

/** A mission at `stage` today, with no solicitation and no plan yet. */
export function generateMission(
  rng: Random,
  stage: MissionStatus,
  flags: MissionFlags,
  officers: readonly string[],
): MissionDraft {
  const basics = drawBasics(rng);
  const blank = {
    sequence: 0,
    stage,
    ...basics,
    interruption: null,
    scopeExtension: null,
    satisfaction: null,
    solicitations: [],
    plan: null,
  };
  if (stage === 'draft') return { ...blank, dates: {}, refDay: -rng.int(0, 30) };
  const chain = drawChain(rng);
  const interrupted = stage === 'suspended' || stage === 'reoriented' || stage === 'stopped';
  const interruptionAt = interrupted
    ? chain.kickoffOn + rng.int(5, Math.max(5, chain.plannedEndOn - chain.kickoffOn - 5))
    : 0;
  const offset = daysSinceTerms(rng, stage, chain, interruptionAt);
  // Interrupted missions went as far as the kickoff, and the mid-note when it came before.
  const reachedStage: MissionStatus = interrupted
    ? chain.midNoteReceivedOn <= interruptionAt
      ? 'midNoteReceived'
      : 'inProgress'
    : stage;
  const dates = datesOf(chain, offset, reachedStage);
  const interruption = drawInterruption(
    rng,
    stage,
    chain,
    { interruptionAt, offset },
    flags.resumedSuspension === true,
  );
  let scopeExtension: ScopeExtension | null = null;
  const kickoffDay = dates.kickoffOn;
  if (flags.scopeExtension && kickoffDay !== undefined) {
    scopeExtension = {
      on: rng.int(kickoffDay + 1, 0),
      by: rng.pick(officers),
      reason: rng.pick(SCOPE_EXTENSION_REASONS),
    };
  }
  const satisfaction = drawSatisfaction(rng, dates, flags.lowSatisfaction === true);
  return { ...blank, dates, refDay: -offset, interruption, scopeExtension, satisfaction };
}
