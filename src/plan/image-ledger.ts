/** What a run has done to images so far, as the reconciler reads it. */
export interface ImageLedgerView {
  readonly pulled: ReadonlySet<string>;
  readonly pullFailed: ReadonlySet<string>;
  readonly built: ReadonlySet<string>;
}

/**
 * What a run has done to images, by reference: `up` plans, fetches images, then plans again with
 * this, so an image pulled or built is not fetched twice, and a buildable service whose pull
 * failed is built instead.
 */
export class ImageLedger implements ImageLedgerView {
  readonly pulled = new Set<string>();
  readonly pullFailed = new Set<string>();
  readonly built = new Set<string>();
}
