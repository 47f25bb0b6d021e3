import type {
  CreateContainerAction,
  RecreateContainerAction,
  RemoveContainerAction,
  RenameContainerAction,
  StartContainerAction,
  StopContainerAction,
} from '../plan.js';
import { createServiceContainer } from './container-create.js';
import { stopContainerExplained } from '../slow-stop.js';
import { reportStep } from './report-step.js';
import type { StepContext } from './step-context.js';

/** `Container demo-web-1  Creating` → `Created`. */
export async function createContainerStep(context: StepContext, action: CreateContainerAction): Promise<void> {
  await reportStep(context, 'Container', action.name, ['Creating', 'Created'], async () => {
    await createServiceContainer(context, { ...action, createAs: action.name });
  });
}

/**
 * `Container demo-web-1  Recreate` → `Recreated`: the new container under its temporary name, the
 * old one stopped and removed (its anonymous volumes kept: the new one mounts them), the new one renamed.
 */
export async function recreateContainerStep(context: StepContext, action: RecreateContainerAction, reason?: string): Promise<void> {
  const { backend } = context;
  await reportStep(
    context,
    'Container',
    action.name,
    ['Recreate', 'Recreated'],
    async () => {
      const id = await createServiceContainer(context, {
        service: action.service,
        number: action.number,
        name: action.name,
        createAs: action.temporaryName,
        replaces: action.replaced.id,
        anonymousVolumes: action.anonymousVolumes,
      });
      await stopContainerExplained(backend, { id: action.replaced.id, name: action.name }, context.timeoutSeconds, context.progress);
      await backend.removeContainer(action.replaced.id, { force: true });
      await backend.renameContainer(id, action.name);
    },
    reason,
  );
}

/** `Container demo-web-1  Starting` → `Started`. */
export async function startContainerStep(context: StepContext, action: StartContainerAction): Promise<void> {
  await reportStep(context, 'Container', action.name, ['Starting', 'Started'], () => context.backend.startContainer(action.name));
}

/** `Container demo-web-1  Stopping` → `Stopped`. */
export async function stopContainerStep(context: StepContext, action: StopContainerAction): Promise<void> {
  await reportStep(context, 'Container', action.name, ['Stopping', 'Stopped'], () =>
    stopContainerExplained(context.backend, action, context.timeoutSeconds, context.progress),
  );
}

/** `Container demo-web-1  Removing` → `Removed`. */
export async function removeContainerStep(context: StepContext, action: RemoveContainerAction): Promise<void> {
  await reportStep(context, 'Container', action.name, ['Removing', 'Removed'], () =>
    context.backend.removeContainer(action.id, { force: true, volumes: action.removeAnonymousVolumes }),
  );
}

/** Finishes an interrupted recreate: the replacement takes its final name. */
export async function renameContainerStep(context: StepContext, action: RenameContainerAction): Promise<void> {
  await reportStep(context, 'Container', action.to, ['Recreate', 'Recreated'], () => context.backend.renameContainer(action.id, action.to));
}
