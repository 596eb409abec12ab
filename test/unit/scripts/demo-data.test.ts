import type { z } from 'zod';
import {
  DEMO_BASE_COUNTS,
  generateDemoData,
  type DemoData,
  type DemoRow,
} from '../../../scripts/demo/demo-data';
import { planSchema, type AccompanimentPlan } from '../../../shared/domain/accompaniment-plan';
import { beneficiarySchema, type Beneficiary } from '../../../shared/domain/beneficiary';
import { formatZodError } from '../../../shared/domain/field-spec';
import { collectiveViolations, servedPlanIds } from '../../../shared/domain/collective-mission';
import { finalReportShortfall } from '../../../shared/domain/final-report';
import { fundingOf } from '../../../shared/domain/mission-funding';
import {
  dimensionScores,
  lowDimensions,
  overallSatisfaction,
} from '../../../shared/domain/satisfaction-survey';
import { missionSchema, type Mission } from '../../../shared/domain/mission';
import {
  deriveMissionStatus,
  MISSION_STATUSES,
  type MissionStatus,
} from '../../../shared/domain/mission-lifecycle';
import { checkMission, checkSolicitation } from '../../../shared/domain/mission-rules';
import { OPERATOR_CODES, type OperatorCode } from '../../../shared/domain/operator';
import {
  providerCompleteness,
  providerSchema,
  type Provider,
} from '../../../shared/domain/provider';
import { parseRecordId, type RecordKind } from '../../../shared/domain/record-id';
import { solicitationSchema, type Solicitation } from '../../../shared/domain/solicitation';
import type { IsoDate } from '../../../shared/domain/values/french-date';
import { isValidSiret } from '../../../shared/domain/values/siret';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';

const TODAY: IsoDate = '2025-03-14';
const SEED = 2007;

/** Parses every row with its schema; fails the test with the French issues of the bad rows. */
function parseRows<T>(
  schema: z.ZodType<T, Record<string, unknown>>,
  rows: readonly DemoRow[],
  label: string,
): T[] {
  const problems: string[] = [];
  const parsed: T[] = [];
  rows.forEach((row, index) => {
    const result = schema.safeParse(row);
    if (result.success) parsed.push(result.data);
    else
      problems.push(
        `${label} ligne ${index + 1}: ${formatZodError(result.error)} ${JSON.stringify(row)}`,
      );
  });
  expect(problems).toEqual([]);
  return parsed;
}

/** The sequence of an ID, checking it is of the expected kind and owner. */
function sequenceOf(id: string | null, kind: RecordKind, operator: OperatorCode | null): number {
  const parsed = parseRecordId(id);
  if (!parsed.ok) throw new Error(`Unreadable ID ${String(id)}`);
  expect(parsed.value.kind).toBe(kind);
  expect(parsed.value.operator).toBe(operator);
  return parsed.value.sequence;
}

interface TypedOperator {
  readonly beneficiaries: Beneficiary[];
  readonly plans: AccompanimentPlan[];
  readonly missions: Mission[];
  readonly solicitations: Solicitation[];
}

interface TypedData {
  readonly register: Provider[];
  readonly operators: Record<OperatorCode, TypedOperator>;
}

function parseAll(data: DemoData): TypedData {
  const operators = {} as Record<OperatorCode, TypedOperator>;
  for (const code of OPERATOR_CODES) {
    const o = data.operators[code];
    operators[code] = {
      beneficiaries: parseRows(beneficiarySchema, o.beneficiaries, `${code} Structures`),
      plans: parseRows(planSchema, o.plans, `${code} Accompagnements`),
      missions: parseRows(missionSchema, o.missions, `${code} Missions`),
      solicitations: parseRows(solicitationSchema, o.solicitations, `${code} Sollicitations`),
    };
  }
  return { register: parseRows(providerSchema, data.register, 'Registre'), operators };
}

function missionId(code: OperatorCode, index: number): string {
  return `MIS-${code}-${String(index + 1).padStart(4, '0')}`;
}

function solicitationsOf(typed: TypedOperator, id: string): Solicitation[] {
  return typed.solicitations.filter((s) => s.missionId === id);
}

function statusesOf(typed: TypedData, today: IsoDate): MissionStatus[] {
  return OPERATOR_CODES.flatMap((code) => {
    const o = typed.operators[code];
    return o.missions.map((m, i) =>
      deriveMissionStatus(m, solicitationsOf(o, missionId(code, i)), today),
    );
  });
}

