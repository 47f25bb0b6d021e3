import type { Stack } from '../api/stack.js';
import type { UpOptions } from '../api/up.js';
import type { WatchReport } from '../api/watch.js';
import { serviceGraph } from '../api/service-graph.js';
import { attachedServices, INTERRUPTED, stopOnInterrupt, type AttachChoices } from './attached-up.js';
import { watchChoices, type WatchFlags } from './commands/watch.js';
import type { CommandContext, GlobalFlags } from './global-options.js';
import { printReports, watchProgress } from './watch-output.js';

/**
 * `up --watch`: the attached containers' output, as attached `up` prints it, while the watch
 * applies the develop.watch rules. Unlike plain attached `up` it does not end when the containers
 * have stopped (a rebuild replaces them, a restart stops them for a moment): a container made anew
 * is followed from its start, and only Ctrl+C ends it, stopping the services as attached `up`
 * does (a second Ctrl+C kills them).
 */
export async function followWithWatch(
  stack: Stack,
  upOptions: UpOptions,
  choices: AttachChoices,
  flags: WatchFlags,
  since: number,
  globals: GlobalFlags,
  context: CommandContext,
): Promise<void> {
  const [{ logLineFormatter }, api] = await Promise.all([import('./format/log-lines.js'), import('../api/watch.js')]);
  const named = upOptions.services ?? [];
  const inScope = named.length === 0 ? Object.keys(stack.project.model.services) : serviceGraph(stack.project.model).withDependencies(named);
  const attached = attachedServices(stack, named, choices);

  const ending = new AbortController();
  const onInterrupt = (): void => ending.abort();
  context.signal?.addEventListener('abort', onInterrupt, { once: true });
  // A follow knows its containers by id: one made anew (a rebuild, a compose-file edit) needs a
  // new follow; a restart needs one only once the follow has ended, every container having stopped.
  let refollow: () => void = () => undefined;
  let wake: () => void = () => undefined;
  const print = printReports(context);
  const onReport = (report: WatchReport): void => {
    print(report);
    if ((report.recreated?.length ?? 0) > 0) refollow();
    if ((report.recreated?.length ?? 0) > 0 || (report.restarted?.length ?? 0) > 0) wake();
  };

  const progress = await watchProgress(globals, context, false);
  try {
    const watching = await api.watch({ ...upOptions, noUp: true, ...watchChoices(flags), signal: ending.signal, onProgress: progress.sink, onReport });
    let from = since;
    let first = true;
    while (!ending.signal.aborted) {
      const round = new AbortController();
      const endRound = (): void => round.abort();
      ending.signal.addEventListener('abort', endRound, { once: true });
      refollow = endRound;
      const followed = await stack.follow({ services: attached, since: from, ...(choices.timestamps === true ? { timestamps: true } : {}), signal: round.signal });
      if (first && followed.sources.length > 0) context.stdout(`Attaching to ${followed.sources.map((source) => source.label).join(', ')}\n`);
      first = false;
      const format = logLineFormatter(followed.sources, { color: choices.color, prefix: choices.prefix });
      for await (const event of followed.events) {
        if (event.kind === 'line') {
          if (event.line.stream === 'stderr') context.stderr(format(event.line));
          else context.stdout(format(event.line));
        } else if (event.kind === 'exited') {
          context.stdout(`${event.source.label} exited with code ${event.exitCode}${event.restarting ? ' (restarting)' : ''}\n`);
        }
      }
      ending.signal.removeEventListener('abort', endRound);
      if (!round.signal.aborted) {
        // Every container stopped: wait for the watch to bring one back, or for Ctrl+C.
        await new Promise<void>((resolve) => {
          wake = resolve;
          ending.signal.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      wake = () => undefined;
      from = Date.now() / 1000;
    }
    await watching.done;
  } finally {
    context.signal?.removeEventListener('abort', onInterrupt);
    await progress.finish();
  }
  await stopOnInterrupt(stack, named.length === 0 ? inScope : named, globals, context);
  context.setExitCode?.(INTERRUPTED);
}
