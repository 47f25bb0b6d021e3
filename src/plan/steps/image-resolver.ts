import type { Backend } from '../../engine/backend.js';
import { ImageNotFoundError } from '../../engine/engine-errors.js';

/**
 * The local id of each image reference, asked of the engine once per run: creates read it for the
 * image label, and a pull invalidates it.
 */
export class ImageResolver {
  private readonly ids = new Map<string, Promise<string>>();

  constructor(private readonly backend: Backend) {}

  /** The id of the local image; an ImageNotFoundError when there is none. */
  id(reference: string): Promise<string> {
    let id = this.ids.get(reference);
    if (id === undefined) {
      id = this.backend.inspectImage(reference).then((image) => {
        if (image === undefined) throw new ImageNotFoundError(reference, 'not present locally', { hint: 'pull it first, or run up without --pull never' });
        return image.id;
      });
      // A failed look-up is not remembered: the image may be pulled in the meantime.
      id.catch(() => this.ids.delete(reference));
      this.ids.set(reference, id);
    }
    return id;
  }

  /** Forgets what was known of a reference (it was just pulled). */
  forget(reference: string): void {
    this.ids.delete(reference);
  }
}
