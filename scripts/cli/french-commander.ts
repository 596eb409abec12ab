/**
 * commander in French: help titles, option details, the help option and command, and every error
 * message commander writes (unknown option or command with a suggestion, missing argument…).
 * commander has no translation hook for its errors, so they are rewritten from its English, one
 * pattern per message of commander 14; anything unmatched still loses its English prefix.
 *
 * @packageDocumentation
 */
import { Command, CommanderError, Help, type Argument, type Option } from 'commander';

/** Exit codes of `dla`: documented in docs/exploitation.md. */
export const EXIT_CODES = {
  /** The command ran (a sync with refused cells ran). */
  ran: 0,
  /** The command could not run (missing workspace, unreadable workbook, store error…). */
  couldNotRun: 1,
  /** Bad usage: unknown command or option, missing or invalid argument. */
  badUsage: 2,
} as const;

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': 'Utilisation :',
  'Options:': 'Options :',
  'Arguments:': 'Arguments :',
  'Commands:': 'Commandes :',
  'Global Options:': 'Options générales :',
};

/** « (valeurs : "xlsx", "csv" ; défaut : "xlsx") » */
function details(
  description: string,
  choices: readonly string[] | undefined,
  defaultText: string | undefined,
): string {
  const extra = [
    choices === undefined ? null : `valeurs : ${choices.join(', ')}`,
    defaultText === undefined ? null : `défaut : ${defaultText}`,
  ].filter((part): part is string => part !== null);
  if (extra.length === 0) return description;
  return `${description}${description === '' ? '' : ' '}(${extra.join(' ; ')})`;
}

function defaultOf(value: unknown, description: string | undefined): string | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  return description ?? String(value);
}

class FrenchHelp extends Help {
  override styleTitle(str: string): string {
    return TITLES[str] ?? str;
  }

  override commandUsage(cmd: Command): string {
    return super.commandUsage(cmd).replace('[command]', '[commande]');
  }

  override optionDescription(option: Option): string {
    return details(
      option.description,
      option.argChoices,
      defaultOf(option.defaultValue, option.defaultValueDescription),
    );
  }

  override argumentDescription(argument: Argument): string {
    return details(
      argument.description,
      argument.argChoices,
      defaultOf(argument.defaultValue, argument.defaultValueDescription),
    );
  }
}

/** `'--x <v>'` → `« --x <v> »` */
const quoted = (text: string): string => `« ${text} »`;

const SUGGESTION: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/\(Did you mean one of (.+)\?\)/, (m) => `(Vouliez-vous dire l’une de : ${m[1] ?? ''} ?)`],
  [/\(Did you mean (.+)\?\)/, (m) => `(Vouliez-vous dire ${m[1] ?? ''} ?)`],
];

const MESSAGES: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^unknown option '(.+?)'/, (m) => `option inconnue ${quoted(m[1] ?? '')}.`],
  [/^unknown command '(.+?)'/, (m) => `commande inconnue ${quoted(m[1] ?? '')}.`],
  [/^missing required argument '(.+?)'/, (m) => `argument obligatoire manquant : ${m[1] ?? ''}.`],
  [/^option '(.+?)' argument missing/, (m) => `l’option ${quoted(m[1] ?? '')} attend une valeur.`],
  [
    /^required option '(.+?)' not specified/,
    (m) => `l’option ${quoted(m[1] ?? '')} est obligatoire.`,
  ],
  [
    /^option '(.+?)' argument '(.*?)' is invalid\. Allowed choices are (.+)\./,
    (m) =>
      `valeur ${quoted(m[2] ?? '')} refusée pour l’option ${quoted(m[1] ?? '')} : valeurs possibles ${m[3] ?? ''}.`,
  ],
  [
    /^option '(.+?)' argument '(.*?)' is invalid\.(.*)/,
    (m) => `valeur ${quoted(m[2] ?? '')} refusée pour l’option ${quoted(m[1] ?? '')}.${m[3] ?? ''}`,
  ],
  [
    /^command-argument value '(.*?)' is invalid for argument '(.+?)'\.(.*)/,
    (m) => `valeur ${quoted(m[1] ?? '')} refusée pour l’argument ${m[2] ?? ''}.${m[3] ?? ''}`,
  ],
  [
    /^too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (m) =>
      `trop d’arguments${m[1] === undefined ? '' : ` pour ${quoted(m[1])}`} : ${m[2] ?? ''} attendu(s), ${m[3] ?? ''} reçu(s).`,
  ],
  [
    /^(.+?) cannot be used with (.+)/,
    (m) => `${m[1] ?? ''} ne peut pas être utilisée avec ${m[2] ?? ''}.`,
  ],
];

/** One of commander's error messages (« error: … ») in French; other text unchanged. */
export function frenchCommanderMessage(text: string): string {
  const trimmed = text.replace(/\s+$/, '');
  const match = /^error: ([^\n]*)(\n[\s\S]*)?$/.exec(trimmed);
  if (match === null) return text;
  const [, first = '', rest = ''] = match;
  let french = `erreur : ${first}`;
  for (const [pattern, translate] of MESSAGES) {
    const found = first.match(pattern);
    if (found !== null) {
      french = `erreur : ${translate(found)}`;
      break;
    }
  }
  let tail = rest;
  for (const [pattern, translate] of SUGGESTION) {
    const found = tail.match(pattern);
    if (found !== null) {
      tail = tail.replace(pattern, translate(found));
      break;
    }
  }
  return `${french}${tail}\n`;
}

/** Where a French program writes; replaced in tests. */
export interface CliWriters {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

const processWriters: CliWriters = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
};

/**
 * A commander program speaking French: French help and errors, `-h, --help` « afficher l’aide »,
 * `help [commande]`, and errors thrown as {@link CommanderError} (never `process.exit`) so that
 * the caller chooses the exit code ({@link exitCodeOfCommanderError}). Subcommands created with
 * `.command()` afterwards inherit all of it.
 */
export function frenchProgram(
  name: string,
  options: { writers?: CliWriters; quietErrors?: boolean } = {},
): Command {
  const writers = options.writers ?? processWriters;
  return frenchSubcommands(configure(new Command(name), writers, options.quietErrors === true));
}

function configure(program: Command, writers: CliWriters, quietErrors: boolean): Command {
  program.createHelp = () => new FrenchHelp();
  return program
    .helpOption('-h, --help', 'afficher l’aide')
    .helpCommand('help [commande]', 'afficher l’aide d’une commande')
    .configureOutput({
      writeOut: (text) => writers.writeOut(text),
      writeErr: (text) => writers.writeErr(text),
      outputError: (text, write) => {
        if (!quietErrors) write(frenchCommanderMessage(text));
      },
    })
    .showHelpAfterError(quietErrors ? false : '(ajoutez --help pour l’aide de la commande)')
    .exitOverride((error) => {
      throw error;
    });
}

/** `createCommand` of subcommands: the French help class is not inherited by commander. */
export function frenchSubcommands(program: Command): Command {
  const original = program.createCommand.bind(program);
  program.createCommand = (name?: string) => {
    const command = original(name);
    command.createHelp = () => new FrenchHelp();
    frenchSubcommands(command);
    return command;
  };
  return program;
}

/** The exit code of a commander stop: 0 for help and version, 2 for bad usage. */
export function exitCodeOfCommanderError(error: CommanderError): number {
  if (
    error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.version' ||
    error.exitCode === 0
  )
    return EXIT_CODES.ran;
  return EXIT_CODES.badUsage;
}

export { CommanderError };
