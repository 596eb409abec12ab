import type { Provider } from '../../../shared/domain/provider';

/**
 * A consultant of the regional register with a complete fiche type prestataire: competent in the
 * economic model of structures of the insertion sector, working in the Lille metropolitan area.
 */
export function aProviderSheet(overrides: Partial<Provider> = {}): Provider {
  return {
    legalName: 'Cabinet Escaut Conseil',
    siret: '73282932000074',
    legalForm: 'SARL',
    street: '12 rue Nationale',
    postalCode: '59000',
    town: 'Lille',
    contactName: 'Amandine Lefebvre',
    email: 'contact@escaut-conseil.fr',
    phone: '03 20 12 34 56',
    competences: ['Modèle économique', 'Gouvernance'],
    sectors: ["Insertion par l'activité économique"],
    areas: ['Métropole lilloise'],
    consultants: 'Amandine Lefebvre',
    referencedOn: '2024-11-18',
    ...overrides,
  };
}

/** A register entry (ID, sheet, archived or not), as the suggestion of consultants reads it. */
export function aRegisterEntry(
  id: string,
  overrides: Partial<Provider> = {},
  archived = false,
): { id: string; provider: Provider; archived: boolean } {
  return { id, provider: aProviderSheet(overrides), archived };
}
