import type { Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth events`. */
export interface EventsFlags {
  json?: boolean;
}

/** Adds `berth events [SERVICE...]`. */
export function registerEventsCommand(program: Command, context: CommandContext): void {
  program
    .command('events')
    .summary('receive real time events from containers')
    .description("Print the events of the project's containers (create, start, die, ...) as they happen, until Ctrl+C.")
    .argument('[service...]', 'services whose containers to follow (default: all)')
    .option('--json', 'print each event as a JSON object on a line')
    .action(async (services: string[], flags: EventsFlags, command: Command) => {
      const globals = commandFlags<EventsFlags>(command);
      const options = await projectOptions(globals, context, services);
      const [{ events }, { renderEventJson, renderEventLine }] = await Promise.all([import('../../api/events.js'), import('../format/events-output.js')]);
      for await (const event of await events(options)) context.stdout(flags.json === true ? renderEventJson(event) : renderEventLine(event));
    });
}
