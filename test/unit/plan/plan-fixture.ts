// Shared set-up of the planner tests: a compose file given as text, the in-memory engine, and up,
// planUp and down run against it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { down, type DownOptions } from '../../../src/api/down.js';
import { planUp, up, type UpOptions } from '../../../src/api/up.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { afterAll } from 'vitest';
import { FakeBackend } from '../../support/fake-backend.js';

/** A project directory that exists (bind sources and the working_dir label point into it). */
const projectDir = mkdtempSync(path.join(tmpdir(), 'berth-plan-'));
afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

/** The options every call shares: the compose text on stdin, project `demo`, the given engine. */
export function projectOptions(backend: FakeBackend, yaml: string, warnings: string[] = []): UpOptions {
  return {
    files: ['-'],
    stdin: () => Promise.resolve(yaml),
    workingDir: projectDir,
    projectName: 'demo',
    env: {},
    backend,
    onWarning: (message) => warnings.push(message),
  };
}

/** The text of the plan up would carry out now. */
export async function planned(backend: FakeBackend, yaml: string, options: Partial<UpOptions> = {}): Promise<string> {
  return (await planUp({ ...projectOptions(backend, yaml), ...options })).text;
}

/** Runs up and returns the text of what it did. */
export async function applied(backend: FakeBackend, yaml: string, options: Partial<UpOptions> = {}): Promise<string> {
  return (await up({ ...projectOptions(backend, yaml), ...options })).planText;
}

/** Runs up and returns the progress events, as `Container demo-web-1 Started` lines. */
export async function progressOf(backend: FakeBackend, yaml: string, options: Partial<UpOptions> = {}): Promise<string[]> {
  const events: ProgressEvent[] = [];
  await up({ ...projectOptions(backend, yaml), ...options, onProgress: (event) => events.push(event) });
  return events.map((event) => `${event.resource} ${event.name} ${event.text}`);
}

/** Runs down and returns the text of what it did. */
export async function downed(backend: FakeBackend, yaml: string, options: Partial<DownOptions> = {}): Promise<string> {
  return (await down({ ...projectOptions(backend, yaml), ...options })).text;
}

/** An engine with the images the tests' compose files use. */
export function engine(): FakeBackend {
  return new FakeBackend({ images: ['busybox:1', 'busybox:2', 'postgres:16', 'redis:7'] });
}

/** Multi-line expected text, written indented in the test. */
export function lines(...text: string[]): string {
  return text.join('\n');
}

/** web waits for db to be healthy; db has a health check. */
export const HEALTHY = `
services:
  db:
    image: postgres:16
    healthcheck: { test: ["CMD", "pg_isready"] }
  web:
    image: busybox:1
    depends_on:
      db: { condition: service_healthy }
`;

/** web waits for migrate to complete successfully. */
export const COMPLETED = `
services:
  migrate:
    image: busybox:1
  web:
    image: busybox:1
    depends_on:
      migrate: { condition: service_completed_successfully }
`;
