import { Option, type Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth images`. */
export interface ImagesFlags {
  format: 'table' | 'json';
  quiet?: boolean;
}

/** Adds `berth images [SERVICE...]`. */
export function registerImagesCommand(program: Command, context: CommandContext): void {
  program
    .command('images')
    .summary('list images used by the created containers')
    .description("List the images of the project's containers, stopped ones included, sorted by container name.")
    .argument('[service...]', 'services whose containers to look at (default: all)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-q, --quiet', 'only print the image ids')
    .action(async (services: string[], flags: ImagesFlags, command: Command) => {
      const globals = commandFlags<ImagesFlags>(command);
      const options = await projectOptions(globals, context, services);
      const [{ images }, { renderImageIds, renderImagesJson, renderImagesTable }] = await Promise.all([
        import('../../api/images.js'),
        import('../format/images-output.js'),
      ]);
      const found = await images(options);
      if (flags.quiet === true) context.stdout(renderImageIds(found));
      else context.stdout(flags.format === 'json' ? renderImagesJson(found) : renderImagesTable(found, { now: new Date() }));
    });
}
