// Helpers for the end-to-end tests: run berth, docker and docker-compose as a user would, make
// throw-away projects, and clean up after them. Every project a test makes has a unique name, so
// the tests run side by side on one engine and never touch anything else on it.

export { BERTH_BIN, REPO_DIR, runBerth, type BerthOptions } from './berth.js';
export {
  PROJECT_LABEL,
  dockerCli,
  dockerCompose,
  projectResources,
  removeProjectLeftovers,
  type ProjectResources,
} from './docker.js';
export { E2E_PROJECT_PREFIX, removeProjectDir, uniqueProjectName, writeProject } from './project.js';
export { describeRun, run, toolEnv, type RunOptions, type RunResult } from './run.js';
export { httpText, waitFor } from './wait.js';
export { holdPort, releaseHeldPorts } from './ports.js';
