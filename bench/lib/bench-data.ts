/**
 * The data every benchmark works on: the deterministic demo generator of `dla init --demo`
 * (`scripts/demo/demo-data.ts`) at the scale a case asks for, seen from a fixed day so that two
 * runs measure exactly the same rows, and its rows turned into stored records for the cases that
 * need no sync (scoring, alerts, consolidation, export).
 *
 * @packageDocumentation
 */
import {
  DEMO_BASE_COUNTS,
  generateDemoData,
  type DemoData,
  type DemoRow,
  type OperatorDemoData,
} from '../../scripts/demo/demo-data';
import { asProvider } from '../../shared/domain/entity-view';
import {
  cellSchema,
  parseCell,
  zodIssuesToErrors,
  type AnyFieldSpec,
} from '../../shared/domain/field-spec';
import type { Result } from '../../shared/domain/result';
import { MISSION_FIELDS } from '../../shared/domain/mission';
import { C2RA, type OperatorCode, type WorkbookOwner } from '../../shared/domain/operator';
import { providerCompleteness } from '../../shared/domain/provider';
import { formatRecordId, parseRecordId, type RecordKind } from '../../shared/domain/record-id';
import type { IsoDate } from '../../shared/domain/values/french-date';
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import type { Clock } from '../../shared/ports/clock';
import type { FieldJson, Rejection, StoredRecord } from '../../shared/domain/stored-record';

/** The seed of every benchmark data set (the demo's own seed). */
export const BENCH_SEED = 2007;

/** The day every data set is seen from, and the day every sync runs on. */
export const BENCH_TODAY: IsoDate = '2026-06-15';

/** The instant every benchmark clock shows (a weekday morning in Paris). */
export const BENCH_NOW = new Date('2026-06-15T08:30:00.000Z');

/** A clock stopped at {@link BENCH_NOW}: derived columns and audit times never drift between runs. */
export const benchClock: Clock = { now: () => new Date(BENCH_NOW.getTime()) };

/** The operator whose workbook the reconcile benchmarks use. */
export const BENCH_OPERATOR: OperatorCode = 'CBE-LM';

/**
 * Rows of one operator's four record tabs at scale 1: structures, plans, missions and their
 * solicitations (measured once on the generator: 12 + 10 + 15 + 41).
 */
export const OPERATOR_ROWS_AT_SCALE_1 = 78;

/** The generator's scale that gives one operator about `rows` rows across its record tabs. */
export function scaleForOperatorRows(rows: number): number {
  return rows / OPERATOR_ROWS_AT_SCALE_1;
}

/** The generator's scale that gives each operator `missions` missions. */
export function scaleForMissions(missions: number): number {
  return missions / DEMO_BASE_COUNTS.missions;
}

/** The generator's scale that gives a register of `providers` providers. */
export function scaleForProviders(providers: number): number {
  return providers / DEMO_BASE_COUNTS.providers;
}

/** Generates the demo data set at a scale, seen from {@link BENCH_TODAY}. */
export function benchData(scale: number): DemoData {
  return generateDemoData({ seed: BENCH_SEED, scale, today: BENCH_TODAY });
}

/** The cell schema of each field, built once (building one per cell would dominate the run). */
const schemas = new Map<AnyFieldSpec, ReturnType<typeof cellSchema>>();

