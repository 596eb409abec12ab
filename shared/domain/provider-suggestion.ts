import type { Mission } from './mission';
import { isSheetComplete, providerCompleteness, type Provider } from './provider';
import { overallSatisfaction } from './satisfaction-survey';
import {
  NORD_WIDE,
  SECTORS,
  TERRITORIES,
  territoryDepartment,
  WHOLE_REGION,
} from './reference-lists';
import type { Solicitation } from './solicitation';
import type { IsoDate } from './values/french-date';

/**
 * Suggestion of consultants for a mission's call for proposals (guide, part III: the operator
 * solicits 2 to 4 consultants « en fonction de leur compétences techniques, connaissance du
 * secteur, qualité des accompagnements déjà effectués »), from the regional register.
 *
 * @packageDocumentation
 */

/** How one consultant fared in one operator's calls for proposals and missions. */
export interface ProviderHistory {
  readonly providerId: string;
  /** Solicitations received, whatever the answer. */
  readonly solicited: number;
  /** Proposals sent (on time or late). */
  readonly answered: number;
  readonly declined: number;
  /** Solicitations still without an answer. */
  readonly pending: number;
  /** Missions awarded to the consultant (« Retenu »). */
  readonly retained: number;
  /** Retained missions not yet restituted, closed nor stopped: the consultant's current load. */
  readonly currentMissions: number;
  /** The satisfaction scores (1–5) of the retained missions that have one. */
  readonly satisfactionScores: readonly number[];
  /** The answers to the calls, most recent first (by date of solicitation), pending ones included. */
  readonly recentAnswers: readonly ('proposal' | 'declined' | 'pending')[];
}

/** The records a history is computed from: one operator's active missions and solicitations. */
export interface HistoryRecords {
  readonly missions: readonly { readonly id: string; readonly mission: Mission }[];
  readonly solicitations: readonly { readonly id: string; readonly solicitation: Solicitation }[];
}

type Answer = ProviderHistory['recentAnswers'][number];

function answerOf(s: Solicitation): Answer {
  if (s.answer === 'Décliné') return 'declined';
  if (s.answer === 'Proposition reçue' || s.answer === 'Hors délai') return 'proposal';
  return 'pending';
}

function isCurrent(mission: Mission): boolean {
  return (
    mission.restitutionOn === null &&
    mission.closedOn === null &&
    mission.interruptionKind !== 'Arrêt'
  );
}

/** Newest first; undated solicitations last; the ID settles the rest. */
function byRecency(
  a: { readonly id: string; readonly date: IsoDate | null },
  b: { readonly id: string; readonly date: IsoDate | null },
): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The history of every consultant solicited in these records: solicitations, proposals sent,
 * declines, missions retained, current missions, satisfaction scores and the answers to the
 * calls, newest first. Plain data in, plain data out, ordered by provider ID.
 */
export function providerHistoryFrom(records: HistoryRecords): ProviderHistory[] {
  const missions = new Map(records.missions.map((m) => [m.id, m.mission]));
  const byProvider = new Map<
    string,
    { id: string; date: IsoDate | null; solicitation: Solicitation; mission: Mission | null }[]
  >();
  for (const { id, solicitation } of records.solicitations) {
    if (solicitation.providerId === null) continue;
    const mission =
      solicitation.missionId === null ? null : (missions.get(solicitation.missionId) ?? null);
    const list = byProvider.get(solicitation.providerId) ?? [];
    list.push({
      id,
      date: solicitation.solicitedOn ?? mission?.termsSentOn ?? null,
      solicitation,
      mission,
    });
    byProvider.set(solicitation.providerId, list);
  }
  return [...byProvider.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([providerId, entries]) => {
      const ordered = [...entries].sort(byRecency);
      const answers = ordered.map((e) => answerOf(e.solicitation));
      const retained = ordered.filter((e) => e.solicitation.decision === 'Retenu');
      return {
        providerId,
        solicited: entries.length,
        answered: answers.filter((a) => a === 'proposal').length,
        declined: answers.filter((a) => a === 'declined').length,
        pending: answers.filter((a) => a === 'pending').length,
        retained: retained.length,
        currentMissions: retained.filter((e) => e.mission !== null && isCurrent(e.mission)).length,
        satisfactionScores: retained.flatMap((e) => {
          const satisfaction = e.mission === null ? null : overallSatisfaction(e.mission);
          return satisfaction === null ? [] : [satisfaction];
        }),
        recentAnswers: answers,
      };
    });
}

