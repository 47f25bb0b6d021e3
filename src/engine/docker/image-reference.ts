/** A reference split the way the pull endpoint wants it: repository in `fromImage`, tag or digest in `tag`. */
export interface PullTarget {
  repository: string;
  /** A tag, or a digest (`sha256:...`); `latest` when the reference names neither. */
  tag: string;
}

/**
 * Splits `registry:5000/team/app:1.2` into `registry:5000/team/app` and `1.2`. An absent tag becomes
 * `latest`: the engine would otherwise pull every tag of the repository.
 */
export function splitImageReference(reference: string): PullTarget {
  const at = reference.indexOf('@');
  // With both a tag and a digest, the digest decides what is pulled (as in the docker CLI).
  if (at >= 0) return { repository: withoutTag(reference.slice(0, at)).repository, tag: reference.slice(at + 1) };
  const split = withoutTag(reference);
  return { repository: split.repository, tag: split.tag ?? 'latest' };
}

function withoutTag(name: string): { repository: string; tag?: string } {
  // A colon after the last slash separates the tag; one before it belongs to a registry's port.
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > lastSlash ? { repository: name.slice(0, colon), tag: name.slice(colon + 1) } : { repository: name };
}
