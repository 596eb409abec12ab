import type { FieldJson, RecordData, StoredRecord } from './stored-record';
import type { TabSnapshot } from './workbook-snapshot';
import type { CellWrite } from './workbook-writes';
import { PROVIDER_FIELDS } from './provider';
import {
  natureOf,
  proposalViolations,
  proposedValues,
  type ProposedProviderKey,
} from './register-proposal';
import {
  OUTCOME_PENDING,
  registerTwinOf,
  validationBlocker,
  type ProposalDecision,
  type TypedDecision,
} from './register-proposal-decision';
import { ERROR_MARK, rawText } from './sync/sheet-cells';
import type { CellValue } from './values/cell-value';
import { formatChoices } from './values/choice';
import { formatFrenchDate, parisDateOf, type IsoDate } from './values/french-date';
import { ID_COLUMN, RECORD_TABS } from './workbook-model';

/** The C2RA's tab listing the operators' proposals to the register, with its decisions. */
export const PROPOSAL_REVIEW_TAB = 'Propositions des opérateurs';

/** The columns of {@link PROPOSAL_REVIEW_TAB}, in order; only the decision and its reason are typed. */
export const REVIEW_COLUMNS = {
  proposalId: 'Proposition (ID)',
  operator: 'Opérateur',
  nature: 'Nature',
  providerId: 'Prestataire concerné (ID)',
  proposedBy: 'Proposé par',
  proposedOn: 'Proposé le',
  reason: 'Motif de la proposition',
  proposed: 'Valeurs proposées',
  current: 'Valeurs actuelles au registre',
  checks: 'Contrôles',
  decision: 'Décision du C2RA',
  decisionReason: 'Motif',
  decidedOn: 'Décidée le',
  result: 'Résultat',
} as const;

const COLUMN_ORDER = Object.values(REVIEW_COLUMNS);

function shown(value: FieldJson | undefined): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? formatChoices(value) : String(value);
}

