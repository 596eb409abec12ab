import type { RecordData } from './stored-record';
import type { AccompanimentPlan } from './accompaniment-plan';
import { PLAN_FIELDS } from './accompaniment-plan';
import type { Beneficiary } from './beneficiary';
import { BENEFICIARY_FIELDS } from './beneficiary';
import type { AnyFieldSpec, FieldsRecord } from './field-spec';
import { MISSION_FIELDS, type Mission } from './mission';
import { PROVIDER_FIELDS, type Provider } from './provider';
import { SOLICITATION_FIELDS, type Solicitation } from './solicitation';

/**
 * Reads stored data as a typed entity: every field of the entity present, null where the store
 * has nothing (a field added to the guide after the record was written).
 */
export function entityFromData<F extends Record<string, AnyFieldSpec>>(
  fields: F,
  data: RecordData,
): FieldsRecord<F> {
  const entity: Record<string, unknown> = {};
  for (const key of keysOf(fields)) entity[key] = data[key] ?? null;
  return entity as FieldsRecord<F>;
}

const FIELD_KEYS = new WeakMap<object, readonly string[]>();

/** The keys of a field table, listed once: a register of 40,000 providers is typed per reconcile. */
function keysOf(fields: Record<string, AnyFieldSpec>): readonly string[] {
  let keys = FIELD_KEYS.get(fields);
  if (keys === undefined) {
    keys = Object.keys(fields);
    FIELD_KEYS.set(fields, keys);
  }
  return keys;
}

/** Stored data as a mission. */
export const asMission = (data: RecordData): Mission => entityFromData(MISSION_FIELDS, data);
/** Stored data as a solicitation. */
export const asSolicitation = (data: RecordData): Solicitation =>
  entityFromData(SOLICITATION_FIELDS, data);
/** Stored data as a provider. */
export const asProvider = (data: RecordData): Provider => entityFromData(PROVIDER_FIELDS, data);
/** Stored data as a beneficiary. */
export const asBeneficiary = (data: RecordData): Beneficiary =>
  entityFromData(BENEFICIARY_FIELDS, data);
/** Stored data as a plan. */
export const asPlan = (data: RecordData): AccompanimentPlan => entityFromData(PLAN_FIELDS, data);
