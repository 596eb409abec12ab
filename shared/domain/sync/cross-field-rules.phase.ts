import { violationsOf } from '../derived-columns';
import { parseRecordId } from '../record-id';
import type { RecordWorld } from '../record-world';
import { RECORD_TABS } from '../workbook-model';
import { dropIfIncomplete } from './adopt-rows.phase';
import { refuseField } from './refusals';
import { rawText } from './sheet-cells';
import { worldRecordOf, type RecordDraft, type SyncState } from './sync-state';
import { DEFAULT_PARAMETERS } from '../operator-parameters';

/** A rule a changed field broke. */
export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** Rounds of refusals at most: a refusal may break another rule, which refuses in turn. */
const MAX_ROUNDS = 5;

/**
 * Cross-field rules and references: the changed field that broke one is refused, its stored
 * value and time put back. Then a new row whose required value was refused is no record.
 */
export function enforceCrossFieldRules(state: SyncState): void {
  state.rebuildWorld();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let refused = 0;
    for (const draft of state.drafts.values()) {
      if (draft.changed.size === 0 || draft.archived) continue;
      for (const problem of problemsOf(state, draft, state.world)) {
        if (!draft.changed.has(problem.field)) continue;
        refuseChange(state, draft, problem);
        refused += 1;
      }
    }
    if (refused === 0) break;
    state.rebuildWorld();
  }
  for (const draft of [...state.creations]) {
    if (draft.location && dropIfIncomplete(state, draft, draft.location)) state.rebuildWorld();
  }
}

function problemsOf(state: SyncState, draft: RecordDraft, world: RecordWorld): FieldProblem[] {
  return [
    ...referenceProblems(state, draft, world),
    // The operator's parameters decide some refusals (its checklist may block a payment).
    ...violationsOf(
      worldRecordOf(draft),
      world,
      state.request.parameters ?? DEFAULT_PARAMETERS,
    ).filter((v) => v.severity === 'error'),
  ];
}

/** Puts the field back as stored and refuses the changed value. */
function refuseChange(state: SyncState, draft: RecordDraft, problem: FieldProblem): void {
  const { field } = problem;
  const old = draft.stored?.data[field] ?? null;
  const raw = draft.raws.get(field) ?? rawText(draft.data[field]);
  if (old === null) delete draft.data[field];
  else draft.data[field] = old;
  if (draft.stored?.fieldTimes[field] !== undefined)
    draft.fieldTimes[field] = draft.stored.fieldTimes[field] ?? state.request.at;
  else delete draft.fieldTimes[field];
  draft.changed.delete(field);
  refuseField(state, draft, field, raw, problem.code, problem.message);
}

/** A changed reference must name an active record of this owner (or of the register). */
export function referenceProblems(
  state: SyncState,
  draft: RecordDraft,
  world: RecordWorld,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, spec] of Object.entries(RECORD_TABS[draft.kind].fields)) {
    if (spec.format !== 'reference' || !draft.changed.has(key)) continue;
    const target = draft.data[key];
    if (typeof target !== 'string') continue;
    const parts = parseRecordId(target);
    if (parts.ok && parts.value.operator !== null && parts.value.operator !== state.request.owner) {
      problems.push({
        field: key,
        code: 'REFERENCE_OTHER_OPERATOR',
        message: `${target} appartient à un autre opérateur : référence refusée.`,
      });
      continue;
    }
    const found = world.get(target);
    if (!found || found.archived) {
      problems.push({
        field: key,
        code: 'REFERENCE_UNKNOWN',
        message: found
          ? `${target} est archivé : choisissez un enregistrement actif.`
          : `${target} n'existe pas : vérifiez l'identifiant.`,
      });
    }
  }
  return problems;
}
