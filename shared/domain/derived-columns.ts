import { asMission, asPlan, asSolicitation } from './entity-view';
import type { Mission } from './mission';
import {
  deriveMissionStatus,
  describeMissionStatus,
  type MissionStatus,
} from './mission-lifecycle';
import { checkMission, checkSolicitation } from './mission-rules';
import type { MissionContext, RuleViolation } from './rule-violation';
import { DEFAULT_PARAMETERS, type OperatorParameters } from './operator-parameters';
import { scoreCall, type CallScoring } from './scoring/proposal-scoring';
import {
  TO_COMPLETE,
  formatFlags,
  formatScoreDetail,
  rankCell,
  roundScore,
} from './scoring/score-format';
import {
  providerCompleteness,
  providerWarnings,
  type CompletenessOptions,
  type ProviderCompleteness,
} from './provider';
import { suggestProviders } from './provider-suggestion';
import { referenceWarnings } from './record-references';
import { proposalOutcomeCells, type ProposalDecision } from './register-proposal-decision';
import { proposalWarnings } from './register-proposal-review';
import { suggestionInputOf, type RecordWorld, type WorldRecord } from './record-world';
import type { CellValue } from './values/cell-value';
import type { IsoDate } from './values/french-date';
import { formatYesNo } from './values/yes-no';

/** The computed cells of one record, by computed column key. */
export type DerivedCells = Readonly<Record<string, CellValue>>;

/** What the rules of a mission read around it: its plan's diagnostic. */
function missionSurroundings(world: RecordWorld, missionId: string): Pick<MissionContext, 'plan'> {
  const planId = world.mission(missionId)?.planId ?? null;
  const plan = planId === null ? undefined : world.get(planId);
  if (plan === undefined || plan.kind !== 'plan' || plan.archived) return { plan: null };
  return { plan: { id: plan.id, diagnosticOn: asPlan(plan.data).diagnosticOn } };
}

/** The completeness options an operator's parameters set (its checklist blocking payment or not). */
export function completenessOptionsOf(parameters: OperatorParameters): CompletenessOptions {
  return { checklistRequired: parameters.providerChecklistRequired === 'Oui' };
}

/**
 * The cross-field rule violations of a record (its mission or solicitation rules), with the
 * operator's `parameters` (defaults: only what the guide names on the provider sheet blocks payment).
 */
export function violationsOf(
  record: WorldRecord,
  world: RecordWorld,
  parameters: OperatorParameters = DEFAULT_PARAMETERS,
): RuleViolation[] {
  if (record.archived) return [];
  if (record.kind === 'mission') {
    const retained = world.retainedProviderOf(record.id);
    return checkMission({
      mission: asMission(record.data),
      solicitations: world.solicitationsOf(record.id).map((s) => s.solicitation),
      retainedProvider: retained
        ? {
            id: retained.id,
            completeness: providerCompleteness(
              retained.provider,
              completenessOptionsOf(parameters),
            ),
          }
        : null,
      ...missionSurroundings(world, record.id),
    });
  }
  if (record.kind === 'solicitation') {
    const solicitation = asSolicitation(record.data);
    const missionId = solicitation.missionId;
    const siblings = missionId
      ? world
          .solicitationsOf(missionId)
          .filter((s) => s.id !== record.id)
          .map((s) => s.solicitation)
      : [];
    return checkSolicitation(solicitation, missionId ? world.mission(missionId) : null, siblings);
  }
  return [];
}

/** What blocks payment, then the operator's checklist items that do not (yet) block it. */
function missingText(completeness: ProviderCompleteness): string {
  const blocking = completeness.missing;
  const checklistOnly = (completeness.checklistMissing ?? []).filter((l) => !blocking.includes(l));
  const parts = [
    ...(blocking.length > 0 ? [blocking.join(', ')] : []),
    ...(checklistOnly.length > 0
      ? [`liste de l’opérateur, sans bloquer le paiement : ${checklistOnly.join(', ')}`]
      : []),
  ];
  return parts.join(' ; ');
}

function controlsText(messages: readonly string[]): string {
  return messages.join(' ; ');
}

/** The scoring of each mission's call, computed once per world and parameters. */
const scoringCache = new WeakMap<
  RecordWorld,
  WeakMap<OperatorParameters, Map<string, CallScoring>>
>();

/**
 * The scoring of a mission's call for proposals in this world, computed once for all the rows
 * of the mission; null when the mission is unknown.
 */
export function callScoringOf(
  world: RecordWorld,
  missionId: string,
  parameters: OperatorParameters = DEFAULT_PARAMETERS,
): CallScoring | null {
  const mission = world.mission(missionId);
  if (mission === null) return null;
  let byParameters = scoringCache.get(world);
  if (!byParameters) {
    byParameters = new WeakMap();
    scoringCache.set(world, byParameters);
  }
  let byMission = byParameters.get(parameters);
  if (!byMission) {
    byMission = new Map();
    byParameters.set(parameters, byMission);
  }
  const cached = byMission.get(missionId);
  if (cached) return cached;
  const scoring = scoreCall({ mission, proposals: world.solicitationsOf(missionId), parameters });
  byMission.set(missionId, scoring);
  return scoring;
}

const EMPTY_SCORE_CELLS = {
  budgetPoints: '',
  totalScore: '',
  rank: '',
  scoreDetail: '',
  flags: '',
};

