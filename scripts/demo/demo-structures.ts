/** Demo structures (beneficiaries): a kind, a town of the operator's territories, a row. */
import { BENEFICIARY_FIELDS } from '../../shared/domain/beneficiary';
import type { DemoRow } from './demo-data-model';
import type { BeneficiaryDraft } from './demo-drafts';
import type { Context, Random } from './demo-random';
import { TOWNS, type Town } from './demo-towns.data';
import {
  emailOf,
  newSiret,
  personName,
  phoneOf,
  randomDigits,
  rowOf,
  slug,
  typedDecimal,
  typedSiret,
  uniqueName,
} from './demo-typed-values';
import { NOTES, STRUCTURE_KINDS, STRUCTURE_NAMES } from './demo-vocabulary.data';

const TOWNS_BY_TERRITORY: ReadonlyMap<string, readonly Town[]> = (() => {
  const map = new Map<string, Town[]>();
  for (const town of TOWNS) map.set(town.territory, [...(map.get(town.territory) ?? []), town]);
  return map;
})();

function townsOf(territory: string): readonly Town[] {
  const towns = TOWNS_BY_TERRITORY.get(territory);
  if (towns === undefined || towns.length === 0) throw new RangeError(`No town for ${territory}.`);
  return towns;
}

export function generateBeneficiary(
  rng: Random,
  territories: readonly string[],
  usedNames: Set<string>,
): BeneficiaryDraft {
  const kind = rng.pick(STRUCTURE_KINDS);
  const town = rng.pick(townsOf(rng.pick(territories)));
  const candidate = kind.pattern
    .replace('{name}', rng.pick(STRUCTURE_NAMES))
    .replace('{town}', town.name);
  return {
    sequence: 0,
    kind,
    town,
    name: uniqueName(candidate, town.name, usedNames),
    plans: [],
    welcomedDay: 0,
  };
}

export function beneficiaryRow(
  ctx: Context,
  b: BeneficiaryDraft,
  usedSirets: Set<string>,
): DemoRow {
  const { rng, day } = ctx;
  const contact = personName(rng);
  const identifier = rng.weighted<'siret' | 'rna' | 'none'>([
    ['siret', 6],
    ['rna', 3],
    ['none', 1],
  ]);
  const department = b.town.postalCode.slice(0, 2);
  const fte = Math.round(rng.float() * b.kind.maxFte * 2) / 2;
  const domain = rng.chance(0.5) ? `${slug(b.name, 25)}.org` : rng.pick(['orange.fr', 'free.fr']);
  const email =
    domain.endsWith('.org') && rng.chance(0.5)
      ? `contact@${domain}`
      : emailOf(contact.first, contact.last, domain);
  return rowOf(BENEFICIARY_FIELDS, {
    name: b.name,
    identifier:
      identifier === 'siret'
        ? typedSiret(rng, newSiret(rng, usedSirets))
        : identifier === 'rna'
          ? `W${department}${randomDigits(rng, 7)}`
          : null,
    legalForm: b.kind.legalForm,
    sector: b.kind.sector,
    territory: b.town.territory,
    town: b.town.name,
    postalCode: b.town.postalCode,
    employeesFte: typedDecimal(fte),
    contactName: `${contact.first} ${contact.last}`,
    email,
    phone: phoneOf(rng, b.town.phonePrefix),
    firstWelcomedOn: day(b.welcomedDay),
    notes: rng.chance(0.4) ? rng.pick(NOTES) : null,
  });
}