function departmentName(scope: string): string {
  return scope === NORD_WIDE ? 'le Nord' : 'le Pas-de-Calais';
}

type TerritoryMatch = 'local' | 'department' | 'region' | 'partial' | 'none' | 'unknown';

/** The beneficiary's territory and its département, worked out once per mission. */
interface MissionTerritory {
  readonly territory: string | null;
  readonly department: string | null;
  /** The bits of the territory, its département and the whole region (0 outside the list). */
  readonly bits: {
    readonly territory: number;
    readonly department: number;
    readonly region: number;
  };
}

/**
 * One bit per territory of the reference list: a provider's areas become one number, so that
 * the scan of a large register reads no set per provider (the sets stay for an area outside the
 * list). 21 territories: within the 31 bits of JavaScript's bitwise operators.
 */
const TERRITORY_BITS: ReadonlyMap<string, number> = new Map(
  TERRITORIES.slice(0, 31).map((territory, i) => [territory, 1 << i]),
);

function missionTerritoryOf(territory: string | null): MissionTerritory {
  const department = territory === null ? null : territoryDepartment(territory);
  const bitOf = (t: string | null) => (t === null ? 0 : (TERRITORY_BITS.get(t) ?? 0));
  return {
    territory,
    department,
    bits: {
      territory: bitOf(territory),
      department: bitOf(department),
      region: bitOf(WHOLE_REGION),
    },
  };
}

function territoryMatch(where: MissionTerritory, entry: IndexedProvider): TerritoryMatch {
  const { territory, department } = where;
  if (territory === null) return 'unknown';
  const { outside } = entry;
  if (outside === null) {
    const { areaBits, areaDepartmentBits } = entry;
    const { bits } = where;
    if ((areaBits & bits.territory) !== 0) return 'local';
    if (department !== null && (areaBits & bits.department) !== 0) return 'department';
    if (department !== null && (areaBits & bits.region) !== 0) return 'region';
    if (
      department !== null &&
      territory === department &&
      (areaDepartmentBits & bits.department) !== 0
    )
      return 'partial';
    return 'none';
  }
  if (outside.areas.has(territory)) return 'local';
  if (department !== null && outside.areas.has(department)) return 'department';
  if (department !== null && outside.areas.has(WHOLE_REGION)) return 'region';
  // A structure working across a whole département is partly covered by a local consultant.
  if (department !== null && territory === department && outside.departments.has(department))
    return 'partial';
  return 'none';
}

/** The points of each reason, so that the order is explainable (see {@link suggestProviders}). */
export const SUGGESTION_POINTS = {
  sector: 15,
  territory: { local: 20, department: 15, region: 12, partial: 6, none: 0, unknown: 0 },
  completeSheet: 10,
  /** Per point of mean satisfaction above (or below) 3 out of 5. */
  satisfactionPerPoint: 5,
  /** Per mission already retained, up to {@link SUGGESTION_POINTS.missionsCap}. */
  perMission: 1,
  missionsCap: 5,
  /** Times the share of proposals sent among the calls answered (0.5 when never solicited). */
  answerRate: 10,
  /** Taken off per current mission, to spread the work across consultants. */
  perCurrentMission: 5,
} as const;

/** One suggested consultant: its ID, its score and the French reasons behind it. */
export interface ProviderSuggestion {
  readonly providerId: string;
  readonly score: number;
  readonly reasons: string[];
}

/** An active provider of the register, read once with what the score reads of it. */
interface IndexedProvider {
  readonly id: string;
  readonly provider: Provider;
  /**
   * What the score reads of every provider, kept on the entry itself: the scan of a large
   * register then reads one small object per provider, not the whole fiche. The completeness
   * with its missing labels is worked out only for the providers kept ({@link reasonsOf}).
   */
  readonly sectors: readonly string[];
  /** The sectors of the reference list as {@link SECTOR_BITS} (others are read in `sectors`). */
  readonly sectorBits: number;
  readonly sheetComplete: boolean;
  /**
   * The provider's number in its catalogue: the scan finds its history and whether it was
   * already solicited by this number, without reading its ID.
   */
  readonly ordinal: number;
  /** The provider's areas and their départements as {@link TERRITORY_BITS}. */
  readonly areaBits: number;
  readonly areaDepartmentBits: number;
  /** Null when every area is in the reference list; otherwise the sets the match reads instead. */
  readonly outside: {
    readonly areas: ReadonlySet<string>;
    readonly departments: ReadonlySet<string>;
  } | null;
}

