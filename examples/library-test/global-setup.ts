// Brings the stack of compose.yaml up once for the whole test run, hands its URL to the tests,
// and takes it down again afterwards, also when the tests fail.
//
// In a project of your own, import from the package: `import { up } from 'berth'`.

import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { up } from '../../src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The web service's page, on the host port the engine picked. */
    webUrl: string;
  }
}

const here = fileURLToPath(new URL('.', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await up({
    workingDir: here,
    // A name of its own per run: parallel runs on one engine each get their own containers.
    projectName: `library-test-${randomBytes(4).toString('hex')}`,
    wait: true,
    waitTimeoutSeconds: 120,
  });
  try {
    const { host, port } = await stack.port('web', 80);
    project.provide('webUrl', `http://${host}:${port}/`);
  } catch (error) {
    await stack.down({ volumes: true });
    throw error;
  }
  return async () => {
    await stack.down({ volumes: true });
  };
}
