import type { MeasuredVolume, Plan, PlanNode } from './plan.js';

/** How much of each step the text shows. */
export interface PlanTextOptions {
  /** Add `<- dependency, ...` to each line. */
  dependencies?: boolean;
  /**
   * How a volume's size in bytes reads (the CLI passes docker's `4.1kB`); `4096 bytes` by default.
   * A size the engine could not tell reads `size unknown` whatever this is.
   */
  formatSize?: (bytes: number) => string;
}

/**
 * The plan as text, one step a line in execution order: `recreate container demo-web-1
 * (environment.GREETING "hello" -> "changed")`. The same plan always gives the same text (the
 * nodes are sorted when built), so tests compare it with an expected string and --dry-run prints
 * it. A volume that was measured shows its size (`remove volume demo_data (4.1kB)`), a container
 * removed with its anonymous volumes names them. An empty plan is the empty string.
 */
export function planText(plan: Plan, options: PlanTextOptions = {}): string {
  const formatSize = options.formatSize ?? ((bytes: number) => `${String(bytes)} bytes`);
  return plan.nodes
    .map((node) => {
      let line = node.id;
      const notes = [...(node.reasons ?? []), ...volumeNotes(node, formatSize)];
      if (notes.length > 0) line += ` (${notes.join('; ')})`;
      if (options.dependencies === true && node.dependsOn.length > 0) line += ` <- ${node.dependsOn.join(', ')}`;
      return line;
    })
    .join('\n');
}

/** The sizes of what a step deletes: the volume's own, or the container's anonymous volumes. */
function volumeNotes(node: PlanNode, formatSize: (bytes: number) => string): string[] {
  const { action } = node;
  if (action.kind === 'remove-volume') return action.size === undefined ? [] : [sizeText(action.size, formatSize)];
  if (action.kind !== 'remove-container' || action.anonymousVolumes === undefined || action.anonymousVolumes.length === 0) return [];
  const volumes = action.anonymousVolumes.map((volume) => measuredText(volume, formatSize));
  return [`anonymous volume${volumes.length === 1 ? '' : 's'} ${volumes.join(', ')}`];
}

function measuredText(volume: MeasuredVolume, formatSize: (bytes: number) => string): string {
  return volume.size === undefined ? volume.name : `${volume.name} ${sizeText(volume.size, formatSize)}`;
}

function sizeText(bytes: number, formatSize: (bytes: number) => string): string {
  return bytes < 0 ? 'size unknown' : formatSize(bytes);
}