/** {@link parseCell} with the field's schema built once: the same verdict, much faster in bulk. */
function parseCached(spec: AnyFieldSpec, raw: unknown): Result<unknown> {
  let schema = schemas.get(spec);
  if (schema === undefined) {
    schema = cellSchema(spec);
    schemas.set(spec, schema);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = zodIssuesToErrors(parsed.error)[0];
  return { ok: false, error: first ?? { code: 'INVALID', message: 'Valeur refusée.' } };
}

/** Instant of creation of every in-memory record: the day before the run. */
const CREATED_AT = '2026-06-14T16:00:00.000Z';

/**
 * One tab of demo rows as stored records, as the sync would store them: IDs allocated from 1 in
 * row order (the IDs the generator predicted), each cell parsed by its field's parser, a refused
 * cell kept in `rejected` with the field left empty. Cross-field rules are not applied: this is
 * input for the pure domain functions, not a replacement for the sync.
 */
export function recordsOf(
  kind: RecordKind,
  owner: WorkbookOwner,
  rows: readonly DemoRow[],
): StoredRecord[] {
  const fields = RECORD_TABS[kind].fields;
  const operator = owner === C2RA ? null : owner;
  return rows.map((row, index) => {
    const data: Record<string, FieldJson> = {};
    const rejected: Record<string, Rejection> = {};
    const fieldTimes: Record<string, string> = {};
    for (const [key, spec] of Object.entries(fields)) {
      const raw = row[key] ?? null;
      const parsed = parseCached(spec, raw);
      if (parsed.ok) {
        data[key] = parsed.value as FieldJson;
        if (parsed.value !== null) fieldTimes[key] = CREATED_AT;
      } else {
        data[key] = null;
        rejected[key] = {
          raw: String(raw),
          code: parsed.error.code,
          message: parsed.error.message,
        };
      }
    }
    return {
      id: formatRecordId({
        kind,
        operator: kind === 'provider' ? null : operator,
        sequence: index + 1,
      }),
      kind,
      owner,
      data,
      fieldTimes,
      rejected,
      archived: false,
      version: 1,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
    };
  });
}

/** Every record of one operator (structures, plans, missions, solicitations). */
export function operatorRecords(code: OperatorCode, data: OperatorDemoData): StoredRecord[] {
  return [
    ...recordsOf('beneficiary', code, data.beneficiaries),
    ...recordsOf('plan', code, data.plans),
    ...recordsOf('mission', code, data.missions),
    ...recordsOf('solicitation', code, data.solicitations),
  ];
}

/** The regional register as stored records. */
export function registerRecords(data: DemoData): StoredRecord[] {
  return recordsOf('provider', C2RA, data.register);
}

/** Rows of the operator workbook whose data set gives the register every reconcile case shares. */
export const REGISTER_REFERENCE_ROWS = 1_000;

/**
 * The regional register of the reconcile cases: the one generated with the 1,000-row data set
 * (about 770 providers), the same for every size. A region's register does not grow with one
 * operator's workbook; letting it grow with the generator's scale (38,000 providers at 50,000
 * rows) would measure the register, not the workbook (see the suggestion probe for its cost).
 */
export function referenceRegister(): DemoRow[] {
  return benchData(scaleForOperatorRows(REGISTER_REFERENCE_ROWS)).register;
}

/**
 * The operator's rows with each solicited provider replaced by one of `register` that has the
 * mission's required competence and the same sheet completeness (a paid balance needs a complete
 * sheet), never twice in the same mission: the data stay coherent with the guide's rules.
 * `generatedRegister` is the register the rows were generated against.
 */
export function remapProviders(
  code: OperatorCode,
  operator: OperatorDemoData,
  generatedRegister: readonly DemoRow[],
  register: readonly DemoRow[],
): OperatorDemoData {
  if (generatedRegister === register) return operator;
  const completeOf = (rows: readonly DemoRow[]) =>
    recordsOf('provider', C2RA, rows).map((r) => ({
      id: r.id,
      provider: asProvider(r.data),
    }));
  const generated = new Map(
    completeOf(generatedRegister).map((p) => [
      p.id,
      providerCompleteness(p.provider).sheetComplete,
    ]),
  );
  const buckets = new Map<string, string[]>();
  const fallback = new Map<string, string[]>();
  for (const { id, provider } of completeOf(register)) {
    const complete = providerCompleteness(provider).sheetComplete;
    for (const competence of provider.competences ?? []) {
      const key = `${competence}|${String(complete)}`;
      buckets.set(key, [...(buckets.get(key) ?? []), id]);
      fallback.set(competence, [...(fallback.get(competence) ?? []), id]);
    }
  }
  const allIds = register.map((_, i) =>
    formatRecordId({ kind: 'provider', operator: null, sequence: i + 1 }),
  );
  const competenceOf = new Map<string, string | null>();
  operator.missions.forEach((row, i) => {
    const parsed = parseCell(MISSION_FIELDS.requiredCompetence, row['requiredCompetence'] ?? null);
    competenceOf.set(
      formatRecordId({ kind: 'mission', operator: code, sequence: i + 1 }),
      parsed.ok ? parsed.value : null,
    );
  });
  const usedByMission = new Map<string, Set<string>>();
  const solicitations = operator.solicitations.map((row) => {
    const missionId = String(row['missionId'] ?? '');
    const original = parseRecordId(row['providerId'] ?? null);
    if (!original.ok) return row;
    const competence = competenceOf.get(missionId) ?? null;
    const complete = generated.get(formatRecordId(original.value)) ?? false;
    const candidates =
      (competence === null ? undefined : buckets.get(`${competence}|${String(complete)}`)) ??
      (competence === null ? undefined : fallback.get(competence)) ??
      allIds;
    const used = usedByMission.get(missionId) ?? new Set<string>();
    usedByMission.set(missionId, used);
    const start = Math.imul(original.value.sequence, 2_654_435_761) >>> 0;
    let picked = candidates[start % candidates.length] ?? allIds[0] ?? '';
    for (let step = 1; used.has(picked) && step <= candidates.length; step += 1) {
      picked = candidates[(start + step) % candidates.length] ?? picked;
    }
    used.add(picked);
    return { ...row, providerId: picked };
  });
  return { ...operator, solicitations };
}
