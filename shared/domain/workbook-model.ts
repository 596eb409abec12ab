import { PLAN_FIELDS } from './accompaniment-plan';
import { BENEFICIARY_FIELDS } from './beneficiary';
import type { AnyFieldSpec } from './field-spec';
import { MISSION_FIELDS } from './mission';
import { C2RA, type WorkbookOwner } from './operator';
import { PROVIDER_FIELDS } from './provider';
import { REGISTER_PROPOSAL_FIELDS, REGISTER_PROPOSALS_TAB } from './register-proposal';
import type { RecordKind } from './record-id';
import { SOLICITATION_FIELDS } from './solicitation';

/** The label of the first column of every record tab, filled by the system. */
export const ID_COLUMN = 'ID';

/** A column the system computes and writes; a person's edit to it is reverted with a note. */
export interface ComputedColumn {
  readonly key: string;
  readonly label: string;
  readonly note: string;
}

/** A tab holding one kind of record: the ID, the typed fields, then the computed columns. */
export interface RecordTab {
  readonly kind: RecordKind;
  readonly tab: string;
  readonly fields: Readonly<Record<string, AnyFieldSpec>>;
  readonly computed: readonly ComputedColumn[];
}

/** The control column every record tab has: warnings and refusals of the row, in French. */
export const CONTROLS_COLUMN: ComputedColumn = {
  key: 'controls',
  label: 'Contrôles',
  note: 'Avertissements et refus de la ligne, écrits par le système.',
};

/** The record tabs, in workbook order, with the guide's French names. */
export const RECORD_TABS: Readonly<Record<RecordKind, RecordTab>> = {
  beneficiary: {
    kind: 'beneficiary',
    tab: 'Structures',
    fields: BENEFICIARY_FIELDS,
    computed: [CONTROLS_COLUMN],
  },
  plan: { kind: 'plan', tab: 'Accompagnements', fields: PLAN_FIELDS, computed: [CONTROLS_COLUMN] },
  mission: {
    kind: 'mission',
    tab: 'Missions',
    fields: MISSION_FIELDS,
    computed: [
      {
        key: 'status',
        label: 'Statut',
        note: 'Déduit des dates de la mission : ne se saisit pas.',
      },
      {
        key: 'retainedProvider',
        label: 'Prestataire retenu',
        note: 'Le prestataire « Retenu » dans l’onglet Sollicitations.',
      },
      {
        key: 'solicitationCount',
        label: 'Sollicitations',
        note: 'Nombre de prestataires sollicités (le guide : « 2 à 4 en général »).',
      },
      {
        key: 'suggestedProviders',
        label: 'Prestataires suggérés',
        note: 'Jusqu’à 4 prestataires du registre à solliciter (compétence, secteur, territoire, qualité des missions passées), avec leurs raisons.',
      },
      CONTROLS_COLUMN,
    ],
  },
  solicitation: {
    kind: 'solicitation',
    tab: 'Sollicitations',
    fields: SOLICITATION_FIELDS,
    computed: [
      {
        key: 'budgetPoints',
        label: 'Note budget',
        note: 'Calculée à partir des prix des propositions admissibles, selon la méthode des Paramètres.',
      },
      {
        key: 'totalScore',
        label: 'Note totale /100',
        note: 'Somme des points des six critères ; « à compléter » tant qu’une note ou le prix manque.',
      },
      {
        key: 'rank',
        label: 'Rang',
        note: 'Rang parmi les propositions classées ; « ex aequo » quand l’égalité subsiste après le prix et la méthodologie.',
      },
      {
        key: 'scoreDetail',
        label: 'Détail de la note',
        note: 'Points obtenus sur chaque critère (moyenne des évaluateurs).',
      },
      {
        key: 'flags',
        label: 'Signalements',
        note: 'Retard, offre anormalement basse, dépassement du plafond, proposition incomplète, notes manquantes, ex aequo.',
      },
      CONTROLS_COLUMN,
    ],
  },
  provider: {
    kind: 'provider',
    tab: 'Registre',
    fields: PROVIDER_FIELDS,
    computed: [
      {
        key: 'sheetComplete',
        label: 'Fiche complète',
        note: 'Oui quand la fiche type prestataire est complète : sinon le prestataire ne peut pas être payé.',
      },
      {
        key: 'missing',
        label: 'Éléments manquants',
        note: 'Ce qui manque à la fiche type prestataire.',
      },
      CONTROLS_COLUMN,
    ],
  },
  registerProposal: {
    kind: 'registerProposal',
    tab: REGISTER_PROPOSALS_TAB,
    fields: REGISTER_PROPOSAL_FIELDS,
    computed: [
      {
        key: 'outcome',
        label: 'Décision du C2RA',
        note: '« En attente du C2RA », « Validée » ou « Refusée » : le C2RA décide dans son classeur.',
      },
      {
        key: 'decidedOn',
        label: 'Décidée le',
        note: 'Date de la décision du C2RA.',
      },
      {
        key: 'decisionReason',
        label: 'Motif du C2RA',
        note: 'Le motif donné par le C2RA (toujours donné pour un refus).',
      },
      {
        key: 'registerProviderId',
        label: 'Prestataire au registre',
        note: 'L’identifiant PRE-… créé ou modifié au registre quand la proposition est validée.',
      },
      CONTROLS_COLUMN,
    ],
  },
};

/** The record kinds an owner edits: the operator tabs (proposals to the register included), or the register for the C2RA. */
export function kindsOwnedBy(owner: WorkbookOwner): readonly RecordKind[] {
  return owner === C2RA
    ? ['provider']
    : ['beneficiary', 'plan', 'mission', 'solicitation', 'registerProposal'];
}

/** The record tab with this name, if it is one. */
export function recordTabByName(name: string): RecordTab | undefined {
  return Object.values(RECORD_TABS).find((t) => t.tab === name);
}
