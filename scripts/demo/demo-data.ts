/**
 * The deterministic demo data set of `dla init --demo` and of the benchmarks: a regional
 * register of consultants and, for each of the six DLA operators, structures, accompaniment
 * plans, missions at every stage of the guide's lifecycle and their solicitations.
 *
 * Rows are written the way a chargé de mission types them in a French spreadsheet (dates
 * `jj/mm/aaaa`, amounts « 6 000,00 € », multi-choices « A, B », « Oui » / « Non ») and carry no
 * ID: the sync engine allocates IDs in row order, starting at 1 per owner and kind, so every
 * reference uses the ID the row it points to will receive (`formatRecordId`).
 */
import { PLAN_FIELDS } from '../../shared/domain/accompaniment-plan';
import { BENEFICIARY_FIELDS } from '../../shared/domain/beneficiary';
import type { AnyFieldSpec } from '../../shared/domain/field-spec';
import { FINAL_REPORT_CONTENTS } from '../../shared/domain/final-report';
import { SURVEY_DIMENSIONS } from '../../shared/domain/satisfaction-survey';
import { MISSION_FIELDS } from '../../shared/domain/mission';
import type { MissionStatus } from '../../shared/domain/mission-lifecycle';
import { OPERATOR_CODES, type OperatorCode } from '../../shared/domain/operator';
import { PROVIDER_FIELDS } from '../../shared/domain/provider';
import { formatRecordId } from '../../shared/domain/record-id';
import { PROPOSAL_CONTENTS, SOLICITATION_FIELDS } from '../../shared/domain/solicitation';
import type { CellValue } from '../../shared/domain/values/cell-value';
import {
  addDays,
  formatFrenchDate,
  isIsoDate,
  type IsoDate,
} from '../../shared/domain/values/french-date';

/** One row of a record tab, keyed by the entity's field keys, as a person types it. */
export type DemoRow = Record<string, CellValue>;

/** The four record tabs of one operator's workbook, in row order. */
export interface OperatorDemoData {
  readonly beneficiaries: DemoRow[];
  readonly plans: DemoRow[];
  readonly missions: DemoRow[];
  readonly solicitations: DemoRow[];
}

/** The whole demo data set: the C2RA register and the tabs of the six operators. */
export interface DemoData {
  readonly register: DemoRow[];
  readonly operators: Record<OperatorCode, OperatorDemoData>;
}

/** How to generate the data set. */
export interface DemoOptions {
  /** Seed of the pseudo-random generator: the same seed always gives the same rows. */
  readonly seed: number;
  /** 1 for the demo size; 10 gives ten times as many rows of each kind (benchmarks). */
  readonly scale: number;
  /** The day the data set is seen from: missions are spread over the three years before it. */
  readonly today: IsoDate;
}

/** Rows of each kind at scale 1: per region for providers, per operator for the others. */
export const DEMO_BASE_COUNTS = {
  providers: 60,
  beneficiaries: 12,
  plans: 10,
  missions: 15,
} as const;

/**
 * The mulberry32 pseudo-random generator: a 32-bit state, uniform floats in [0, 1). Small,
 * fast and good enough for demo data; never used for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws from a seeded generator: integers, picks, samples, weighted choices. */
class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included; `min` when max < min. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    const value = list[Math.floor(this.next() * list.length)];
    if (value === undefined) throw new RangeError('Cannot pick from an empty list.');
    return value;
  }

  /** `count` distinct elements of a list (all of them, shuffled, when it is shorter). */
  sample<T>(list: readonly T[], count: number): T[] {
    const copy = [...list];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i += 1) {
      const j = this.int(i, copy.length - 1);
      const a = copy[i];
      const b = copy[j];
      if (a === undefined || b === undefined) break;
      copy[i] = b;
      copy[j] = a;
    }
    return copy.slice(0, n);
  }

  /** A value drawn with the given relative weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('Cannot draw from no entries.');
    return last[0];
  }
}

/** What every step of the generation shares: the draws, and the dates seen from today. */
interface Context {
  readonly rng: Random;
  /** The date `offset` days after today (before it when negative), written jj/mm/aaaa. */
  readonly day: (offset: number) => string;
}

