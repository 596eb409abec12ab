/** The C2RA register of consultants: identities, competences, areas, incomplete sheets. */
import type { PROVIDER_FIELDS } from '../../shared/domain/provider';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { Random } from './demo-random';
import { OUT_OF_REGION_TOWNS, TOWNS, type Town } from './demo-towns.data';
import {
  emailOf,
  newSiret,
  personName,
  phoneOf,
  slug,
  typedSiret,
  uniqueName,
} from './demo-typed-values';
import {
  LAST_NAMES,
  PROVIDER_CORES,
  PROVIDER_PREFIXES,
  PROVIDER_SUFFIXES,
  STREETS,
  STRUCTURE_KINDS,
  MISSION_COMPETENCES,
} from './demo-vocabulary.data';

export interface ProviderDraft {
  /** Position in the register, 1-based: the provider's ID is PRE-000k. */
  sequence: number;
  readonly complete: boolean;
  readonly competences: readonly string[];
  readonly referencedOn: number;
  readonly row: Partial<Record<keyof typeof PROVIDER_FIELDS, CellValue>>;
}

export interface Register {
  readonly providers: readonly ProviderDraft[];
  readonly byCompetence: ReadonlyMap<string, readonly ProviderDraft[]>;
  readonly completeByCompetence: ReadonlyMap<string, readonly ProviderDraft[]>;
  readonly complete: readonly ProviderDraft[];
}

function providerIdentity(rng: Random, used: Set<string>, town: Town) {
  const style = rng.weighted<'firm' | 'surname' | 'person' | 'association'>([
    ['firm', 6],
    ['surname', 2],
    ['person', 2],
    ['association', 1],
  ]);
  const contact = personName(rng);
  switch (style) {
    case 'firm': {
      const prefix = rng.pick(PROVIDER_PREFIXES);
      const name = `${rng.chance(0.5) ? `${prefix} ` : ''}${rng.pick(PROVIDER_CORES)} ${rng.pick(PROVIDER_SUFFIXES)}`;
      const legalForm =
        prefix === 'Coopérative' || prefix === 'Collectif'
          ? rng.pick(['SCOP', 'SCIC'])
          : rng.pick(['SARL', 'SAS', 'SARL', 'EURL']);
      return { name: uniqueName(name, town.name, used), legalForm, contact };
    }
    case 'surname': {
      const last = rng.pick(LAST_NAMES);
      const name = rng.pick([`Cabinet ${last} Conseil`, `${last} & Associés`, `${last} Conseil`]);
      return { name: uniqueName(name, town.name, used), legalForm: 'SARL', contact };
    }
    case 'person': {
      const name = `${contact.first} ${contact.last} Consultant${rng.chance(0.5) ? 's' : ''}`;
      const legalForm = rng.pick(['Entreprise individuelle', 'Micro-entreprise', 'EURL']);
      return { name: uniqueName(name, town.name, used), legalForm, contact };
    }
    case 'association': {
      const name = `${rng.pick(['Réseau', 'Collectif', 'Pôle'])} ${rng.pick(PROVIDER_CORES)} Ressources`;
      return {
        name: uniqueName(name, town.name, used),
        legalForm: 'Association loi 1901',
        contact,
      };
    }
  }
}

function providerAreas(rng: Random, town: Town): string[] {
  if (town.territory === 'Hors région') return rng.pick([['Région entière'], ['Hors région']]);
  const areas = new Set<string>([town.territory]);
  // Consultants also work in neighbouring territories of the same département.
  const department = town.postalCode.slice(0, 2);
  const nearby = TOWNS.filter((t) => t.postalCode.startsWith(department));
  const extra = rng.int(0, 2);
  for (let i = 0; i < extra; i += 1) areas.add(rng.pick(nearby).territory);
  if (rng.chance(0.2)) {
    areas.add(
      town.postalCode.startsWith('59')
        ? 'Nord (59) — tout le département'
        : 'Pas-de-Calais (62) — tout le département',
    );
  }
  if (rng.chance(0.1)) areas.add('Région entière');
  return [...areas];
}

export function generateRegister(rng: Random, count: number, usedSirets: Set<string>): Register {
  const usedNames = new Set<string>();
  const incompleteCount = Math.round(count * 0.15);
  const incomplete = new Set(
    rng.sample(
      Array.from({ length: count }, (_, i) => i),
      incompleteCount,
    ),
  );
  const drafts: ProviderDraft[] = [];
  for (let i = 0; i < count; i += 1) {
    const town = rng.chance(0.08) ? rng.pick(OUT_OF_REGION_TOWNS) : rng.pick(TOWNS);
    const { name, legalForm, contact } = providerIdentity(rng, usedNames, town);
    // Round-robin on the competences missions ask for, so that every one has consultants.
    const primary = MISSION_COMPETENCES[i % MISSION_COMPETENCES.length] ?? 'Modèle économique';
    const competences = [...new Set([primary, ...rng.sample(MISSION_COMPETENCES, rng.int(1, 3))])];
    const sectors = rng.sample(
      STRUCTURE_KINDS.map((k) => k.sector),
      rng.int(1, 3),
    );
    const domain = `${slug(name)}.fr`;
    const colleagues = Array.from({ length: rng.int(0, 2) }, () => {
      const p = personName(rng);
      return `${p.first} ${p.last}`;
    });
    const row: ProviderDraft['row'] = {
      legalName: name,
      siret: typedSiret(rng, newSiret(rng, usedSirets)),
      legalForm,
      street: `${rng.int(1, 180)}${rng.chance(0.1) ? ' bis' : ''} ${rng.pick(STREETS)}`,
      postalCode: rng.chance(0.1) ? Number(town.postalCode) : town.postalCode,
      town: town.name,
      contactName: `${contact.first} ${contact.last}`,
      email: rng.chance(0.7) ? emailOf(contact.first, contact.last, domain) : `contact@${domain}`,
      phone: phoneOf(rng, town.phonePrefix),
      competences: competences.join(', '),
      sectors: [...new Set(sectors)].join(', '),
      areas: providerAreas(rng, town).join(', '),
      consultants: [`${contact.first} ${contact.last}`, ...colleagues].join('; '),
    };
    const isIncomplete = incomplete.has(i);
    if (isIncomplete) {
      const gap = rng.weighted<'siret' | 'street' | 'address'>([
        ['siret', 5],
        ['street', 3],
        ['address', 2],
      ]);
      if (gap === 'siret') row.siret = null;
      if (gap === 'street') row.street = null;
      if (gap === 'address') {
        row.street = null;
        row.postalCode = null;
        row.town = null;
      }
    }
    drafts.push({
      sequence: 0,
      complete: !isIncomplete,
      competences,
      referencedOn: -rng.int(3 * 365 + 30, 9 * 365),
      row,
    });
  }
  // The C2RA referenced them over the years: the register is in that order.
  drafts.sort((a, b) => a.referencedOn - b.referencedOn);
  drafts.forEach((d, index) => {
    d.sequence = index + 1;
  });
  const byCompetence = new Map<string, ProviderDraft[]>();
  const completeByCompetence = new Map<string, ProviderDraft[]>();
  const add = (map: Map<string, ProviderDraft[]>, key: string, d: ProviderDraft) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [d]);
    else list.push(d);
  };
  for (const d of drafts) {
    for (const c of d.competences) {
      add(byCompetence, c, d);
      if (d.complete) add(completeByCompetence, c, d);
    }
  }
  return {
    providers: drafts,
    byCompetence,
    completeByCompetence,
    complete: drafts.filter((d) => d.complete),
  };
}
