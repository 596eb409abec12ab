import { providerCompleteness } from '../provider';
import { isIsoDate, parisDateOf, type IsoDate, isoDateOrNull } from '../values/french-date';
import type { Alert } from './alert-catalogue';
import type { ProviderEntry, RegisterAlertInput, SolicitationEntry } from './alert-inputs';
import { fr, isDue, makeAlert, monthsAfter, providerName } from './mission-rule-support';

/* The C2RA's rules on the regional register: incomplete sheets, duplicate SIRETs, stale sheets. */

/** The calendar day (Paris) of a stored instant, or null when unreadable. */
function dayOfInstant(instant: string): IsoDate | null {
  if (isIsoDate(instant)) return instant;
  const time = Date.parse(instant);
  return Number.isNaN(time) ? null : parisDateOf(new Date(time));
}

/** `PROVIDER_SHEET_INCOMPLETE`: providers solicited while their sheet lacks a required field. */
export function incompleteSheetAlerts(
  input: RegisterAlertInput,
  active: readonly ProviderEntry[],
): Alert[] {
  const { today } = input;
  const solicited = new Map<string, SolicitationEntry[]>();
  for (const entries of input.solicitationsByOperator.values()) {
    for (const entry of entries) {
      const s = entry.solicitation;
      if (entry.archived || s.providerId === null) continue;
      // A solicitation dated later is a plan: the provider is not solicited yet.
      const solicitedOn = isoDateOrNull(s.solicitedOn);
      if (solicitedOn !== null && solicitedOn > today) continue;
      solicited.set(s.providerId, [...(solicited.get(s.providerId) ?? []), entry]);
    }
  }
  return active.flatMap((p) => {
    const entries = solicited.get(p.id);
    const completeness = providerCompleteness(p.provider, {
      checklistRequired: input.parameters.providerChecklistRequired === 'Oui',
    });
    if (entries === undefined || completeness.sheetComplete) return [];
    const missions = [
      ...new Set(entries.map((e) => e.solicitation.missionId).filter((id) => id !== null)),
    ].sort();
    const where = missions.length === 0 ? '' : ` (${missions.join(', ')})`;
    return [
      makeAlert('PROVIDER_SHEET_INCOMPLETE', p.id, {
        severity: 'à faire',
        audience: 'C2RA',
        dueOn: null,
        message: `${providerName(p.id, p)} est sollicité${where} mais sa fiche type prestataire est incomplète : ${completeness.missing.join(', ')}. Complétez-la avec le prestataire : sans elle, il ne peut pas être payé.`,
      }),
    ];
  });
}

/** `DUPLICATE_SIRET`: one alert per SIRET held by several active providers. */
export function duplicateSiretAlerts(active: readonly ProviderEntry[]): Alert[] {
  const bySiret = new Map<string, ProviderEntry[]>();
  for (const p of active) {
    const siret = p.provider.siret?.replace(/\D/g, '') ?? '';
    if (siret === '') continue;
    bySiret.set(siret, [...(bySiret.get(siret) ?? []), p]);
  }
  return [...bySiret.entries()].flatMap(([siret, group]) => {
    const [first, ...others] = [...group].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (first === undefined || others.length === 0) return [];
    const names = [first, ...others].map((p) => providerName(p.id, p)).join(', ');
    return [
      makeAlert('DUPLICATE_SIRET', first.id, {
        severity: 'urgent',
        audience: 'C2RA',
        dueOn: null,
        message: `SIRET ${siret} en double dans le registre : ${names}. Corrigez le SIRET ou archivez le doublon pour qu'un seul prestataire reste payable.`,
      }),
    ];
  });
}

/** `PROVIDER_STALE`: sheets not changed for `providerStaleMonths` months. */
export function staleProviderAlerts(
  input: RegisterAlertInput,
  active: readonly ProviderEntry[],
): Alert[] {
  return active.flatMap((p) => {
    const updatedOn = dayOfInstant(p.updatedAt);
    const due = monthsAfter(updatedOn, input.parameters.providerStaleMonths);
    if (!isDue(due, input.today) || updatedOn === null) return [];
    return [
      makeAlert('PROVIDER_STALE', p.id, {
        severity: 'info',
        audience: 'C2RA',
        dueOn: due,
        message: `${providerName(p.id, p)} : fiche non mise à jour depuis le ${fr(updatedOn)} (à revoir le ${fr(due)}). Vérifiez avec le prestataire ses coordonnées, son SIRET et ses compétences.`,
      }),
    ];
  });
}
