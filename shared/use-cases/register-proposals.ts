import { C2RA, OPERATOR_CODES, type OperatorCode } from '../domain/operator';
import { natureOf, proposedValues } from '../domain/register-proposal';
import {
  asProposalDecision,
  decideProposal,
  PROPOSAL_DECISIONS_FAMILY,
  type ProposalDecision,
  type TypedDecision,
} from '../domain/register-proposal-decision';
import {
  appliedInStore,
  PROPOSAL_REVIEW_TAB,
  proposedText,
  readTypedDecisions,
  registerSheetChange,
  reviewRows,
} from '../domain/register-proposal-review';
import { ok, type Result } from '../domain/result';
import { sameTabRows } from '../domain/sync/content-hash';
import { formatFrenchDate, parisDateOf } from '../domain/values/french-date';
import { normalizeForMatch } from '../domain/values/text-normalization';
import { RECORD_TABS } from '../domain/workbook-model';
import type { ChangeSet } from '../domain/change-set';
import type { StoredRecord } from '../domain/stored-record';
import type { TabReplacement } from '../domain/workbook-writes';
import type { WorkbookSnapshot } from '../domain/workbook-snapshot';
import type { RecordStore } from '../ports/record-store';
import type { SpreadsheetGateway } from '../ports/spreadsheet-gateway';

/*
 * Guide, part III: « chaque acteur du dispositif […] a la possibilité de référencer un
 * prestataire », and the base « est alimentée et gérée par le C2RA ». The operators propose in
 * their workbooks; the C2RA's reconcile records its decisions, puts a validated proposal into
 * its « Registre » tab, and the sync that follows stores it like any change of that tab.
 */

/** The C2RA's decisions on an operator's proposals, for their outcome columns (by proposal ID). */
export async function loadOwnProposalDecisions(
  store: RecordStore,
  owner: OperatorCode,
): Promise<ReadonlyMap<string, ProposalDecision>> {
  const proposals = await store.findCreatedSince(owner, 'registerProposal', '');
  if (proposals.length === 0) return new Map();
  const entries = await store.readEntries(
    C2RA,
    PROPOSAL_DECISIONS_FAMILY,
    proposals.map((p) => p.id),
  );
  return decisionsOf(entries);
}

/** Every decision of the C2RA on the operators' proposals, by proposal ID. */
export async function loadAllProposalDecisions(
  store: RecordStore,
): Promise<ReadonlyMap<string, ProposalDecision>> {
  return decisionsOf(await store.readEntries(C2RA, PROPOSAL_DECISIONS_FAMILY));
}

function decisionsOf(entries: ReadonlyMap<string, unknown>): Map<string, ProposalDecision> {
  const decisions = new Map<string, ProposalDecision>();
  for (const [key, value] of entries) {
    const decision = asProposalDecision(value);
    if (decision && decision.proposalId === key) decisions.set(key, decision);
  }
  return decisions;
}

/** The ports the C2RA's proposals step needs. */
export interface ProposalPorts {
  readonly store: RecordStore;
  readonly gateway: SpreadsheetGateway;
}

/** What the C2RA's reconcile does around its sync for the proposals. */
export interface ProposalStep {
  /** The snapshot to sync: read again when validated proposals were written into « Registre ». */
  readonly snapshot: WorkbookSnapshot;
  /** Names the proposal in the audit entries of the provider it creates or changes. */
  readonly annotate: (changeSet: ChangeSet) => ChangeSet;
  /**
   * After the store is written: marks what the register now holds; the review tab to write, and
   * a French warning when the workbook has no review tab while proposals wait.
   */
  readonly finish: (at: Date) => Promise<{ tab: TabReplacement | null; warning: string | null }>;
}

/** Every operator's proposals to the register, archived ones included. */
async function allProposals(store: RecordStore): Promise<StoredRecord[]> {
  const lists = await Promise.all(
    OPERATOR_CODES.map((code) => store.findCreatedSince(code, 'registerProposal', '')),
  );
  return lists.flat();
}

/**
 * The C2RA's step before its sync: reads the decisions typed in « Propositions des opérateurs »
 * and stores the valid ones (a refused one stays typed with why), then writes each validated
 * proposal not yet in the register into the « Registre » tab and reads the workbook again. A
 * decided proposal is final: changed later by its operator, it is not applied again.
 */
