// The plan: what the reconciler decided and the executor carries out. A plan is plain data (no
// functions, no engine handles), so it can be printed, compared in tests, and shown by --dry-run.

/** Creates a project network that does not exist yet. */
export interface CreateNetworkAction {
  kind: 'create-network';
  /** The key under the top-level `networks`. */
  key: string;
  /** The engine's name. */
  name: string;
}

/** Creates a project volume that does not exist yet. */
export interface CreateVolumeAction {
  kind: 'create-volume';
  key: string;
  name: string;
}

/** Pulls an image that the services using it need. */
export interface PullImageAction {
  kind: 'pull-image';
  reference: string;
  /** The services that use the image, sorted. */
  services: string[];
  platform?: string;
  /** The services can build the image: a failed pull only warns, and a build follows. */
  mayFail?: boolean;
}

/**
 * Builds the image a service's `build` section describes, once for every service that uses it
 * (one `image:` name shared by several services, or one service's several replicas).
 */
export interface BuildImageAction {
  kind: 'build-image';
  /** The name the image gets (the service's `image`, or `<project>-<service>`). */
  reference: string;
  /** The service whose build section is used. */
  service: string;
  /** The services that use the image, sorted. */
  services: string[];
  /** `build --no-cache`, on top of each section's `no_cache`. */
  noCache?: boolean;
  /** `build --pull`, on top of each section's `pull`. */
  pull?: boolean;
  /** `build --build-arg`: values that replace the section's `args`. */
  args?: Record<string, string>;
}

/** Creates (without starting) a new replica of a service. */
export interface CreateContainerAction {
  kind: 'create-container';
  service: string;
  number: number;
  name: string;
}

/**
 * Replaces a container: creates the new one under `temporaryName` (mounting the old one's anonymous
 * volumes, so their data survives), stops and removes the old one, then renames the new one to
 * `name`. Creating first means a failure to create leaves the old container running.
 */
export interface RecreateContainerAction {
  kind: 'recreate-container';
  service: string;
  number: number;
  name: string;
  temporaryName: string;
  replaced: { id: string; name: string };
  /** The old container's anonymous volumes to mount again, by target; empty with `-V`. */
  anonymousVolumes: Record<string, string>;
}

/** Starts a created or stopped container, by its (final) name. */
export interface StartContainerAction {
  kind: 'start-container';
  service: string;
  name: string;
}

/** Stops a running container. */
export interface StopContainerAction {
  kind: 'stop-container';
  service: string;
  id: string;
  name: string;
}

/** Removes a container (stopped first by its own stop action when it was running). */
export interface RemoveContainerAction {
  kind: 'remove-container';
  service: string;
  id: string;
  name: string;
  /** Also remove the anonymous volumes it mounts (`down -v`). */
  removeAnonymousVolumes: boolean;
  /**
   * With `removeAnonymousVolumes`, the anonymous volumes it mounts, for showing what goes: the
   * engine removes them with the container, by what it knows of them, not by this list.
   */
  anonymousVolumes?: MeasuredVolume[];
}

/** A volume a step deletes; `size` only when the volumes were measured (a dry run). */
export interface MeasuredVolume {
  name: string;
  /** Bytes on disk; -1 when the engine cannot tell. */
  size?: number;
}

/** Gives a container its final name: finishes a recreate that was interrupted after the old container went. */
export interface RenameContainerAction {
  kind: 'rename-container';
  service: string;
  id: string;
  from: string;
  to: string;
}

/** Waits until the containers of a dependency are healthy, or have exited with status 0. */
export interface WaitForDependencyAction {
  kind: 'wait-for-dependency';
  /** The dependency waited for. */
  service: string;
  condition: 'service_healthy' | 'service_completed_successfully';
  /** Its containers, by name, sorted. */
  containers: string[];
  /** False: a dependency that fails only warns (`required: false`). */
  required: boolean;
  /** The services waiting, sorted. */
  dependents: string[];
}

/** Removes a project network (down). */
export interface RemoveNetworkAction {
  kind: 'remove-network';
  name: string;
}

/** Removes a project volume (down -v). */
export interface RemoveVolumeAction {
  kind: 'remove-volume';
  name: string;
  /** Bytes on disk when the volumes were measured (a dry run); -1 when the engine cannot tell. */
  size?: number;
}

/** Removes an image (down --rmi). */
export interface RemoveImageAction {
  kind: 'remove-image';
  reference: string;
}

/** Everything a plan node can do. */
export type PlanAction =
  | CreateNetworkAction
  | CreateVolumeAction
  | PullImageAction
  | BuildImageAction
  | CreateContainerAction
  | RecreateContainerAction
  | StartContainerAction
  | StopContainerAction
  | RemoveContainerAction
  | RenameContainerAction
  | WaitForDependencyAction
  | RemoveNetworkAction
  | RemoveVolumeAction
  | RemoveImageAction;

/** One step of a plan: what, why, and which steps must be done before it. */
export interface PlanNode {
  /** Unique in the plan, and readable: `start container demo-web-1`. */
  id: string;
  action: PlanAction;
  /** Why the step is needed, when that is not obvious from the step itself: `reasons` joined by `; `. */
  reason?: string;
  /** The same, one entry per cause (each field of a recreate that changed); present whenever `reason` is. */
  reasons?: string[];
  /** Ids of the nodes that must finish first, sorted. */
  dependsOn: string[];
}

/** What a reconcile decided: a DAG of steps, plus what it noticed along the way. */
export interface Plan {
  project: string;
  /** Sorted in execution order (dependencies first), ties broken by kind, then id. */
  nodes: PlanNode[];
  /** Things the user should know that are not steps (orphan containers, reused foreign networks). */
  warnings: string[];
  /** Containers of the services in scope that are running and need nothing, sorted by name. */
  upToDate: string[];
  /**
   * The containers each service of the project will have once the plan has run, lowest number
   * first: what references to other services (links, `volumes_from`, `service:` modes) resolve to.
   */
  serviceContainers: Record<string, string[]>;
}

/** The id a node with this action gets. */
export function nodeId(action: PlanAction): string {
  switch (action.kind) {
    case 'create-network':
      return `create network ${action.name}`;
    case 'create-volume':
      return `create volume ${action.name}`;
    case 'pull-image':
      return `pull image ${action.reference}`;
    case 'build-image':
      return `build image ${action.reference}`;
    case 'create-container':
      return `create container ${action.name}`;
    case 'recreate-container':
      return `recreate container ${action.name}`;
    case 'start-container':
      return `start container ${action.name}`;
    case 'stop-container':
      return `stop container ${action.name}`;
    case 'remove-container':
      return `remove container ${action.name}`;
    case 'rename-container':
      return `rename container ${action.from} to ${action.to}`;
    case 'wait-for-dependency': {
      const what = action.condition === 'service_healthy' ? 'healthy' : 'completed';
      return `wait for ${action.service} ${what}${action.required ? '' : ' (optional)'}`;
    }
    case 'remove-network':
      return `remove network ${action.name}`;
    case 'remove-volume':
      return `remove volume ${action.name}`;
    case 'remove-image':
      return `remove image ${action.reference}`;
  }
}

/** Whether a node gets an image (pull or build): up carries those out before it plans containers. */
export function isImageNode(node: PlanNode): boolean {
  return node.action.kind === 'pull-image' || node.action.kind === 'build-image';
}

/** Whether a plan has nothing to do. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.nodes.length === 0;
}
