import { aProviderSheet } from './provider-builder';
import type { Alert } from '../../../shared/domain/alerts/alert-catalogue';
import type {
  AlertInput,
  MissionEntry,
  ProviderEntry,
  RegisterAlertInput,
  SolicitationEntry,
} from '../../../shared/domain/alerts/alert-inputs';
import type { AlertState } from '../../../shared/domain/alert-lifecycle';
import type { Mission } from '../../../shared/domain/mission';
import { DEFAULT_PARAMETERS } from '../../../shared/domain/operator-parameters';
import type { Provider } from '../../../shared/domain/provider';
import type { Solicitation } from '../../../shared/domain/solicitation';
import type { IsoDate } from '../../../shared/domain/values/french-date';
import { BUILDER_MISSION_ID } from './solicitation-builder';

/** The mission of the builders' calendar (see `missionAtStage`). */
export const MISSION_ID = BUILDER_MISSION_ID;

/** The builders' mission as the alert rules take it. */
export function aMissionEntry(
  mission: Mission,
  overrides: Partial<MissionEntry> = {},
): MissionEntry {
  return { id: MISSION_ID, mission, archived: false, ...overrides };
}

/** The ID of the n-th solicitation (from 1) of the builders' mission: `SOL-CBE-LM-0101`, … */
export function solicitationId(n: number): string {
  return `SOL-CBE-LM-${String(100 + n).padStart(4, '0')}`;
}

/** Solicitations with IDs `SOL-CBE-LM-0101`, `-0102`, … in order. */
export function solicitationEntries(solicitations: readonly Solicitation[]): SolicitationEntry[] {
  return solicitations.map((solicitation, i) => ({
    id: solicitationId(i + 1),
    solicitation,
    archived: false,
  }));
}

/** A complete fiche type prestataire. */
export function aCompleteProviderSheet(overrides: Partial<Provider> = {}): Provider {
  return aProviderSheet({ competences: ['Modèle économique'], ...overrides });
}

/** A provider of the register, last changed on 02/12/2024 unless told. */
export function aProviderEntry(
  id: string,
  sheet: Partial<Provider> = {},
  overrides: Partial<ProviderEntry> = {},
): ProviderEntry {
  return {
    id,
    provider: aCompleteProviderSheet(sheet),
    updatedAt: '2024-12-02T10:30:00.000Z',
    archived: false,
    ...overrides,
  };
}

/** The three consultants of the builders' call (PRE-0012 retained, PRE-0027 declines, PRE-0031 last). */
export const REGISTER: readonly ProviderEntry[] = [
  aProviderEntry('PRE-0012'),
  aProviderEntry('PRE-0027', { legalName: 'Atelier Coopératif Flandre', siret: '41816609600069' }),
  aProviderEntry('PRE-0031', { legalName: 'Horizons Solidaires', siret: '55208131766522' }),
];

/** The input of the operator rules for CBE-LM with the operator default delays (ours, not the guide's). */
export function anAlertInput(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    owner: 'CBE-LM',
    today: '2025-01-01',
    parameters: DEFAULT_PARAMETERS,
    missions: [],
    solicitations: [],
    providers: REGISTER,
    ...overrides,
  };
}

/** The input of the register rules with the operator default delays (ours, not the guide's). */
export function aRegisterAlertInput(
  overrides: Partial<RegisterAlertInput> = {},
): RegisterAlertInput {
  return {
    today: '2025-01-01',
    parameters: DEFAULT_PARAMETERS,
    providers: REGISTER,
    solicitationsByOperator: new Map(),
    ...overrides,
  };
}

/** An alert of a rule on the builders' mission: « à faire » for the chargé de mission unless told. */
export function anAlert(overrides: Partial<Alert> = {}): Alert {
  const rule = overrides.rule ?? 'KICKOFF_MISSING';
  const recordId = overrides.recordId ?? MISSION_ID;
  return {
    key: `${rule}:${recordId}`,
    rule,
    severity: 'à faire',
    recordId,
    message: `Mission ${recordId} « Consolidation du modèle économique » : aucune réunion de lancement.`,
    audience: 'chargé de mission',
    dueOn: '2025-03-20',
    ...overrides,
  };
}

/** An open alert state raised on `firstRaisedOn`, never digested. */
export function anAlertState(
  overrides: Partial<AlertState> & { firstRaisedOn?: IsoDate } = {},
): AlertState {
  const firstRaisedOn = overrides.firstRaisedOn ?? '2025-03-20';
  return {
    ...anAlert(overrides),
    firstRaisedOn,
    lastSeenOn: firstRaisedOn,
    resolvedOn: null,
    followUp: null,
    revision: 1,
    digestedRevision: null,
    ...overrides,
  };
}
