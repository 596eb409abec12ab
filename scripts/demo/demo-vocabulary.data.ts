/** The French words of the demo: names, streets, consultancies, mission titles, structures. */

export const FIRST_NAMES: readonly string[] = [
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

export const LAST_NAMES: readonly string[] = [
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

export const STREETS: readonly string[] = [
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

export const PROVIDER_PREFIXES: readonly string[] = [
  'Cabinet',
  'Atelier',
  'Agence',
  'Bureau',
  'Collectif',
  'Coopérative',
  'Groupe',
];

export const PROVIDER_CORES: readonly string[] = [
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

export const PROVIDER_SUFFIXES: readonly string[] = [
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
export const MISSION_TITLES: Readonly<Record<string, readonly string[]>> = {
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

export const MISSION_COMPETENCES: readonly string[] = Object.keys(MISSION_TITLES);

/** A kind of structure: how its name is built, its sector, legal form and size. */
export interface StructureKind {
  readonly pattern: string;
  readonly sector: string;
  readonly legalForm: string;
  readonly maxFte: number;
}

export const STRUCTURE_KINDS: readonly StructureKind[] = [
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

export const STRUCTURE_NAMES: readonly string[] = [
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

export const NOTES: readonly string[] = [
  'Baisse des subventions municipales depuis deux ans : trésorerie tendue.',
  'Départ à la retraite de la directrice prévu dans l’année.',
  'Conseil d’administration renouvelé, nouveau président très impliqué.',
  'Deux contrats aidés arrivent à échéance : risque sur les emplois.',
  'Projet de déménagement dans des locaux plus grands.',
  'Orientée par la Région après un premier contact au forum ESS.',
];

export const DIAGNOSTIC_SUMMARIES: readonly string[] = [
  'Activité solide mais dépendance forte aux financements publics ; fonction employeur peu structurée.',
  'Projet associatif à réactualiser ; bénévoles fatigués, gouvernance concentrée sur le président.',
  'Résultat déficitaire deux années de suite ; pas d’outil de suivi de la trésorerie.',
  'Croissance rapide des effectifs sans organisation interne adaptée.',
  'Bonne utilité sociale, mal valorisée auprès des financeurs.',
];

export const INTERRUPTION_REASONS: Readonly<
  Record<'Suspension' | 'Réorientation' | 'Arrêt', string[]>
> = {
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
export const WARNING_REASONS: Readonly<Record<'Suspension' | 'Réorientation' | 'Arrêt', string>> = {
  Suspension: 'L’interlocutrice de la mission est absente pour plusieurs semaines.',
  Réorientation: 'Le besoin réel est ailleurs : une réorientation de l’étude paraît nécessaire.',
  Arrêt: 'Contraintes externes : l’action devient inefficiente (procédure collective engagée).',
};

export const SCOPE_EXTENSION_REASONS: readonly string[] = [
  'Demande motivée du bureau : appui à la rédaction du dossier de subvention FSE.',
  'Demande de la présidente : une séance supplémentaire avec le conseil d’administration.',
];

export const PLAN_NON_ENGINEERING_ACTIONS: readonly string[] = [
  'Ressources du territoire',
  'Expertise interne du DLA',
  'Actions de la structure elle-même',
];
