/** The container states `ps --status` filters on, as the engine names them. */
export const CONTAINER_STATES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'] as const;
/** One of CONTAINER_STATES. */
export type ContainerState = (typeof CONTAINER_STATES)[number];
