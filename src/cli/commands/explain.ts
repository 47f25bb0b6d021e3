import { Option, type Command } from 'commander';
import { commandFlags, toLoadOptions, type CommandContext } from '../global-options.js';

/** The flags of `berth explain`. */
export interface ExplainFlags {
  format: 'text' | 'json';
}

/** Adds `berth explain [SERVICE] [KEY]`: where each value and variable came from, and which services are active. */
export function registerExplainCommand(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .summary('show where each value and variable came from, and why services are (in)active')
    .description(
      'Show which services are active and which profiles enable each, where every value of a service ' +
        'was set (file, line and column, through overrides, extends and include), what each ${VARIABLE} ' +
        'resolved to and where its value came from, and variables set only in an env_file.',
    )
    .argument('[service]', 'only this service (default: every active service)')
    .argument('[key]', 'only values under this key path: environment.GREETING, ports, ports[0]')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (service: string | undefined, key: string | undefined, flags: ExplainFlags, command: Command) => {
      const globals = commandFlags<ExplainFlags>(command);
      const [{ explain }, { renderExplanation }] = await Promise.all([import('../../api/explain.js'), import('../format/explain-output.js')]);
      const explanation = await explain({
        ...toLoadOptions(globals, context),
        ...(service === undefined ? {} : { service }),
        ...(key === undefined ? {} : { key }),
      });
      context.stdout(flags.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation));
    });
}