const OPERATOR_TERRITORIES: Record<OperatorCode, readonly string[]> = {
  'CBE-LM': ['Métropole lilloise', 'Roubaix-Tourcoing'],
  'EE-DK': ['Dunkerquois', 'Flandre intérieure'],
  'NA-DEN': ['Valenciennois'],
  'NA-LIL': ['Métropole lilloise'],
  'I62-LEN': ['Lens-Liévin', 'Hénin-Carvin'],
  'I62-CAL': ['Calaisis', 'Boulonnais'],
};

const SCORE_KEYS = [
  'understandingByOfficer',
  'understandingByBeneficiary',
  'resultsByOfficer',
  'resultsByBeneficiary',
  'methodologyByOfficer',
  'methodologyByBeneficiary',
  'profileByOfficer',
  'profileByBeneficiary',
  'durationByOfficer',
  'durationByBeneficiary',
] as const;

describe('generateDemoData', () => {
  const demo = generateDemoData({ seed: SEED, scale: 1, today: TODAY });
  const typed = parseAll(demo);
  const big = generateDemoData({ seed: SEED, scale: 10, today: TODAY });
  const typedBig = parseAll(big);

  it('gives the same rows for the same seed and other rows for another seed', () => {
    expect(generateDemoData({ seed: SEED, scale: 1, today: TODAY })).toEqual(demo);
    const other = generateDemoData({ seed: SEED + 1, scale: 1, today: TODAY });
    expect(other).not.toEqual(demo);
    expect(other.register.map((r) => r['legalName'])).not.toEqual(
      demo.register.map((r) => r['legalName']),
    );
  });

  it.each([
    [1, demo],
    [10, big],
  ] as const)('has the expected counts at scale %i', (scale, data) => {
    expect(data.register).toHaveLength(DEMO_BASE_COUNTS.providers * scale);
    for (const code of OPERATOR_CODES) {
      const o = data.operators[code];
      expect(o.beneficiaries).toHaveLength(DEMO_BASE_COUNTS.beneficiaries * scale);
      expect(o.plans).toHaveLength(DEMO_BASE_COUNTS.plans * scale);
      expect(o.missions).toHaveLength(DEMO_BASE_COUNTS.missions * scale);
      const called = o.missions.filter((m) => m['termsSentOn'] !== null).length;
      expect(o.solicitations.length).toBeGreaterThanOrEqual(2 * called);
      expect(o.solicitations.length).toBeLessThanOrEqual(4 * called);
    }
  });

  it('writes rows with exactly the field keys of their tab and French dates', () => {
    const tabs: [RecordKind, readonly DemoRow[]][] = [
      ['provider', demo.register],
      ...OPERATOR_CODES.flatMap((code): [RecordKind, readonly DemoRow[]][] => [
        ['beneficiary', demo.operators[code].beneficiaries],
        ['plan', demo.operators[code].plans],
        ['mission', demo.operators[code].missions],
        ['solicitation', demo.operators[code].solicitations],
      ]),
    ];
    for (const [kind, rows] of tabs) {
      const fields = RECORD_TABS[kind].fields;
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(Object.keys(fields));
        for (const [key, spec] of Object.entries(fields)) {
          const value = row[key];
          if (spec.format === 'date' && value !== null)
            expect(value).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        }
      }
    }
  });

  it('gives valid SIRETs, about 15 % incomplete provider sheets, and nearby providers', () => {
    for (const data of [typed, typedBig]) {
      const sirets = data.register.flatMap((p) => (p.siret === null ? [] : [p.siret]));
      const structureSirets = OPERATOR_CODES.flatMap((code) =>
        data.operators[code].beneficiaries.flatMap((b) =>
          b.identifier === null || b.identifier.startsWith('W') ? [] : [b.identifier],
        ),
      );
      expect(sirets.length).toBeGreaterThan(0);
      expect(structureSirets.length).toBeGreaterThan(0);
      for (const siret of [...sirets, ...structureSirets]) expect(isValidSiret(siret)).toBe(true);
      expect(new Set(sirets).size).toBe(sirets.length);
      const incomplete = data.register.filter((p) => !providerCompleteness(p).sheetComplete);
      expect(incomplete.length / data.register.length).toBeCloseTo(0.15, 1);
    }
    const regional = typed.register.filter(
      (p) => p.postalCode?.startsWith('59') || p.postalCode?.startsWith('62'),
    );
    expect(regional.length).toBeGreaterThan(typed.register.length * 0.75);
    expect(new Set(typed.register.map((p) => p.legalName)).size).toBe(typed.register.length);
  });

  it('places each structure on its operator’s territory', () => {
    for (const code of OPERATOR_CODES) {
      for (const b of typed.operators[code].beneficiaries) {
        expect(OPERATOR_TERRITORIES[code]).toContain(b.territory);
      }
    }
  });

  it('refers only to the IDs the sync engine will allocate', () => {
    for (const data of [typed, typedBig]) {
      for (const code of OPERATOR_CODES) {
        const o = data.operators[code];
        for (const p of o.plans) {
          const k = sequenceOf(p.beneficiaryId, 'beneficiary', code);
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(o.beneficiaries.length);
        }
        for (const m of o.missions) {
          const k = sequenceOf(m.planId, 'plan', code);
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(o.plans.length);
        }
        for (const s of o.solicitations) {
          const mission = sequenceOf(s.missionId, 'mission', code);
          expect(mission).toBeGreaterThanOrEqual(1);
          expect(mission).toBeLessThanOrEqual(o.missions.length);
          const provider = sequenceOf(s.providerId, 'provider', null);
          expect(provider).toBeGreaterThanOrEqual(1);
          expect(provider).toBeLessThanOrEqual(data.register.length);
        }
      }
    }
  });

  it('breaks none of the guide’s cross-field rules', () => {
    for (const data of [typed, typedBig]) {
      const errors: string[] = [];
      for (const code of OPERATOR_CODES) {
        const o = data.operators[code];
        o.missions.forEach((mission, index) => {
          const id = missionId(code, index);
          const solicitations = solicitationsOf(o, id);
          const retainedId = solicitations.find((s) => s.decision === 'Retenu')?.providerId ?? null;
          const provider =
            retainedId === null
              ? undefined
              : data.register[sequenceOf(retainedId, 'provider', null) - 1];
          const violations = [
            ...checkMission({
              mission,
              solicitations,
              retainedProvider:
                retainedId === null || provider === undefined
                  ? null
                  : { id: retainedId, completeness: providerCompleteness(provider) },
            }),
            ...solicitations.flatMap((s) => checkSolicitation(s, mission, solicitations)),
          ];
          for (const v of violations.filter((x) => x.severity === 'error'))
            errors.push(`${id} ${v.code} ${v.field}: ${v.message}`);
        });
      }
      expect(errors).toEqual([]);
    }
  });

  // « reoriented » is never derived: a réorientation lets the mission go on (guide, part III).
  it('shows every lifecycle status a mission can reach, at scale 1 and at scale 10', () => {
    for (const data of [typed, typedBig]) {
      const statuses = new Set(statusesOf(data, TODAY));
      const reachable = MISSION_STATUSES.filter((s) => s !== 'reoriented');
      expect(reachable.filter((s) => !statuses.has(s))).toEqual([]);
    }
  });

  it('shows a final report checklist half done with its balance blocked, and recommendations to follow', () => {
    const missions = OPERATOR_CODES.flatMap((code) => typed.operators[code].missions);
    const halfDone = missions.filter(
      (m) =>
        m.finalReportReceivedOn !== null &&
        m.balancePaidOn === null &&
        finalReportShortfall(m.finalReportReceivedOn, m.finalReportContents)?.code ===
          'BALANCE_FINAL_REPORT_INCOMPLETE',
    );
    expect(halfDone.length).toBeGreaterThan(0);
    expect(missions.some((m) => m.recommendationsDueOn !== null)).toBe(true);
  });

  it('shows surveys in the six dimensions, and former single scores kept as « note globale »', () => {
    const answered = OPERATOR_CODES.flatMap((code) => typed.operators[code].missions).filter(
      (m) => m.surveyAnsweredOn !== null,
    );
    expect(answered.some((m) => dimensionScores(m).length === 6)).toBe(true);
    expect(answered.some((m) => m.satisfactionScore !== null)).toBe(true);
    expect(
      answered.some((m) => m.satisfactionScore === null && dimensionScores(m).length === 6),
    ).toBe(true);
  });

  it('shows funders on awarded missions, partners included, and advances paid', () => {
    const missions = OPERATOR_CODES.flatMap((code) => typed.operators[code].missions);
    const funded = missions.filter((m) => m.funding !== null);
    expect(funded.length).toBeGreaterThan(0);
    expect(funded.every((m) => m.awardedOn !== null)).toBe(true);
    expect(funded.some((m) => fundingOf(m.funding).some((l) => l.partner))).toBe(true);
    expect(missions.some((m) => m.advancePaidOn !== null && m.advanceCents !== null)).toBe(true);
  });

  it('shows a collective mission over three structures', () => {
    const missions = OPERATOR_CODES.flatMap((code) => typed.operators[code].missions);
    const collective = missions.filter((m) => m.engineeringType === 'Collective');
    expect(collective.some((m) => servedPlanIds(m).length === 3)).toBe(true);
    for (const m of collective) expect(collectiveViolations(m)).toEqual([]);
  });

  it('records the consultant warning apart from the DLA decision, a réorientation going on', () => {
    const missions = OPERATOR_CODES.flatMap((code) => typed.operators[code].missions);
    const decided = missions.filter((m) => m.interruptionKind !== null);
    expect(decided.length).toBeGreaterThan(0);
    for (const m of decided) {
      expect(m.warningOn).not.toBeNull();
      expect(
        m.warningOn !== null && m.interruptionOn !== null && m.warningOn <= m.interruptionOn,
      ).toBe(true);
    }
    const reoriented = missions.filter((m) => m.interruptionKind === 'Réorientation');
    expect(reoriented.length).toBeGreaterThan(0);
    for (const m of reoriented) expect(deriveMissionStatus(m, [], TODAY)).not.toBe('suspended');
  });

  it('keeps each stage coherent with the guide', () => {
    let lowSatisfaction = 0;
    let lateAnswers = 0;
    let scopeExtensions = 0;
    for (const code of OPERATOR_CODES) {
      const o = typed.operators[code];
      o.missions.forEach((m, index) => {
        const solicitations = solicitationsOf(o, missionId(code, index));
        const status = deriveMissionStatus(m, solicitations, TODAY);
        if (m.termsSentOn === null) expect(solicitations).toHaveLength(0);
        else {
          expect(solicitations.length).toBeGreaterThanOrEqual(2);
          expect(solicitations.length).toBeLessThanOrEqual(4);
        }
        if (status === 'callOpen')
          expect(m.replyDeadline !== null && m.replyDeadline > TODAY).toBe(true);
        const retained = solicitations.filter((s) => s.decision === 'Retenu');
        expect(retained).toHaveLength(m.awardedOn === null ? 0 : 1);
        if (m.awardedOn !== null) {
          for (const s of solicitations) {
            if (s.answer === 'Proposition reçue' || s.answer === 'Hors délai')
              expect(s.decision).not.toBeNull();
          }
        }
        if (m.balancePaidOn !== null) {
          expect(m.finalReportReceivedOn).not.toBeNull();
          expect(m.restitutionOn).not.toBeNull();
        }
        const overall = overallSatisfaction(m);
        if (overall !== null) {
          expect(m.surveyAnsweredOn).not.toBeNull();
          if (overall <= 2 || lowDimensions(m, 2).length > 0) lowSatisfaction += 1;
        }
        if (m.scopeExtensionOn !== null) scopeExtensions += 1;
        for (const s of solicitations) {
          if (s.answer === 'Hors délai') lateAnswers += 1;
          if (s.answer === 'Décliné' || s.answer === 'En attente') {
            expect(s.priceCents).toBeNull();
            for (const key of SCORE_KEYS) expect(s[key]).toBeNull();
          }
          if (s.priceCents !== null && m.budgetCeilingCents !== null) {
            expect(s.priceCents).toBeGreaterThanOrEqual(m.budgetCeilingCents * 0.6);
            expect(s.priceCents).toBeLessThanOrEqual(m.budgetCeilingCents * 1.4);
          }
          if (m.awardedOn !== null && s.answer === 'Proposition reçue') {
            for (const key of SCORE_KEYS) expect(s[key]).not.toBeNull();
          }
        }
      });
    }
    expect(lowSatisfaction).toBeGreaterThan(0);
    expect(lateAnswers).toBeGreaterThan(0);
    expect(scopeExtensions).toBeGreaterThanOrEqual(OPERATOR_CODES.length);
  });

  it('stays fast at scale 50', () => {
    const started = performance.now();
    const huge = generateDemoData({ seed: SEED, scale: 50, today: TODAY });
    const elapsed = performance.now() - started;
    expect(huge.register).toHaveLength(DEMO_BASE_COUNTS.providers * 50);
    expect(huge.operators['CBE-LM'].missions).toHaveLength(DEMO_BASE_COUNTS.missions * 50);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('refuses a scale that is not positive and a day that is not aaaa-mm-jj', () => {
    expect(() => generateDemoData({ seed: 1, scale: 0, today: TODAY })).toThrow(RangeError);
    expect(() => generateDemoData({ seed: 1, scale: 1, today: '14/03/2025' })).toThrow(RangeError);
  });
});