export async function prepareRegisterProposals(
  ports: ProposalPorts,
  read: WorkbookSnapshot,
  who: string,
  now: Date,
): Promise<Result<ProposalStep>> {
  const { store } = ports;
  const proposals = await allProposals(store);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const decisions = new Map(await loadAllProposalDecisions(store));
  const register = await store.loadRegister();
  const refused = new Map<string, { typed: TypedDecision; message: string }>();
  const decidedNow = new Map<string, unknown>();
  const reviewTab = read.tabs.find((t) => t.name === PROPOSAL_REVIEW_TAB);
  for (const typed of readTypedDecisions(reviewTab).values()) {
    const stored = decisions.get(typed.proposalId);
    if (stored) {
      const retyped = finalDecisionRetyped(typed, stored);
      if (retyped) refused.set(typed.proposalId, retyped);
      continue;
    }
    if (typed.decision === '') continue;
    const proposal = byId.get(typed.proposalId);
    const decided = decideProposal(typed, {
      proposal,
      currentProposalText: proposal ? proposedText(proposal.data) : '',
      register,
      at: now.toISOString(),
      who,
    });
    if (!decided.ok) refused.set(typed.proposalId, { typed, message: decided.error.message });
    else {
      decisions.set(typed.proposalId, decided.value);
      decidedNow.set(typed.proposalId, decided.value);
    }
  }
  // The decisions are kept before the register changes: a crash after this re-applies them.
  if (decidedNow.size > 0)
    await store.writeEntries(C2RA, PROPOSAL_DECISIONS_FAMILY, { put: decidedNow, remove: [] });
  const toApply = [...decisions.values()]
    .filter((d) => d.decision === 'Validée' && !d.applied)
    .flatMap((decision) => {
      const proposal = byId.get(decision.proposalId);
      return proposal ? [{ decision, proposal }] : [];
    });
  const registerTab = read.tabs.find((t) => t.name === RECORD_TABS.provider.tab);
  const change = registerSheetChange(toApply, registerTab);
  let snapshot = read;
  if (change.cells.length > 0) {
    const written = await ports.gateway.write(C2RA, { cells: change.cells, tabs: [] });
    if (!written.ok) return written;
    const again = await ports.gateway.read(C2RA);
    if (!again.ok) return again;
    snapshot = again.value;
  }
  return ok({
    snapshot,
    annotate: (changeSet) => annotateAudit(changeSet, toApply),
    finish: async (at) => {
      const stored = await store.loadRegister();
      const applied = appliedInStore(toApply, stored);
      if (applied.length > 0)
        await store.writeEntries(C2RA, PROPOSAL_DECISIONS_FAMILY, {
          put: new Map(applied.map((d) => [d.proposalId, d])),
          remove: [],
        });
      for (const d of applied) decisions.set(d.proposalId, d);
      const rows = reviewRows({
        proposals,
        decisions,
        register: stored,
        refused,
        today: parisDateOf(at),
      });
      const current = snapshot.tabs.find((t) => t.name === PROPOSAL_REVIEW_TAB);
      if (!current) {
        const waiting = proposals.filter((p) => !p.archived && !decisions.has(p.id)).length;
        return {
          tab: null,
          warning:
            waiting === 0
              ? null
              : `Onglet « ${PROPOSAL_REVIEW_TAB} » absent : ${waiting} proposition(s) des opérateurs au registre attendent votre décision ; mettez à jour la mise en page du classeur (dla provision) pour les voir.`,
        };
      }
      const shown = current.rows.map((r) => r.cells.map((c) => c.value));
      return {
        tab: sameTabRows(shown, rows) ? null : { tab: PROPOSAL_REVIEW_TAB, rows },
        warning: null,
      };
    },
  });
}

/**
 * A decision typed over one already recorded: it stays as recorded (« définitive »), and the
 * C2RA is told, with what it typed, on the row's « Résultat ».
 */
function finalDecisionRetyped(
  typed: TypedDecision,
  stored: ProposalDecision,
): { typed: TypedDecision; message: string } | null {
  const sameDecision = normalizeForMatch(typed.decision) === normalizeForMatch(stored.decision);
  if (sameDecision && typed.reason.trim() === stored.reason) return null;
  const shown = [typed.decision, typed.reason.trim()].filter((t) => t !== '').join(' — ');
  return {
    typed: { ...typed, decision: stored.decision, reason: stored.reason },
    message: `la décision « ${stored.decision} » du ${formatFrenchDate(parisDateOf(new Date(stored.decidedAt)))} est définitive ; votre saisie « ${shown.slice(0, 80)} » n’est pas prise en compte (l’opérateur peut faire une nouvelle proposition).`,
  };
}

/**
 * The audit entries of a provider a validated proposal creates or changes, naming the proposal
 * and its operator (the change comes from the C2RA's sheet, on the C2RA's decision).
 */
function annotateAudit(
  changeSet: ChangeSet,
  toApply: readonly { decision: ProposalDecision; proposal: StoredRecord }[],
): ChangeSet {
  if (toApply.length === 0) return changeSet;
  const register = changeSet.puts.map((p) => p.record).filter((r) => r.kind === 'provider');
  const proposalOf = new Map<string, { note: string; fields: ReadonlySet<string> }>();
  for (const decision of appliedInStore(toApply, register)) {
    const applied = toApply.find((t) => t.decision.proposalId === decision.proposalId);
    if (!applied || decision.registerProviderId === null) continue;
    const nature =
      natureOf(applied.proposal.data) === 'Nouveau prestataire' ? 'ajout' : 'modification';
    proposalOf.set(decision.registerProviderId, {
      note: `proposition ${decision.proposalId} de ${decision.operator} (${nature}) validée par ${decision.decidedBy}`,
      fields: new Set([
        ...Object.keys(proposedValues(applied.proposal.data)),
        '@created',
        'referencedOn',
      ]),
    });
  }
  if (proposalOf.size === 0) return changeSet;
  return {
    ...changeSet,
    audit: changeSet.audit.map((entry) => {
      const named = proposalOf.get(entry.recordId);
      return named === undefined || !named.fields.has(entry.field)
        ? entry
        : { ...entry, who: `${entry.who} — ${named.note}` };
    }),
  };
}
