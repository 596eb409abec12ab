/**
 * The « Prestataires suggérés » selection as it was before issue 17 (score every provider of
 * the competence, sort them all, keep the first ones), kept verbatim as the reference the linear
 * one must match: same consultants, same order, same scores, same reasons.
 */
import type { Provider, ProviderCompleteness } from '../../shared/domain/provider';
import { providerCompleteness } from '../../shared/domain/provider';
import {
  SUGGESTION_POINTS,
  type ProviderHistory,
  type ProviderSuggestion,
  type SuggestionInput,
} from '../../shared/domain/provider-suggestion';
import { NORD_WIDE, territoryDepartment, WHOLE_REGION } from '../../shared/domain/reference-lists';

function departmentName(scope: string): string {
  return scope === NORD_WIDE ? 'le Nord' : 'le Pas-de-Calais';
}

type TerritoryMatch = 'local' | 'department' | 'region' | 'partial' | 'none' | 'unknown';

function territoryMatch(territory: string | null, areas: readonly string[]): TerritoryMatch {
  if (territory === null) return 'unknown';
  if (areas.includes(territory)) return 'local';
  const department = territoryDepartment(territory);
  if (department !== null && areas.includes(department)) return 'department';
  if (department !== null && areas.includes(WHOLE_REGION)) return 'region';
  // A structure working across a whole département is partly covered by a local consultant.
  if (territory === department && areas.some((a) => territoryDepartment(a) === department))
    return 'partial';
  return 'none';
}

/** An active provider of the register, read once with its sheet's completeness. */
interface IndexedProvider {
  readonly id: string;
  readonly provider: Provider;
  readonly archived: boolean;
  readonly completeness: ProviderCompleteness;
}

/**
 * The register and the provider history indexed once for every mission of a reconcile: the
 * active providers by competence (each with its sheet's completeness), the history by provider.
 * A mission then reads only the providers of its competence.
 */
interface RegisterIndex {
  readonly byCompetence: ReadonlyMap<string, readonly IndexedProvider[]>;
  readonly histories: ReadonlyMap<string, ProviderHistory>;
}

/** Builds the {@link RegisterIndex} of a register and a history (linear in both). */
function indexRegister(
  register: SuggestionInput['register'],
  history: readonly ProviderHistory[],
): RegisterIndex {
  const byCompetence = new Map<string, IndexedProvider[]>();
  for (const entry of register) {
    if (entry.archived) continue;
    const indexed = { ...entry, completeness: providerCompleteness(entry.provider) };
    for (const competence of new Set(entry.provider.competences ?? [])) {
      const list = byCompetence.get(competence);
      if (list === undefined) byCompetence.set(competence, [indexed]);
      else list.push(indexed);
    }
  }
  return { byCompetence, histories: new Map(history.map((h) => [h.providerId, h])) };
}

const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function declinedLastCalls(history: ProviderHistory | undefined, n: number): boolean {
  if (history === undefined || n < 1) return false;
  const answered = history.recentAnswers.filter((a) => a !== 'pending');
  return answered.length >= n && answered.slice(0, n).every((a) => a === 'declined');
}

function territoryReason(match: TerritoryMatch, territory: string | null): string | null {
  switch (match) {
    case 'local':
      return `territoire couvert : ${territory ?? ''}`;
    case 'department': {
      const department = territory === null ? null : territoryDepartment(territory);
      return department === null ? null : `couvre tout ${departmentName(department)}`;
    }
    case 'region':
      return 'couvre toute la région';
    case 'partial':
      return 'couvre une partie du département';
    case 'none':
      return `territoire non couvert : ${territory ?? ''}`;
    case 'unknown':
      return null;
  }
}

interface Candidate {
  readonly suggestion: ProviderSuggestion;
  readonly exactScore: number;
  readonly sheetComplete: boolean;
  readonly currentMissions: number;
}

