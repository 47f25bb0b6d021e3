import type { ListrTask, ListrTaskWrapper, ListrDefaultRenderer } from 'listr2';
import type { ProgressEvent } from '../../plan/progress.js';
import { DRY_RUN_PREFIX, progressLabel, progressState } from './progress-line.js';
import type { ProgressRenderer, RendererOptions } from './progress-renderer.js';

/** The escape sequence that shows the terminal's cursor again. */
const SHOW_CURSOR = '\u001b[?25h';

type TaskWrapper = ListrTaskWrapper<unknown, ListrDefaultRenderer, ListrDefaultRenderer>;
type Task = ListrTask<unknown, ListrDefaultRenderer, ListrDefaultRenderer>;

/** One line of the live view: a resource, from its first event until it is done or failed. */
interface Line {
  label: string;
  event: ProgressEvent;
  settled: boolean;
  task?: TaskWrapper;
  finished: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The live view on a terminal, drawn by listr2 as docker compose draws its own: a heading with a
 * count (`Running 2/3`), then one line per resource with a spinner, then a tick or a cross
 * (` ✔ Container demo-web-1  Started`). listr2 runs a fixed list of tasks and resources turn up
 * one by one, so each new line is added by a task without a title (listr2 draws the subtasks of
 * such a task at its own level) that waits for the next resource and then hands over to the
 * resource's task and to the next such task.
 */
export async function ttyProgress(stream: NodeJS.WriteStream, options: RendererOptions): Promise<ProgressRenderer> {
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const prefix = options.dryRun ? DRY_RUN_PREFIX : '';
  const current = new Map<string, Line>();
  const lines: Line[] = [];
  const waiting: Line[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let heading: TaskWrapper | undefined;

  const width = (): number => Math.max(0, ...lines.map((line) => line.label.length));
  const titleOf = (line: Line): string => `${prefix}${line.label.padEnd(width())}  ${progressState(line.event)}`;
  const headingTitle = (): string => `${prefix}${options.title} ${lines.filter((line) => line.settled).length}/${lines.length}`;
  const refresh = (): void => {
    for (const line of lines) if (line.task && !line.settled) line.task.title = titleOf(line);
    if (heading) heading.title = headingTitle();
  };

  const nextLine = async (): Promise<Line | undefined> => {
    while (waiting.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
    return waiting.shift();
  };
  const lineTask = (line: Line): Task => ({
    title: titleOf(line),
    task: async (_context, task) => {
      line.task = task;
      refresh();
      await line.finished;
    },
  });
  const nextLineTask = (): Task => ({
    task: async (_context, task) => {
      const line = await nextLine();
      if (line === undefined) return undefined;
      return task.newListr([lineTask(line), nextLineTask()], { concurrent: true, exitOnError: false });
    },
  });

  const rendererOptions = {
    logger: new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(stream, stream) }),
    collapseSubtasks: false,
    // docker compose draws its lines one space in: ` ✔ Container demo-web-1  Started`.
    indentation: 1,
    collapseErrors: true,
    showErrorMessage: true,
    formatOutput: 'truncate' as const,
  };
  const newList = () => new Listr<unknown, 'default', 'default'>(
    [
      {
        title: headingTitle(),
        task: (_context, task) => {
          heading = task;
          // Events may have come before listr2 got this far (it loads its drawing modules first).
          refresh();
          return task.newListr([nextLineTask()], { concurrent: true, exitOnError: false });
        },
      },
    ],
    {
      // The choice of view is berth's (standard error is a terminal); listr2 would look at standard output.
      renderer: 'default',
      fallbackRenderer: 'default',
      rendererOptions,
      fallbackRendererOptions: rendererOptions,
      exitOnError: false,
      registerSignalListeners: false,
    },
  );
  // Drawn from the first event on: a command with nothing to report leaves the terminal alone.
  let running: Promise<unknown> | undefined;
  // listr2 hides the cursor while it draws. Interrupted (Ctrl+C), berth must not leave the terminal
  // without one: the cursor comes back, then the signal does what it would have done (the CLI's own
  // handler, when there is one; else the default, which ends the process).
  const onInterrupt = (): void => {
    stream.write(SHOW_CURSOR);
    if (process.listenerCount('SIGINT') === 0) process.kill(process.pid, 'SIGINT');
  };
  const startDrawing = (): Promise<unknown> => {
    process.once('SIGINT', onInterrupt);
    return newList().run();
  };

  const settle = (line: Line, failed: boolean): void => {
    if (line.settled) return;
    if (line.task) line.task.title = titleOf(line);
    line.settled = true;
    if (failed) line.reject(new Error(titleOf(line)));
    else line.resolve();
  };

  return {
    sink: (event: ProgressEvent) => {
      const label = progressLabel(event);
      let line = current.get(label);
      // A resource that is done and gets to work again (stopped, then removed) gets a line of its own.
      if (line === undefined || line.settled) {
        let resolve: () => void = () => undefined;
        let reject: (error: Error) => void = () => undefined;
        const finished = new Promise<void>((yes, no) => {
          resolve = yes;
          reject = no;
        });
        // Nothing awaits a failed line's promise but its own task; this keeps Node from calling it unhandled.
        finished.catch(() => undefined);
        line = { label, event, settled: false, finished, resolve, reject };
        current.set(label, line);
        lines.push(line);
        waiting.push(line);
        wake?.();
      }
      line.event = event;
      running ??= startDrawing();
      refresh();
      if (event.status === 'done' || event.status === 'warning') settle(line, false);
      else if (event.status === 'error') settle(line, true);
      refresh();
    },
    finish: async () => {
      ended = true;
      wake?.();
      for (const line of lines) settle(line, false);
      refresh();
      await running;
      process.removeListener('SIGINT', onInterrupt);
    },
  };
}
