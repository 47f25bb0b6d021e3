import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scripts = fileURLToPath(new URL('../../scripts/', import.meta.url));

/**
 * Starts the engine, builds the local test images when they are missing, installs docker-compose
 * 1.29 (the compatibility tests run it beside berth), builds the demo's images and starts the two
 * local registries of the push and pull tests. All five scripts are idempotent and return at once
 * when there is nothing to do.
 */
export default function setup(): void {
  execFileSync('bash', [`${scripts}engine.sh`], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync('bash', [`${scripts}test-images.sh`, '--debian'], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync('bash', [`${scripts}docker-compose.sh`], { stdio: ['ignore', 'inherit', 'inherit'] });
  // The demo's images (until berth builds them itself), for the examples' own e2e test.
  execFileSync('bash', [`${scripts}example-images.sh`], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync('bash', [`${scripts}registry.sh`], { stdio: ['ignore', 'inherit', 'inherit'] });
}
