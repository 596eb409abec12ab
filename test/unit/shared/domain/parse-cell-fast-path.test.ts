import fc from 'fast-check';
import {
  cellSchema,
  parseCell,
  zodIssuesToErrors,
  type AnyFieldSpec,
} from '../../../../shared/domain/field-spec';
import { RECORD_TABS } from '../../../../shared/domain/workbook-model';

/*
 * parseCell skips zod for speed (a reconcile parses every cell of the workbook): its verdict must
 * stay the one of the field's zod cell schema, value or French error, for any cell of any field.
 */

/** The verdict through the zod cell schema, as parseCell gave it before its fast path. */
function throughZod(spec: AnyFieldSpec, raw: unknown): unknown {
  const parsed = cellSchema(spec).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: zodIssuesToErrors(parsed.error)[0] };
}

const FIELDS: readonly (readonly [string, AnyFieldSpec])[] = Object.values(RECORD_TABS).flatMap(
  (tab) => Object.entries(tab.fields).map(([key, spec]) => [`${tab.tab} › ${key}`, spec] as const),
);

/** Cells as sheets give them: text of every kind, numbers, booleans, dates, blanks. */
const TYPICAL: readonly unknown[] = [
  null,
  '',
  '   ',
  'Oui',
  'non',
  'Gouvernance',
  'Proposition reçue',
  '12/03/2026',
  '2026-03-12',
  '1 500,00 €',
  '4,5',
  '73282932000074',
  'MIS-CBE-LM-0001',
  'contact@exemple.fr',
  '=SOMME(A1:A3)',
  42,
  -1,
  3.14159,
  true,
  new Date(Date.UTC(2026, 2, 12)),
];

describe('parseCell without zod', () => {
  it.each(FIELDS)('gives the zod cell schema’s verdict for typical cells: %s', (_name, spec) => {
    for (const raw of TYPICAL) expect(parseCell(spec, raw)).toEqual(throughZod(spec, raw));
  });

  it('gives the zod cell schema’s verdict for any cell of any field', () => {
    const raw = fc.oneof(
      fc.string(),
      fc.constantFrom(...TYPICAL),
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.boolean(),
      fc.date({ noInvalidDate: false }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), raw, ([, spec], value) => {
        expect(parseCell(spec, value)).toEqual(throughZod(spec, value));
      }),
      { numRuns: 3000 },
    );
  });
});
