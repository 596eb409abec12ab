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
