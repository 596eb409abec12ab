/**
 * The tabs and columns of docs/guide-operateur.md, generated from the workbook layouts
 * (sheets/layouts) so that the guide cannot drift from the workbooks.
 *
 * @packageDocumentation
 */
import type { WorkbookOwner } from '../../shared/domain/operator';
import { layoutFor, type ColumnLayout, type TabLayout } from '../../sheets/layouts/workbook-layout';

const TAB_ROLES: Readonly<Record<string, string>> = {
  records: 'vous y saisissez vos lignes',
  system: 'écrit par le système : ne rien y saisir, sauf les colonnes de suivi indiquées',
  parameters: 'réglages de votre classeur',
  register: 'copie du registre régional, en lecture',
};

/** « à saisir (obligatoire) », « calculée », with the confidentiality mark. */
function who(column: ColumnLayout): string {
  const parts = [
    column.protected
      ? 'calculée (grisée)'
      : column.required
        ? '**à saisir, obligatoire**'
        : 'à saisir',
    ...(column.confidential ? ['confidentielle : ne quitte jamais l’opérateur'] : []),
  ];
  return parts.join(' ; ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function tabSection(tab: TabLayout): string {
  const rows = tab.columns.map((column) => {
    const choices =
      column.choices === undefined || column.choices.length === 0
        ? ''
        : ` Valeurs : ${column.choices.map((c) => `« ${c} »`).join(', ')}.`;
    return `| ${cell(column.label)} | ${who(column)} | ${cell(column.note)}${cell(choices)} |`;
  });
  return [
    `#### Onglet « ${tab.name} » — ${TAB_ROLES[tab.role] ?? tab.role}`,
    '',
    '| colonne | qui la remplit | ce qu’elle contient |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Every tab and column of one kind of workbook, as Markdown. */
export function workbookTables(owner: WorkbookOwner): string {
  return layoutFor(owner).tabs.map(tabSection).join('\n\n');
}

/** Every column label of the workbooks (for the test that the guide names them all). */
export function allColumnLabels(): { tab: string; label: string }[] {
  return (['CBE-LM', 'C2RA'] as const).flatMap((owner) =>
    layoutFor(owner).tabs.flatMap((tab) =>
      tab.columns.map((c) => ({ tab: tab.name, label: c.label })),
    ),
  );
}