/** The providers of a register, as {@link suggestProviders} reads them. */
export type RegisterEntries = SuggestionInput['register'];

/**
 * The part of the {@link RegisterIndex} that depends on the register alone: the active
 * providers by competence. Built once per reconcile and shared by every world of it.
 */
export interface RegisterCatalog {
  readonly byCompetence: ReadonlyMap<string, readonly IndexedProvider[]>;
  /** The {@link IndexedProvider.ordinal} of each active provider, by ID. */
  readonly ordinalOf: ReadonlyMap<string, number>;
}

/**
 * The register and the provider history indexed once for every mission of a reconcile: the
 * active providers by competence (each with what its score reads), the history by the provider's
 * number in the catalogue. A mission then reads only the providers of its competence.
 */
export interface RegisterIndex extends RegisterCatalog {
  /** The histories by {@link IndexedProvider.ordinal} (providers of the catalogue only). */
  readonly historyByOrdinal: ReadonlyMap<number, ProviderHistory>;
}

/** One bit per sector of the reference list (24: within the 31 bits of bitwise operators). */
const SECTOR_BITS: ReadonlyMap<string, number> = new Map(
  SECTORS.slice(0, 31).map((sector, i) => [sector, 1 << i]),
);

function sectorBitsOf(sectors: readonly string[]): number {
  let bits = 0;
  for (const sector of sectors) bits |= SECTOR_BITS.get(sector) ?? 0;
  return bits;
}

/**
 * The areas of a provider as bits; the sets instead when one is outside the reference list.
 * Allocates nothing for the common case: at 40,000 providers the catalogue is built per reconcile.
 */
function areasOf(
  areas: readonly string[],
): Pick<IndexedProvider, 'areaBits' | 'areaDepartmentBits' | 'outside'> {
  let areaBits = 0;
  let areaDepartmentBits = 0;
  for (const area of areas) {
    const bit = TERRITORY_BITS.get(area);
    const department = territoryDepartment(area);
    const departmentBit = department === null ? 0 : TERRITORY_BITS.get(department);
    if (bit === undefined || departmentBit === undefined) {
      const departments = new Set<string>();
      for (const a of areas) {
        const d = territoryDepartment(a);
        if (d !== null) departments.add(d);
      }
      return {
        areaBits: 0,
        areaDepartmentBits: 0,
        outside: { areas: new Set(areas), departments },
      };
    }
    areaBits |= bit;
    areaDepartmentBits |= departmentBit;
  }
  return { areaBits, areaDepartmentBits, outside: null };
}

/** Builds the {@link RegisterCatalog} of a register (linear in it). */
export function catalogRegister(register: RegisterEntries): RegisterCatalog {
  const byCompetence = new Map<string, IndexedProvider[]>();
  const ordinalOf = new Map<string, number>();
  for (const entry of register) {
    if (entry.archived) continue;
    const { provider } = entry;
    // One number per ID, so that a history reaches every entry of its provider.
    let ordinal = ordinalOf.get(entry.id);
    if (ordinal === undefined) {
      ordinal = ordinalOf.size;
      ordinalOf.set(entry.id, ordinal);
    }
    const sectors = provider.sectors ?? [];
    const indexed: IndexedProvider = {
      id: entry.id,
      provider,
      sectors,
      sectorBits: sectorBitsOf(sectors),
      sheetComplete: isSheetComplete(provider),
      ordinal,
      ...areasOf(provider.areas ?? []),
    };
    const competences = provider.competences ?? [];
    competences.forEach((competence, i) => {
      // A competence listed twice files the provider once.
      if (competences.indexOf(competence) !== i) return;
      const list = byCompetence.get(competence);
      if (list === undefined) byCompetence.set(competence, [indexed]);
      else list.push(indexed);
    });
  }
  return { byCompetence, ordinalOf };
}

