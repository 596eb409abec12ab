/**
 * One operator's demo workbook: missions at every stage with their solicitations, the plans
 * they belong to, the structures those plans serve, then the four tabs' rows in entry order.
 */
import type { OperatorCode } from '../../shared/domain/operator';
import { formatRecordId } from '../../shared/domain/record-id';
import { SOLICITATION_FIELDS } from '../../shared/domain/solicitation';
import { DEMO_BASE_COUNTS, type DemoRow, type OperatorDemoData } from './demo-data-model';
import type { BeneficiaryDraft, MissionDraft, PlanDraft } from './demo-drafts';
import { STAGE_BLOCK } from './demo-mission-calendar';
import { missionRow } from './demo-mission-rows';
import { generateMission } from './demo-missions';
import { planRow } from './demo-plans';
import type { Context, Random } from './demo-random';
import type { Register } from './demo-register';
import { generateSolicitations } from './demo-solicitations';
import { beneficiaryRow, generateBeneficiary } from './demo-structures';
import { OPERATOR_TERRITORIES } from './demo-towns.data';
import { countFor, personName, rowOf } from './demo-typed-values';

/** Missions, at every stage of the lifecycle, each with its solicitations. */
function generateMissions(ctx: Context, scale: number, register: Register): MissionDraft[] {
  const { rng } = ctx;
  const officers = Array.from({ length: 3 }, () => {
    const p = personName(rng);
    return `${p.first} ${p.last}`;
  });
  const missionCount = countFor(DEMO_BASE_COUNTS.missions, scale);
  const missions: MissionDraft[] = [];
  for (let i = 0; i < missionCount; i += 1) {
    const entry = STAGE_BLOCK[i % STAGE_BLOCK.length] ?? { stage: 'draft' };
    const mission = generateMission(rng, entry.stage, entry, officers);
    generateSolicitations(ctx, mission, register);
    missions.push(mission);
  }
  return missions;
}

/** Plans: most carry one mission, some two or three, a few none yet. */
function generatePlans(rng: Random, scale: number, missions: MissionDraft[]): PlanDraft[] {
  const planCount = countFor(DEMO_BASE_COUNTS.plans, scale);
  const plans: PlanDraft[] = Array.from({ length: planCount }, () => ({
    sequence: 0,
    missions: [],
    diagnosticDay: 0,
    beneficiary: null,
  }));
  const withMissions = Math.max(
    1,
    Math.min(missions.length, planCount - Math.round(planCount * 0.1)),
  );
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
  return plans;
}

/** Structures: one per plan, a few with two plans, some only welcomed so far. */
function generateStructures(
  rng: Random,
  code: OperatorCode,
  scale: number,
  plans: PlanDraft[],
): BeneficiaryDraft[] {
  const beneficiaryCount = countFor(DEMO_BASE_COUNTS.beneficiaries, scale);
  const usedNames = new Set<string>();
  const territories = OPERATOR_TERRITORIES[code];
  const beneficiaries = Array.from({ length: beneficiaryCount }, () =>
    generateBeneficiary(rng, territories, usedNames),
  );
  const distinct = Math.max(1, Math.min(beneficiaryCount, Math.round(plans.length * 0.9)));
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
  return beneficiaries;
}

/** Sorts drafts in the order a chargé de mission entered them and numbers them: IDs follow it. */
function numberInEntryOrder<T extends { sequence: number }>(
  drafts: T[],
  day: (draft: T) => number,
): void {
  drafts.sort((a, b) => day(a) - day(b));
  drafts.forEach((draft, i) => {
    draft.sequence = i + 1;
  });
}

/**
 * A collective mission serves its own structure and two others (guide: « ingénieries […]
 * collectives »), each through its plan.
 */
function linkCollectiveMissions(rng: Random, missions: MissionDraft[], plans: PlanDraft[]): void {
  for (const m of missions) {
    if (m.engineeringType !== 'Collective' || m.plan === null) continue;
    const own = m.plan.beneficiary;
    const others = plans.filter(
      (p) => p !== m.plan && p.beneficiary !== null && p.beneficiary !== own,
    );
    m.otherPlans = rng.sample(others, Math.min(2, others.length));
  }
}

function solicitationRows(code: OperatorCode, missions: readonly MissionDraft[]): DemoRow[] {
  return missions.flatMap((m) =>
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
  );
}

/** The four record tabs of one operator's demo workbook, drawn from the shared context. */
export function generateOperator(
  ctx: Context,
  code: OperatorCode,
  scale: number,
  register: Register,
  usedSirets: Set<string>,
): OperatorDemoData {
  const { rng } = ctx;
  const missions = generateMissions(ctx, scale, register);
  const plans = generatePlans(rng, scale, missions);
  const beneficiaries = generateStructures(rng, code, scale, plans);
  numberInEntryOrder(beneficiaries, (b) => b.welcomedDay);
  numberInEntryOrder(plans, (p) => p.diagnosticDay);
  numberInEntryOrder(missions, (m) => m.refDay);
  linkCollectiveMissions(rng, missions, plans);
  return {
    beneficiaries: beneficiaries.map((b) => beneficiaryRow(ctx, b, usedSirets)),
    plans: plans.map((p) => planRow(ctx, code, p)),
    missions: missions.map((m) => missionRow(ctx, code, m)),
    solicitations: solicitationRows(code, missions),
  };
}