function scoreCells(
  record: WorldRecord,
  world: RecordWorld,
  parameters: OperatorParameters,
): Record<keyof typeof EMPTY_SCORE_CELLS, CellValue> {
  const missionId = asSolicitation(record.data).missionId;
  if (record.archived || missionId === null) return EMPTY_SCORE_CELLS;
  const scoring = callScoringOf(world, missionId, parameters);
  const proposal = scoring?.proposals.find((p) => p.id === record.id);
  if (!scoring || !proposal) return EMPTY_SCORE_CELLS;
  const toComplete = (value: number | null): CellValue =>
    value === null ? TO_COMPLETE : roundScore(value);
  return {
    budgetPoints: proposal.admissible ? toComplete(proposal.budgetPoints) : '',
    totalScore: proposal.admissible ? toComplete(proposal.totalScore) : '',
    rank: rankCell(proposal),
    scoreDetail: `${formatScoreDetail(proposal, scoring.weights.weightBudget)}${
      proposal.admissible && scoring.weightsFromMission ? ' (pondération de la mission)' : ''
    }`,
    flags: formatFlags(proposal),
  };
}

/** While the call for proposals is not awarded, consultants may still be solicited. */
const CALL_STATUSES: ReadonlySet<MissionStatus> = new Set([
  'draft',
  'callOpen',
  'proposalsUnderReview',
]);

/** In its call for proposals and no provider « Retenu » yet: the time to suggest providers. */
function inCallWithoutRetained(
  status: MissionStatus,
  solicitations: readonly { solicitation: { decision: string | null } }[],
): boolean {
  return (
    CALL_STATUSES.has(status) && !solicitations.some((s) => s.solicitation.decision === 'Retenu')
  );
}

/** The « Prestataires suggérés » cell: up to 4 IDs with their reasons, or why there are none. */
function suggestionsText(
  record: WorldRecord,
  mission: Mission,
  world: RecordWorld,
  parameters: OperatorParameters,
): string {
  if (mission.requiredCompetence === null)
    return 'Indiquez la compétence requise pour obtenir des suggestions.';
  const suggestions = suggestProviders(
    suggestionInputOf(world, record.id, mission, parameters.declinedCallsToExclude),
  );
  if (suggestions.length === 0)
    return `Aucun autre prestataire actif du registre n’a la compétence « ${mission.requiredCompetence} ».`;
  // The competence is the same for all: it is left out of the short reasons.
  return suggestions.map((s) => `${s.providerId} (${s.reasons.slice(1).join(', ')})`).join(' ; ');
}

/** How far {@link deriveCells} looks. */
export interface DeriveOptions {
  /**
   * False: leave out the cells that read the whole register and the operator's history (an open
   * mission's « Prestataires suggérés »), which an edit leaves to the reconcile. True by default.
   */
  readonly registerWide?: boolean;
  /**
   * The C2RA's decisions on the operator's proposals to the register, by proposal ID; absent
   * (an edit), the outcome columns are left as the sheet shows them until the next reconcile.
   */
  readonly proposalDecisions?: ReadonlyMap<string, ProposalDecision>;
}

/**
 * What the system shows in the computed columns of a record: mission status, retained provider
 * and suggested providers, the scores, rank and flags of a solicitation (with the operator's
 * `parameters`), provider sheet completeness, and the « Contrôles » column of warnings (with the
 * warnings on a mission's call for proposals). A column left out is kept as the sheet shows it.
 */
export function deriveCells(
  record: WorldRecord,
  world: RecordWorld,
  today: IsoDate,
  parameters: OperatorParameters = DEFAULT_PARAMETERS,
  options: DeriveOptions = {},
): DerivedCells {
  const warnings = [
    ...violationsOf(record, world, parameters).map((v) => v.message),
    ...referenceWarnings(record, world),
  ];
  switch (record.kind) {
    case 'mission': {
      const solicitations = world.solicitationsOf(record.id);
      const retained = world.retainedProviderOf(record.id);
      const mission = asMission(record.data);
      const status = deriveMissionStatus(
        mission,
        solicitations.map((s) => s.solicitation),
        today,
      );
      const open = !record.archived && inCallWithoutRetained(status, solicitations);
      const callWarnings = open
        ? (callScoringOf(world, record.id, parameters)?.warnings ?? []).map((w) => w.message)
        : [];
      return {
        status: describeMissionStatus(status),
        retainedProvider: retained
          ? `${retained.id} — ${retained.provider.legalName ?? ''}`.trim()
          : '',
        solicitationCount: solicitations.length,
        ...(!open
          ? { suggestedProviders: '' }
          : options.registerWide === false
            ? {}
            : { suggestedProviders: suggestionsText(record, mission, world, parameters) }),
        controls: controlsText([...warnings, ...callWarnings]),
      };
    }
    case 'solicitation':
      return { ...scoreCells(record, world, parameters), controls: controlsText(warnings) };
    case 'provider': {
      const provider = world.provider(record.id);
      const completeness = provider
        ? providerCompleteness(provider.provider, completenessOptionsOf(parameters))
        : { sheetComplete: false, missing: [] };
      return {
        sheetComplete: formatYesNo(completeness.sheetComplete),
        missing: missingText(completeness),
        controls: controlsText([
          ...warnings,
          ...(provider ? providerWarnings(provider.provider).map((w) => w.message) : []),
        ]),
      };
    }
    case 'registerProposal': {
      const own = proposalWarnings(record.data);
      if (!options.proposalDecisions) return { controls: controlsText([...warnings, ...own]) };
      const outcome = proposalOutcomeCells(record.data, options.proposalDecisions.get(record.id));
      return {
        ...outcome.cells,
        controls: controlsText([...warnings, ...own, ...outcome.warnings]),
      };
    }
    default:
      return { controls: controlsText(warnings) };
  }
}
