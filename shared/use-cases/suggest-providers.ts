import { loadParameters } from './sync-workbook';
import type { OperatorCode } from '../domain/operator';
import { suggestProviders, type ProviderSuggestion } from '../domain/provider-suggestion';
import { formatRecordId, parseRecordId } from '../domain/record-id';
import { RecordWorld, suggestionInputOf } from '../domain/record-world';
import { fail, ok, type Result } from '../domain/result';
import { describeRaw } from '../domain/values/cell-value';
import type { RecordStore } from '../ports/record-store';

/** The ports the suggestion of consultants needs: only the store, it writes nothing. */
export interface SuggestPorts {
  readonly store: RecordStore;
}

/** How many consultants, and whether to leave out those who keep declining. */
export interface SuggestOptions {
  /** How many suggestions at most; 4 by default (the guide solicits 2 to 4 consultants). */
  readonly limit?: number;
  /** Leave out consultants who declined each of this operator's last N calls. */
  readonly excludeDecliners?: number;
}

/** A suggested consultant with what the operator needs to contact it. */
export interface SuggestedProvider extends ProviderSuggestion {
  readonly legalName: string | null;
  readonly email: string | null;
  readonly town: string | null;
}

/** The consultants suggested for one mission, with the mission's facts they were chosen on. */
export interface MissionSuggestions {
  readonly missionId: string;
  readonly owner: OperatorCode;
  readonly title: string | null;
  readonly competence: string;
  /** The territory of the beneficiary structure, when the mission's plan and structure give it. */
  readonly territory: string | null;
  /** Consultants already solicited for this mission (never suggested again). */
  readonly alreadySolicited: readonly string[];
  /** The consultant retained for this mission, if the call is already awarded. */
  readonly retainedProviderId: string | null;
  /** Best first, at most `limit`. */
  readonly suggestions: readonly SuggestedProvider[];
}

/**
 * The consultants of the regional register to solicit for a mission (`dla suggest`), best first
 * with their reasons, computed exactly as the « Prestataires suggérés » column of the Missions
 * tab: from the owning operator's records and the register in the store. Fails with `ID_INVALID`,
 * `NOT_A_MISSION`, `MISSION_UNKNOWN`, `MISSION_ARCHIVED` or `COMPETENCE_MISSING`.
 */
export async function suggestForMission(
  ports: SuggestPorts,
  missionId: string,
  options: SuggestOptions = {},
): Promise<Result<MissionSuggestions>> {
  const parsed = parseRecordId(missionId);
  if (!parsed.ok) return parsed;
  const { kind, operator } = parsed.value;
  if (kind !== 'mission' || operator === null)
    return fail(
      'NOT_A_MISSION',
      `« ${describeRaw(missionId)} » n’est pas une mission : indiquez un identifiant MIS-… (ex. MIS-CBE-LM-0042).`,
    );
  const id = formatRecordId(parsed.value);
  const [state, register, parameters] = await Promise.all([
    ports.store.loadOwner(operator),
    ports.store.loadRegister(),
    loadParameters(ports.store, operator),
  ]);
  const world = new RecordWorld(state.records, register);
  const record = world.get(id);
  if (record === undefined)
    return fail('MISSION_UNKNOWN', `La mission ${id} n’existe pas : vérifiez l’identifiant.`);
  if (record.archived)
    return fail(
      'MISSION_ARCHIVED',
      `La mission ${id} est archivée (sa ligne a été retirée de l’onglet Missions) : restaurez-la pour obtenir des suggestions.`,
    );
  const mission = world.mission(id);
  const competence = mission?.requiredCompetence ?? null;
  if (mission === null || competence === null)
    return fail(
      'COMPETENCE_MISSING',
      `Indiquez la compétence requise de la mission ${id} (onglet Missions) pour obtenir des suggestions.`,
    );
  // Without --exclude-decliners, the operator's « Paramètres » decide, as for the column.
  const input = suggestionInputOf(
    world,
    id,
    mission,
    options.excludeDecliners ?? parameters.declinedCallsToExclude,
  );
  const suggestions = suggestProviders({
    ...input,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  return ok({
    missionId: id,
    owner: operator,
    title: mission.title,
    competence,
    territory: input.beneficiaryTerritory,
    alreadySolicited: input.alreadySolicited,
    retainedProviderId: world.retainedProviderOf(id)?.id ?? null,
    suggestions: suggestions.map((s) => {
      const provider = world.provider(s.providerId)?.provider;
      return {
        ...s,
        legalName: provider?.legalName ?? null,
        email: provider?.email ?? null,
        town: provider?.town ?? null,
      };
    }),
  });
}
