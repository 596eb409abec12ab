/** Mission contexts at each stage of the builders' calendar, shared by the mission-rules tests. */
import type { Mission } from '../../../../shared/domain/mission';
import type { MissionContext, RuleViolation } from '../../../../shared/domain/rule-violation';
import type { Provider } from '../../../../shared/domain/provider';
import {
  MISSION_STAGES,
  missionAtStage,
  type MissionStage,
} from '../../../support/builders/mission-builder';
import { aCallForProposals } from '../../../support/builders/solicitation-builder';

export const COMPLETE_PROVIDER = {
  id: 'PRE-0012',
  completeness: { sheetComplete: true, missing: [] },
} as const;

/** A sheet of the register with every required field but the SIRET and the street. */
export const INCOMPLETE_PROVIDER_SHEET: Partial<Provider> = {
  legalName: 'Cabinet Horizons Solidaires',
  siret: null,
  legalForm: 'SARL',
  street: null,
  postalCode: '59000',
  town: 'Lille',
  contactName: 'Nadia Lefebvre',
  email: 'contact@horizons-solidaires.fr',
  phone: '03 20 12 34 56',
  competences: ['Modèle économique'],
  sectors: ["Insertion par l'activité économique"],
  areas: ['Métropole lilloise'],
};

export function contextAt(
  stage: MissionStage,
  overrides: Partial<Mission> = {},
  extra: Partial<MissionContext> = {},
): MissionContext {
  return {
    mission: missionAtStage(stage, overrides),
    solicitations: aCallForProposals(stage),
    retainedProvider:
      MISSION_STAGES.indexOf(stage) >= MISSION_STAGES.indexOf('awarded') ? COMPLETE_PROVIDER : null,
    ...extra,
  };
}

/** A closed mission with every milestone, a follow-up diagnostic, a warning followed by a resumed suspension and an authorised extension. */
export const FULL: Partial<Mission> = {
  followUpDiagnosticOn: '2025-11-20',
  warningOn: '2025-04-08',
  warningReason: 'La directrice, interlocutrice de la mission, quitte la structure',
  interruptionKind: 'Suspension',
  interruptionOn: '2025-04-10',
  interruptionReason: 'Départ de la directrice, recrutement en cours',
  interruptionDecisionOn: '2025-04-28',
  scopeExtensionOn: '2025-05-15',
  scopeExtensionBy: 'Claire Dubois, chargée de mission DLA',
  scopeExtensionReason: "Demande de la structure : appui à la préparation de l'assemblée générale",
};
export const fullContext = (
  overrides: Partial<Mission> = {},
  extra: Partial<MissionContext> = {},
): MissionContext => contextAt('closed', { ...FULL, ...overrides }, extra);

export const violation = (
  code: string,
  field: string,
  severity: 'error' | 'warning',
  message: string,
): RuleViolation => ({
  code,
  field,
  severity,
  message,
});
