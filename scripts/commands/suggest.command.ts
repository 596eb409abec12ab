import { stripControlCharacters } from '../../shared/domain/values/text-normalization';
import {
  suggestForMission,
  type MissionSuggestions,
  type SuggestedProvider,
} from '../../shared/use-cases/suggest-providers';
import { cannotRun, openWorkspace } from '../workspace-context';

/** The most consultants `--limit` may ask for. */
export const MAX_SUGGESTIONS = 20;
/** The longest run of declined calls `--exclude-decliners` may look at. */
export const MAX_DECLINED_CALLS = 10;

/** A whole number from `min` to `max` as typed on the command line; undefined when absent, null when wrong. */
function parseWhole(raw: string | undefined, min: number, max: number): number | null | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

const FRENCH_SCORE = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

function clean(text: string | null): string {
  return stripControlCharacters(text ?? '');
}

function describeSuggestion(s: SuggestedProvider, rank: number, count: number): string[] {
  const name = clean(s.legalName);
  const town = clean(s.town);
  const email = clean(s.email);
  // The competence is the same for all, and stated on the mission line.
  const reasons = s.reasons.slice(1).map(clean).join(', ');
  const number = `  ${String(rank).padStart(String(count).length)}. `;
  const indent = ' '.repeat(number.length);
  return [
    `${number}${s.providerId}  ${name === '' ? '(sans raison sociale)' : name}${town === '' ? '' : ` — ${town}`} — score ${FRENCH_SCORE.format(s.score)}`,
    ...(reasons === '' ? [] : [`${indent}${reasons}`]),
    `${indent}${email === '' ? 'e-mail non renseigné' : email}`,
  ];
}

/** The French answer of `dla suggest`, as printed. */
export function describeSuggestions(
  result: MissionSuggestions,
  excludeDecliners: number | undefined,
): string {
  const title = clean(result.title);
  const lines = [
    `Mission ${result.missionId}${title === '' ? '' : ` — ${title}`} (${result.owner})`,
    `Compétence requise : ${clean(result.competence)} ; territoire de la structure : ${
      result.territory === null ? 'non renseigné' : clean(result.territory)
    }`,
  ];
  if (result.retainedProviderId !== null)
    lines.push(`Prestataire déjà retenu : ${result.retainedProviderId}.`);
  if (result.alreadySolicited.length > 0)
    lines.push(`Déjà sollicités (écartés) : ${result.alreadySolicited.join(', ')}.`);
  if (excludeDecliners !== undefined)
    lines.push(
      excludeDecliners === 1
        ? `Écartés aussi : ceux qui ont décliné la dernière sollicitation de ${result.owner}.`
        : `Écartés aussi : ceux qui ont décliné chacune des ${excludeDecliners} dernières sollicitations de ${result.owner}.`,
    );
  if (result.suggestions.length === 0) {
    lines.push(
      `Aucun prestataire actif du registre à solliciter en plus pour la compétence « ${clean(result.competence)} ».`,
    );
  } else {
    lines.push(`${result.suggestions.length} prestataire(s) suggéré(s), le meilleur d’abord :`);
    result.suggestions.forEach((s, i) =>
      lines.push(...describeSuggestion(s, i + 1, result.suggestions.length)),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `dla suggest --mission MIS-… [--limit N] [--exclude-decliners N] [--json]`: the consultants
 * of the register to solicit for a mission, best first with their reasons (the same as the
 * « Prestataires suggérés » column of the Missions tab, which stops at 4).
 */
export async function runSuggest(options: {
  dir?: string;
  mission: string;
  limit?: string;
  excludeDecliners?: string;
  json?: boolean;
}): Promise<number> {
  const limit = parseWhole(options.limit, 1, MAX_SUGGESTIONS);
  if (limit === null)
    return cannotRun(
      `--limit : nombre entier de 1 à ${MAX_SUGGESTIONS} attendu, pas « ${options.limit ?? ''} ».`,
    );
  const excludeDecliners = parseWhole(options.excludeDecliners, 1, MAX_DECLINED_CALLS);
  if (excludeDecliners === null)
    return cannotRun(
      `--exclude-decliners : nombre entier de 1 à ${MAX_DECLINED_CALLS} attendu, pas « ${options.excludeDecliners ?? ''} ».`,
    );
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const result = await suggestForMission(context, options.mission, {
      ...(limit === undefined ? {} : { limit }),
      ...(excludeDecliners === undefined ? {} : { excludeDecliners }),
    });
    if (!result.ok)
      return cannotRun(`Suggestion impossible : ${result.error.message} [${result.error.code}]`);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(result.value, null, 2)}\n`
        : describeSuggestions(result.value, excludeDecliners),
    );
    return 0;
  } finally {
    await context.close();
  }
}
