import type { FieldJson, RecordData } from './stored-record';
import { field } from './field-spec';
import { choiceColumn, dateColumn, referenceColumn, textColumn } from './field-kinds';
import { PROVIDER_FIELDS } from './provider';
import type { RuleViolation } from './rule-violation';

/*
 * Guide, part III « Référencement des prestataires »: « chaque acteur du dispositif (DLA, C2RA,
 * CNAR...) a la possibilité de référencer un prestataire » and « Les DLA et le C2RA du Nord - Pas
 * de Calais sont libres de faire évoluer cette base de données »; the base « est alimentée et
 * gérée par le C2RA ». An operator proposes, the C2RA decides: nothing reaches the register before.
 */

/** The tab of an operator workbook where its chargé(e)s de mission propose to the register. */
export const REGISTER_PROPOSALS_TAB = 'Propositions au registre';

/** What a proposal asks for. */
export const PROPOSAL_NATURES = ['Nouveau prestataire', "Modification d'un prestataire"] as const;

/** A proposal's nature. */
export type ProposalNature = (typeof PROPOSAL_NATURES)[number];

/** The provider fields an operator may propose: the « fiche type prestataire » but the C2RA's date. */
export const PROPOSED_PROVIDER_KEYS = [
  'legalName',
  'siret',
  'legalForm',
  'street',
  'postalCode',
  'town',
  'contactName',
  'email',
  'phone',
  'competences',
  'sectors',
  'areas',
  'consultants',
] as const satisfies readonly (keyof typeof PROVIDER_FIELDS)[];

/** A provider field key an operator may propose. */
export type ProposedProviderKey = (typeof PROPOSED_PROVIDER_KEYS)[number];

// The register's own column requires the name; a modification names only what changes.
const proposedProviderFields = {
  ...Object.fromEntries(PROPOSED_PROVIDER_KEYS.map((key) => [key, PROVIDER_FIELDS[key]])),
  legalName: field({ ...PROVIDER_FIELDS.legalName, required: false }),
} as { readonly [K in ProposedProviderKey]: (typeof PROVIDER_FIELDS)[K] };

/**
 * The columns of a proposal to the register (tab « Propositions au registre » of an operator):
 * its nature, the provider concerned by a modification, the proposed « fiche type » values, the
 * reason, and who proposes when.
 */
export const REGISTER_PROPOSAL_FIELDS = {
  nature: choiceColumn(
    'Nature',
    '« Nouveau prestataire » ou « Modification d’un prestataire » (alors, son ID PRE-…).',
    PROPOSAL_NATURES,
    { required: true },
  ),
  providerId: referenceColumn(
    'Prestataire concerné (ID)',
    'Pour une modification : l’identifiant PRE-… du prestataire, dans l’onglet Prestataires.',
    'provider',
  ),
  ...proposedProviderFields,
  reason: textColumn(
    'Motif de la proposition',
    'Pourquoi référencer ce prestataire ou changer sa fiche (lu par le C2RA).',
    { maxLength: 1000 },
  ),
  proposedBy: textColumn(
    'Proposé par',
    'Nom ou e-mail du ou de la chargé(e) de mission qui propose : avec l’e-mail, l’alerte de la décision du C2RA lui est envoyée.',
  ),
  proposedOn: dateColumn('Proposé le', 'Date de la proposition (jj/mm/aaaa).'),
} as const;

/** The proposed provider values of a proposal, only the filled ones. */
export function proposedValues(data: RecordData): Partial<Record<ProposedProviderKey, FieldJson>> {
  const values: Partial<Record<ProposedProviderKey, FieldJson>> = {};
  for (const key of PROPOSED_PROVIDER_KEYS) {
    const value = data[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    values[key] = value;
  }
  return values;
}

/** The nature of a proposal's data, or null when it is missing or unreadable. */
export function natureOf(data: RecordData): ProposalNature | null {
  const value = data['nature'];
  return PROPOSAL_NATURES.find((n) => n === value) ?? null;
}

/**
 * What keeps a proposal from being decided, in French (empty when it can be): a new provider
 * needs its « Raison sociale » and no provider ID; a modification names an active provider of
 * the register (the reference check refuses any other) and at least one value. Warnings of the « Contrôles » column, never refusals: the
 * operator fills a proposal over time.
 */
export function proposalViolations(data: RecordData): RuleViolation[] {
  const nature = natureOf(data);
  const values = proposedValues(data);
  const violations: RuleViolation[] = [];
  const warn = (code: string, fieldKey: string, message: string) =>
    violations.push({ code, field: fieldKey, message, severity: 'warning' });
  if (nature === 'Nouveau prestataire') {
    if (values.legalName === undefined)
      warn(
        'PROPOSAL_NAME_MISSING',
        'legalName',
        'Nouveau prestataire : indiquez sa raison sociale.',
      );
    if (typeof data['providerId'] === 'string')
      warn(
        'PROPOSAL_NEW_WITH_ID',
        'providerId',
        'Nouveau prestataire : laissez « Prestataire concerné (ID) » vide (il est attribué par le C2RA), ou choisissez « Modification d’un prestataire ».',
      );
  }
  if (nature === "Modification d'un prestataire") {
    const providerId = data['providerId'];
    if (typeof providerId !== 'string')
      warn(
        'PROPOSAL_PROVIDER_MISSING',
        'providerId',
        'Modification : indiquez l’identifiant PRE-… du prestataire concerné.',
      );
    if (Object.keys(values).length === 0)
      warn(
        'PROPOSAL_NOTHING_PROPOSED',
        'nature',
        'Modification : indiquez au moins une valeur à changer dans la fiche.',
      );
  }
  return violations;
}
