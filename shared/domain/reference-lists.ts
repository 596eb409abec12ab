/**
 * Fields of expertise a DLA accompaniment works on (diagnostic, consultants' skills, missions).
 * No value contains `,` or `;`, which separate the values of a multi-choice cell.
 */
export const COMPETENCES: readonly string[] = [
  'Projet associatif et stratégie',
  'Modèle économique',
  'Fonction employeur et RH',
  'Gouvernance',
  'Gestion financière',
  'Communication',
  'Coopération et mutualisation',
  "Évaluation de l'utilité sociale",
  'Développement commercial',
  'Recherche de financements',
  'Organisation interne',
  'Diagnostic territorial',
  'Gestion de projet',
  'Juridique et fiscalité',
  'Numérique',
  'Qualité',
  'Bénévolat et vie associative',
  "Consolidation de l'emploi",
  "Changement d'échelle et essaimage",
  'Transition écologique',
  'Partenariats et relations avec les collectivités',
  'Immobilier et locaux',
];

/** Sectors of activity of the structures a DLA supports; values never contain `,` nor `;`. */
export const SECTORS: readonly string[] = [
  'Culture',
  'Sport',
  "Insertion par l'activité économique",
  'Services à la personne',
  'Environnement',
  'Éducation populaire',
  'Médico-social',
  'Jeunesse',
  'Tourisme social',
  'Petite enfance',
  'Logement',
  'Solidarité internationale',
  'Commerce équitable',
  'Santé',
  'Agriculture et alimentation',
  'Mobilité',
  'Loisirs',
  'Économie circulaire',
  'Action sociale',
  'Handicap',
  'Formation',
  'Numérique et médias',
  'Autre',
];

/** The Nord's territories as DLA operators name them (employment areas and arrondissements). */
export const NORD_TERRITORIES: readonly string[] = [
  'Métropole lilloise',
  'Roubaix-Tourcoing',
  'Flandre intérieure',
  'Dunkerquois',
  'Douaisis',
  'Valenciennois',
  'Cambrésis',
  'Sambre-Avesnois',
];

/** The Pas-de-Calais's territories as DLA operators name them. */
export const PAS_DE_CALAIS_TERRITORIES: readonly string[] = [
  'Lens-Liévin',
  'Hénin-Carvin',
  'Béthune-Bruay',
  'Arrageois',
  'Ternois',
  'Audomarois',
  'Calaisis',
  'Boulonnais',
  'Montreuillois',
];

/** The territory covering the whole Nord. */
export const NORD_WIDE = 'Nord (59) — tout le département';
/** The territory covering the whole Pas-de-Calais. */
export const PAS_DE_CALAIS_WIDE = 'Pas-de-Calais (62) — tout le département';
/** The territory covering the whole region. */
export const WHOLE_REGION = 'Région entière';
/** Outside the region. */
export const OUT_OF_REGION = 'Hors région';

/**
 * Territories of the Nord and the Pas-de-Calais as DLA operators name them (employment areas
 * and arrondissements), plus department-wide, regional and out-of-region scopes.
 */
export const TERRITORIES: readonly string[] = [
  ...NORD_TERRITORIES,
  ...PAS_DE_CALAIS_TERRITORIES,
  NORD_WIDE,
  PAS_DE_CALAIS_WIDE,
  WHOLE_REGION,
  OUT_OF_REGION,
];

/**
 * The whole-département territory a territory belongs to (a département-wide one belongs to
 * itself); null for the whole region, outside it, or an unknown name.
 */
export function territoryDepartment(territory: string): string | null {
  if (territory === NORD_WIDE || NORD_TERRITORIES.includes(territory)) return NORD_WIDE;
  if (territory === PAS_DE_CALAIS_WIDE || PAS_DE_CALAIS_TERRITORIES.includes(territory))
    return PAS_DE_CALAIS_WIDE;
  return null;
}

/** Legal forms of the structures a DLA supports (social and solidarity economy first). */
export const LEGAL_FORMS: readonly string[] = [
  'Association loi 1901',
  'Association intermédiaire',
  'Fondation',
  'SCOP',
  'SCIC',
  'Coopérative',
  'Mutuelle',
  'SARL',
  'SAS',
  'SA',
  'EURL',
  'Entreprise individuelle',
  'Micro-entreprise',
  "Groupement d'employeurs",
  'GIE',
  "Entreprise d'insertion",
  "Chantier d'insertion (ACI)",
  'Collectivité',
  'Établissement public',
  'Autre',
];
