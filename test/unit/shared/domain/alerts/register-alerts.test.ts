import { evaluateRegisterAlerts } from '../../../../../shared/domain/alerts/alert-evaluation';
import type { SolicitationEntry } from '../../../../../shared/domain/alerts/alert-inputs';
import {
  aProviderEntry,
  aRegisterAlertInput,
  solicitationEntries,
  REGISTER,
} from '../../../../support/builders/alert-fixtures';
import { aPendingSolicitation } from '../../../../support/builders/solicitation-builder';

describe('evaluateRegisterAlerts: duplicate SIRET', () => {
  const twin = aProviderEntry('PRE-0044', { legalName: 'Escaut Conseil bis' });

  it('raises one urgent alert for the C2RA on the lowest ID, naming every provider', () => {
    const alerts = evaluateRegisterAlerts(
      aRegisterAlertInput({ today: '2025-01-02', providers: [twin, ...REGISTER] }),
    );
    expect(alerts).toEqual([
      {
        key: 'DUPLICATE_SIRET:PRE-0012',
        rule: 'DUPLICATE_SIRET',
        severity: 'urgent',
        recordId: 'PRE-0012',
        audience: 'C2RA',
        dueOn: null,
        message: expect.stringContaining(
          'SIRET 73282932000074 en double dans le registre : Cabinet Escaut Conseil (PRE-0012), Escaut Conseil bis (PRE-0044).',
        ),
      },
    ]);
  });

  it('an archived duplicate is no longer one', () => {
    const alerts = evaluateRegisterAlerts(
      aRegisterAlertInput({ providers: [{ ...twin, archived: true }, ...REGISTER] }),
    );
    expect(alerts).toEqual([]);
  });

  it('a solicitation planned later does not count yet, nor an archived one', () => {
    const incomplete = aProviderEntry('PRE-0031', { siret: null });
    const input = (solicitations: SolicitationEntry[]) =>
      aRegisterAlertInput({
        today: '2025-01-13',
        providers: [incomplete],
        solicitationsByOperator: new Map([['EE-DK', solicitations]]),
      });
    const planned = solicitationEntries([aPendingSolicitation({ solicitedOn: '2025-01-20' })]);
    const archived = solicitationEntries([aPendingSolicitation()]).map((s) => ({
      ...s,
      archived: true,
    }));
    expect(evaluateRegisterAlerts(input(planned))).toEqual([]);
    expect(evaluateRegisterAlerts(input(archived))).toEqual([]);
  });
});
