import {
  ALERTS_TAB,
  ALERTS_TAB_HEADERS,
  SEVERITY_LABELS,
} from '../../shared/domain/alert-lifecycle';
import { ALERT_SEVERITIES } from '../../shared/domain/alerts/alert-catalogue';
import type { AnyFieldSpec, FieldFormat } from '../../shared/domain/field-spec';
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import { formatRecordId, type RecordKind } from '../../shared/domain/record-id';
import { PARAMETERS_TAB, PARAMETERS_TAB_HEADERS } from '../../shared/domain/operator-parameters';
import { REGIONAL_TAB_COLUMNS, REGIONAL_TABS } from '../../shared/domain/regional/regional-tabs';
import { REGISTER_COPY_TAB } from '../../shared/domain/register-copy';
import { C2RA_DECISIONS } from '../../shared/domain/register-proposal-decision';
import { PROPOSAL_REVIEW_TAB, REVIEW_COLUMNS } from '../../shared/domain/register-proposal-review';
import { JOURNAL_TAB } from '../../shared/domain/sync/plan-sync';
import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import {
  ID_COLUMN,
  RECORD_TABS,
  type ComputedColumn,
  type RecordTab,
} from '../../shared/domain/workbook-model';

/*
 * The workbook layouts as data: the single source from which the .xlsx template, the Google
 * Sheets provisioning and the documentation derive. Nothing here does I/O.
 */

/** How a column is shown: a field format, or one of the system's own (IDs, plain text, instants). */
export type ColumnFormat = FieldFormat | 'id' | 'text' | 'datetime';

/** Who fills a column: the system's ID, a person (field), the system's computation, or a system tab. */
export type ColumnRole = 'id' | 'field' | 'computed' | 'system';

/** Where the values of a dropdown come from when they live in another tab (e.g. the IDs of the register copy). */
export interface ListSource {
  readonly tab: string;
  readonly column: string;
}

/** One column of a tab: its French header and note, who fills it, how it is shown and whether it is locked. */
export interface ColumnLayout {
  readonly label: string;
  /** The French note of the header cell: what to type, and how. */
  readonly note: string;
  readonly role: ColumnRole;
  readonly format: ColumnFormat;
  /** The allowed values of a `choice`, `choices` or `yesNo` column. */
  readonly choices?: readonly string[];
  /** A dropdown fed by another tab's column (reference columns: the IDs of that tab). */
  readonly listFrom?: ListSource;
  /** Width in characters, as spreadsheets count it. */
  readonly width: number;
  /** Locked by the sheet protection and greyed: only the system writes it. */
  readonly protected: boolean;
  /** The domain key of a field or computed column (records tabs only). */
  readonly key?: string;
  /** A person must fill it (the sync refuses the row otherwise). */
  readonly required?: boolean;
  /** Confidential content: never leaves the operator (guide: confidentiality). */
  readonly confidential?: boolean;
}

/** What a tab holds: records a person edits, a tab the system writes, parameters, or the register copy. */
export type TabRole = 'records' | 'system' | 'parameters' | 'register-copy';

/** One tab of a workbook, its columns in order. */
export interface TabLayout {
  readonly name: string;
  readonly role: TabRole;
  /** The record kind of a `records` tab. */
  readonly kind?: RecordKind;
  readonly columns: readonly ColumnLayout[];
}

/** The whole layout of one kind of workbook. */
export interface WorkbookLayout {
  readonly owner: 'operator' | 'c2ra';
  readonly tabs: readonly TabLayout[];
}

/** The tab of alerts an operator follows up (tab « Alertes »). */
export { ALERTS_TAB };
/** The tab of parameters (scoring weights, alert delays) of a workbook. */
export { PARAMETERS_TAB };
/** The C2RA's consolidated view of every operator's missions, without confidential content. */
export const REGIONAL_MISSIONS_TAB = REGIONAL_TABS.missions;
/** The C2RA's indicators, one row per operator and one for the region. */
export const INDICATORS_TAB = REGIONAL_TABS.indicators;
/** The C2RA's figures per provider of the register. */
export const MOBILISED_PROVIDERS_TAB = REGIONAL_TABS.providers;
/**
 * A hidden tab holding long dropdown lists: Excel limits a list typed in a validation to 255
 * characters, so longer lists are read from a range of this tab.
 */
