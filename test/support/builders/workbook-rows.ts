import type { RecordKind } from '../../../shared/domain/record-id';
import type { CellValue } from '../../../shared/domain/values/cell-value';
import { ID_COLUMN, RECORD_TABS } from '../../../shared/domain/workbook-model';
import { JOURNAL_TAB } from '../../../shared/domain/sync/plan-sync';
import { OPERATOR_WORKBOOK_LAYOUT, tabLayout } from '../../../sheets/layouts/workbook-layout';

/** The header a record tab has in a freshly made workbook: ID, fields, computed columns. */
export function headerOf(kind: RecordKind): string[] {
  const tab = RECORD_TABS[kind];
  return [
    ID_COLUMN,
    ...Object.values(tab.fields).map((f) => f.label),
    ...tab.computed.map((c) => c.label),
  ];
}

/** The « Journal » tab header of a fresh workbook, from its layout (sheets/layouts). */
export const JOURNAL_HEADER: readonly string[] = (() => {
  const journal = tabLayout(OPERATOR_WORKBOOK_LAYOUT, JOURNAL_TAB);
  if (!journal) throw new Error(`no ${JOURNAL_TAB} tab in the operator workbook layout`);
  return journal.columns.map((c) => c.label);
})();

/** A sheet row as a person would type it, by field key; the ID cell empty unless given. */
export function rowOf<V extends CellValue>(
  kind: RecordKind,
  values: Readonly<Record<string, V>>,
  id: string | null = null,
): (V | string | null)[] {
  const tab = RECORD_TABS[kind];
  return [
    id,
    ...Object.keys(tab.fields).map((key) => values[key] ?? null),
    ...tab.computed.map(() => null),
  ];
}

/** Realistic providers of the regional register, as typed in the « Registre » tab. */
export const PROVIDER_ROWS: Readonly<Record<string, CellValue>>[] = [
  {
    legalName: 'Cabinet Ambroise Conseil',
    siret: '732 829 320 00074',
    legalForm: 'SARL',
    street: '12 rue Nationale',
    postalCode: '59000',
    town: 'Lille',
    contactName: 'Claire Ambroise',
    email: 'claire.ambroise@ambroise-conseil.fr',
    phone: '03 20 12 34 56',
    competences: 'Modèle économique, Gestion financière',
    sectors: 'Culture, Éducation populaire',
    areas: 'Métropole lilloise',
    consultants: 'Claire Ambroise; Hugo Lefebvre',
    referencedOn: '15/01/2024',
  },
  {
    legalName: 'Opale Stratégies',
    siret: '44306184100047',
    legalForm: 'SAS',
    street: '3 quai de la Citadelle',
    postalCode: '59140',
    town: 'Dunkerque',
    contactName: 'Marc Vandewalle',
    email: 'contact@opale-strategies.fr',
    phone: '0328665544',
    competences: 'Fonction employeur et RH',
    sectors: "Insertion par l'activité économique",
    areas: 'Dunkerquois',
    consultants: 'Marc Vandewalle',
    referencedOn: '2024-03-02',
  },
  {
    legalName: 'Coopérative Terrils & Co',
    siret: null,
    legalForm: 'SCOP',
    street: null,
    postalCode: '62300',
    town: 'Lens',
    contactName: 'Nadia Benali',
    email: 'nadia@terrils.coop',
    phone: '+33 3 21 00 11 22',
    competences: 'Gouvernance',
    sectors: 'Sport',
    areas: 'Lens-Liévin',
    consultants: null,
    referencedOn: null,
  },
];
