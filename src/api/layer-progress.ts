import type { PullProgress } from '../engine/backend.js';
import type { ProgressSink } from '../plan/progress.js';

/**
 * A pull's or push's layer messages as progress events on the image: one when a layer changes
 * stage (`Downloading` → `Extracting`), not one for every chunk of bytes the engine reports.
 */
export function layerProgress(onProgress: ProgressSink, image: string, text: string): (progress: PullProgress) => void {
  const stages = new Map<string, string>();
  return (progress) => {
    if (progress.id === undefined || stages.get(progress.id) === progress.status) return;
    stages.set(progress.id, progress.status);
    onProgress({ resource: 'Image', name: image, status: 'working', text, detail: `${progress.id} ${progress.status}` });
  };
}