export const LISTS_TAB = 'Listes';

/** Fill colours (ARGB) of the workbooks. */
export const COLORS = {
  /** Grey of the ID and computed columns, which only the system writes. */
  protectedFill: 'FFEFEFEF',
  /** Red of a refused cell, whose note says why. */
  errorFill: 'FFF4CCCC',
} as const;

/** The font of header cells (set whole: LibreOffice turns a font without a name into Cambria). */
export const HEADER_FONT = { name: 'Calibri', family: 2, size: 11, bold: true } as const;

/**
 * Number formats by column format. Format codes are locale-neutral: the amount format shows
 * « 1 500,00 € » in a French Excel or LibreOffice (the separators are the locale's) and
 * « 1,500.00 € » in an English one. The space before « € » sits inside the quoted literal:
 * a French LibreOffice saves `#,##0.00 "€"` as `#,##0.00,\€` (a thousands divider: 1 500 would
 * show « 1,50€ » in Excel), while `#,##0.00" €"` comes back unchanged. `@` keeps SIRET, postal
 * codes and phone numbers as text (no lost leading zero, no 1,23E+13).
 */
export const NUMBER_FORMATS: Readonly<Partial<Record<ColumnFormat, string>>> = {
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
  amount: '#,##0.00" €"',
  id: '@',
  identifier: '@',
  reference: '@',
  postalCode: '@',
  phone: '@',
};

/** Rows below the data that still get the dropdowns and formats, so new rows are typed alike. */
export const FORMATTED_ROWS_MARGIN = 1000;

/** The sentence every multi-value header note carries: spreadsheets cannot validate such cells by a list. */
export const MULTI_VALUE_HINT = 'séparez les valeurs par des virgules';

const BASE_WIDTHS: Readonly<Record<ColumnFormat, number>> = {
  id: 18,
  text: 24,
  longText: 48,
  identifier: 18,
  reference: 20,
  date: 13,
  datetime: 17,
  amount: 14,
  number: 12,
  yesNo: 10,
  choice: 24,
  choices: 40,
  postalCode: 11,
  phone: 16,
  email: 28,
};

/** The width of a column: enough for its format, and for its header up to 40 characters. */
export function columnWidth(format: ColumnFormat, label: string): number {
  return Math.max(BASE_WIDTHS[format], Math.min(label.length + 3, 40));
}