/** The {@link RegisterIndex} of a catalogued register and a history (linear in the history). */
export function indexCatalog(
  catalog: RegisterCatalog,
  history: readonly ProviderHistory[],
): RegisterIndex {
  const historyByOrdinal = new Map<number, ProviderHistory>();
  for (const h of history) {
    const ordinal = catalog.ordinalOf.get(h.providerId);
    if (ordinal !== undefined) historyByOrdinal.set(ordinal, h);
  }
  return {
    byCompetence: catalog.byCompetence,
    ordinalOf: catalog.ordinalOf,
    historyByOrdinal,
  };
}

/** Builds the {@link RegisterIndex} of a register and a history (linear in both). */
export function indexRegister(
  register: RegisterEntries,
  history: readonly ProviderHistory[],
): RegisterIndex {
  return indexCatalog(catalogRegister(register), history);
}

/** What {@link suggestProviders} reads. */
export interface SuggestionInput {
  readonly mission: Mission;
  /** The territory of the beneficiary structure (through the mission's plan), if known. */
  readonly beneficiaryTerritory: string | null;
  readonly register: readonly {
    readonly id: string;
    readonly provider: Provider;
    readonly archived: boolean;
  }[];
  readonly history: readonly ProviderHistory[];
  /** Providers already solicited for this mission. */
  readonly alreadySolicited: readonly string[];
  /** When given, leave out consultants who declined each of this operator's last N calls. */
  readonly excludeDecliners?: { readonly operatorDeclinedLastN: number };
  /** How many suggestions at most; 4 by default (the guide solicits 2 to 4 consultants). */
  readonly limit?: number;
  /** The register and history indexed once ({@link indexRegister}); built here when absent. */
  readonly index?: RegisterIndex;
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

/** The mission's sector and its bit in {@link SECTOR_BITS} (0 outside the list). */
interface MissionSector {
  readonly sector: string | null;
  readonly bit: number;
}

/** Whether the provider knows the mission's sector: by its bit, or by name outside the list. */
function knowsSector(entry: IndexedProvider, { sector, bit }: MissionSector): boolean {
  if (sector === null) return false;
  return bit !== 0 ? (entry.sectorBits & bit) !== 0 : entry.sectors.includes(sector);
}

/**
 * The score of a consultant for a mission ({@link SUGGESTION_POINTS}), summed in one fixed order
 * so that equal merits give equal scores and the tie-breaks decide.
 */
function scoreOf(
  entry: IndexedProvider,
  sector: MissionSector,
  match: TerritoryMatch,
  history: ProviderHistory | undefined,
): number {
  const points = SUGGESTION_POINTS;
  let score = 0;
  if (knowsSector(entry, sector)) score += points.sector;
  score += points.territory[match];
  if (entry.sheetComplete) score += points.completeSheet;
  const scores = history?.satisfactionScores ?? [];
  if (scores.length > 0) {
    const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
    score += (mean - 3) * points.satisfactionPerPoint;
  }
  const retained = history?.retained ?? 0;
  if (retained > 0) score += Math.min(retained, points.missionsCap) * points.perMission;
  const closedCalls = history ? history.solicited - history.pending : 0;
  if (history !== undefined && closedCalls > 0)
    score += (history.answered / closedCalls) * points.answerRate;
  else score += 0.5 * points.answerRate;
  const current = history?.currentMissions ?? 0;
  if (current > 0) score -= current * points.perCurrentMission;
  return score;
}

/** The French reasons behind a kept suggestion's score, in the order of {@link scoreOf}. */
function reasonsOf(
  entry: IndexedProvider,
  input: SuggestionInput,
  match: TerritoryMatch,
  history: ProviderHistory | undefined,
): string[] {
  const reasons: string[] = [`compétence ${input.mission.requiredCompetence ?? ''}`.trim()];
  const sector = input.mission.sector;
  if (sector !== null && (entry.provider.sectors ?? []).includes(sector))
    reasons.push(`connaît le secteur ${sector}`);
  const territory = territoryReason(match, input.beneficiaryTerritory);
  if (territory !== null) reasons.push(territory);
  const completeness = providerCompleteness(entry.provider);
  reasons.push(
    completeness.sheetComplete
      ? 'fiche complète'
      : `fiche incomplète (${completeness.missing.join(', ')})`,
  );
  const scores = history?.satisfactionScores ?? [];
  if (scores.length > 0) {
    const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
    reasons.push(
      `satisfaction ${DECIMAL.format(mean)}/5 (${plural(scores.length, 'mission évaluée', 'missions évaluées')})`,
    );
  }
  const retained = history?.retained ?? 0;
  reasons.push(
    retained > 0
      ? plural(retained, 'mission confiée', 'missions confiées')
      : 'aucune mission avec cet opérateur',
  );
  const closedCalls = history ? history.solicited - history.pending : 0;
  if (history !== undefined && closedCalls > 0)
    reasons.push(
      history.answered === 0
        ? `aucune proposition en réponse à ${plural(closedCalls, 'sollicitation', 'sollicitations')}`
        : `a répondu par une proposition à ${history.answered} ${history.answered > 1 ? 'sollicitations' : 'sollicitation'} sur ${closedCalls}`,
    );
  const current = history?.currentMissions ?? 0;
  if (current > 0) reasons.push(plural(current, 'mission en cours', 'missions en cours'));
  return reasons;
}

/** A consultant still in the running for a mission. */
interface Ranked {
  readonly entry: IndexedProvider;
  readonly history: ProviderHistory | undefined;
  readonly match: TerritoryMatch;
  readonly score: number;
  readonly currentMissions: number;
}

/**
 * Negative when `a` ranks before `b`: the higher score, then the complete sheet, then the less
 * busy, then the lower ID.
 */
function compareRanked(a: Ranked, b: Ranked): number {
  return (
    b.score - a.score ||
    Number(b.entry.sheetComplete) - Number(a.entry.sheetComplete) ||
    a.currentMissions - b.currentMissions ||
    (a.entry.id < b.entry.id ? -1 : 1)
  );
}

/** Puts `ranked` in its place in `best` (best first), which keeps at most `limit` entries. */
function keepBest(best: Ranked[], ranked: Ranked, limit: number): void {
  let at = best.length;
  while (at > 0 && compareRanked(ranked, best[at - 1] as Ranked) < 0) at -= 1;
  if (at >= limit) return;
  best.splice(at, 0, ranked);
  if (best.length > limit) best.pop();
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
 *
 * Linear in the providers of the mission's competence: one pass keeps the best `limit` of them
 * (no sort of the whole list), and the reasons are written for those only.
 */
export function suggestProviders(input: SuggestionInput): ProviderSuggestion[] {
  const competence = input.mission.requiredCompetence;
  const limit = Math.max(0, input.limit ?? 4);
  if (competence === null || limit === 0) return [];
  const { byCompetence, ordinalOf, historyByOrdinal } =
    input.index ?? indexRegister(input.register, input.history);
  const solicited = new Set<number>();
  for (const id of input.alreadySolicited) {
    const ordinal = ordinalOf.get(id);
    if (ordinal !== undefined) solicited.add(ordinal);
  }
  const declinedLastN = input.excludeDecliners?.operatorDeclinedLastN ?? 0;
  const where = missionTerritoryOf(input.beneficiaryTerritory);
  const missionSector = input.mission.sector;
  const sector: MissionSector = {
    sector: missionSector,
    bit: missionSector === null ? 0 : (SECTOR_BITS.get(missionSector) ?? 0),
  };
  const best: Ranked[] = [];
  for (const entry of byCompetence.get(competence) ?? []) {
    if (solicited.size !== 0 && solicited.has(entry.ordinal)) continue;
    const history = historyByOrdinal.get(entry.ordinal);
    if (declinedLastCalls(history, declinedLastN)) continue;
    const match = territoryMatch(where, entry);
    const score = scoreOf(entry, sector, match, history);
    const worst = best[limit - 1];
    // Most providers rank below the last one kept: they are left without building anything.
    if (worst !== undefined && score < worst.score) continue;
    const ranked: Ranked = {
      entry,
      history,
      match,
      score,
      currentMissions: history?.currentMissions ?? 0,
    };
    if (worst === undefined || compareRanked(ranked, worst) < 0) keepBest(best, ranked, limit);
  }
  return best.map(({ entry, history, match, score }) => ({
    providerId: entry.id,
    score: Math.round(score * 100) / 100,
    reasons: reasonsOf(entry, input, match, history),
  }));
}
