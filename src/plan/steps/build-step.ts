import { BuildFailedError } from '../../engine/engine-errors.js';
import { createBuildContext } from '../../engine/build/build-context.js';
import { buildSection, buildSource, buildSpec, ignoredBuildKeys } from '../../engine/spec/build-spec.js';
import type { BuildImageAction } from '../plan.js';
import type { StepContext } from './step-context.js';

/**
 * `Image demo-web  Building` (each line of the builder's output as detail) → `Built`. The context
 * is streamed from the disk as the engine reads it. A failure names the service and the step.
 */
export async function buildImageStep(context: StepContext, action: BuildImageAction, reason?: string): Promise<void> {
  const service = context.project.model.services[action.service];
  const target = { resource: 'Image' as const, name: action.reference };
  if (service === undefined) throw new BuildFailedError(`service "${action.service}"`, undefined, 'the project has no such service');
  const build = buildSection(action.service, service);
  for (const key of ignoredBuildKeys(build)) {
    context.progress({ ...target, status: 'warning', text: 'Warning', detail: `build.${key} has no effect with the classic builder; ignored` });
  }
  const spec = buildSpec(action.reference, service, build, {
    ...(action.noCache === true ? { noCache: true } : {}),
    ...(action.pull === true ? { pull: true } : {}),
    ...(action.args === undefined ? {} : { args: action.args }),
  });
  context.progress({ ...target, status: 'working', text: 'Building', ...(reason === undefined ? {} : { detail: reason }) });
  const started = Date.now();
  try {
    const archive = await createBuildContext(buildSource(build));
    const result = await context.backend.buildImage(
      { ...spec, context: archive.stream, dockerfile: archive.dockerfile, ...(context.signal === undefined ? {} : { signal: context.signal }) },
      (progress) => context.progress({ ...target, status: 'working', text: 'Building', detail: progress.line }),
    );
    const sent = await archive.done;
    context.images.forget(action.reference);
    context.ledger.built.add(action.reference);
    for (const tag of spec.tags) context.ledger.built.add(tag);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    context.progress({ ...target, status: 'done', text: 'Built', detail: `${result.imageId.slice(7, 19)} in ${seconds} s (context: ${sent.files} files, ${formatBytes(sent.bytes)})` });
  } catch (error) {
    const failure = error instanceof BuildFailedError ? new BuildFailedError(`service "${action.service}"`, error.step, error.detail, { cause: error }) : error;
    context.progress({ ...target, status: 'error', text: 'Error', detail: failure instanceof Error ? failure.message : String(failure) });
    throw failure;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
