import type { Backend, ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../engine/backend.js';
import { projectLabelFilter } from '../engine/labels.js';
import { compareText } from './compare-text.js';

/** What the engine holds of one project: the reconciler's only view of the engine. */
export interface ObservedProject {
  name: string;
  /** Every container with the project label, stopped and one-off ones included, sorted by name. */
  containers: ContainerSummary[];
  /** Networks by engine name: those with the project label, and those looked up by name. */
  networks: Record<string, NetworkSummary>;
  /** Volumes by engine name, likewise. */
  volumes: Record<string, VolumeSummary>;
  /** Local images by the reference asked for; undefined when not present. */
  images: Record<string, ImageSummary | undefined>;
}

/** Names to look up one by one, beyond what the label filter finds: external or renamed resources, images. */
export interface ObserveRequest {
  networks?: readonly string[];
  volumes?: readonly string[];
  images?: readonly string[];
}

/**
 * Reads the project's state: one list call per kind, filtered by the project label, and an inspect of
 * each image, all at once; then an inspect only for the names asked for that the lists did not
 * return (an external network, a volume with a `name:` of its own).
 */
export async function observeProject(backend: Backend, projectName: string, request: ObserveRequest = {}): Promise<ObservedProject> {
  const filter = projectLabelFilter(projectName);
  // The images do not depend on what the lists return: asked for at the same time.
  const imageReferences = unique(request.images ?? []);
  const [containers, networkList, volumeList, foundImages] = await Promise.all([
    backend.listContainers(filter, { all: true }),
    backend.listNetworks(filter),
    backend.listVolumes(filter),
    Promise.all(imageReferences.map((reference) => backend.inspectImage(reference))),
  ]);
  const networks: Record<string, NetworkSummary> = {};
  for (const network of networkList) networks[network.name] = network;
  const volumes: Record<string, VolumeSummary> = {};
  for (const volume of volumeList) volumes[volume.name] = volume;

  const missingNetworks = unique(request.networks ?? []).filter((name) => networks[name] === undefined);
  const missingVolumes = unique(request.volumes ?? []).filter((name) => volumes[name] === undefined);
  const [foundNetworks, foundVolumes] = await Promise.all([
    Promise.all(missingNetworks.map((name) => backend.inspectNetwork(name))),
    Promise.all(missingVolumes.map((name) => backend.inspectVolume(name))),
  ]);
  // An inspect by name also answers to an id prefix; only an exact name is the resource asked for.
  for (const network of foundNetworks) if (network && missingNetworks.includes(network.name)) networks[network.name] = network;
  for (const volume of foundVolumes) if (volume && missingVolumes.includes(volume.name)) volumes[volume.name] = volume;
  const images: Record<string, ImageSummary | undefined> = {};
  imageReferences.forEach((reference, index) => {
    images[reference] = foundImages[index];
  });

  return {
    name: projectName,
    containers: [...containers].sort((a, b) => compareText(a.name, b.name)),
    networks,
    volumes,
    images,
  };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort(compareText);
}
