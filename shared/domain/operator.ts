import { z } from 'zod';

/** The six DLA operators (structures d'accueil) of Nord – Pas de Calais, as the guide lists them. */
export const OPERATORS = [
  {
    code: 'CBE-LM',
    name: "Comité de Bassin d'Emploi de Lille Métropole",
    town: 'Lille',
    phone: '03 59 30 67 30',
  },
  { code: 'EE-DK', name: 'Entreprendre Ensemble', town: 'Dunkerque', phone: '03 28 22 64 26' },
  { code: 'NA-DEN', name: 'NordActif', town: 'Denain', phone: '03 27 44 32 58' },
  { code: 'NA-LIL', name: 'NordActif', town: 'Lille', phone: '03 20 74 57 40' },
  { code: 'I62-LEN', name: 'Inseraction 62', town: 'Lens', phone: '03 21 42 68 44' },
  { code: 'I62-CAL', name: 'Inseraction 62', town: 'Calais', phone: '03 21 00 83 08' },
] as const;

/** The code of one of the six operators, e.g. `CBE-LM`. */
export type OperatorCode = (typeof OPERATORS)[number]['code'];

/** One DLA operator. */
export type Operator = (typeof OPERATORS)[number];

/** The regional resource centre, which owns the provider register. */
export const C2RA = 'C2RA' as const;

/** Who a workbook belongs to: one of the six operators, or the C2RA. */
export type WorkbookOwner = OperatorCode | typeof C2RA;

/** The six operator codes, in the guide's order. */
export const OPERATOR_CODES = OPERATORS.map((o) => o.code) as unknown as readonly [
  OperatorCode,
  ...OperatorCode[],
];

/** Validates an operator code. */
export const operatorCodeSchema = z.enum(OPERATOR_CODES, {
  error: () => `Opérateur inconnu : choisissez parmi ${OPERATOR_CODES.join(', ')}.`,
});

/** Validates a workbook owner: an operator code or `C2RA`. */
export const workbookOwnerSchema = z.enum([...OPERATOR_CODES, C2RA], {
  error: () => `Classeur inconnu : choisissez parmi ${[...OPERATOR_CODES, C2RA].join(', ')}.`,
});

/** The operator with this code. */
export function operatorByCode(code: OperatorCode): Operator {
  const found = OPERATORS.find((o) => o.code === code);
  if (!found) throw new Error(`Unknown operator code ${code}`);
  return found;
}

/** The display name of an operator with its town, e.g. « NordActif (Denain) ». */
export function operatorDisplayName(code: OperatorCode): string {
  const o = operatorByCode(code);
  return o.name.includes(o.town) ? o.name : `${o.name} (${o.town})`;
}
