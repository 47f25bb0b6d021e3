import type { PortPublisher } from '../../api/ps.js';

/**
 * The `PORTS` column as docker shows it: `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 9000/tcp`.
 * Ports published on the same host port as the container port, and ports only exposed, are
 * grouped into ranges when consecutive (`0.0.0.0:8000-8002->8000-8002/tcp`); the others follow,
 * one by one.
 */
export function displayPorts(publishers: readonly PortPublisher[]): string {
  const sorted = [...publishers].sort(
    (a, b) => a.targetPort - b.targetPort || compare(a.url, b.url) || a.publishedPort - b.publishedPort || compare(a.protocol, b.protocol),
  );
  const groups = new Map<string, { url: string; protocol: string; ranges: [number, number][] }>();
  const mappings: string[] = [];
  for (const port of sorted) {
    const published = port.url !== '';
    if (published && port.publishedPort !== port.targetPort) {
      mappings.push(`${hostAndPort(port.url, String(port.publishedPort))}->${port.targetPort}/${port.protocol}`);
      continue;
    }
    const key = published ? `${port.url}/${port.protocol}` : port.protocol;
    const group = groups.get(key) ?? { url: published ? port.url : '', protocol: port.protocol, ranges: [] };
    groups.set(key, group);
    const last = group.ranges[group.ranges.length - 1];
    if (last !== undefined && port.targetPort === last[1] + 1) last[1] = port.targetPort;
    else if (last === undefined || port.targetPort !== last[1]) group.ranges.push([port.targetPort, port.targetPort]);
  }
  const grouped: string[] = [];
  for (const group of groups.values()) {
    for (const [first, last] of group.ranges) {
      const range = first === last ? String(first) : `${first}-${last}`;
      grouped.push(group.url === '' ? `${range}/${group.protocol}` : `${hostAndPort(group.url, range)}->${range}/${group.protocol}`);
    }
  }
  return [...grouped, ...mappings].join(', ');
}

/** `host:port`, with an IPv6 address in brackets. */
function hostAndPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