function candidateOf(
  entry: IndexedProvider,
  input: SuggestionInput,
  history: ProviderHistory | undefined,
  withReasons: boolean,
): Candidate {
  const { provider } = entry;
  const points = SUGGESTION_POINTS;
  const reasons: string[] = [`compétence ${input.mission.requiredCompetence ?? ''}`.trim()];
  // The reasons are written for the suggestions kept only: the others are scored, never shown.
  const say = (reason: () => string | null): void => {
    const text = withReasons ? reason() : null;
    if (text !== null) reasons.push(text);
  };
  let score = 0;
  const sector = input.mission.sector;
  if (sector !== null && (provider.sectors ?? []).includes(sector)) {
    score += points.sector;
    say(() => `connaît le secteur ${sector}`);
  }
  const match = territoryMatch(input.beneficiaryTerritory, provider.areas ?? []);
  score += points.territory[match];
  const territory = withReasons ? territoryReason(match, input.beneficiaryTerritory) : null;
  say(() => territory);
  const { completeness } = entry;
  if (completeness.sheetComplete) {
    score += points.completeSheet;
    say(() => 'fiche complète');
  } else {
    say(() => `fiche incomplète (${completeness.missing.join(', ')})`);
  }
  const scores = history?.satisfactionScores ?? [];
  const retained = history?.retained ?? 0;
  if (scores.length > 0) {
    const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
    score += (mean - 3) * points.satisfactionPerPoint;
    say(
      () =>
        `satisfaction ${DECIMAL.format(mean)}/5 (${plural(scores.length, 'mission évaluée', 'missions évaluées')})`,
    );
  }
  if (retained > 0) {
    score += Math.min(retained, points.missionsCap) * points.perMission;
    say(() => plural(retained, 'mission confiée', 'missions confiées'));
  } else {
    say(() => 'aucune mission avec cet opérateur');
  }
  const closedCalls = history ? history.solicited - history.pending : 0;
  if (history !== undefined && closedCalls > 0) {
    score += (history.answered / closedCalls) * points.answerRate;
    say(() =>
      history.answered === 0
        ? `aucune proposition en réponse à ${plural(closedCalls, 'sollicitation', 'sollicitations')}`
        : `a répondu par une proposition à ${history.answered} ${history.answered > 1 ? 'sollicitations' : 'sollicitation'} sur ${closedCalls}`,
    );
  } else {
    score += 0.5 * points.answerRate;
  }
  const current = history?.currentMissions ?? 0;
  if (current > 0) {
    score -= current * points.perCurrentMission;
    say(() => plural(current, 'mission en cours', 'missions en cours'));
  }
  return {
    suggestion: { providerId: entry.id, score: Math.round(score * 100) / 100, reasons },
    exactScore: score,
    sheetComplete: completeness.sheetComplete,
    currentMissions: current,
  };
}

/**
 * The consultants of the register to solicit for a mission, best first, at most `limit` (4).
 *
 * A consultant must have the mission's required competence (no suggestion without one), must be
 * active and not already solicited for this mission; when `excludeDecliners` is given, one who
 * declined each of this operator's last N calls is left out. The others are scored by
 * {@link SUGGESTION_POINTS}: known sector, the beneficiary's territory (the territory itself, the
 * whole département, the whole region), a complete provider sheet (only they can be paid), past
 * quality (mean satisfaction, missions done, share of calls answered with a proposal), minus the
 * missions in progress to spread the work. Ties go to complete sheets, then to the less busy,
 * then to the lower ID, so the order is always the same.
 */
export function suggestProvidersBefore(input: SuggestionInput): ProviderSuggestion[] {
  const competence = input.mission.requiredCompetence;
  if (competence === null) return [];
  const { byCompetence, histories } = indexOnce(input);
  const solicited = new Set(input.alreadySolicited);
  const declinedLastN = input.excludeDecliners?.operatorDeclinedLastN ?? 0;
  return (byCompetence.get(competence) ?? [])
    .filter((entry) => !solicited.has(entry.id))
    .filter((entry) => !declinedLastCalls(histories.get(entry.id), declinedLastN))
    .map((entry) => ({
      entry,
      candidate: candidateOf(entry, input, histories.get(entry.id), false),
    }))
    .sort(
      ({ candidate: a }, { candidate: b }) =>
        b.exactScore - a.exactScore ||
        Number(b.sheetComplete) - Number(a.sheetComplete) ||
        a.currentMissions - b.currentMissions ||
        (a.suggestion.providerId < b.suggestion.providerId ? -1 : 1),
    )
    .slice(0, Math.max(0, input.limit ?? 4))
    .map(({ entry }) => candidateOf(entry, input, histories.get(entry.id), true).suggestion);
}

/** The reference's own index of each register and history, built once (not the new catalog). */
const indexes = new WeakMap<object, WeakMap<object, RegisterIndex>>();

function indexOnce(input: SuggestionInput): RegisterIndex {
  const byHistory = indexes.get(input.register) ?? new WeakMap<object, RegisterIndex>();
  indexes.set(input.register, byHistory);
  const index = byHistory.get(input.history) ?? indexRegister(input.register, input.history);
  byHistory.set(input.history, index);
  return index;
}
