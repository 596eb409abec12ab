import { REAL_TOOLS, missingRealToolMessage, requiredRealTools } from '../../support/real-tools';

describe('which real programs a test run requires', () => {
  it.each([
    [{}, []],
    [{ CI: '' }, []],
    [{ CI: 'false' }, []],
    [{ CI: 'true' }, [...REAL_TOOLS]],
    [{ DLA_REQUIRE_REAL_TOOLS: 'all' }, [...REAL_TOOLS]],
    [{ DLA_REQUIRE_REAL_TOOLS: '1' }, [...REAL_TOOLS]],
    [{ DLA_REQUIRE_REAL_TOOLS: 'libreoffice' }, ['libreoffice']],
    [{ DLA_REQUIRE_REAL_TOOLS: 'libreoffice, firestore-emulator' }, [...REAL_TOOLS]],
    [{ DLA_REQUIRE_REAL_TOOLS: 'libreoffice', CI: 'true' }, ['libreoffice']],
  ])('%j → %j', (env, expected) => {
    expect([...requiredRealTools(env)].sort()).toEqual([...expected].sort());
  });

  it('refuses a tool name it does not know', () => {
    expect(() => requiredRealTools({ DLA_REQUIRE_REAL_TOOLS: 'excel' })).toThrow(/excel/);
  });

  it.each([
    ['libreoffice', 'apt-get install -y --no-install-recommends libreoffice-calc-nogui'],
    ['firestore-emulator', 'google-cloud-cli-firestore-emulator'],
  ] as const)('names the install command of %s when it is missing', (tool, command) => {
    expect(missingRealToolMessage(tool, 'not on PATH')).toContain(command);
  });
});
