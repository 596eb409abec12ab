import { z } from 'zod';
import { rowSchema } from './field-spec';
import {
  choiceColumn,
  choicesColumn,
  dateColumn,
  emailColumn,
  phoneColumn,
  postalCodeColumn,
  siretColumn,
  textColumn,
} from './field-kinds';
import { COMPETENCES, LEGAL_FORMS, SECTORS, TERRITORIES } from './reference-lists';
import { isInRegion } from './values/postal-code';

/**
 * The columns of the « fiche type prestataire » (tab « Registre » of the C2RA): the regional
 * register of consultants, searchable by competence, sector and geography.
 */
export const PROVIDER_FIELDS = {
  legalName: textColumn('Raison sociale', 'Nom du cabinet ou du consultant.', { required: true }),
  siret: siretColumn('SIRET', 'SIRET du prestataire (14 chiffres) : indispensable au paiement.'),
  legalForm: choiceColumn('Forme juridique', 'Statut juridique du prestataire.', LEGAL_FORMS),
  street: textColumn('Adresse', 'Numéro et rue.'),
  postalCode: postalCodeColumn(
    'Code postal',
    'Code postal (un prestataire peut venir d’une autre région).',
  ),
  town: textColumn('Commune', 'Commune.'),
  contactName: textColumn('Contact', 'Personne à contacter.'),
  email: emailColumn('E-mail', 'E-mail de contact.'),
  phone: phoneColumn('Téléphone', 'Téléphone de contact.'),
  competences: choicesColumn(
    'Compétences',
    'Une ou plusieurs compétences, séparées par des virgules.',
    COMPETENCES,
  ),
  sectors: choicesColumn("Secteurs d'activité", 'Secteurs connus du prestataire.', SECTORS),
  areas: choicesColumn(
    "Territoires d'intervention",
    'Territoires où le prestataire intervient.',
    TERRITORIES,
  ),
  consultants: textColumn(
    'Intervenants',
    'Noms des intervenants, séparés par des points-virgules.',
    { maxLength: 1000 },
  ),
  referencedOn: dateColumn('Référencé le', 'Date de référencement par le C2RA.'),
} as const;

/** Validates a provider row. */
export const providerSchema = rowSchema(PROVIDER_FIELDS);

/** A prestataire of the regional register. */
export type Provider = z.output<typeof providerSchema>;

/**
 * What the guide names on the « fiche type prestataire », which « doit absolument être dûment
 * complétée (adresse, N° de siret, etc.) sans quoi le prestataire ne pourra percevoir le
 * financement de la mission »: the name, the SIRET and the address. Always required for payment.
 */
export const PROVIDER_SHEET_GUIDE_REQUIRED: readonly (keyof Provider)[] = [
  'legalName',
  'siret',
  'street',
  'postalCode',
  'town',
];

/**
 * The operator's checklist, ours (what we read in the guide's « etc. »): shown as missing on the
 * sheet, and blocking payment only when the operator turns it on in Paramètres.
 */
export const PROVIDER_SHEET_CHECKLIST: readonly (keyof Provider)[] = [
  'legalForm',
  'contactName',
  'email',
  'phone',
  'competences',
  'sectors',
  'areas',
];

/** Every field of a complete sheet: the guide's, then the operator's checklist (12 in all). */
export const PROVIDER_SHEET_REQUIRED: readonly (keyof Provider)[] = [
  ...PROVIDER_SHEET_GUIDE_REQUIRED,
  ...PROVIDER_SHEET_CHECKLIST,
];

/** Whether a provider's sheet is complete, and the French labels of what is missing. */
export interface ProviderCompleteness {
  /** Payable: nothing of {@link ProviderCompleteness.missing} is missing. */
  readonly sheetComplete: boolean;
  /** What blocks payment: the guide's fields, plus the checklist when the operator requires it. */
  readonly missing: readonly string[];
  /** The operator's checklist items missing, blocking or not. */
  readonly checklistMissing?: readonly string[];
}

/** How strict the operator is: whether its checklist blocks payment too (off by default). */
export interface CompletenessOptions {
  readonly checklistRequired?: boolean;
}

/** A field of the sheet left empty: no value, or an empty list. */
function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

function missingLabels(provider: Partial<Provider>, keys: readonly (keyof Provider)[]): string[] {
  return keys.filter((key) => isMissing(provider[key])).map((key) => PROVIDER_FIELDS[key].label);
}

/**
 * Whether a provider's sheet holds everything the guide names, without listing what is missing:
 * the same answer as `providerCompleteness(provider).sheetComplete`, for scans of the register.
 */
export function isSheetComplete(provider: Partial<Provider>): boolean {
  return !PROVIDER_SHEET_GUIDE_REQUIRED.some((key) => isMissing(provider[key]));
}

/**
 * Computes the `sheetComplete` flag: a provider whose identification sheet lacks what the guide
 * names (address, SIRET) cannot be paid; nor, when the operator requires it, one whose sheet
 * lacks an item of the operator's checklist.
 */
export function providerCompleteness(
  provider: Partial<Provider>,
  options: CompletenessOptions = {},
): ProviderCompleteness {
  const guideMissing = missingLabels(provider, PROVIDER_SHEET_GUIDE_REQUIRED);
  const checklistMissing = missingLabels(provider, PROVIDER_SHEET_CHECKLIST);
  const missing =
    options.checklistRequired === true ? [...guideMissing, ...checklistMissing] : guideMissing;
  return { sheetComplete: missing.length === 0, missing, checklistMissing };
}

/** French warnings on a valid provider that still deserve a look (never a refusal). */
export function providerWarnings(provider: Partial<Provider>): { code: string; message: string }[] {
  const warnings: { code: string; message: string }[] = [];
  if (provider.postalCode && !isInRegion(provider.postalCode)) {
    warnings.push({
      code: 'PROVIDER_OUT_OF_REGION',
      message: `Code postal ${provider.postalCode} hors Nord – Pas-de-Calais : vérifiez les territoires d'intervention.`,
    });
  }
  return warnings;
}
