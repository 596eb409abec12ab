import { z } from 'zod';
import { rowSchema } from './field-spec';
import {
  choiceColumn,
  dateColumn,
  decimalColumn,
  emailColumn,
  longTextColumn,
  phoneColumn,
  postalCodeColumn,
  siretOrRnaColumn,
  textColumn,
} from './field-kinds';
import { LEGAL_FORMS, SECTORS, TERRITORIES } from './reference-lists';

/**
 * The columns of a structure bénéficiaire (tab « Structures »): an association or social-utility
 * organisation welcomed by the operator. Its contact data and notes are confidential.
 */
export const BENEFICIARY_FIELDS = {
  name: textColumn('Nom de la structure', 'Nom usuel de la structure accompagnée.', {
    required: true,
  }),
  identifier: siretOrRnaColumn(
    'SIRET ou RNA',
    'SIRET (14 chiffres) ou, pour une association non immatriculée, numéro RNA (W suivi de 9 chiffres).',
  ),
  legalForm: choiceColumn('Forme juridique', 'Statut juridique de la structure.', LEGAL_FORMS),
  sector: choiceColumn("Secteur d'activité", "Secteur d'activité principal.", SECTORS),
  territory: choiceColumn(
    'Territoire',
    'Territoire du DLA où la structure agit (sert à proposer des prestataires proches).',
    TERRITORIES,
  ),
  town: textColumn('Commune', 'Commune du siège.'),
  postalCode: postalCodeColumn('Code postal', 'Code postal du siège (5 chiffres).'),
  employeesFte: decimalColumn('Salariés (ETP)', 'Effectif salarié en équivalents temps plein.', {
    min: 0,
    max: 10000,
    maxDecimals: 2,
  }),
  contactName: textColumn('Contact', 'Personne à contacter (confidentiel).', {
    confidential: true,
  }),
  email: emailColumn('E-mail', 'E-mail du contact (confidentiel).', { confidential: true }),
  phone: phoneColumn('Téléphone', 'Téléphone du contact (confidentiel).', { confidential: true }),
  firstWelcomedOn: dateColumn(
    'Premier accueil le',
    'Date du premier accueil par le DLA (jj/mm/aaaa).',
  ),
  notes: longTextColumn(
    'Notes (confidentiel)',
    'Notes du ou de la chargé(e) de mission : ne sortent jamais de l’opérateur.',
  ),
} as const;

/** Validates a beneficiary row. */
export const beneficiarySchema = rowSchema(BENEFICIARY_FIELDS);

/** A structure bénéficiaire. */
export type Beneficiary = z.output<typeof beneficiarySchema>;
