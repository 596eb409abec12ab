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

/** The fields the guide requires on the fiche type prestataire before the mission can be paid. */
export const PROVIDER_SHEET_REQUIRED: readonly (keyof Provider)[] = [
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
];

/** Whether a provider's sheet is complete, and the French labels of what is missing. */
export interface ProviderCompleteness {
  readonly sheetComplete: boolean;
  readonly missing: readonly string[];
}

/**
 * Computes the `sheetComplete` flag of the guide: a provider whose identification sheet lacks
 * any required field (address, SIRET, …) cannot be paid.
 */
export function providerCompleteness(provider: Partial<Provider>): ProviderCompleteness {
  const missing = PROVIDER_SHEET_REQUIRED.filter((key) => {
    const value = provider[key];
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  }).map((key) => PROVIDER_FIELDS[key].label);
  return { sheetComplete: missing.length === 0, missing };
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
