import type { Mission } from './mission';

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