/** A context whose French dates are computed once per distinct day. */
function createContext(seed: number, today: IsoDate): Context {
  const cache = new Map<number, string>();
  return {
    rng: new Random(seed),
    day: (offset) => {
      let text = cache.get(offset);
      if (text === undefined) {
        text = formatFrenchDate(addDays(today, offset));
        cache.set(offset, text);
      }
      return text;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reference data (French)
// ---------------------------------------------------------------------------------------------

interface Town {
  readonly name: string;
  readonly postalCode: string;
  readonly territory: string;
  /** The landline prefix of the town, e.g. « 03 20 ». */
  readonly phonePrefix: string;
}

const TOWNS: readonly Town[] = [
  { name: 'Lille', postalCode: '59000', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  { name: 'Lille', postalCode: '59800', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  { name: 'Lomme', postalCode: '59160', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  {
    name: "Villeneuve-d'Ascq",
    postalCode: '59650',
    territory: 'Métropole lilloise',
    phonePrefix: '03 20',
  },
  { name: 'Loos', postalCode: '59120', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  {
    name: 'Armentières',
    postalCode: '59280',
    territory: 'Métropole lilloise',
    phonePrefix: '03 20',
  },
  { name: 'Seclin', postalCode: '59113', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  {
    name: 'Mons-en-Barœul',
    postalCode: '59370',
    territory: 'Métropole lilloise',
    phonePrefix: '03 20',
  },
  { name: 'Roubaix', postalCode: '59100', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Tourcoing', postalCode: '59200', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Wattrelos', postalCode: '59150', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Croix', postalCode: '59170', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Hem', postalCode: '59510', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Dunkerque', postalCode: '59140', territory: 'Dunkerquois', phonePrefix: '03 28' },
  { name: 'Grande-Synthe', postalCode: '59760', territory: 'Dunkerquois', phonePrefix: '03 28' },
  {
    name: 'Coudekerque-Branche',
    postalCode: '59210',
    territory: 'Dunkerquois',
    phonePrefix: '03 28',
  },
  { name: 'Gravelines', postalCode: '59820', territory: 'Dunkerquois', phonePrefix: '03 28' },
  {
    name: 'Hazebrouck',
    postalCode: '59190',
    territory: 'Flandre intérieure',
    phonePrefix: '03 28',
  },
  { name: 'Bailleul', postalCode: '59270', territory: 'Flandre intérieure', phonePrefix: '03 28' },
  { name: 'Cassel', postalCode: '59670', territory: 'Flandre intérieure', phonePrefix: '03 28' },
  { name: 'Valenciennes', postalCode: '59300', territory: 'Valenciennois', phonePrefix: '03 27' },
  { name: 'Denain', postalCode: '59220', territory: 'Valenciennois', phonePrefix: '03 27' },
  { name: 'Anzin', postalCode: '59410', territory: 'Valenciennois', phonePrefix: '03 27' },
  {
    name: 'Saint-Amand-les-Eaux',
    postalCode: '59230',
    territory: 'Valenciennois',
    phonePrefix: '03 27',
  },
  { name: 'Raismes', postalCode: '59590', territory: 'Valenciennois', phonePrefix: '03 27' },
  { name: 'Douai', postalCode: '59500', territory: 'Douaisis', phonePrefix: '03 27' },
  { name: 'Sin-le-Noble', postalCode: '59450', territory: 'Douaisis', phonePrefix: '03 27' },
  { name: 'Cambrai', postalCode: '59400', territory: 'Cambrésis', phonePrefix: '03 27' },
  { name: 'Caudry', postalCode: '59540', territory: 'Cambrésis', phonePrefix: '03 27' },
  { name: 'Maubeuge', postalCode: '59600', territory: 'Sambre-Avesnois', phonePrefix: '03 27' },
  {
    name: 'Avesnes-sur-Helpe',
    postalCode: '59440',
    territory: 'Sambre-Avesnois',
    phonePrefix: '03 27',
  },
  { name: 'Lens', postalCode: '62300', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Liévin', postalCode: '62800', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Avion', postalCode: '62210', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Bully-les-Mines', postalCode: '62160', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Hénin-Beaumont', postalCode: '62110', territory: 'Hénin-Carvin', phonePrefix: '03 21' },
  { name: 'Carvin', postalCode: '62220', territory: 'Hénin-Carvin', phonePrefix: '03 21' },
  { name: 'Courrières', postalCode: '62710', territory: 'Hénin-Carvin', phonePrefix: '03 21' },
  { name: 'Arras', postalCode: '62000', territory: 'Arrageois', phonePrefix: '03 21' },
  { name: 'Béthune', postalCode: '62400', territory: 'Béthune-Bruay', phonePrefix: '03 21' },
  {
    name: 'Bruay-la-Buissière',
    postalCode: '62700',
    territory: 'Béthune-Bruay',
    phonePrefix: '03 21',
  },
  { name: 'Saint-Omer', postalCode: '62500', territory: 'Audomarois', phonePrefix: '03 21' },
  { name: 'Calais', postalCode: '62100', territory: 'Calaisis', phonePrefix: '03 21' },
  { name: 'Marck', postalCode: '62730', territory: 'Calaisis', phonePrefix: '03 21' },
  { name: 'Guînes', postalCode: '62340', territory: 'Calaisis', phonePrefix: '03 21' },
  { name: 'Boulogne-sur-Mer', postalCode: '62200', territory: 'Boulonnais', phonePrefix: '03 21' },
  { name: 'Outreau', postalCode: '62230', territory: 'Boulonnais', phonePrefix: '03 21' },
  { name: 'Le Portel', postalCode: '62480', territory: 'Boulonnais', phonePrefix: '03 21' },
  { name: 'Berck', postalCode: '62600', territory: 'Montreuillois', phonePrefix: '03 21' },
];

/** Consultants from outside the region: a few come from Paris or Amiens. */
const OUT_OF_REGION_TOWNS: readonly Town[] = [
  { name: 'Paris', postalCode: '75011', territory: 'Hors région', phonePrefix: '01 43' },
  { name: 'Paris', postalCode: '75010', territory: 'Hors région', phonePrefix: '01 42' },
  { name: 'Amiens', postalCode: '80000', territory: 'Hors région', phonePrefix: '03 22' },
];

/** Where each operator's structures are: the territories of its employment areas. */
const OPERATOR_TERRITORIES: Readonly<Record<OperatorCode, readonly string[]>> = {
  'CBE-LM': ['Métropole lilloise', 'Roubaix-Tourcoing'],
  'EE-DK': ['Dunkerquois', 'Flandre intérieure'],
  'NA-DEN': ['Valenciennois'],
  'NA-LIL': ['Métropole lilloise'],
  'I62-LEN': ['Lens-Liévin', 'Hénin-Carvin'],
  'I62-CAL': ['Calaisis', 'Boulonnais'],
};

const TOWNS_BY_TERRITORY: ReadonlyMap<string, readonly Town[]> = (() => {
  const map = new Map<string, Town[]>();
  for (const town of TOWNS) map.set(town.territory, [...(map.get(town.territory) ?? []), town]);
  return map;
})();

function townsOf(territory: string): readonly Town[] {
  const towns = TOWNS_BY_TERRITORY.get(territory);
  if (towns === undefined || towns.length === 0) throw new RangeError(`No town for ${territory}.`);
  return towns;
}

const FIRST_NAMES: readonly string[] = [
  'Marie',
  'Nadia',
  'Julien',
  'Sophie',
  'Karim',
  'Camille',
  'Thomas',
  'Élodie',
  'Mathieu',
  'Céline',
  'Nicolas',
  'Aurélie',
  'Samir',
  'Isabelle',
  'Olivier',
  'Laurence',
  'Hélène',
  'François',
  'Fatima',
  'Benoît',
  'Virginie',
  'Stéphane',
  'Claire',
  'Jérôme',
  'Amandine',
  'Rachid',
  'Anne',
  'Grégory',
  'Delphine',
  'Pierre',
  'Émilie',
  'Sébastien',
  'Manon',
  'Yannick',
  'Agnès',
  'Bruno',
  'Léa',
  'Hugo',
  'Sandrine',
  'Frédéric',
];

const LAST_NAMES: readonly string[] = [
  'Delattre',
  'Lefebvre',
  'Dubois',
  'Vandenbussche',
  'Deconinck',
  'Wattel',
  'Lemaire',
  'Duhamel',
  'Caron',
  'Deleplanque',
  'Vasseur',
  'Leclercq',
  'Delcourt',
  'Hennebelle',
  'Dhainaut',
  'Desmet',
  'Vanhoutte',
  'Lagache',
  'Bouchez',
  'Dumortier',
  'Lecomte',
  'Maes',
  'Verbeke',
  'Degrave',
  'Lefranc',
  'Petit',
  'Carpentier',
  'Descamps',
  'Benali',
  'Kaczmarek',
  'Nowak',
  'Ambroise',
  'Martin',
  'Coppin',
  'Flament',
  'Leroy',
  'Boulanger',
  'Hamdi',
  'Wauquier',
  'Pruvost',
];

const STREETS: readonly string[] = [
  'rue Nationale',
  'rue Faidherbe',
  'boulevard de la Liberté',
  'rue Jean Jaurès',
  'avenue du Peuple Belge',
  'rue Gambetta',
  'place du Général de Gaulle',
  'rue de Paris',
  'rue Pasteur',
  'rue Victor Hugo',
  'rue du Molinel',
  'rue Solférino',
  'rue Émile Zola',
  'rue Roger Salengro',
  'avenue de la République',
  'rue Jules Guesde',
  'rue Arthur Lamendin',
  'boulevard Émile Basly',
  'rue du Grand Rabot',
  'quai de la Citadelle',
  'rue des Postes',
  'rue Royale',
  'rue de la Clef',
  'boulevard Carnot',
];

const PROVIDER_PREFIXES: readonly string[] = [
  'Cabinet',
  'Atelier',
  'Agence',
  'Bureau',
  'Collectif',
  'Coopérative',
  'Groupe',
];

const PROVIDER_CORES: readonly string[] = [
  'Vauban',
  'Escaut',
  'Deûle',
  'Lys',
  'Opale',
  'Beffroi',
  'Terrils',
  'Scarpe',
  'Sambre',
  'Marque',
  'Canche',
  'Authie',
  'Flandres',
  'Hainaut',
  'Artois',
  'Gohelle',
  'Ostrevent',
  'Pévèle',
  'Mélantois',
  'Weppes',
  'Houtland',
  'Avesnois',
  'Trajectoires',
  'Kairos',
  'Synergies',
  'Passerelles',
  'Horizons',
  'Sillages',
  'Ricochets',
  'Boussole',
  'Archipel',
  'Alliages',
  'Ancrages',
  'Oxalis',
  'Pollen',
];

const PROVIDER_SUFFIXES: readonly string[] = [
  'Conseil',
  'Consultants',
  'Développement',
  'Accompagnement',
  'Stratégies',
  'Ingénierie',
  'Solidaire',
  'Initiatives',
  'ESS',
  '& Territoires',
];

/** The competences missions ask for, with titles a chargé de mission would write. */
const MISSION_TITLES: Readonly<Record<string, readonly string[]>> = {
  'Projet associatif et stratégie': [
    'Refonte du projet associatif',
    "Élaboration d'un plan stratégique à trois ans",
  ],
  'Modèle économique': [
    'Consolidation du modèle économique',
    'Diversification des ressources et du modèle économique',
  ],
  'Fonction employeur et RH': [
    'Structuration de la fonction employeur',
    'Entretiens professionnels et gestion prévisionnelle des emplois',
  ],
  Gouvernance: [
    'Clarification de la gouvernance et des rôles bénévoles / salariés',
    "Renouvellement du conseil d'administration",
  ],
  'Gestion financière': [
    'Outils de gestion financière et plan de trésorerie',
    'Comptabilité analytique et suivi budgétaire',
  ],
  Communication: ['Plan de communication et identité visuelle'],
  'Coopération et mutualisation': [
    "Étude de faisabilité d'une mutualisation de postes",
    'Rapprochement entre deux associations du territoire',
  ],
  "Évaluation de l'utilité sociale": ["Évaluation de l'utilité sociale des actions"],
  'Développement commercial': ['Stratégie de développement commercial des prestations'],
  'Recherche de financements': ['Stratégie de recherche de financements privés et de mécénat'],
  'Organisation interne': ["Réorganisation interne et circulation de l'information"],
  'Juridique et fiscalité': ['Sécurisation juridique et fiscalité des activités lucratives'],
  Numérique: ['Transition numérique des outils de gestion'],
  "Changement d'échelle et essaimage": ["Étude d'opportunité d'un essaimage"],
  'Immobilier et locaux': ['Projet immobilier : étude de relocalisation des activités'],
};

const MISSION_COMPETENCES: readonly string[] = Object.keys(MISSION_TITLES);

/** A kind of structure: how its name is built, its sector, legal form and size. */
interface StructureKind {
  readonly pattern: string;
  readonly sector: string;
  readonly legalForm: string;
  readonly maxFte: number;
}

const STRUCTURE_KINDS: readonly StructureKind[] = [
  {
    pattern: 'Centre social {name}',
    sector: 'Action sociale',
    legalForm: 'Association loi 1901',
    maxFte: 25,
  },
  {
    pattern: 'Maison de quartier {name}',
    sector: 'Éducation populaire',
    legalForm: 'Association loi 1901',
    maxFte: 12,
  },
  {
    pattern: 'Les Jardins {name}',
    sector: "Insertion par l'activité économique",
    legalForm: "Chantier d'insertion (ACI)",
    maxFte: 30,
  },
  {
    pattern: 'Ressourcerie {name}',
    sector: 'Économie circulaire',
    legalForm: 'Association loi 1901',
    maxFte: 18,
  },
  {
    pattern: 'Épicerie solidaire {name}',
    sector: 'Action sociale',
    legalForm: 'Association loi 1901',
    maxFte: 6,
  },
  { pattern: 'Compagnie {name}', sector: 'Culture', legalForm: 'Association loi 1901', maxFte: 5 },
  {
    pattern: 'Football Club de {town}',
    sector: 'Sport',
    legalForm: 'Association loi 1901',
    maxFte: 4,
  },
  { pattern: 'Judo Club {town}', sector: 'Sport', legalForm: 'Association loi 1901', maxFte: 3 },
  {
    pattern: 'Atelier vélo {name}',
    sector: 'Mobilité',
    legalForm: 'Association loi 1901',
    maxFte: 6,
  },
  {
    pattern: 'Régie de quartier de {town}',
    sector: "Insertion par l'activité économique",
    legalForm: 'Association loi 1901',
    maxFte: 40,
  },
  {
    pattern: 'Crèche parentale {name}',
    sector: 'Petite enfance',
    legalForm: 'Association loi 1901',
    maxFte: 10,
  },
  {
    pattern: 'Harmonie municipale de {town}',
    sector: 'Culture',
    legalForm: 'Association loi 1901',
    maxFte: 2,
  },
  {
    pattern: 'Amicale laïque de {town}',
    sector: 'Éducation populaire',
    legalForm: 'Association loi 1901',
    maxFte: 4,
  },
  { pattern: 'Ludothèque {name}', sector: 'Loisirs', legalForm: 'Association loi 1901', maxFte: 4 },
  {
    pattern: 'Radio {name}',
    sector: 'Numérique et médias',
    legalForm: 'Association loi 1901',
    maxFte: 5,
  },
  {
    pattern: 'Aide à domicile {name}',
    sector: 'Services à la personne',
    legalForm: 'Association loi 1901',
    maxFte: 45,
  },
  {
    pattern: 'Coopérative {name}',
    sector: 'Agriculture et alimentation',
    legalForm: 'SCIC',
    maxFte: 12,
  },
  {
    pattern: 'Association intermédiaire {name}',
    sector: "Insertion par l'activité économique",
    legalForm: 'Association intermédiaire',
    maxFte: 20,
  },
  {
    pattern: 'Groupement des employeurs {name}',
    sector: 'Sport',
    legalForm: "Groupement d'employeurs",
    maxFte: 15,
  },
  {
    pattern: 'Accueil de jour {name}',
    sector: 'Handicap',
    legalForm: 'Association loi 1901',
    maxFte: 20,
  },
];

const STRUCTURE_NAMES: readonly string[] = [
  'du Beffroi',
  'des Trois Ponts',
  'de la Deûle',
  'du Vieux Moulin',
  'des Hauts Champs',
  "de l'Épeule",
  'du Faubourg',
  'Arc-en-Ciel',
  "Trait d'Union",
  'La Passerelle',
  "L'Escale",
  'Les Coquelicots',
  'La Fabrique',
  'Le Relais',
  'Le Phare',
  'Les Tisserands',
  'La Brouette',
  'Les Terrils',
  'du Marais',
  'La Ruche',
  'Les Goélands',
  'du Littoral',
  'Les Lucioles',
  'Le Grand Large',
  'La Clé des Champs',
  'Solidarité Nord',
  'Cité Bleue',
  'Les Petits Pas',
  'La Courte Échelle',
  'Le Chevalet',
];

const NOTES: readonly string[] = [
  'Baisse des subventions municipales depuis deux ans : trésorerie tendue.',
  'Départ à la retraite de la directrice prévu dans l’année.',
  'Conseil d’administration renouvelé, nouveau président très impliqué.',
  'Deux contrats aidés arrivent à échéance : risque sur les emplois.',
  'Projet de déménagement dans des locaux plus grands.',
  'Orientée par la Région après un premier contact au forum ESS.',
];

const DIAGNOSTIC_SUMMARIES: readonly string[] = [
  'Activité solide mais dépendance forte aux financements publics ; fonction employeur peu structurée.',
  'Projet associatif à réactualiser ; bénévoles fatigués, gouvernance concentrée sur le président.',
  'Résultat déficitaire deux années de suite ; pas d’outil de suivi de la trésorerie.',
  'Croissance rapide des effectifs sans organisation interne adaptée.',
  'Bonne utilité sociale, mal valorisée auprès des financeurs.',
];

const INTERRUPTION_REASONS: Readonly<Record<'Suspension' | 'Réorientation' | 'Arrêt', string[]>> = {
  Suspension: [
    'Départ du directeur : la structure demande une pause le temps du recrutement.',
    'Arrêt maladie de la coordinatrice, interlocutrice unique de la mission.',
  ],
  Réorientation: [
    'Urgence de trésorerie révélée par le diagnostic : mission recentrée sur le plan de trésorerie.',
    'Le conseil d’administration préfère traiter la gouvernance avant le modèle économique.',
  ],
  Arrêt: [
    'Liquidation judiciaire prononcée : la mission ne peut pas se poursuivre.',
    'Désaccord persistant du bureau sur la démarche : arrêt décidé avec la structure.',
  ],
};

/** What a consultant reports when they warn the DLA (guide, part III), one per DLA decision. */
const WARNING_REASONS: Readonly<Record<'Suspension' | 'Réorientation' | 'Arrêt', string>> = {
  Suspension: 'L’interlocutrice de la mission est absente pour plusieurs semaines.',
  Réorientation: 'Le besoin réel est ailleurs : une réorientation de l’étude paraît nécessaire.',
  Arrêt: 'Contraintes externes : l’action devient inefficiente (procédure collective engagée).',
};

const SCOPE_EXTENSION_REASONS: readonly string[] = [
  'Demande motivée du bureau : appui à la rédaction du dossier de subvention FSE.',
  'Demande de la présidente : une séance supplémentaire avec le conseil d’administration.',
];

const PLAN_NON_ENGINEERING_ACTIONS: readonly string[] = [
  'Ressources du territoire',
  'Expertise interne du DLA',
  'Actions de la structure elle-même',
];

// ---------------------------------------------------------------------------------------------
// Value writers: how a person types things in a French spreadsheet
// ---------------------------------------------------------------------------------------------

function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    // The check digit will take position 0 from the right: the payload's last digit is doubled.
    let digit = Number(payload.charAt(payload.length - 1 - i));
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

function randomDigits(rng: Random, count: number): string {
  let digits = '';
  for (let i = 0; i < count; i += 1) digits += String(rng.int(0, 9));
  return digits;
}

/** A SIRET with valid checksums: SIREN (8 digits + Luhn) then NIC (4 digits + Luhn over 14). */
function newSiret(rng: Random, used: Set<string>): string {
  for (;;) {
    const sirenBody = `${rng.int(3, 8)}${randomDigits(rng, 7)}`;
    const siren = `${sirenBody}${luhnCheckDigit(sirenBody)}`;
    const nicBody = `000${rng.int(1, 9)}`;
    const payload = `${siren}${nicBody}`;
    const siret = `${payload}${luhnCheckDigit(payload)}`;
    if (!used.has(siret)) {
      used.add(siret);
      return siret;
    }
  }
}

/** A SIRET as typed: plain digits or grouped « 732 829 320 00074 ». */
function typedSiret(rng: Random, siret: string): string {
  return rng.chance(0.3)
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** An amount in whole euros as typed: « 6 000,00 € », « 6 000 € », « 6000 » or a number. */
function typedAmount(rng: Random, euros: number): CellValue {
  return rng.weighted<CellValue>([
    [`${groupThousands(euros)},00 €`, 5],
    [`${groupThousands(euros)} €`, 2],
    [String(euros), 1],
    [euros, 2],
  ]);
}

/** A decimal as typed: an integer stays a number, a half is written « 7,5 ». */
function typedDecimal(value: number): CellValue {
  return Number.isInteger(value) ? value : String(value).replace('.', ',');
}

function withoutAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * A domain-safe slug: lowercase ASCII letters and digits joined by hyphens, without the town a
 * homonym carries in brackets, cut at a word boundary.
 */
function slug(s: string, maxLength = 30): string {
  const full = withoutAccents(s.replace(/\s*\(.*\)$/, ''))
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= maxLength) return full;
  const cut = full.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : full.slice(0, maxLength)).replace(/-+$/g, '');
}

function emailOf(first: string, last: string, domain: string): string {
  return `${slug(first)}.${slug(last)}@${domain}`;
}

function phoneOf(rng: Random, prefix: string): string {
  const start = rng.chance(0.25) ? rng.pick(['06', '07']) : prefix;
  const rest = [rng.int(10, 99), rng.int(10, 99), rng.int(10, 99)].map(String).join(' ');
  const phone = `${start.length === 2 ? `${start} ${rng.int(10, 99)}` : start} ${rest}`;
  return rng.chance(0.15) ? phone.replace(/ /g, '') : phone;
}

function personName(rng: Random): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** A name not used yet: the candidate, else the candidate with its town, else numbered. */
function uniqueName(candidate: string, town: string, used: Set<string>): string {
  let name = candidate;
  if (used.has(name)) name = `${candidate} (${town})`;
  for (let n = 2; used.has(name); n += 1) name = `${candidate} ${n}`;
  used.add(name);
  return name;
}

/** A row with every field key of the tab: blank cells are null, as a sheet reads them. */
function rowOf<F extends Readonly<Record<string, AnyFieldSpec>>>(
  fields: F,
  values: Partial<Record<keyof F & string, CellValue>>,
): DemoRow {
  const row: DemoRow = {};
  for (const key of Object.keys(fields) as (keyof F & string)[]) row[key] = values[key] ?? null;
  return row;
}

function countFor(base: number, scale: number): number {
  return Math.max(1, Math.round(base * scale));
}

// ---------------------------------------------------------------------------------------------
// Register of providers
// ---------------------------------------------------------------------------------------------

interface ProviderDraft {
  /** Position in the register, 1-based: the provider's ID is PRE-000k. */
  sequence: number;
  readonly complete: boolean;
  readonly competences: readonly string[];
  readonly referencedOn: number;
  readonly row: Partial<Record<keyof typeof PROVIDER_FIELDS, CellValue>>;
}

interface Register {
  readonly providers: readonly ProviderDraft[];
  readonly byCompetence: ReadonlyMap<string, readonly ProviderDraft[]>;
  readonly completeByCompetence: ReadonlyMap<string, readonly ProviderDraft[]>;
  readonly complete: readonly ProviderDraft[];
}

function providerIdentity(rng: Random, used: Set<string>, town: Town) {
  const style = rng.weighted<'firm' | 'surname' | 'person' | 'association'>([
    ['firm', 6],
    ['surname', 2],
    ['person', 2],
    ['association', 1],
  ]);
  const contact = personName(rng);
  switch (style) {
    case 'firm': {
      const prefix = rng.pick(PROVIDER_PREFIXES);
      const name = `${rng.chance(0.5) ? `${prefix} ` : ''}${rng.pick(PROVIDER_CORES)} ${rng.pick(PROVIDER_SUFFIXES)}`;
      const legalForm =
        prefix === 'Coopérative' || prefix === 'Collectif'
          ? rng.pick(['SCOP', 'SCIC'])
          : rng.pick(['SARL', 'SAS', 'SARL', 'EURL']);
      return { name: uniqueName(name, town.name, used), legalForm, contact };
    }
    case 'surname': {
      const last = rng.pick(LAST_NAMES);
      const name = rng.pick([`Cabinet ${last} Conseil`, `${last} & Associés`, `${last} Conseil`]);
      return { name: uniqueName(name, town.name, used), legalForm: 'SARL', contact };
    }
    case 'person': {
      const name = `${contact.first} ${contact.last} Consultant${rng.chance(0.5) ? 's' : ''}`;
      const legalForm = rng.pick(['Entreprise individuelle', 'Micro-entreprise', 'EURL']);
      return { name: uniqueName(name, town.name, used), legalForm, contact };
    }
    case 'association': {
      const name = `${rng.pick(['Réseau', 'Collectif', 'Pôle'])} ${rng.pick(PROVIDER_CORES)} Ressources`;
      return {
        name: uniqueName(name, town.name, used),
        legalForm: 'Association loi 1901',
        contact,
      };
    }
  }
}

function providerAreas(rng: Random, town: Town): string[] {
  if (town.territory === 'Hors région') return rng.pick([['Région entière'], ['Hors région']]);
  const areas = new Set<string>([town.territory]);
  // Consultants also work in neighbouring territories of the same département.
  const department = town.postalCode.slice(0, 2);
  const nearby = TOWNS.filter((t) => t.postalCode.startsWith(department));
  const extra = rng.int(0, 2);
  for (let i = 0; i < extra; i += 1) areas.add(rng.pick(nearby).territory);
  if (rng.chance(0.2)) {
    areas.add(
      town.postalCode.startsWith('59')
        ? 'Nord (59) — tout le département'
        : 'Pas-de-Calais (62) — tout le département',
    );
  }
  if (rng.chance(0.1)) areas.add('Région entière');
  return [...areas];
}

function generateRegister(rng: Random, count: number, usedSirets: Set<string>): Register {
  const usedNames = new Set<string>();
  const incompleteCount = Math.round(count * 0.15);
  const incomplete = new Set(
    rng.sample(
      Array.from({ length: count }, (_, i) => i),
      incompleteCount,
    ),
  );
  const drafts: ProviderDraft[] = [];
  for (let i = 0; i < count; i += 1) {
    const town = rng.chance(0.08) ? rng.pick(OUT_OF_REGION_TOWNS) : rng.pick(TOWNS);
    const { name, legalForm, contact } = providerIdentity(rng, usedNames, town);
    // Round-robin on the competences missions ask for, so that every one has consultants.
    const primary = MISSION_COMPETENCES[i % MISSION_COMPETENCES.length] ?? 'Modèle économique';
    const competences = [...new Set([primary, ...rng.sample(MISSION_COMPETENCES, rng.int(1, 3))])];
    const sectors = rng.sample(
      STRUCTURE_KINDS.map((k) => k.sector),
      rng.int(1, 3),
    );
    const domain = `${slug(name)}.fr`;
    const colleagues = Array.from({ length: rng.int(0, 2) }, () => {
      const p = personName(rng);
      return `${p.first} ${p.last}`;
    });
    const row: ProviderDraft['row'] = {
      legalName: name,
      siret: typedSiret(rng, newSiret(rng, usedSirets)),
      legalForm,
      street: `${rng.int(1, 180)}${rng.chance(0.1) ? ' bis' : ''} ${rng.pick(STREETS)}`,
      postalCode: rng.chance(0.1) ? Number(town.postalCode) : town.postalCode,
      town: town.name,
      contactName: `${contact.first} ${contact.last}`,
      email: rng.chance(0.7) ? emailOf(contact.first, contact.last, domain) : `contact@${domain}`,
      phone: phoneOf(rng, town.phonePrefix),
      competences: competences.join(', '),
      sectors: [...new Set(sectors)].join(', '),
      areas: providerAreas(rng, town).join(', '),
      consultants: [`${contact.first} ${contact.last}`, ...colleagues].join('; '),
    };
    const isIncomplete = incomplete.has(i);
    if (isIncomplete) {
      const gap = rng.weighted<'siret' | 'street' | 'address'>([
        ['siret', 5],
        ['street', 3],
        ['address', 2],
      ]);
      if (gap === 'siret') row.siret = null;
      if (gap === 'street') row.street = null;
      if (gap === 'address') {
        row.street = null;
        row.postalCode = null;
        row.town = null;
      }
    }
    drafts.push({
      sequence: 0,
      complete: !isIncomplete,
      competences,
      referencedOn: -rng.int(3 * 365 + 30, 9 * 365),
      row,
    });
  }
  // The C2RA referenced them over the years: the register is in that order.
  drafts.sort((a, b) => a.referencedOn - b.referencedOn);
  drafts.forEach((d, index) => {
    d.sequence = index + 1;
  });
  const byCompetence = new Map<string, ProviderDraft[]>();
  const completeByCompetence = new Map<string, ProviderDraft[]>();
  const add = (map: Map<string, ProviderDraft[]>, key: string, d: ProviderDraft) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [d]);
    else list.push(d);
  };
  for (const d of drafts) {
    for (const c of d.competences) {
      add(byCompetence, c, d);
      if (d.complete) add(completeByCompetence, c, d);
    }
  }
  return {
    providers: drafts,
    byCompetence,
    completeByCompetence,
    complete: drafts.filter((d) => d.complete),
  };
}

// ---------------------------------------------------------------------------------------------
// Missions: the lifecycle laid out on a calendar
// ---------------------------------------------------------------------------------------------

/** The dated milestones of a mission, as day offsets. */
type MilestoneKey =
  | 'termsSentOn'
  | 'replyDeadline'
  | 'awardedOn'
  | 'agreementSignedOn'
  | 'kickoffOn'
  | 'plannedEndOn'
  | 'midNoteReceivedOn'
  | 'restitutionOn'
  | 'finalReportReceivedOn'
  | 'balancePaidOn'
  | 'surveySentOn'
  | 'surveyAnsweredOn'
  | 'closedOn'
  | 'followUpDiagnosticOn';

type Chain = Record<MilestoneKey, number>;

/** The stages of the guide in order; interruptions are laid out apart. */
const STAGE_ORDER: readonly MissionStatus[] = [
  'draft',
  'callOpen',
  'proposalsUnderReview',
  'awarded',
  'agreementSigned',
  'inProgress',
  'midNoteReceived',
  'restituted',
  'balancePaid',
  'evaluated',
  'closed',
];

/** The stage from which each milestone is filled in. */
const MILESTONE_STAGE: Readonly<Record<MilestoneKey, MissionStatus>> = {
  termsSentOn: 'callOpen',
  replyDeadline: 'callOpen',
  awardedOn: 'awarded',
  agreementSignedOn: 'agreementSigned',
  plannedEndOn: 'agreementSigned',
  kickoffOn: 'inProgress',
  midNoteReceivedOn: 'midNoteReceived',
  restitutionOn: 'restituted',
  finalReportReceivedOn: 'restituted',
  surveySentOn: 'restituted',
  balancePaidOn: 'balancePaid',
  surveyAnsweredOn: 'evaluated',
  closedOn: 'closed',
  followUpDiagnosticOn: 'evaluated',
};

/** Dates that are plans, kept even when later than today. */
const PLANNED_MILESTONES: ReadonlySet<MilestoneKey> = new Set(['replyDeadline', 'plannedEndOn']);

const THREE_YEARS = 3 * 365;

/** The whole calendar of a mission, in days after the terms of reference were sent. */
function drawChain(rng: Random): Chain {
  const replyDeadline = rng.int(21, 35);
  const awardedOn = replyDeadline + rng.int(5, 20);
  const agreementSignedOn = awardedOn + rng.int(7, 30);
  const kickoffOn = agreementSignedOn + rng.int(5, 25);
  const plannedEndOn = kickoffOn + rng.int(60, 180);
  const midNoteReceivedOn = Math.max(
    kickoffOn + 1,
    kickoffOn + Math.floor((plannedEndOn - kickoffOn) / 2) + rng.int(-10, 10),
  );
  const restitutionOn = Math.max(midNoteReceivedOn + 10, plannedEndOn + rng.int(-15, 20));
  const finalReportReceivedOn = restitutionOn + rng.int(0, 20);
  const balancePaidOn = finalReportReceivedOn + rng.int(10, 45);
  const surveySentOn = restitutionOn + rng.int(7, 30);
  const surveyAnsweredOn = surveySentOn + rng.int(5, 40);
  const closedOn = Math.max(balancePaidOn, surveyAnsweredOn) + rng.int(10, 60);
  const followUpDiagnosticOn = restitutionOn + rng.int(180, 365);
  return {
    termsSentOn: 0,
    replyDeadline,
    awardedOn,
    agreementSignedOn,
    kickoffOn,
    plannedEndOn,
    midNoteReceivedOn,
    restitutionOn,
    finalReportReceivedOn,
    balancePaidOn,
    surveySentOn,
    surveyAnsweredOn,
    closedOn,
    followUpDiagnosticOn,
  };
}

/** The milestone that brings a mission to a stage (draft and call stages handled apart). */
const STAGE_MILESTONE: Partial<Record<MissionStatus, MilestoneKey>> = {
  awarded: 'awardedOn',
  agreementSigned: 'agreementSignedOn',
  inProgress: 'kickoffOn',
  midNoteReceived: 'midNoteReceivedOn',
  restituted: 'restitutionOn',
  balancePaid: 'balancePaidOn',
  evaluated: 'surveyAnsweredOn',
  closed: 'closedOn',
};

/** The milestones whose date, once reached, moves the mission to a later stage. */
const LATER_STAGE_MILESTONES: Readonly<Record<MissionStatus, readonly MilestoneKey[]>> = {
  draft: [],
  callOpen: ['replyDeadline'],
  proposalsUnderReview: ['awardedOn'],
  awarded: ['agreementSignedOn'],
  agreementSigned: ['kickoffOn'],
  inProgress: ['midNoteReceivedOn'],
  midNoteReceived: ['restitutionOn'],
  restituted: ['balancePaidOn', 'surveyAnsweredOn', 'closedOn'],
  balancePaid: ['surveyAnsweredOn', 'closedOn'],
  evaluated: ['closedOn'],
  closed: [],
  suspended: [],
  reoriented: [],
  stopped: [],
};

interface Interruption {
  readonly kind: 'Suspension' | 'Réorientation' | 'Arrêt';
  /** The consultant's warning, a few days before the DLA's decision. */
  readonly warnedOn: number;
  readonly on: number;
  readonly reason: string;
  readonly decisionOn: number | null;
}

interface ScopeExtension {
  readonly on: number;
  readonly by: string;
  readonly reason: string;
}

interface MissionDraft {
  sequence: number;
  readonly stage: MissionStatus;
  readonly engineeringType: 'Individuelle' | 'Collective';
  readonly competence: string;
  readonly title: string;
  readonly budgetEuros: number;
  readonly estimatedDays: number;
  /** Milestone dates in days relative to today (negative: past); absent when not filled in. */
  readonly dates: Partial<Record<MilestoneKey, number>>;
  /** When the mission was written: its terms of reference, or a recent day for a draft. */
  readonly refDay: number;
  readonly interruption: Interruption | null;
  readonly scopeExtension: ScopeExtension | null;
  readonly satisfaction: number | null;
  readonly solicitations: SolicitationDraft[];
  plan: PlanDraft | null;
  /** A collective mission: the plans of the other structures it serves. */
  otherPlans?: readonly PlanDraft[];
}

/** One block of the lifecycle: every status once, closed twice; repeated per scale. */
const STAGE_BLOCK: readonly {
  stage: MissionStatus;
  scopeExtension?: true;
  resumedSuspension?: true;
  lowSatisfaction?: true;
}[] = [
  { stage: 'draft' },
  { stage: 'callOpen' },
  { stage: 'proposalsUnderReview' },
  { stage: 'awarded' },
  { stage: 'agreementSigned' },
  { stage: 'inProgress' },
  { stage: 'midNoteReceived', scopeExtension: true },
  { stage: 'restituted' },
  { stage: 'balancePaid' },
  { stage: 'evaluated' },
  { stage: 'closed', lowSatisfaction: true },
  { stage: 'closed', resumedSuspension: true },
  { stage: 'suspended' },
  { stage: 'reoriented' },
  { stage: 'stopped' },
];

function stageRank(stage: MissionStatus): number {
  return STAGE_ORDER.indexOf(stage);
}

/** Days since the terms were sent, chosen so that today falls within the stage. */
function daysSinceTerms(rng: Random, stage: MissionStatus, chain: Chain, interruptionAt: number) {
  switch (stage) {
    case 'callOpen':
      return rng.int(0, Math.min(chain.replyDeadline - 1, 20));
    case 'proposalsUnderReview':
      return rng.int(chain.replyDeadline + 1, chain.awardedOn - 1);
    case 'suspended':
    case 'reoriented':
      return rng.int(interruptionAt, interruptionAt + 60);
    case 'stopped':
      return rng.int(interruptionAt, Math.max(interruptionAt, THREE_YEARS));
    case 'closed':
      return rng.int(chain.closedOn, Math.max(chain.closedOn, THREE_YEARS));
    default: {
      const milestone = STAGE_MILESTONE[stage];
      if (milestone === undefined) return 0;
      const lo = chain[milestone];
      const later = LATER_STAGE_MILESTONES[stage].map((k) => chain[k]).filter((d) => d > lo);
      const hi = later.length > 0 ? Math.min(...later) - 1 : lo + 120;
      return rng.int(lo, Math.min(hi, lo + 240));
    }
  }
}

function generateMission(
  rng: Random,
  stage: MissionStatus,
  flags: { scopeExtension?: true; resumedSuspension?: true; lowSatisfaction?: true },
  officers: readonly string[],
): MissionDraft {
  const engineeringType = rng.chance(0.85) ? 'Individuelle' : 'Collective';
  const competence = rng.pick(MISSION_COMPETENCES);
  const baseTitle = rng.pick(MISSION_TITLES[competence] ?? [competence]);
  const title =
    engineeringType === 'Collective' ? `Accompagnement collectif — ${baseTitle}` : baseTitle;
  const budgetEuros =
    engineeringType === 'Collective' ? rng.int(12, 30) * 500 : rng.int(5, 20) * 500;
  const estimatedDays = Math.max(2, Math.round((budgetEuros / rng.int(550, 850)) * 2) / 2);
  const solicitations: SolicitationDraft[] = [];
  if (stage === 'draft') {
    return {
      sequence: 0,
      stage,
      engineeringType,
      competence,
      title,
      budgetEuros,
      estimatedDays,
      dates: {},
      refDay: -rng.int(0, 30),
      interruption: null,
      scopeExtension: null,
      satisfaction: null,
      solicitations,
      plan: null,
    };
  }
  const chain = drawChain(rng);
  const interrupted = stage === 'suspended' || stage === 'reoriented' || stage === 'stopped';
  const interruptionAt = interrupted
    ? chain.kickoffOn + rng.int(5, Math.max(5, chain.plannedEndOn - chain.kickoffOn - 5))
    : 0;
  const offset = daysSinceTerms(rng, stage, chain, interruptionAt);
  // Interrupted missions went as far as the kickoff, and the mid-note when it came before.
  const reachedStage: MissionStatus = interrupted
    ? chain.midNoteReceivedOn <= interruptionAt
      ? 'midNoteReceived'
      : 'inProgress'
    : stage;
  const dates: Partial<Record<MilestoneKey, number>> = {};
  for (const key of Object.keys(chain) as MilestoneKey[]) {
    const day = chain[key] - offset;
    if (stageRank(MILESTONE_STAGE[key]) > stageRank(reachedStage)) continue;
    if (day > 0 && !PLANNED_MILESTONES.has(key)) continue;
    dates[key] = day;
  }
  const termsDay = -offset;
  let interruption: Interruption | null = null;
  if (interrupted) {
    const kind =
      stage === 'stopped' ? 'Arrêt' : stage === 'suspended' ? 'Suspension' : 'Réorientation';
    interruption = {
      kind,
      warnedOn: interruptionAt - offset - rng.int(1, 4),
      on: interruptionAt - offset,
      reason: rng.pick(INTERRUPTION_REASONS[kind]),
      decisionOn: null,
    };
  } else if (flags.resumedSuspension) {
    const kickoff = chain.kickoffOn;
    const on = kickoff + rng.int(5, Math.max(5, Math.floor((chain.restitutionOn - kickoff) / 2)));
    interruption = {
      kind: 'Suspension',
      warnedOn: on - offset - rng.int(1, 4),
      on: on - offset,
      reason: rng.pick(INTERRUPTION_REASONS.Suspension),
      decisionOn: on + rng.int(7, 20) - offset,
    };
  }
  let scopeExtension: ScopeExtension | null = null;
  const kickoffDay = dates.kickoffOn;
  if (flags.scopeExtension && kickoffDay !== undefined) {
    scopeExtension = {
      on: rng.int(kickoffDay + 1, 0),
      by: rng.pick(officers),
      reason: rng.pick(SCOPE_EXTENSION_REASONS),
    };
  }
  const satisfaction =
    dates.surveyAnsweredOn === undefined
      ? null
      : flags.lowSatisfaction
        ? rng.int(1, 2)
        : rng.weighted([
            [1, 1],
            [2, 2],
            [3, 4],
            [4, 8],
            [5, 6],
          ]);
  return {
    sequence: 0,
    stage,
    engineeringType,
    competence,
    title,
    budgetEuros,
    estimatedDays,
    dates,
    refDay: termsDay,
    interruption,
    scopeExtension,
    satisfaction,
    solicitations,
    plan: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Solicitations
// ---------------------------------------------------------------------------------------------

type Answer = 'En attente' | 'Décliné' | 'Proposition reçue' | 'Hors délai';

interface SolicitationDraft {
  readonly provider: ProviderDraft;
  readonly row: Partial<Record<keyof typeof SOLICITATION_FIELDS, CellValue>>;
}

const SCORE_KEYS = [
  ['understandingByOfficer', 'understandingByBeneficiary'],
  ['resultsByOfficer', 'resultsByBeneficiary'],
  ['methodologyByOfficer', 'methodologyByBeneficiary'],
  ['profileByOfficer', 'profileByBeneficiary'],
  ['durationByOfficer', 'durationByBeneficiary'],
] as const;

function scoreOf(rng: Random, quality: number): CellValue {
  const value = Math.min(5, Math.max(0, Math.round((quality + rng.float() * 2 - 1) * 2) / 2));
  return typedDecimal(value);
}

/** Picks the consultants solicited: the retained one first (complete sheet when it is paid). */
function pickProviders(
  rng: Random,
  register: Register,
  competence: string,
  count: number,
  retainedMustBeComplete: boolean,
): ProviderDraft[] {
  const competent = register.byCompetence.get(competence) ?? register.providers;
  const completeCompetent = register.completeByCompetence.get(competence) ?? [];
  const first = retainedMustBeComplete
    ? rng.pick(completeCompetent.length > 0 ? completeCompetent : register.complete)
    : rng.pick(competent);
  const chosen = new Set<ProviderDraft>([first]);
  const pool = competent.length >= count ? competent : register.providers;
  for (const p of rng.sample(pool, count + 1)) {
    if (chosen.size >= count) break;
    chosen.add(p);
  }
  return [...chosen];
}

function generateSolicitations(ctx: Context, mission: MissionDraft, register: Register): void {
  const { rng, day } = ctx;
  const { dates } = mission;
  const terms = dates.termsSentOn;
  const deadline = dates.replyDeadline;
  if (terms === undefined || deadline === undefined) return;
  const awarded = dates.awardedOn;
  const decided = awarded !== undefined;
  const open = deadline >= 0 && !decided;
  const count = rng.weighted([
    [2, 1],
    [3, 2],
    [4, 1],
  ]);
  const providers = pickProviders(
    rng,
    register,
    mission.competence,
    count,
    dates.balancePaidOn !== undefined,
  );
  // The retained proposal (index 0) is the best one; the others are drawn lower.
  const answers: Answer[] = providers.map((_, i) => {
    if (i === 0 && !open) return 'Proposition reçue';
    return open
      ? rng.weighted<Answer>([
          ['Décliné', 2],
          ['Proposition reçue', 3],
          ['En attente', 5],
        ])
      : rng.weighted<Answer>([
          ['Décliné', 4],
          ['Proposition reçue', 13],
          ['Hors délai', 2],
          ['En attente', 1],
        ]);
  });
  if (open && !answers.includes('En attente')) answers[answers.length - 1] = 'En attente';
  const order = rng.sample(
    providers.map((_, i) => i),
    providers.length,
  );
  for (const i of order) {
    const provider = providers[i];
    if (provider === undefined) continue;
    const solicitedOn = terms + Math.min(rng.int(0, 2), -terms);
    let answer = answers[i] ?? 'En attente';
    let answeredOn: number | null = null;
    if (answer === 'Décliné') answeredOn = solicitedOn + rng.int(1, 3);
    if (answer === 'Proposition reçue') answeredOn = rng.int(solicitedOn + 3, deadline);
    if (answer === 'Hors délai') {
      const latest = Math.min(awarded ?? 0, 0);
      answeredOn = deadline + rng.int(1, Math.max(1, Math.min(4, latest - deadline)));
    }
    if (answeredOn !== null && answeredOn > 0) {
      // Not yet arrived today: still pending.
      answer = 'En attente';
      answeredOn = null;
    }
    const row: SolicitationDraft['row'] = {
      solicitedOn: day(solicitedOn),
      answer,
      answeredOn: answeredOn === null ? null : day(answeredOn),
    };
    const hasProposal = answer === 'Proposition reçue' || answer === 'Hors délai';
    if (hasProposal) {
      const factor = i === 0 && decided ? 0.7 + rng.float() * 0.4 : 0.62 + rng.float() * 0.76;
      const price = Math.round((mission.budgetEuros * factor) / 50) * 50;
      row.priceCents = typedAmount(rng, price);
      row.proposedDays = typedDecimal(
        Math.max(1, Math.round(mission.estimatedDays * (0.7 + rng.float() * 0.6) * 2) / 2),
      );
      const contents = rng.chance(0.7)
        ? [...PROPOSAL_CONTENTS]
        : PROPOSAL_CONTENTS.filter(() => rng.chance(0.85));
      row.contents = contents.join(', ');
    }
    const late = answer === 'Hors délai';
    const admitted = late && rng.chance(0.4);
    if (late) row.lateAdmitted = admitted ? 'Oui' : 'Non';
    const scored = (answer === 'Proposition reçue' || admitted) && !open;
    if (scored) {
      const quality = i === 0 ? 3.6 + rng.float() * 1.2 : 1.5 + rng.float() * 2;
      const bySb = decided || rng.chance(0.5);
      for (const [officer, beneficiary] of SCORE_KEYS) {
        row[officer] = scoreOf(rng, quality);
        if (bySb) row[beneficiary] = scoreOf(rng, quality);
      }
    }
    if (decided && awarded !== undefined) {
      if (i === 0) row.decision = 'Retenu';
      else if (hasProposal) {
        row.decision = 'Non retenu';
        if (rng.chance(0.85)) row.notifiedOn = day(awarded + rng.int(0, Math.min(10, -awarded)));
        const requested = rng.float();
        if (requested < 0.2) row.reasonRequested = 'Oui';
        else if (requested < 0.5) row.reasonRequested = 'Non';
      }
    }
    mission.solicitations.push({ provider, row });
  }
}

// ---------------------------------------------------------------------------------------------
// Plans and structures
// ---------------------------------------------------------------------------------------------

interface PlanDraft {
  sequence: number;
  readonly missions: MissionDraft[];
  diagnosticDay: number;
  beneficiary: BeneficiaryDraft | null;
}

interface BeneficiaryDraft {
  sequence: number;
  readonly kind: StructureKind;
  readonly town: Town;
  readonly name: string;
  readonly plans: PlanDraft[];
  welcomedDay: number;
}

function generateBeneficiary(
  rng: Random,
  territories: readonly string[],
  usedNames: Set<string>,
): BeneficiaryDraft {
  const kind = rng.pick(STRUCTURE_KINDS);
  const town = rng.pick(townsOf(rng.pick(territories)));
  const candidate = kind.pattern
    .replace('{name}', rng.pick(STRUCTURE_NAMES))
    .replace('{town}', town.name);
  return {
    sequence: 0,
    kind,
    town,
    name: uniqueName(candidate, town.name, usedNames),
    plans: [],
    welcomedDay: 0,
  };
}

function beneficiaryRow(ctx: Context, b: BeneficiaryDraft, usedSirets: Set<string>): DemoRow {
  const { rng, day } = ctx;
  const contact = personName(rng);
  const identifier = rng.weighted<'siret' | 'rna' | 'none'>([
    ['siret', 6],
    ['rna', 3],
    ['none', 1],
  ]);
  const department = b.town.postalCode.slice(0, 2);
  const fte = Math.round(rng.float() * b.kind.maxFte * 2) / 2;
  const domain = rng.chance(0.5) ? `${slug(b.name, 25)}.org` : rng.pick(['orange.fr', 'free.fr']);
  const email =
    domain.endsWith('.org') && rng.chance(0.5)
      ? `contact@${domain}`
      : emailOf(contact.first, contact.last, domain);
  return rowOf(BENEFICIARY_FIELDS, {
    name: b.name,
    identifier:
      identifier === 'siret'
        ? typedSiret(rng, newSiret(rng, usedSirets))
        : identifier === 'rna'
          ? `W${department}${randomDigits(rng, 7)}`
          : null,
    legalForm: b.kind.legalForm,
    sector: b.kind.sector,
    territory: b.town.territory,
    town: b.town.name,
    postalCode: b.town.postalCode,
    employeesFte: typedDecimal(fte),
    contactName: `${contact.first} ${contact.last}`,
    email,
    phone: phoneOf(rng, b.town.phonePrefix),
    firstWelcomedOn: day(b.welcomedDay),
    notes: rng.chance(0.4) ? rng.pick(NOTES) : null,
  });
}

function planStatus(rng: Random, plan: PlanDraft): string {
  if (plan.missions.length === 0) return rng.chance(0.7) ? 'En préparation' : 'En cours';
  const stages = plan.missions.map((m) => m.stage);
  if (stages.every((s) => s === 'stopped')) return 'Abandonné';
  if (stages.every((s) => s === 'closed' || s === 'stopped')) return 'Terminé';
  return 'En cours';
}

function planRow(ctx: Context, operator: OperatorCode, plan: PlanDraft): DemoRow {
  const { rng, day } = ctx;
  const beneficiary = plan.beneficiary;
  if (beneficiary === null) throw new Error('Plan without a structure.');
  const issues = new Set(plan.missions.map((m) => m.competence));
  if (issues.size === 0 || rng.chance(0.4)) issues.add(rng.pick(MISSION_COMPETENCES));
  const actions = new Set<string>();
  for (const m of plan.missions) {
    actions.add(
      m.engineeringType === 'Collective' ? 'Ingénierie collective' : 'Ingénierie individuelle',
    );
  }
  for (const a of rng.sample(PLAN_NON_ENGINEERING_ACTIONS, rng.int(1, 2))) actions.add(a);
  const ends = plan.missions.map((m) => m.dates.plannedEndOn ?? m.refDay + 180);
  const plannedEnd = Math.max(plan.diagnosticDay + 180, ...ends) + rng.int(30, 120);
  const followUps = plan.missions
    .map((m) => m.dates.followUpDiagnosticOn)
    .filter((d): d is number => d !== undefined);
  const status = planStatus(rng, plan);
  return rowOf(PLAN_FIELDS, {
    beneficiaryId: formatRecordId({
      kind: 'beneficiary',
      operator,
      sequence: beneficiary.sequence,
    }),
    diagnosticOn: day(plan.diagnosticDay),
    issues: [...issues].join(', '),
    actions: [...actions].join(', '),
    status,
    plannedEndOn: day(plannedEnd),
    followUpDiagnosticOn:
      status === 'Terminé' && followUps.length > 0 ? day(Math.max(...followUps)) : null,
    diagnosticSummary: rng.chance(0.8) ? rng.pick(DIAGNOSTIC_SUMMARIES) : null,
  });
}

/**
 * The survey of an evaluated mission: the six dimensions of the guide around its satisfaction
 * (a low one has one dimension at 1), and for some missions the former single score, kept as
 * « note globale ».
 */
function surveyCells(rng: Random, m: MissionDraft): Record<string, number | null> {
  const cells: Record<string, number | null> = { satisfactionScore: null };
  for (const { key } of SURVEY_DIMENSIONS) cells[key] = null;
  if (m.satisfaction === null) return cells;
  const base = m.satisfaction;
  if (rng.chance(0.3)) cells['satisfactionScore'] = base;
  SURVEY_DIMENSIONS.forEach(({ key }, index) => {
    const low = base <= 2 && index === 2;
    cells[key] = low ? 1 : Math.min(5, Math.max(1, base + rng.int(-1, 1)));
  });
  return cells;
}

/**
 * The funders of an awarded mission (guide, part III: DDTEFP, Caisse des Dépôts, Conseil
 * Régional, the Conseil Général of the operator's département; a partner now and then), its
 * agreed price, and the advance and balance paid once the provider's sheet is complete.
 */
function fundingCells(
  rng: Random,
  operator: OperatorCode,
  m: MissionDraft,
): Record<string, CellValue> {
  const cells: Record<string, CellValue> = {
    funding: null,
    agreedPriceCents: null,
    advanceCents: null,
    advancePaidOn: null,
    balanceCents: null,
  };
  if (m.dates.awardedOn === undefined) return cells;
  const price = Math.round((m.budgetEuros * 0.9) / 50) * 50;
  const department = operator.startsWith('I62')
    ? 'Conseil Général du Pas-de-Calais'
    : 'Conseil Général du Nord';
  const shares: [string, number][] = [
    ['DDTEFP', 0.4],
    ['Caisse des Dépôts', 0.3],
    ['Conseil Régional', 0.2],
    [department, 0.1],
  ];
  const partner = m.engineeringType === 'Collective' || rng.chance(0.15);
  const lines = shares.map(([funder, share]) => {
    const euros = Math.round(price * share * (partner ? 0.8 : 1));
    return `${funder} : ${groupThousands(euros)}`;
  });
  if (partner)
    lines.push(`Partenaire Fondation de France : ${groupThousands(Math.round(price * 0.2))}`);
  cells['funding'] = lines.join(' ; ');
  cells['agreedPriceCents'] = typedAmount(rng, price);
  const retained = m.solicitations.find((d) => d.row.decision === 'Retenu');
  const kickoff = m.dates.kickoffOn;
  if (retained?.provider.complete === true && kickoff !== undefined) {
    const advance = Math.round(price * 0.3);
    cells['advanceCents'] = typedAmount(rng, advance);
    cells['advancePaidOn'] = kickoff;
    if (m.dates.balancePaidOn !== undefined)
      cells['balanceCents'] = typedAmount(rng, price - advance);
  }
  return cells;
}

function missionRow(ctx: Context, operator: OperatorCode, m: MissionDraft): DemoRow {
  const { rng, day } = ctx;
  const plan = m.plan;
  if (plan === null) throw new Error('Mission without a plan.');
  const cell = (key: MilestoneKey): string | null => {
    const offset = m.dates[key];
    return offset === undefined ? null : day(offset);
  };
  const sector = plan.beneficiary?.kind.sector ?? null;
  return rowOf(MISSION_FIELDS, {
    planId: formatRecordId({ kind: 'plan', operator, sequence: plan.sequence }),
    engineeringType: m.engineeringType,
    otherPlanIds:
      m.otherPlans === undefined || m.otherPlans.length === 0
        ? null
        : m.otherPlans
            .map((p) => formatRecordId({ kind: 'plan', operator, sequence: p.sequence }))
            .join(', '),
    title: m.title,
    requiredCompetence: m.competence,
    sector,
    budgetCeilingCents: typedAmount(rng, m.budgetEuros),
    // Collective missions weigh the methodology more, in their own « Pondération de la mission ».
    scoringWeights: m.engineeringType === 'Collective' ? '25 / 15 / 30 / 15 / 0 / 15' : null,
    estimatedDays: typedDecimal(m.estimatedDays),
    termsSentOn: cell('termsSentOn'),
    replyDeadline: cell('replyDeadline'),
    awardedOn: cell('awardedOn'),
    agreementSignedOn: cell('agreementSignedOn'),
    kickoffOn: cell('kickoffOn'),
    plannedEndOn: cell('plannedEndOn'),
    midNoteReceivedOn: cell('midNoteReceivedOn'),
    restitutionOn: cell('restitutionOn'),
    finalReportReceivedOn: cell('finalReportReceivedOn'),
    // A restituted mission shows the checklist half done, its balance blocked (guide, part III).
    finalReportContents:
      m.dates.finalReportReceivedOn === undefined
        ? null
        : (m.stage === 'restituted'
            ? FINAL_REPORT_CONTENTS.slice(0, 5)
            : FINAL_REPORT_CONTENTS
          ).join(', '),
    recommendationsDueOn:
      m.dates.finalReportReceivedOn === undefined || m.dates.restitutionOn === undefined
        ? null
        : day(m.dates.restitutionOn + 180),
    ...(() => {
      const funding = fundingCells(rng, operator, m);
      const paidOn = funding['advancePaidOn'];
      return { ...funding, advancePaidOn: typeof paidOn === 'number' ? day(paidOn) : null };
    })(),
    balancePaidOn: cell('balancePaidOn'),
    surveySentOn: cell('surveySentOn'),
    surveyAnsweredOn: cell('surveyAnsweredOn'),
    ...surveyCells(rng, m),
    closedOn: cell('closedOn'),
    followUpDiagnosticOn: cell('followUpDiagnosticOn'),
    warningOn: m.interruption === null ? null : day(m.interruption.warnedOn),
    warningReason: m.interruption === null ? null : WARNING_REASONS[m.interruption.kind],
    interruptionKind: m.interruption?.kind ?? null,
    interruptionOn: m.interruption === null ? null : day(m.interruption.on),
    interruptionReason: m.interruption?.reason ?? null,
    interruptionDecisionOn:
      m.interruption === null || m.interruption.decisionOn === null
        ? null
        : day(m.interruption.decisionOn),
    scopeExtensionOn: m.scopeExtension === null ? null : day(m.scopeExtension.on),
    scopeExtensionBy: m.scopeExtension?.by ?? null,
    scopeExtensionReason: m.scopeExtension?.reason ?? null,
  });
}

function generateOperator(
  ctx: Context,
  code: OperatorCode,
  scale: number,
  register: Register,
  usedSirets: Set<string>,
): OperatorDemoData {
  const { rng } = ctx;
  const officers = Array.from({ length: 3 }, () => {
    const p = personName(rng);
    return `${p.first} ${p.last}`;
  });
  // Missions, at every stage of the lifecycle.
  const missionCount = countFor(DEMO_BASE_COUNTS.missions, scale);
  const missions: MissionDraft[] = [];
  for (let i = 0; i < missionCount; i += 1) {
    const entry = STAGE_BLOCK[i % STAGE_BLOCK.length] ?? { stage: 'draft' };
    const mission = generateMission(rng, entry.stage, entry, officers);
    generateSolicitations(ctx, mission, register);
    missions.push(mission);
  }
  // Plans: most carry one mission, some two or three, a few none yet.
  const planCount = countFor(DEMO_BASE_COUNTS.plans, scale);
  const plans: PlanDraft[] = Array.from({ length: planCount }, () => ({
    sequence: 0,
    missions: [],
    diagnosticDay: 0,
    beneficiary: null,
  }));
  const withMissions = Math.max(1, Math.min(missionCount, planCount - Math.round(planCount * 0.1)));
  rng.sample(missions, missions.length).forEach((m, index) => {
    const plan = index < withMissions ? plans[index] : plans[rng.int(0, withMissions - 1)];
    if (plan === undefined) return;
    plan.missions.push(m);
    m.plan = plan;
  });
  for (const plan of plans) {
    const first = Math.min(...plan.missions.map((m) => m.refDay));
    plan.diagnosticDay = plan.missions.length > 0 ? first - rng.int(10, 60) : -rng.int(5, 90);
  }
  // Structures: one per plan, a few with two plans, some only welcomed so far.
  const beneficiaryCount = countFor(DEMO_BASE_COUNTS.beneficiaries, scale);
  const usedNames = new Set<string>();
  const territories = OPERATOR_TERRITORIES[code];
  const beneficiaries = Array.from({ length: beneficiaryCount }, () =>
    generateBeneficiary(rng, territories, usedNames),
  );
  const distinct = Math.max(1, Math.min(beneficiaryCount, Math.round(planCount * 0.9)));
  rng.sample(plans, plans.length).forEach((plan, index) => {
    const b = index < distinct ? beneficiaries[index] : beneficiaries[rng.int(0, distinct - 1)];
    if (b === undefined) return;
    b.plans.push(plan);
    plan.beneficiary = b;
  });
  for (const b of beneficiaries) {
    b.welcomedDay =
      b.plans.length > 0
        ? Math.min(...b.plans.map((p) => p.diagnosticDay)) - rng.int(7, 90)
        : -rng.int(3, 150);
  }
  // Rows in the order a chargé de mission entered them: IDs follow that order.
  const byDay =
    <T>(day: (t: T) => number) =>
    (a: T, b: T) =>
      day(a) - day(b);
  beneficiaries.sort(byDay((b) => b.welcomedDay));
  beneficiaries.forEach((b, i) => {
    b.sequence = i + 1;
  });
  plans.sort(byDay((p) => p.diagnosticDay));
  plans.forEach((p, i) => {
    p.sequence = i + 1;
  });
  missions.sort(byDay((m) => m.refDay));
  missions.forEach((m, i) => {
    m.sequence = i + 1;
  });
  // A collective mission serves its own structure and two others (guide: « ingénieries […]
  // collectives »), each through its plan.
  for (const m of missions) {
    if (m.engineeringType !== 'Collective' || m.plan === null) continue;
    const own = m.plan.beneficiary;
    const others = plans.filter(
      (p) => p !== m.plan && p.beneficiary !== null && p.beneficiary !== own,
    );
    m.otherPlans = rng.sample(others, Math.min(2, others.length));
  }
  return {
    beneficiaries: beneficiaries.map((b) => beneficiaryRow(ctx, b, usedSirets)),
    plans: plans.map((p) => planRow(ctx, code, p)),
    missions: missions.map((m) => missionRow(ctx, code, m)),
    solicitations: missions.flatMap((m) =>
      m.solicitations.map((s) =>
        rowOf(SOLICITATION_FIELDS, {
          ...s.row,
          missionId: formatRecordId({ kind: 'mission', operator: code, sequence: m.sequence }),
          providerId: formatRecordId({
            kind: 'provider',
            operator: null,
            sequence: s.provider.sequence,
          }),
        }),
      ),
    ),
  };
}

/**
 * Generates the demo data set: the same options always give the same rows. At scale 1: 60
 * providers in the register and, per operator, 12 structures, 10 plans, 15 missions (every
 * lifecycle status, closed twice) and 2 to 4 solicitations per mission whose terms were sent.
 * Every row parses with its entity's schema and respects the guide's cross-field rules as
 * seen on `today`; `scale` multiplies every count (linear time).
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const { seed, scale, today } = options;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`Demo scale must be a positive number, got ${scale}.`);
  }
  if (!isIsoDate(today)) throw new RangeError(`Demo day must be aaaa-mm-jj, got ${today}.`);
  const ctx = createContext(seed, today);
  const usedSirets = new Set<string>();
  const register = generateRegister(
    ctx.rng,
    countFor(DEMO_BASE_COUNTS.providers, scale),
    usedSirets,
  );
  const operators = {} as Record<OperatorCode, OperatorDemoData>;
  for (const code of OPERATOR_CODES) {
    operators[code] = generateOperator(ctx, code, scale, register, usedSirets);
  }
  return {
    register: register.providers.map((p) =>
      rowOf(PROVIDER_FIELDS, { ...p.row, referencedOn: ctx.day(p.referencedOn) }),
    ),
    operators,
  };
}
