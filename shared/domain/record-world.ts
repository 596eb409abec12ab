import type { RecordData } from './stored-record';
import { asBeneficiary, asMission, asPlan, asProvider, asSolicitation } from './entity-view';
import type { Mission } from './mission';
import { providerCompleteness, type Provider, type ProviderCompleteness } from './provider';
import {
  indexRegister,
  providerHistoryFrom,
  type ProviderHistory,
  type RegisterIndex,
  type SuggestionInput,
} from './provider-suggestion';
import type { RecordKind } from './record-id';
import type { Solicitation } from './solicitation';

/** A record as the rules see it: its ID, kind, current data and whether it is archived. */
export interface WorldRecord {
  readonly id: string;
  readonly kind: RecordKind;
  readonly data: RecordData;
  readonly archived: boolean;
}

/**
 * What a world built from part of the store was given, and what it was asked for beyond that:
 * an edit reads only the records its rules look up, and re-plans with whatever was missed.
 */
export interface WorldCoverage {
  /** True when the record with this ID was read (or is known not to exist). */
  knows(id: string): boolean;
  /** True when every record referencing this ID was read. */
  knowsReferencesTo(id: string): boolean;
  /** Records a rule looked up without them being read. */
  missId(id: string): void;
  /** References to a record a rule looked up without them being read. */
  missReferencesTo(id: string): void;
  /** A rule needed every record of the owner or the whole register. */
  missEverything(): void;
}

/**
 * One operator's records and the regional register, indexed the way the guide's rules look
 * them up: solicitations by mission, providers by ID, the retained proposal of a mission. Built
 * from part of the store, it reports through its {@link WorldCoverage} each lookup beyond it.
 */
export class RecordWorld {
  private readonly byId = new Map<string, WorldRecord>();
  private readonly solicitationsByMission = new Map<string, WorldRecord[]>();
  private readonly providers = new Map<string, WorldRecord>();
  private history: readonly ProviderHistory[] | null = null;
  private index: RegisterIndex | null = null;
  private register: readonly { id: string; provider: Provider; archived: boolean }[] | null = null;

  constructor(
    records: Iterable<WorldRecord>,
    register: Iterable<WorldRecord>,
    private readonly coverage: WorldCoverage | null = null,
  ) {
    for (const r of register) if (r.kind === 'provider') this.providers.set(r.id, r);
    for (const r of records) {
      this.byId.set(r.id, r);
      if (r.kind === 'provider') this.providers.set(r.id, r);
      if (r.kind === 'solicitation' && !r.archived) {
        const missionId = r.data['missionId'];
        if (typeof missionId === 'string') {
          const list = this.solicitationsByMission.get(missionId) ?? [];
          list.push(r);
          this.solicitationsByMission.set(missionId, list);
        }
      }
    }
  }

  /** The record with this ID (any kind, archived or not). */
  get(id: string): WorldRecord | undefined {
    const found = this.byId.get(id) ?? this.providers.get(id);
    if (found === undefined && this.coverage && !this.coverage.knows(id)) this.coverage.missId(id);
    return found;
  }

  /** Every record of a kind, archived ones included. */
  *ofKind(kind: RecordKind): Iterable<WorldRecord> {
    this.coverage?.missEverything();
    for (const r of kind === 'provider' ? this.providers.values() : this.byId.values())
      if (r.kind === kind) yield r;
  }

  /** The active solicitations of a mission, as typed entities with their IDs. */
  solicitationsOf(missionId: string): { id: string; solicitation: Solicitation }[] {
    if (this.coverage && !this.coverage.knowsReferencesTo(missionId))
      this.coverage.missReferencesTo(missionId);
    return (this.solicitationsByMission.get(missionId) ?? []).map((r) => ({
      id: r.id,
      solicitation: asSolicitation(r.data),
    }));
  }

  /** A provider of the register. */
  provider(
    id: string,
  ): { id: string; provider: Provider; completeness: ProviderCompleteness } | null {
    const r = this.providers.get(id);
    if (!r && this.coverage && !this.coverage.knows(id)) this.coverage.missId(id);
    if (!r) return null;
    const provider = asProvider(r.data);
    return { id, provider, completeness: providerCompleteness(provider) };
  }

  /** The provider retained for a mission (decision « Retenu »), if any. */
  retainedProviderOf(
    missionId: string,
  ): { id: string; provider: Provider; completeness: ProviderCompleteness } | null {
    const retained = this.solicitationsOf(missionId).find(
      (s) => s.solicitation.decision === 'Retenu',
    );
    return retained?.solicitation.providerId
      ? this.provider(retained.solicitation.providerId)
      : null;
  }

  /** The mission as a typed entity. */
  mission(id: string): Mission | null {
    const r = this.get(id);
    return r && r.kind === 'mission' ? asMission(r.data) : null;
  }

  /**
   * The territory of the structure a mission serves (mission → plan → structure), or null when
   * a link is missing or archived.
   */
  beneficiaryTerritoryOf(missionId: string): string | null {
    const planId = this.mission(missionId)?.planId ?? null;
    const plan = planId === null ? undefined : this.get(planId);
    if (!plan || plan.kind !== 'plan' || plan.archived) return null;
    const beneficiaryId = asPlan(plan.data).beneficiaryId;
    const beneficiary = beneficiaryId === null ? undefined : this.get(beneficiaryId);
    if (!beneficiary || beneficiary.kind !== 'beneficiary' || beneficiary.archived) return null;
    return asBeneficiary(beneficiary.data).territory;
  }

  /** The providers of the register, archived ones flagged, as typed entities (read once). */
  registerEntries(): readonly { id: string; provider: Provider; archived: boolean }[] {
    this.coverage?.missEverything();
    this.register ??= [...this.providers.values()].map((r) => ({
      id: r.id,
      provider: asProvider(r.data),
      archived: r.archived,
    }));
    return this.register;
  }

  /** The register and history indexed for suggestions, once for every mission of this world. */
  registerIndex(): RegisterIndex {
    this.index ??= indexRegister(this.registerEntries(), this.providerHistory());
    return this.index;
  }

  /** The history of the providers in this operator's active missions and solicitations (computed once). */
  providerHistory(): readonly ProviderHistory[] {
    this.coverage?.missEverything();
    this.history ??= providerHistoryFrom({
      missions: [...this.ofKind('mission')]
        .filter((r) => !r.archived)
        .map((r) => ({ id: r.id, mission: asMission(r.data) })),
      solicitations: [...this.solicitationsByMission.values()].flatMap((list) =>
        list.map((r) => ({ id: r.id, solicitation: asSolicitation(r.data) })),
      ),
    });
    return this.history;
  }
}

/**
 * What `suggestProviders` reads about a mission of this world: the beneficiary's territory,
 * the register, this operator's provider history and the consultants already solicited. Shared
 * by the « Prestataires suggérés » column and `dla suggest`, so both give the same answer.
 */
export function suggestionInputOf(
  world: RecordWorld,
  missionId: string,
  mission: Mission,
  declinedCallsToExclude = 0,
): SuggestionInput {
  const excluded = Math.floor(declinedCallsToExclude);
  return {
    ...(excluded > 0 ? { excludeDecliners: { operatorDeclinedLastN: excluded } } : {}),
    mission,
    beneficiaryTerritory: world.beneficiaryTerritoryOf(missionId),
    register: world.registerEntries(),
    history: world.providerHistory(),
    index: world.registerIndex(),
    alreadySolicited: world
      .solicitationsOf(missionId)
      .flatMap((s) => (s.solicitation.providerId === null ? [] : [s.solicitation.providerId])),
  };
}
