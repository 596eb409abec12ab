import type { Command } from 'commander';
import { buildDlaProgram } from '../../../scripts/cli/dla-program';
import {
  CommanderError,
  exitCodeOfCommanderError,
  frenchCommanderMessage,
} from '../../../scripts/cli/french-commander';

/** Words commander writes in English; none may reach a person. */
const ENGLISH = [
  /\bUsage\b/,
  /\bCommands:/,
  /\bArguments:/,
  /Options:/, // French has a space before the colon
  /display help/,
  /output the version/,
  /\bdefault:/,
  /\bchoices:/,
  /\bpreset:/,
  /\[command\]/,
  /\berror\b/i,
  /Did you mean/,
  /\bunknown\b/,
  /\bmissing\b/,
  /\brequired\b/,
  /\bargument missing\b/,
  /\bAllowed choices\b/,
];

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function captured(): { program: Command; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const program = buildDlaProgram({
    writers: { writeOut: (t) => out.push(t), writeErr: (t) => err.push(t) },
  });
  return { program, out, err };
}

/** Runs the program on `args`; gives the exit code and what it wrote. */
async function parse(...args: string[]): Promise<{ code: number; text: string }> {
  const { program, out, err } = captured();
  // No action may run: every case below stops in commander.
  for (const command of allCommands(program))
    if (command.commands.length === 0) command.action(() => undefined);
  try {
    await program.parseAsync(['node', 'dla', ...args]);
    return { code: 0, text: out.join('') + err.join('') };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { code: exitCodeOfCommanderError(error), text: out.join('') + err.join('') };
  }
}

describe('the help of every dla command is in French', () => {
  const commands = allCommands(captured().program);

  it('covers every command (more than 15, nested ones included)', () => {
    expect(commands.map(commandPath)).toEqual(
      expect.arrayContaining(['dla', 'dla sync', 'dla register export', 'dla restore']),
    );
    expect(commands.length).toBeGreaterThan(15);
  });

  it.each(commands.map((c) => [commandPath(c), c] as const))('%s --help', (_name, command) => {
    const help = command.helpInformation();
    expect(help).toMatch(/^Utilisation : /);
    expect(help).toContain('afficher l’aide');
    for (const word of ENGLISH) expect(help).not.toMatch(word);
  });

  it.each(commands.filter((c) => c.options.length > 0).map((c) => [commandPath(c), c] as const))(
    '%s: every option has a French description',
    (_name, command) => {
      for (const option of command.options) expect(option.description).toMatch(/[a-zéèàç]/);
    },
  );
});

describe('commander errors in French, exit code 2', () => {
  it.each([
    [
      ['sync', '--operator', 'CBE-LM', '--jsn'],
      /^erreur : option inconnue « --jsn »\.\n\(Vouliez-vous dire --json \?\)/,
    ],
    [['synk'], /^erreur : commande inconnue « synk »\.\n\(Vouliez-vous dire sync \?\)/],
    [['restore'], /^erreur : argument obligatoire manquant : fichier\./],
    [['sync'], /^erreur : l’option « --operator <code> » est obligatoire\./],
    [['sync', '--operator'], /^erreur : l’option « --operator <code> » attend une valeur\./],
    [
      ['sync', '--operator', 'XYZ'],
      /^erreur : valeur « XYZ » refusée pour l’option « --operator <code> » : valeurs possibles CBE-LM, /,
    ],
    [
      ['restore-record', 'A', 'B'],
      /^erreur : trop d’arguments pour « restore-record » : 1 attendu\(s\), 2 reçu\(s\)\./,
    ],
  ])('dla %j', async (args, expected) => {
    const { code, text } = await parse(...args);
    expect(code).toBe(2);
    expect(text).toMatch(expected);
    expect(text).toContain('(ajoutez --help pour l’aide de la commande)');
    for (const word of [/error:/, /Did you mean/, /Usage/]) expect(text).not.toMatch(word);
  });

  it.each([[['--help']], [['--version']], [['sync', '--help']], [['help', 'sync']]])(
    'dla %j ends with exit code 0',
    async (args) => {
      expect((await parse(...args)).code).toBe(0);
    },
  );

  it('leaves other text alone', () => {
    expect(frenchCommanderMessage('Synchronisation impossible')).toBe('Synchronisation impossible');
  });
});
