import { C2RA, OPERATOR_CODES, type WorkbookOwner } from './operator';
import { parseRecordId } from './record-id';
import { fail, ok, type Result } from './result';
import { isBlank } from './values/cell-value';
import { ID_COLUMN, recordTabByName } from './workbook-model';
import type { WorkbookSnapshot } from './workbook-snapshot';

const OWNERS: readonly string[] = [...OPERATOR_CODES, C2RA];

/** What the identity check decided for a workbook about to be synced. */
export interface IdentityCheck {
  /** True when the workbook had no owner mark: the sync writes it. */
  readonly adopt: boolean;
  /** A French warning for the report and the Journal, or null. */
  readonly warning: string | null;
}

/** The owner a workbook name points at (`dla-EE-DK.xlsx`, « DLA EE-DK »), or null. */
export function ownerNamedIn(name: string): WorkbookOwner | null {
  const upper = name.toUpperCase();
  const found = [...OWNERS]
    .sort((a, b) => b.length - a.length)
    .find((code) => new RegExp(`(^|[^A-Z0-9])${code}([^A-Z0-9-]|$)`).test(upper));
  return (found as WorkbookOwner | undefined) ?? null;
}

/** The operator whose IDs fill most of the workbook's record tabs, when it is not `owner`. */
function otherOwnerOfIds(owner: WorkbookOwner, snapshot: WorkbookSnapshot): string | null {
  const counts = new Map<string, number>();
  for (const tab of snapshot.tabs) {
    const recordTab = recordTabByName(tab.name);
    if (!recordTab) continue;
    const idIndex = tab.header.findIndex((h) => String(h).trim() === ID_COLUMN);
    if (idIndex < 0) continue;
    for (const row of tab.rows) {
      const value = row.cells[idIndex]?.value ?? null;
      if (isBlank(value)) continue;
      const parsed = parseRecordId(value);
      if (!parsed.ok || parsed.value.operator === null) continue;
      counts.set(parsed.value.operator, (counts.get(parsed.value.operator) ?? 0) + 1);
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const [top, topCount] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return top !== null && top !== owner && topCount * 2 > total ? top : null;
}

function refusal(owner: WorkbookOwner, other: string, name: string, why: string): Result<never> {
  return fail(
    'WORKBOOK_OTHER_OWNER',
    `Le classeur ${name} appartient à ${other} (${why}), pas à ${owner} : rien n'a été lu ni écrit. ` +
      `Synchronisez-le sous ${other}, ou choisissez le classeur de ${owner}.`,
  );
}

/**
 * Whose a workbook is, checked before anything of it reaches the store: a workbook marked for
 * another owner is refused; an unmarked one (made before the mark existed) is refused when its
 * name or most of its IDs point at another operator, and otherwise adopted with a warning.
 */
export function checkWorkbookOwner(
  owner: WorkbookOwner,
  snapshot: WorkbookSnapshot,
): Result<IdentityCheck> {
  const identity = snapshot.identity;
  if (identity === undefined) return ok({ adopt: false, warning: null });
  const { mark, name } = identity;
  if (mark !== null && mark.trim() !== '') {
    const marked = mark.trim().toUpperCase();
    if (marked === owner) return ok({ adopt: false, warning: null });
    return refusal(owner, marked, name, 'marque du classeur');
  }
  const named = ownerNamedIn(name);
  if (named !== null && named !== owner) return refusal(owner, named, name, 'nom du classeur');
  const byIds = otherOwnerOfIds(owner, snapshot);
  if (byIds !== null) return refusal(owner, byIds, name, 'identifiants de ses lignes');
  return ok({
    adopt: true,
    warning: `Classeur ${name} sans marque de propriétaire (créé avant cette version) : il est désormais marqué ${owner}.`,
  });
}
