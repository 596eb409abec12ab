/**
 * The table of the operator defaults (ours: the guide gives no weight, delay, threshold or
 * scale), written from the « Paramètres » definitions so the docs cannot drift from the code.
 */
import { PARAMETER_DEFINITIONS } from '../../shared/domain/operator-parameters';

function frenchNumber(value: number): string {
  return String(value).replace('.', ',');
}

/** One row per parameter: its label in the « Paramètres » tab, our default, what may be typed. */
export function operatorDefaultsTable(): string {
  const rows = Object.values(PARAMETER_DEFINITIONS).map((d) => {
    const allowed =
      'choices' in d
        ? d.choices.join(' / ')
        : `${frenchNumber(d.min)} à ${frenchNumber(d.max).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`;
    const value =
      typeof d.defaultValue === 'number' ? frenchNumber(d.defaultValue) : d.defaultValue;
    return `| ${d.label} | ${value} | ${allowed} |`;
  });
  return [
    '| Paramètre (onglet « Paramètres ») | Défaut de l’opérateur | Valeurs admises |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}