function valuesText(values: Partial<Record<ProposedProviderKey, FieldJson>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${PROVIDER_FIELDS[key as ProposedProviderKey].label} : ${shown(value)}`)
    .join(' ; ');
}

/** The « Valeurs proposées » of a proposal: each proposed field, « Libellé : valeur ». */
export function proposedText(data: RecordData): string {
  return valuesText(proposedValues(data));
}

/** For a modification, the register's current values of the fields it proposes to change. */
function currentText(data: RecordData, register: ReadonlyMap<string, StoredRecord>): string {
  if (natureOf(data) !== "Modification d'un prestataire") return '';
  const target = register.get(String(data['providerId']));
  if (!target) return '';
  const current: Partial<Record<ProposedProviderKey, FieldJson>> = {};
  for (const key of Object.keys(proposedValues(data)) as ProposedProviderKey[])
    current[key] = target.data[key] ?? null;
  return valuesText(current) || '(vide)';
}

/** What the C2RA typed on each row of its review tab, by proposal ID (decided or not). */
export function readTypedDecisions(tab: TabSnapshot | undefined): Map<string, TypedDecision> {
  const typed = new Map<string, TypedDecision>();
  if (!tab) return typed;
  const index = (label: string) => tab.header.indexOf(label);
  const [idAt, decisionAt, reasonAt, proposedAt] = [
    index(REVIEW_COLUMNS.proposalId),
    index(REVIEW_COLUMNS.decision),
    index(REVIEW_COLUMNS.decisionReason),
    index(REVIEW_COLUMNS.proposed),
  ];
  if (idAt < 0 || decisionAt < 0) return typed;
  for (const row of tab.rows) {
    const cell = (at: number) => (at < 0 ? '' : rawText(row.cells[at]?.value ?? null).trim());
    const proposalId = cell(idAt).toUpperCase();
    if (proposalId === '') continue;
    typed.set(proposalId, {
      proposalId,
      decision: cell(decisionAt),
      reason: rawText(row.cells[reasonAt]?.value ?? null),
      shownProposal: cell(proposedAt),
    });
  }
  return typed;
}

/** Everything the review tab shows. */
export interface ReviewInput {
  readonly proposals: readonly StoredRecord[];
  readonly decisions: ReadonlyMap<string, ProposalDecision>;
  readonly register: readonly StoredRecord[];
  /** What the C2RA typed and the sync did not record, with the reason (kept on the row). */
  readonly refused: ReadonlyMap<string, { typed: TypedDecision; message: string }>;
  readonly today: IsoDate;
}

/**
 * The rows of the review tab: proposals waiting for the C2RA first (oldest first), then the
 * decided ones (newest first). A decision the sync refused stays typed on its row, with why.
 */
export function reviewRows(input: ReviewInput): CellValue[][] {
  const register = new Map(input.register.map((r) => [r.id, r]));
  const active = input.proposals.filter((p) => !p.archived || input.decisions.has(p.id));
  const pending = active
    .filter((p) => !input.decisions.has(p.id))
    .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
  const decided = active
    .filter((p) => input.decisions.has(p.id))
    .sort(
      (a, b) =>
        compare(
          input.decisions.get(b.id)?.decidedAt ?? '',
          input.decisions.get(a.id)?.decidedAt ?? '',
        ) || compare(a.id, b.id),
    );
  return [...pending, ...decided].map((p) => reviewRow(p, input, register));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function reviewRow(
  proposal: StoredRecord,
  input: ReviewInput,
  register: ReadonlyMap<string, StoredRecord>,
): CellValue[] {
  const { data } = proposal;
  const decision = input.decisions.get(proposal.id);
  const refused = input.refused.get(proposal.id);
  const proposedOn = data['proposedOn'];
  const checks = decision
    ? []
    : [validationBlocker(data, input.register) ?? ''].filter((m) => m !== '');
  const cells: Record<string, CellValue> = {
    [REVIEW_COLUMNS.proposalId]: proposal.id,
    [REVIEW_COLUMNS.operator]: proposal.owner,
    [REVIEW_COLUMNS.nature]: shown(data['nature']),
    [REVIEW_COLUMNS.providerId]: decision?.registerProviderId ?? shown(data['providerId']),
    [REVIEW_COLUMNS.proposedBy]: shown(data['proposedBy']),
    [REVIEW_COLUMNS.proposedOn]:
      typeof proposedOn === 'string' ? formatFrenchDate(proposedOn as IsoDate) : '',
    [REVIEW_COLUMNS.reason]: shown(data['reason']),
    [REVIEW_COLUMNS.proposed]: proposedText(data),
    [REVIEW_COLUMNS.current]: currentText(data, register),
    [REVIEW_COLUMNS.checks]: checks.join(' ; '),
    [REVIEW_COLUMNS.decision]: decision?.decision ?? refused?.typed.decision ?? '',
    [REVIEW_COLUMNS.decisionReason]: decision?.reason ?? refused?.typed.reason ?? '',
    [REVIEW_COLUMNS.decidedOn]: decision
      ? formatFrenchDate(parisDateOf(new Date(decision.decidedAt)))
      : '',
    [REVIEW_COLUMNS.result]: resultText(proposal, decision, refused?.message, input.today),
  };
  return COLUMN_ORDER.map((label) => cells[label] ?? '');
}

function resultText(
  proposal: StoredRecord,
  decision: ProposalDecision | undefined,
  refusal: string | undefined,
  today: IsoDate,
): string {
  if (refusal !== undefined) return `${ERROR_MARK}Décision non enregistrée : ${refusal}`;
  if (!decision) {
    const since = parisDateOf(new Date(proposal.createdAt));
    const days = Math.max(
      0,
      Math.round(
        (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000,
      ),
    );
    return `${OUTCOME_PENDING} depuis ${days} jour${days > 1 ? 's' : ''}`;
  }
  if (decision.decision === 'Refusée') return 'Refusée : le registre n’a pas changé.';
  if (!decision.applied) return 'Validée : inscription au registre en cours.';
  return natureOf(proposal.data) === 'Nouveau prestataire'
    ? `Validée : ${decision.registerProviderId ?? ''} ajouté au registre.`
    : `Validée : fiche de ${decision.registerProviderId ?? ''} modifiée.`;
}

/** What a validated proposal does to the « Registre » tab before the sync reads it. */
export interface RegisterSheetChange {
  readonly cells: readonly CellWrite[];
  /** The proposals whose validation is now in the sheet (or was already). */
  readonly inSheet: ReadonlySet<string>;
}

/**
 * The cells a validated proposal writes into the C2RA's « Registre » tab, so that the sync that
 * follows stores the register change from the sheet itself, like a change the C2RA typed: a new
 * row for a new provider (appended once: a row of the same SIRET or name means it is there), the
 * proposed values in a provider's row for a modification (a value already shown writes nothing).
 * The sheet is written before the store, so a crash between the two leaves a row the next sync
 * stores, never a stored provider without its row (which the next sync would archive).
 */
export function registerSheetChange(
  toApply: readonly { decision: ProposalDecision; proposal: StoredRecord }[],
  registerTab: TabSnapshot | undefined,
): RegisterSheetChange {
  const cells: CellWrite[] = [];
  const inSheet = new Set<string>();
  if (!registerTab) return { cells, inSheet };
  const tab = RECORD_TABS.provider;
  const columnOf = (key: string) => {
    const label = tab.fields[key]?.label ?? key;
    const at = registerTab.header.indexOf(label);
    return at < 0 ? null : { column: label, columnIndex: at + 1 };
  };
  const idAt = registerTab.header.indexOf(ID_COLUMN);
  const rowsAsRecords = registerTab.rows.map((row) => {
    const data: Record<string, FieldJson> = {};
    for (const key of ['siret', 'legalName']) {
      const at = columnOf(key);
      const text = at ? rawText(row.cells[at.columnIndex - 1]?.value ?? null).trim() : '';
      data[key] = text === '' ? null : key === 'siret' ? text.replace(/\s/g, '') : text;
    }
    const id =
      idAt < 0
        ? ''
        : rawText(row.cells[idAt]?.value ?? null)
            .trim()
            .toUpperCase();
    return { row, record: sheetRecord(id || `row-${row.rowNumber}`, data) };
  });
  let nextRow = Math.max(1, ...registerTab.rows.map((r) => r.rowNumber)) + 1;
  for (const { decision, proposal } of toApply) {
    const values = proposedValues(proposal.data);
    let rowNumber: number;
    const writes: [string, CellValue][] = Object.entries(values).map(([k, v]) => [k, shown(v)]);
    if (natureOf(proposal.data) === 'Nouveau prestataire') {
      // Without the columns that recognise the row once written, it would be written again.
      if (!columnOf('legalName') || (values.siret !== undefined && !columnOf('siret'))) continue;
      const twin = registerTwinOf(
        proposal.data,
        rowsAsRecords.map((r) => r.record),
      );
      if (twin) {
        inSheet.add(decision.proposalId);
        continue;
      }
      rowNumber = nextRow++;
      writes.push(['referencedOn', formatFrenchDate(parisDateOf(new Date(decision.decidedAt)))]);
    } else {
      const target = rowsAsRecords.find((r) => r.record.id === decision.registerProviderId);
      if (!target) continue;
      rowNumber = target.row.rowNumber;
    }
    for (const [key, value] of writes) {
      const column = columnOf(key);
      if (!column) continue;
      const row = registerTab.rows.find((r) => r.rowNumber === rowNumber);
      const current = rawText(row?.cells[column.columnIndex - 1]?.value ?? null).trim();
      if (current === String(value)) continue;
      cells.push({ tab: tab.tab, row: rowNumber, ...column, value });
    }
    inSheet.add(decision.proposalId);
  }
  return { cells, inSheet };
}

function sheetRecord(id: string, data: RecordData): StoredRecord {
  return {
    id,
    kind: 'provider',
    owner: 'C2RA',
    data,
    fieldTimes: {},
    rejected: {},
    archived: false,
    version: 1,
    createdAt: '',
    updatedAt: '',
  };
}

/**
 * The validated proposals the store's register now holds, with the provider's ID: a new
 * provider found by SIRET or name, a modification whose proposed values the provider has.
 */
export function appliedInStore(
  toApply: readonly { decision: ProposalDecision; proposal: StoredRecord }[],
  register: readonly StoredRecord[],
): ProposalDecision[] {
  const applied: ProposalDecision[] = [];
  for (const { decision, proposal } of toApply) {
    const values = proposedValues(proposal.data);
    const target =
      natureOf(proposal.data) === 'Nouveau prestataire'
        ? registerTwinOf(proposal.data, register)
        : (register.find((r) => r.id === decision.registerProviderId && !r.archived) ?? null);
    if (!target) continue;
    const holds = Object.entries(values).every(
      ([key, value]) => JSON.stringify(target.data[key] ?? null) === JSON.stringify(value),
    );
    if (holds) applied.push({ ...decision, applied: true, registerProviderId: target.id });
  }
  return applied;
}

/** The warnings of a proposal for the operator's « Contrôles », exported for the derived cells. */
export function proposalWarnings(data: RecordData): string[] {
  return proposalViolations(data).map((v) => v.message);
}
