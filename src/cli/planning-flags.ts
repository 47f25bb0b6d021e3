import { Option, type Command } from 'commander';
import { scaleEntry } from './flag-parsers.js';

/** The choices of `--pull`. */
export const PULL_CHOICES = ['always', 'missing', 'never'] as const;

/** `--pull <policy>`, as up, create, run and plan take it. */
export function pullOption(): Option {
  return new Option('--pull <policy>', 'pull image before running').choices(PULL_CHOICES);
}

/**
 * The flags that decide what up would recreate, with docker compose's help texts: shared by `up`,
 * `create` and `plan`, so that a plan is asked for with the same words as the up it stands for.
 */
export function addRecreateFlags(command: Command): Command {
  return command
    .option('--force-recreate', "recreate containers even if their configuration and image haven't changed")
    .option('--no-recreate', "if containers already exist, don't recreate them")
    .option('--remove-orphans', 'remove containers for services not defined in the compose files')
    .option('--scale <service=num>', 'scale SERVICE to NUM instances; overrides the `scale` setting in the compose file; repeatable', scaleEntry)
    .addOption(pullOption())
    .option('--build', 'build images before starting containers')
    .option('--no-build', "don't build an image, even if it's missing");
}

/** The flags of `up` and `plan` beyond those of create: dependencies, starting, anonymous volumes. */
export function addStartFlags(command: Command): Command {
  return command
    .option('--no-deps', "don't start linked services")
    .option('--no-start', "don't start the services after creating them")
    .option('-V, --renew-anon-volumes', 'recreate anonymous volumes instead of reusing data from the previous containers')
    .option('--always-recreate-deps', 'recreate dependent containers');
}
