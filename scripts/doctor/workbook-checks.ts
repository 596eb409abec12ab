/** The checks of each workbook: reachable, laid out as expected, edited through the right path. */
import type { Config } from '../../functions/config';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { DomainError, Result } from '../../shared/domain/result';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import type { WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import { workbookFileName, type WorkbookLayout } from '../../sheets/layouts/workbook-layout';
import { columnLetterOfPosition } from '../../shared/domain/values/column-letter';
import { check, type DoctorCheck } from './doctor-check';

/** What the command saw of one workbook: the read's result, or the error it threw. */
export type WorkbookObservation =
  | { readonly kind: 'read'; readonly result: Result<WorkbookSnapshot> }
  | { readonly kind: 'thrown'; readonly reason: string };

/** The workbook can be read (locally: exists, not open, readable; Google: shared with the service account). */
export function checkWorkbookReachable(
  owner: WorkbookOwner,
  config: Config,
  observed: WorkbookObservation,
  serviceAccount: string | null,
): DoctorCheck {
  const topic = `Classeur ${owner}`;
  const google = config.spreadsheets.kind === 'google';
  if (observed.kind === 'thrown') {
    return check(
      'fail',
      topic,
      `injoignable (${observed.reason}).`,
      google
        ? `vérifiez les identifiants Google du compte de service${serviceAccount === null ? '' : ` ${serviceAccount}`} (gcloud auth application-default login) et l’accès au réseau.`
        : 'vérifiez le dossier de travail et ses droits.',
    );
  }
  if (observed.result.ok) {
    return check(
      'ok',
      topic,
      google
        ? `classeur Google ${config.spreadsheetIds[owner] ?? ''} accessible.`
        : `${workbookFileName(owner)} accessible.`,
    );
  }
  return check(
    'fail',
    topic,
    observed.result.error.message,
    workbookFix(observed.result.error, google, serviceAccount),
  );
}

function workbookFix(error: DomainError, google: boolean, serviceAccount: string | null): string {
  const account = serviceAccount ?? 'le compte de service des fonctions';
  switch (error.code) {
    case 'WORKBOOK_FORBIDDEN':
      return `partagez le classeur avec ${account} (Partager › éditeur).`;
    case 'WORKBOOK_NOT_FOUND':
      return google
        ? 'vérifiez son identifiant dans DLA_SPREADSHEET_IDS (secret dla-spreadsheet-ids).'
        : 'lancez « dla init » : il crée les classeurs manquants sans toucher aux autres.';
    case 'WORKBOOK_LOCKED':
      return 'fermez le classeur dans Excel ou LibreOffice, puis relancez « dla doctor ».';
    case 'WORKBOOK_UNREADABLE':
      return 'restaurez la version précédente (fichier .bak à côté) ou rouvrez-le et réenregistrez-le au format .xlsx.';
    default:
      return 'relancez « dla doctor » ; si cela persiste, consultez les journaux.';
  }
}

/** One difference between a workbook and its layout. */
export type LayoutDifference =
  | { readonly kind: 'missing-tab'; readonly tab: string }
  | {
      readonly kind: 'missing-column';
      readonly tab: string;
      readonly label: string;
      readonly column: string;
    }
  | {
      readonly kind: 'renamed-column';
      readonly tab: string;
      readonly label: string;
      readonly found: string;
      readonly column: string;
    }
  | {
      readonly kind: 'extra-column';
      readonly tab: string;
      readonly label: string;
      readonly column: string;
    };

/**
 * Compares the header row of every layout tab with the layout, labels matched as the sync engine
 * matches them (case, accents, spaces ignored). A layout column missing where the sheet has an
 * unknown label in its place is reported as renamed; other unknown labels are extra columns
 * (kept, ignored by the sync). Tabs the layout does not know are not looked at.
 */
export function compareLayout(
  layout: WorkbookLayout,
  snapshot: WorkbookSnapshot,
): LayoutDifference[] {
  const differences: LayoutDifference[] = [];
  for (const tab of layout.tabs) {
    const sheet = snapshot.tabs.find(
      (t) => normalizeForMatch(t.name) === normalizeForMatch(tab.name),
    );
    if (sheet === undefined) {
      differences.push({ kind: 'missing-tab', tab: tab.name });
      continue;
    }
    const header = sheet.header.map((h) => normalizeForMatch(h));
    const known = new Set(tab.columns.map((c) => normalizeForMatch(c.label)));
    const unknown = new Map<number, string>();
    sheet.header.forEach((label, index) => {
      const key = header[index] ?? '';
      if (key !== '' && !known.has(key)) unknown.set(index, label.trim());
    });
    let previous = -1;
    for (const column of tab.columns) {
      const at = header.indexOf(normalizeForMatch(column.label));
      if (at >= 0) {
        previous = at;
        continue;
      }
      const expectedAt = previous + 1;
      const found = unknown.get(expectedAt);
      if (found !== undefined) {
        unknown.delete(expectedAt);
        differences.push({
          kind: 'renamed-column',
          tab: tab.name,
          label: column.label,
          found,
          column: columnLetterOfPosition(expectedAt + 1),
        });
        previous = expectedAt;
      } else {
        differences.push({
          kind: 'missing-column',
          tab: tab.name,
          label: column.label,
          column: columnLetterOfPosition(expectedAt + 1),
        });
      }
    }
    for (const [index, label] of unknown) {
      differences.push({
        kind: 'extra-column',
        tab: tab.name,
        label,
        column: columnLetterOfPosition(index + 1),
      });
    }
  }
  return differences;
}

/** The workbook's header rows match the current layouts. */
export function checkLayout(
  owner: WorkbookOwner,
  differences: readonly LayoutDifference[],
): DoctorCheck {
  const topic = `Mise en page ${owner}`;
  if (differences.length === 0)
    return check('ok', topic, 'onglets et colonnes conformes aux modèles.');
  const problems = differences.map((d) => {
    switch (d.kind) {
      case 'missing-tab':
        return `onglet « ${d.tab} » absent`;
      case 'missing-column':
        return `onglet « ${d.tab} » : colonne « ${d.label} » absente`;
      case 'renamed-column':
        return `onglet « ${d.tab} » : colonne « ${d.label} » renommée en « ${d.found} » (colonne ${d.column})`;
      case 'extra-column':
        return `onglet « ${d.tab} » : colonne « ${d.label} » inconnue (colonne ${d.column}, ignorée par la synchronisation)`;
    }
  });
  const fixes = differences.flatMap((d) => {
    switch (d.kind) {
      case 'missing-tab':
        return [
          `recréez l’onglet « ${d.tab} » (copiez-le d’un classeur neuf créé par « dla init »)`,
        ];
      case 'missing-column':
        return [`ajoutez la colonne « ${d.label} » en ligne 1 de l’onglet « ${d.tab} »`];
      case 'renamed-column':
        return [
          `rétablissez l’intitulé exact « ${d.label} » en ${d.column}1 de l’onglet « ${d.tab} »`,
        ];
      case 'extra-column':
        return [];
    }
  });
  const blocking = fixes.length > 0;
  return check(
    blocking ? 'fail' : 'warn',
    topic,
    `${problems.join(' ; ')}.`,
    blocking
      ? `${fixes.join(' ; ')} : les valeurs de ces colonnes ne sont pas lues tant que l’en-tête diffère.`
      : 'rien d’obligatoire : retirez ces colonnes ou laissez-les, elles ne sont ni lues ni écrites.',
  );
}

/** The Apps Script trigger of a Google spreadsheet sends edits (last edit event seen). */
export function checkEditTrigger(
  owner: WorkbookOwner,
  lastEditAt: string | null,
  now: Date,
  maxDays: number,
): DoctorCheck {
  const topic = `Déclencheur Apps Script ${owner}`;
  const fix =
    'dans le classeur, Extensions › Apps Script : vérifiez les propriétés du script et exécutez « setupDla » une fois (docs/deploiement.md).';
  if (lastEditAt === null) {
    return check(
      'warn',
      topic,
      'aucune modification reçue de ce classeur : le déclencheur est-il installé ?',
      fix,
    );
  }
  const days = Math.floor((now.getTime() - Date.parse(lastEditAt)) / 86_400_000);
  if (days >= maxDays) {
    return check(
      'warn',
      topic,
      `aucune modification reçue depuis ${days} jours (dernière le ${formatParisDateTime(lastEditAt)}).`,
      `si le classeur a été modifié depuis, ${fix}`,
    );
  }
  return check('ok', topic, `dernière modification reçue le ${formatParisDateTime(lastEditAt)}.`);
}

/** Locally, edits come from saving the .xlsx files, not from an Apps Script. */
export function checkLocalEditPath(): DoctorCheck {
  return check(
    'ok',
    'Déclencheur Apps Script',
    'sans objet en local : chaque classeur .xlsx enregistré est synchronisé (« dla start » ou « dla sync »).',
  );
}