/** Joins French sentences, each ending with its own punctuation. */
function sentences(...parts: readonly (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
}

function fieldNote(spec: AnyFieldSpec): string {
  const choices = spec.choices ?? [];
  return sentences(
    spec.note,
    spec.format === 'choices' &&
      `Plusieurs valeurs possibles : ${MULTI_VALUE_HINT} (${choices.join(', ')}).`,
    spec.format === 'choice' && 'Choisissez dans la liste.',
    spec.format === 'date' && !spec.note.includes('jj/mm/aaaa') && 'Saisir jj/mm/aaaa.',
    spec.format === 'amount' && 'En euros.',
    spec.required && 'Obligatoire.',
  );
}

function idColumn(kind: RecordKind): ColumnLayout {
  const example = formatRecordId({
    kind,
    operator: kind === 'provider' ? null : 'CBE-LM',
    sequence: 42,
  });
  return {
    label: ID_COLUMN,
    note: `Identifiant attribué par le système à la synchronisation (ex. ${example}) : laissez-le vide sur une nouvelle ligne et ne le modifiez pas.`,
    role: 'id',
    format: 'id',
    width: columnWidth('id', ID_COLUMN),
    protected: true,
  };
}

function computedColumn(column: ComputedColumn): ColumnLayout {
  const format: ColumnFormat = column.key === 'controls' ? 'longText' : 'text';
  return {
    key: column.key,
    label: column.label,
    note: sentences(column.note, 'Colonne calculée par le système : ne pas modifier.'),
    role: 'computed',
    format,
    width: columnWidth(format, column.label),
    protected: true,
  };
}

function fieldColumn(key: string, spec: AnyFieldSpec, listFrom?: ListSource): ColumnLayout {
  return {
    key,
    label: spec.label,
    note: fieldNote(spec),
    role: 'field',
    format: spec.format,
    ...(spec.choices === undefined ? {} : { choices: spec.choices }),
    ...(listFrom === undefined ? {} : { listFrom }),
    width: columnWidth(spec.format, spec.label),
    protected: false,
    ...(spec.required ? { required: true } : {}),
    ...(spec.confidential === true ? { confidential: true } : {}),
  };
}

/** The record kind each reference field points to (its parser knows it, but does not expose it). */
const REFERENCE_TARGETS: Readonly<Record<string, RecordKind>> = {
  beneficiaryId: 'beneficiary',
  planId: 'plan',
  missionId: 'mission',
  providerId: 'provider',
};

/**
 * A records tab from the workbook model: `ID` first (protected), the entity's fields in
 * declaration order (editable), then the computed columns (protected). Reference columns get a
 * dropdown of the IDs of the tab they point to, when that tab is in the same workbook.
 */
function recordsTab(
  recordTab: RecordTab,
  tabOfKind: (kind: RecordKind) => string | null,
): TabLayout {
  const fields = Object.entries(recordTab.fields).map(([key, spec]) => {
    const target = spec.format === 'reference' ? REFERENCE_TARGETS[key] : undefined;
    const tab = target === undefined ? null : tabOfKind(target);
    return fieldColumn(key, spec, tab === null ? undefined : { tab, column: ID_COLUMN });
  });
  return {
    name: recordTab.tab,
    role: 'records',
    kind: recordTab.kind,
    columns: [idColumn(recordTab.kind), ...fields, ...recordTab.computed.map(computedColumn)],
  };
}

/** A column of a system tab, written by the system (protected unless `editable`). */
function systemColumn(
  label: string,
  note: string,
  format: ColumnFormat,
  options: { editable?: boolean; width?: number } = {},
): ColumnLayout {
  const editable = options.editable === true;
  return {
    label,
    note: editable ? note : sentences(note, 'Écrit par le système.'),
    role: editable ? 'field' : 'system',
    format,
    width: options.width ?? columnWidth(format, label),
    protected: !editable,
  };
}

/** How a column of a system tab is shown: the arguments of {@link systemColumn} after the label. */
type SystemColumnSpec = readonly [
  note: string,
  format: ColumnFormat,
  options?: { editable?: boolean; width?: number },
];

/** One {@link SystemColumnSpec} per label of a tab whose labels the domain owns (none missing, none extra). */
type SystemColumnSpecs<Label extends string> = Readonly<Record<Label, SystemColumnSpec>>;

/** The columns of a system tab: the domain's labels in the domain's order, each shown as `specs` says. */
function systemColumns<Label extends string>(
  labels: readonly Label[],
  specs: SystemColumnSpecs<Label>,
): ColumnLayout[] {
  return labels.map((label) => {
    const [note, format, options]: SystemColumnSpec = specs[label];
    return systemColumn(label, note, format, options);
  });
}

const OPERATOR_TAB_OF_KIND: Readonly<Record<RecordKind, string>> = {
  beneficiary: RECORD_TABS.beneficiary.tab,
  plan: RECORD_TABS.plan.tab,
  mission: RECORD_TABS.mission.tab,
  solicitation: RECORD_TABS.solicitation.tab,
  provider: REGISTER_COPY_TAB,
  registerProposal: RECORD_TABS.registerProposal.tab,
};

const REGISTER_COPY_LAYOUT: TabLayout = {
  name: REGISTER_COPY_TAB,
  role: 'register-copy',
  columns: [
    systemColumn(
      ID_COLUMN,
      'Identifiant PRE-… du prestataire dans le registre régional : à reporter dans Sollicitations.',
      'id',
    ),
    systemColumn('Raison sociale', 'Nom du cabinet ou du consultant.', 'text', { width: 32 }),
    systemColumn('Compétences', 'Compétences du prestataire.', 'text', { width: 48 }),
    systemColumn("Secteurs d'activité", 'Secteurs connus du prestataire.', 'text', { width: 40 }),
    systemColumn(
      "Territoires d'intervention",
      'Territoires où le prestataire intervient.',
      'text',
      {
        width: 40,
      },
    ),
    systemColumn(
      'Fiche complète',
      'Oui quand la fiche type prestataire est complète : sinon il ne peut pas être payé.',
      'yesNo',
      { width: 15 },
    ),
  ],
};

/** Every severity, most serious first: « Bloquant, Urgent, À faire ou Information. » */
const SEVERITY_NOTE = (() => {
  const labels = ALERT_SEVERITIES.map((severity) => SEVERITY_LABELS[severity]);
  return `${labels.slice(0, -1).join(', ')} ou ${labels[labels.length - 1] ?? ''} (du plus grave au moins grave).`;
})();

/** How each column of the « Alertes » tab is shown; its labels and their order are the domain's. */
const ALERTS_COLUMNS: SystemColumnSpecs<(typeof ALERTS_TAB_HEADERS)[number]> = {
  Gravité: [SEVERITY_NOTE, 'text', { width: 12 }],
  Alerte: ['Règle du guide concernée.', 'text', { width: 30 }],
  Enregistrement: ["Identifiant de l'enregistrement concerné.", 'id'],
  Message: ['Ce qu’il faut faire, et pourquoi.', 'longText', { width: 60 }],
  Pour: ['Personne ou service qui doit agir.', 'text', { width: 20 }],
  Échéance: ['Date à laquelle agir.', 'date'],
  'Depuis le': ["Date d'apparition de l'alerte.", 'date'],
  Suivi: [
    'Saisissez « vu », ou « reporté au jj/mm/aaaa » pour la masquer jusqu’à cette date.',
    'text',
    { editable: true, width: 26 },
  ],
  État: ['Ouverte, Vue, Reportée ou Résolue.', 'text', { width: 12 }],
};

const ALERTS_LAYOUT: TabLayout = {
  name: ALERTS_TAB,
  role: 'system',
  columns: systemColumns(ALERTS_TAB_HEADERS, ALERTS_COLUMNS),
};

const JOURNAL_LAYOUT: TabLayout = {
  name: JOURNAL_TAB,
  role: 'system',
  columns: [
    systemColumn('Date', 'Date et heure (Europe/Paris).', 'datetime'),
    systemColumn('Type', 'Synchronisation, Refus, Archivage, Restauration, Copie…', 'text', {
      width: 16,
    }),
    systemColumn('Onglet', 'Onglet concerné.', 'text', { width: 16 }),
    systemColumn('Ligne', 'Numéro de ligne dans l’onglet.', 'number', { width: 8 }),
    systemColumn('Colonne', 'Colonne concernée.', 'text'),
    systemColumn('ID', "Identifiant de l'enregistrement.", 'id'),
    systemColumn('Message', 'Ce qui a été fait ou refusé, et pourquoi.', 'longText', { width: 60 }),
    systemColumn('Valeur saisie', 'La valeur telle que saisie (conservée même refusée).', 'text', {
      width: 30,
    }),
    systemColumn('Par', 'Personne ou programme à l’origine du changement.', 'text', { width: 26 }),
  ],
};

/** How each column of the « Paramètres » tab is shown; its labels and their order are the domain's. */
const PARAMETERS_COLUMNS: SystemColumnSpecs<(typeof PARAMETERS_TAB_HEADERS)[number]> = {
  Paramètre: ['Nom du paramètre.', 'text', { width: 36 }],
  Valeur: ['Valeur à modifier, entre le minimum et le maximum.', 'number', { editable: true }],
  Minimum: ['Plus petite valeur acceptée.', 'number'],
  Maximum: ['Plus grande valeur acceptée.', 'number'],
  Explication: ['À quoi sert le paramètre.', 'longText', { width: 60 }],
};

const PARAMETERS_LAYOUT: TabLayout = {
  name: PARAMETERS_TAB,
  role: 'parameters',
  columns: systemColumns(PARAMETERS_TAB_HEADERS, PARAMETERS_COLUMNS),
};

/** The layout of an operator's workbook (one per DLA operator, e.g. `dla-CBE-LM.xlsx`). */
export const OPERATOR_WORKBOOK_LAYOUT: WorkbookLayout = {
  owner: 'operator',
  tabs: [
    recordsTab(RECORD_TABS.beneficiary, (k) => OPERATOR_TAB_OF_KIND[k]),
    recordsTab(RECORD_TABS.plan, (k) => OPERATOR_TAB_OF_KIND[k]),
    recordsTab(RECORD_TABS.mission, (k) => OPERATOR_TAB_OF_KIND[k]),
    recordsTab(RECORD_TABS.solicitation, (k) => OPERATOR_TAB_OF_KIND[k]),
    REGISTER_COPY_LAYOUT,
    recordsTab(RECORD_TABS.registerProposal, (k) => OPERATOR_TAB_OF_KIND[k]),
    ALERTS_LAYOUT,
    JOURNAL_LAYOUT,
    PARAMETERS_LAYOUT,
  ],
};

/** How each column of the regional missions tab is shown; its labels and their order are the domain's. */
const REGIONAL_MISSIONS_COLUMNS: SystemColumnSpecs<(typeof REGIONAL_TAB_COLUMNS.missions)[number]> =
  {
    'ID mission': ['Identifiant MIS-… de la mission chez son opérateur.', 'id'],
    Opérateur: ['Code de l’opérateur DLA (CBE-LM, EE-DK…).', 'text', { width: 12 }],
    Intitulé: ['Objet de la mission.', 'text', { width: 40 }],
    Statut: ['Déduit des dates de la mission.', 'text', { width: 20 }],
    "Type d'ingénierie": ['Individuelle ou collective.', 'text'],
    'Compétence requise': ['Compétence principale attendue.', 'text', { width: 30 }],
    Secteur: [
      "Secteur d'activité de la structure (sans ses coordonnées).",
      'text',
      {
        width: 28,
      },
    ],
    'Cahier des charges envoyé le': ['Envoi du cahier des charges.', 'date'],
    'Date limite de réponse': ['Date limite des propositions.', 'date'],
    'Attribuée le': ['Choix du prestataire.', 'date'],
    'Convention signée le': ['Convention tripartite.', 'date'],
    'Fin prévue le': ["Fin prévue de l'intervention.", 'date'],
    'Rapport final reçu le': ['Réception du rapport final.', 'date'],
    'Solde versé le': ['Versement du solde.', 'date'],
    'Clôturée le': ['Clôture administrative.', 'date'],
    Sollicitations: ['Nombre de prestataires sollicités (2 à 4).', 'number'],
    'Propositions reçues': ['Propositions reçues dans les délais ou admises.', 'number'],
    'Prestataire retenu': ['Identifiant PRE-… du prestataire retenu.', 'id'],
    'Raison sociale du prestataire': [
      'Nom du prestataire retenu.',
      'text',
      {
        width: 32,
      },
    ],
    'Plafond budgétaire': ['Budget maximum de la mission.', 'amount'],
    'Prix retenu': ['Prix de la proposition retenue.', 'amount'],
    'Jours estimés': ["Jours d'intervention prévus.", 'number'],
    "Délai d'attribution (jours)": [
      "Jours entre l'envoi du cahier des charges et l'attribution.",
      'number',
    ],
    'Durée (jours)': ['Jours entre la réunion de lancement et la restitution.', 'number'],
    'Satisfaction (1 à 5)': ['Note de satisfaction de la structure.', 'number'],
    'Mis à jour le': ['Dernière consolidation de cette ligne.', 'datetime'],
  };

const REGIONAL_MISSIONS_LAYOUT: TabLayout = {
  name: REGIONAL_MISSIONS_TAB,
  role: 'system',
  columns: systemColumns(REGIONAL_TAB_COLUMNS.missions, REGIONAL_MISSIONS_COLUMNS),
};

/** How each column of the indicators tab is shown; its labels and their order are the domain's. */
const INDICATORS_COLUMNS: SystemColumnSpecs<(typeof REGIONAL_TAB_COLUMNS.indicators)[number]> = {
  Opérateur: [
    'Code de l’opérateur DLA, ou « Région » pour le total.',
    'text',
    {
      width: 12,
    },
  ],
  Nom: ['Nom de l’opérateur.', 'text', { width: 40 }],
  'Structures accompagnées': ['Structures bénéficiaires enregistrées.', 'number'],
  "Plans d'accompagnement en cours": ['Plans à l’état « En cours ».', 'number'],
  Missions: ['Missions enregistrées.', 'number'],
  'Missions en cours': ['Missions attribuées et non clôturées.', 'number'],
  'Missions clôturées': ['Missions clôturées.', 'number'],
  'Missions interrompues': ['Missions réorientées, suspendues ou arrêtées.', 'number'],
  'Sollicitations par mission': ['Moyenne (le guide : « 2 à 4 en général »).', 'number'],
  "Délai moyen d'attribution (jours)": [
    "Moyenne des jours entre le cahier des charges et l'attribution.",
    'number',
  ],
  'Montant engagé': ['Somme des prix retenus.', 'amount'],
  'Soldes en attente de rapport': [
    'Missions terminées sans rapport final : le solde ne peut pas être versé.',
    'number',
  ],
  'Enquêtes envoyées': ['Enquêtes de satisfaction envoyées.', 'number'],
  'Satisfaction moyenne': ['Moyenne des notes de 1 à 5.', 'number'],
  'Alertes ouvertes': ["Alertes de l'opérateur non traitées.", 'number'],
  'Calculé le': ['Date et heure de la consolidation.', 'datetime'],
};

const INDICATORS_LAYOUT: TabLayout = {
  name: INDICATORS_TAB,
  role: 'system',
  columns: systemColumns(REGIONAL_TAB_COLUMNS.indicators, INDICATORS_COLUMNS),
};

/** How each column of the mobilised providers tab is shown; its labels and their order are the domain's. */
const MOBILISED_PROVIDERS_COLUMNS: SystemColumnSpecs<
  (typeof REGIONAL_TAB_COLUMNS.providers)[number]
> = {
  'ID prestataire': ['Identifiant PRE-… du registre.', 'id'],
  'Raison sociale': ['Nom du cabinet ou du consultant.', 'text', { width: 32 }],
  'Fiche complète': [
    'Oui quand la fiche type prestataire est complète.',
    'yesNo',
    {
      width: 15,
    },
  ],
  Sollicitations: ['Fois où le prestataire a été sollicité.', 'number'],
  'Propositions reçues': ['Propositions envoyées.', 'number'],
  Déclinées: ['Sollicitations déclinées.', 'number'],
  'Hors délai': ['Propositions arrivées après la date limite.', 'number'],
  'Missions retenues': ['Missions attribuées au prestataire.', 'number'],
  'Montant retenu': ['Somme des prix des missions retenues.', 'amount'],
  Opérateurs: ['Opérateurs qui l’ont sollicité.', 'text', { width: 30 }],
  'Dernière sollicitation le': ['Date de la dernière sollicitation.', 'date'],
  'Satisfaction moyenne': ['Moyenne des notes de 1 à 5 de ses missions.', 'number'],
};

const MOBILISED_PROVIDERS_LAYOUT: TabLayout = {
  name: MOBILISED_PROVIDERS_TAB,
  role: 'system',
  columns: systemColumns(REGIONAL_TAB_COLUMNS.providers, MOBILISED_PROVIDERS_COLUMNS),
};

const R = REVIEW_COLUMNS;

/** How each column of the C2RA's review of the proposals is shown; its labels are the domain's. */
const PROPOSAL_REVIEW_COLUMNS: SystemColumnSpecs<(typeof R)[keyof typeof R]> = {
  [R.proposalId]: ['Identifiant PRP-… de la proposition chez son opérateur.', 'id'],
  [R.operator]: ['Code de l’opérateur DLA qui propose.', 'text', { width: 12 }],
  [R.nature]: ['Nouveau prestataire ou modification d’un prestataire.', 'text'],
  [R.providerId]: ['Le prestataire modifié, ou créé par la validation.', 'id'],
  [R.proposedBy]: ['Chargé(e) de mission qui propose.', 'text'],
  [R.proposedOn]: ['Date de la proposition.', 'text', { width: 12 }],
  [R.reason]: ['Pourquoi l’opérateur propose.', 'longText', { width: 40 }],
  [R.proposed]: ['Les valeurs de la fiche type proposées.', 'longText', { width: 60 }],
  [R.current]: [
    'Pour une modification : les mêmes champs au registre aujourd’hui.',
    'longText',
    { width: 60 },
  ],
  [R.checks]: ['Ce qui empêche de valider la proposition telle quelle.', 'longText', { width: 40 }],
  [R.decision]: [
    'Saisissez « Validée » ou « Refusée » : une proposition validée entre au registre à la prochaine synchronisation ; une décision enregistrée est définitive.',
    'choice',
    { editable: true, width: 18 },
  ],
  [R.decisionReason]: [
    'Motif de la décision, obligatoire pour un refus ; lu par l’opérateur.',
    'text',
    { editable: true, width: 40 },
  ],
  [R.decidedOn]: ['Date de la décision.', 'text', { width: 12 }],
  [R.result]: [
    'Ce que la décision a fait au registre, ou pourquoi elle n’est pas enregistrée.',
    'longText',
    { width: 40 },
  ],
};

/** The C2RA's review of the operators' proposals to the register: it types only its decision. */
const PROPOSAL_REVIEW_LAYOUT: TabLayout = {
  name: PROPOSAL_REVIEW_TAB,
  role: 'system',
  columns: systemColumns(Object.values(R), PROPOSAL_REVIEW_COLUMNS).map((column) =>
    column.label === R.decision ? { ...column, choices: C2RA_DECISIONS } : column,
  ),
};

/** The layout of the C2RA's regional workbook (`dla-C2RA.xlsx`). */
export const C2RA_WORKBOOK_LAYOUT: WorkbookLayout = {
  owner: 'c2ra',
  tabs: [
    recordsTab(RECORD_TABS.provider, () => null),
    PROPOSAL_REVIEW_LAYOUT,
    REGIONAL_MISSIONS_LAYOUT,
    INDICATORS_LAYOUT,
    MOBILISED_PROVIDERS_LAYOUT,
    PARAMETERS_LAYOUT,
  ],
};

/** The layout of an owner's workbook: the C2RA's, or the one every operator shares. */
export function layoutFor(owner: WorkbookOwner): WorkbookLayout {
  return owner === C2RA ? C2RA_WORKBOOK_LAYOUT : OPERATOR_WORKBOOK_LAYOUT;
}

/** The tab of a layout with this name (accents and case ignored), if it has one. */
export function tabLayout(layout: WorkbookLayout, name: string): TabLayout | undefined {
  const key = normalizeForMatch(name);
  return layout.tabs.find((t) => normalizeForMatch(t.name) === key);
}

/** The file name of an owner's workbook in the local workspace: `dla-CBE-LM.xlsx`, `dla-C2RA.xlsx`. */
export function workbookFileName(owner: WorkbookOwner): string {
  return `dla-${owner}.xlsx`;
}
