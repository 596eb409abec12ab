import type { Mission } from './mission';
import { referenceParser } from './record-id';
import { fail, ok, type Result } from './result';
import { blankOrFormulaFailure, cleanCellText } from './values/text';

const parsePlanId = referenceParser('plan');

/**
 * Parses « Autres accompagnements (ID) »: the plans of the other structures a collective mission
 * serves (guide, part I.C: « ingénieries individuelles ou collectives »), IDs ACC-… separated by
 * commas or semicolons, each once.
 */
export function parsePlanIds(raw: unknown): Result<string[]> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const ids: string[] = [];
  for (const part of cleanCellText(String(raw)).split(/[,;]/)) {
    if (part.trim() === '') continue;
    const id = parsePlanId(part.trim());
    if (!id.ok) return id;
    if (ids.includes(id.value))
      return fail('PLAN_LISTED_TWICE', `${id.value} est cité deux fois : une fois suffit.`);
    ids.push(id.value);
  }
  return ids.length === 0 ? fail('PLAN_IDS_EMPTY', 'Aucun identifiant ACC-… lu.') : ok(ids);
}

/** Every plan a mission serves: its own first, then the others of a collective mission. */
export function servedPlanIds(mission: Pick<Mission, 'planId' | 'otherPlanIds'>): string[] {
  const ids = [
    ...(mission.planId === null ? [] : [mission.planId]),
    ...(mission.otherPlanIds ?? []),
  ];
  return [...new Set(ids)];
}

/** A rule broken by the structures a mission names. */
export interface CollectiveViolation {
  readonly code: string;
  readonly field: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * An individual mission serves one structure; a collective one names every structure it serves
 * (their plans), at least two.
 */
export function collectiveViolations(mission: Mission): CollectiveViolation[] {
  const others = mission.otherPlanIds ?? [];
  if (mission.engineeringType !== 'Collective') {
    return others.length === 0
      ? []
      : [
          {
            code: 'OTHER_PLANS_ON_INDIVIDUAL',
            field: 'otherPlanIds',
            severity: 'error',
            message:
              'Une mission individuelle sert une seule structure : choisissez « Collective » dans « Type d’ingénierie » ou videz « Autres accompagnements (ID) ».',
          },
        ];
  }
  const violations: CollectiveViolation[] = [];
  if (mission.planId !== null && others.includes(mission.planId)) {
    violations.push({
      code: 'PLAN_LISTED_TWICE',
      field: 'otherPlanIds',
      severity: 'error',
      message: `${mission.planId} est déjà l'accompagnement principal de la mission.`,
    });
  }
  if (servedPlanIds(mission).length < 2) {
    violations.push({
      code: 'COLLECTIVE_SINGLE_STRUCTURE',
      field: 'otherPlanIds',
      severity: 'warning',
      message:
        'Mission collective : indiquez dans « Autres accompagnements (ID) » les accompagnements de chaque autre structure servie.',
    });
  }
  return violations;
}
