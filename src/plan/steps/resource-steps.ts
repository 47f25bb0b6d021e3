import { EngineError } from '../../engine/engine-errors.js';
import { networkCreateBody } from '../../engine/spec/network-spec.js';
import { volumeCreateBody } from '../../engine/spec/volume-spec.js';
import { BerthError } from '../../errors.js';
import type {
  CreateNetworkAction,
  CreateVolumeAction,
  PullImageAction,
  RemoveImageAction,
  RemoveNetworkAction,
  RemoveVolumeAction,
} from '../plan.js';
import { reportStep } from './report-step.js';
import type { StepContext } from './step-context.js';

/** `Network demo_default  Creating` → `Created`. */
export async function createNetworkStep(context: StepContext, action: CreateNetworkAction): Promise<void> {
  const definition = context.project.model.networks?.[action.key];
  if (definition === undefined) throw new BerthError('no-such-network', `network ${action.key} is not defined in the project`);
  await reportStep(context, 'Network', action.name, ['Creating', 'Created'], () =>
    context.backend.createNetwork(networkCreateBody(context.project.name, action.key, definition)),
  );
}

/** `Volume demo_data  Creating` → `Created`. */
export async function createVolumeStep(context: StepContext, action: CreateVolumeAction): Promise<void> {
  const definition = context.project.model.volumes?.[action.key] ?? { name: action.name };
  await reportStep(context, 'Volume', action.name, ['Creating', 'Created'], () =>
    context.backend.createVolume(volumeCreateBody(context.project.name, action.key, definition)),
  );
}

/**
 * `Image busybox  Pulling` (with the engine's progress as detail) → `Pulled`. When the services can
 * build the image, a failed pull is a warning, and up builds it instead.
 */
export async function pullImageStep(context: StepContext, action: PullImageAction): Promise<void> {
  const pulling = async (): Promise<void> => {
    await context.backend.pullImage(
      action.reference,
      (progress) => {
        const detail = progress.id === undefined ? progress.status : `${progress.id}: ${progress.status}`;
        context.progress({ resource: 'Image', name: action.reference, status: 'working', text: 'Pulling', detail });
      },
      action.platform,
    );
    context.images.forget(action.reference);
    context.ledger.pulled.add(action.reference);
  };
  if (action.mayFail !== true) {
    await reportStep(context, 'Image', action.reference, ['Pulling', 'Pulled'], pulling);
    return;
  }
  context.progress({ resource: 'Image', name: action.reference, status: 'working', text: 'Pulling' });
  try {
    await pulling();
    context.progress({ resource: 'Image', name: action.reference, status: 'done', text: 'Pulled' });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    context.ledger.pullFailed.add(action.reference);
    context.progress({ resource: 'Image', name: action.reference, status: 'warning', text: 'Warning', detail: `${error.message}; it will be built` });
  }
}

/**
 * `Network demo_default  Removing` → `Removed`. A network something outside the project still uses
 * stays, with a warning, as docker compose does.
 */
export async function removeNetworkStep(context: StepContext, action: RemoveNetworkAction): Promise<void> {
  await removeOrWarn(context, 'Network', action.name, () => context.backend.removeNetwork(action.name));
}

/** `Volume demo_data  Removing` → `Removed`; one still in use stays, with a warning. */
export async function removeVolumeStep(context: StepContext, action: RemoveVolumeAction): Promise<void> {
  await removeOrWarn(context, 'Volume', action.name, () => context.backend.removeVolume(action.name));
}

/** `Image x  Removing` → `Removed`; one still in use stays, with a warning. */
export async function removeImageStep(context: StepContext, action: RemoveImageAction): Promise<void> {
  await removeOrWarn(context, 'Image', action.reference, () => context.backend.removeImage(action.reference));
}

/** An engine refusal because of use (409, or 403 for a network with endpoints) is a warning; anything else fails the step. */
async function removeOrWarn(
  context: StepContext,
  resource: 'Network' | 'Volume' | 'Image',
  name: string,
  remove: () => Promise<void>,
): Promise<void> {
  context.progress({ resource, name, status: 'working', text: 'Removing' });
  try {
    await remove();
  } catch (error) {
    if (error instanceof EngineError && (error.statusCode === 409 || error.statusCode === 403)) {
      context.progress({ resource, name, status: 'warning', text: 'Resource is still in use', detail: error.message });
      return;
    }
    context.progress({ resource, name, status: 'error', text: 'Error', detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  context.progress({ resource, name, status: 'done', text: 'Removed' });
}
