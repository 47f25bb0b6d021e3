import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { up } from '../../../src/api/up.js';
import type { ProgressEvent } from '../../../src/plan/progress.js';
import { FakeBackend } from '../../support/fake-backend.js';

/** A compose project on disk, an in-memory engine, and what the verbs report: the scene of a verb test. */
export interface VerbScene {
  dir: string;
  backend: FakeBackend;
  events: ProgressEvent[];
  /** The options every verb takes to run on this scene. */
  options: { workingDir: string; backend: FakeBackend; env: Record<string, string>; onProgress: (event: ProgressEvent) => void };
  /** Brings the project up on the fake engine (what most verbs need first), then forgets the calls and events. */
  up(): Promise<void>;
  /** The events as `Container demo-web-1 Stopped` lines. */
  lines(): string[];
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `web` depends on `db` (restart: true), `worker` stands alone; all run `busybox`. */
export const DEMO_COMPOSE = `name: demo
services:
  web:
    image: busybox
    depends_on:
      db:
        condition: service_started
        restart: true
  db:
    image: busybox
  worker:
    image: busybox
`;

/** A scene with `compose` (DEMO_COMPOSE by default) written to a fresh directory. */
export function verbScene(compose = DEMO_COMPOSE): VerbScene {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-verb-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  const backend = new FakeBackend({ images: ['busybox'] });
  const events: ProgressEvent[] = [];
  const options = { workingDir: dir, backend, env: {}, onProgress: (event: ProgressEvent) => events.push(event) };
  return {
    dir,
    backend,
    events,
    options,
    async up() {
      await up({ ...options, onProgress: () => undefined });
      backend.clearCalls();
      events.length = 0;
    },
    lines: () => events.map((event) => `${event.resource} ${event.name} ${event.text}`),
  };
}
