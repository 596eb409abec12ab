import { C2RA, type OperatorCode } from '../../shared/domain/operator';
import {
  REGISTER_PROPOSAL_FIELDS,
  REGISTER_PROPOSALS_TAB,
} from '../../shared/domain/register-proposal';
import { PROPOSAL_REVIEW_TAB, REVIEW_COLUMNS } from '../../shared/domain/register-proposal-review';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { SyncReport } from '../../shared/domain/sync/plan-sync';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { formatFrenchDate, parisDateOf } from '../../shared/domain/values/french-date';
import type { CellWrite } from '../../shared/domain/workbook-writes';
import { syncWorkbook, type ReconcilePorts } from '../../shared/use-cases/sync-workbook';
import type { DemoRow } from './demo-data';

/*
 * The demo of the guide's « chaque acteur du dispositif […] a la possibilité de référencer un
 * prestataire »: CBE-LM proposes three changes to the register; the C2RA validates one, refuses
 * one with its reason and leaves one waiting.
 */

/** The operator whose chargé(e) de mission proposes in the demo. */
export const DEMO_PROPOSER: OperatorCode = 'CBE-LM';

/** Valid SIRETs (Luhn) for the new consultants, the first one absent from the register used. */
const NEW_SIRETS = ['44306184100047', '41816609600069', '55208131766522', '55210055400013'];

function daysBefore(today: Date, days: number): string {
  return formatFrenchDate(parisDateOf(new Date(today.getTime() - days * 86_400_000)));
}

/**
 * The three proposals of CBE-LM, as typed (by field key): a new cooperative (to validate), a
 * change of the first provider's phone (to refuse), a new consultancy of Douai (left waiting).
 */
export function demoRegisterProposals(register: readonly DemoRow[], today: Date): DemoRow[] {
  const used = new Set(register.map((r) => String(r['siret'] ?? '').replace(/\s/g, '')));
  const [first, second = ''] = NEW_SIRETS.filter((s) => !used.has(s));
  const firstName = String(register[0]?.['legalName'] ?? 'le premier prestataire');
  return [
    {
      nature: 'Nouveau prestataire',
      legalName: 'Coopérative Tisserands du Nord',
      siret: first ?? null,
      legalForm: 'SCOP',
      street: '5 place du Concert',
      postalCode: '59800',
      town: 'Lille',
      contactName: 'Nadia Benali',
      email: 'contact@tisserands-du-nord.fr',
      competences: 'Gouvernance, Fonction employeur et RH',
      reason: 'Intervenante appréciée par deux structures de Roubaix sur leur gouvernance.',
      proposedBy: 'Camille Lefebvre',
      proposedOn: daysBefore(today, 20),
    },
    {
      nature: "Modification d'un prestataire",
      providerId: 'PRE-0001',
      phone: '03 20 99 88 77',
      reason: `${firstName} nous a donné un nouveau numéro lors de la dernière mission.`,
      proposedBy: 'Camille Lefebvre',
      proposedOn: daysBefore(today, 18),
    },
    {
      nature: 'Nouveau prestataire',
      legalName: 'Atelier Scarpe Conseil',
      siret: second,
      street: '14 rue de Bellain',
      postalCode: '59500',
      town: 'Douai',
      competences: 'Modèle économique',
      reason: 'Consultant recommandé par le réseau des régies de quartier du Douaisis.',
      proposedBy: 'Camille Lefebvre',
      proposedOn: daysBefore(today, 3),
    },
  ];
}

/** What the C2RA decides in the demo, by the order of the proposals; the third waits. */
const DEMO_DECISIONS: readonly (readonly [string, string])[] = [
  ['Validée', ''],
  [
    'Refusée',
    'Numéro non confirmé par le cabinet : qu’il nous l’écrive, et nous mettrons sa fiche à jour.',
  ],
];

/**
 * Loads the demo proposals: typed in CBE-LM's « Propositions au registre », synced, listed in the
 * C2RA's « Propositions des opérateurs » where the demo types two decisions, applied by the
 * C2RA's sync, then shown to CBE-LM by its own sync.
 */
export async function loadDemoRegisterProposals(
  ports: ReconcilePorts,
  register: readonly DemoRow[],
  reports: SyncReport[],
): Promise<Result<void>> {
  const rows = demoRegisterProposals(register, ports.clock.now());
  const typed = await typeRows(ports, rows);
  if (!typed.ok) return typed;
  for (const owner of [DEMO_PROPOSER, C2RA] as const) {
    const synced = await syncWorkbook(ports, owner, 'données de démonstration');
    if (!synced.ok) return synced;
    reports.push(synced.value);
  }
  const decided = await typeDecisions(ports);
  if (!decided.ok) return decided;
  for (const owner of [C2RA, DEMO_PROPOSER] as const) {
    const synced = await syncWorkbook(ports, owner, 'données de démonstration');
    if (!synced.ok) return synced;
    reports.push(synced.value);
  }
  return ok(undefined);
}

async function typeRows(ports: ReconcilePorts, rows: readonly DemoRow[]): Promise<Result<void>> {
  const read = await ports.gateway.read(DEMO_PROPOSER);
  if (!read.ok) return read;
  const tab = read.value.tabs.find((t) => t.name === REGISTER_PROPOSALS_TAB);
  if (!tab)
    return fail(
      'WORKBOOK_UNREADABLE',
      `Onglet « ${REGISTER_PROPOSALS_TAB} » absent du classeur ${DEMO_PROPOSER}.`,
    );
  const labels = Object.entries(REGISTER_PROPOSAL_FIELDS).map(([key, spec]) => [key, spec.label]);
  const cells: CellValue[][] = rows.map((row) =>
    tab.header.map((label) => {
      const key = labels.find(([, l]) => l === label)?.[0];
      return key === undefined ? null : (row[key] ?? null);
    }),
  );
  return ports.gateway.write(DEMO_PROPOSER, {
    cells: [],
    tabs: [{ tab: tab.name, rows: cells }],
  });
}

async function typeDecisions(ports: ReconcilePorts): Promise<Result<void>> {
  const read = await ports.gateway.read(C2RA);
  if (!read.ok) return read;
  const tab = read.value.tabs.find((t) => t.name === PROPOSAL_REVIEW_TAB);
  if (!tab) return ok(undefined);
  const idAt = tab.header.indexOf(REVIEW_COLUMNS.proposalId);
  const cells: CellWrite[] = [];
  DEMO_DECISIONS.forEach(([decision, reason], i) => {
    const id = `PRP-${DEMO_PROPOSER}-${String(i + 1).padStart(4, '0')}`;
    const row = tab.rows.find((r) => r.cells[idAt]?.value === id);
    if (!row) return;
    for (const [column, value] of [
      [REVIEW_COLUMNS.decision, decision],
      [REVIEW_COLUMNS.decisionReason, reason],
    ] as const) {
      const at = tab.header.indexOf(column);
      if (at >= 0 && value !== '')
        cells.push({ tab: tab.name, row: row.rowNumber, column, columnIndex: at + 1, value });
    }
  });
  return ports.gateway.write(C2RA, { cells, tabs: [] });
}
