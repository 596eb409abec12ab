/** A demo accompaniment plan as its row: issues, actions, status, planned end. */
import { PLAN_FIELDS } from '../../shared/domain/accompaniment-plan';
import type { OperatorCode } from '../../shared/domain/operator';
import { formatRecordId } from '../../shared/domain/record-id';
import type { DemoRow } from './demo-data-model';
import type { PlanDraft } from './demo-drafts';
import type { Context, Random } from './demo-random';
import { rowOf } from './demo-typed-values';
import {
  DIAGNOSTIC_SUMMARIES,
  MISSION_COMPETENCES,
  PLAN_NON_ENGINEERING_ACTIONS,
} from './demo-vocabulary.data';

function planStatus(rng: Random, plan: PlanDraft): string {
  if (plan.missions.length === 0) return rng.chance(0.7) ? 'En préparation' : 'En cours';
  const stages = plan.missions.map((m) => m.stage);
  if (stages.every((s) => s === 'stopped')) return 'Abandonné';
  if (stages.every((s) => s === 'closed' || s === 'stopped')) return 'Terminé';
  return 'En cours';
}

export function planRow(ctx: Context, operator: OperatorCode, plan: PlanDraft): DemoRow {
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
