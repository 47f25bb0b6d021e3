// Which `develop.watch` rule a changed path falls under, and whether that rule ignores it. A path
// is ignored by a rule when it is always ignored (default-ignores.ts), when the rule's `ignore`
// matches it (dockerignore syntax, relative to the rule's path), when the build context's ignore
// file matches it (relative to the context), or when the rule has an `include` that does not.

import path from 'node:path';
import { IgnoreMatcher, parseDockerignore, readIgnoreFile } from '../engine/build/dockerignore.js';
import { BerthError } from '../errors.js';
import type { ComposeProject, WatchAction, WatchRule } from '../model/index.js';
import { isAlwaysIgnored } from './default-ignores.js';

/** One rule of one service, with its ignore files read. */
export interface TriggerRule {
  service: string;
  /** Its place in the service's `develop.watch`, for messages. */
  index: number;
  rule: WatchRule;
  /** The rule's `ignore`, relative to `rule.path`. */
  ignore: IgnoreMatcher;
  /** The rule's `include`, relative to `rule.path`; undefined when it has none. */
  include: IgnoreMatcher | undefined;
  /** The build context's ignore file, when the rule watches inside the context. */
  contextIgnore: { root: string; matcher: IgnoreMatcher } | undefined;
}

/** A changed path as one rule sees it. */
export interface TriggerMatch {
  trigger: TriggerRule;
  hostPath: string;
  /** `/`-separated, relative to the rule's path; empty when the path is the rule's path itself. */
  relative: string;
}

/** The actions that copy files into the container. */
export function syncsFiles(action: WatchAction): boolean {
  return action === 'sync' || action === 'sync+restart' || action === 'sync+exec';
}

/** The watch rules of a set of services, asked about paths. */
export class TriggerRules {
  constructor(readonly triggers: readonly TriggerRule[]) {}

  /** The services that have at least one rule, sorted. */
  get services(): string[] {
    return [...new Set(this.triggers.map((trigger) => trigger.service))].sort();
  }

  /** The paths to watch: every rule's path, once. */
  get roots(): string[] {
    return [...new Set(this.triggers.map((trigger) => trigger.rule.path))].sort();
  }

  forService(service: string): TriggerRule[] {
    return this.triggers.filter((trigger) => trigger.service === service);
  }

  /** Every rule the path triggers (none when it is outside them all, or ignored by each). */
  matches(hostPath: string): TriggerMatch[] {
    const found: TriggerMatch[] = [];
    for (const trigger of this.triggers) {
      const relative = relativeInside(trigger.rule.path, hostPath);
      if (relative === undefined || excludes(trigger, hostPath, relative)) continue;
      found.push({ trigger, hostPath, relative });
    }
    return found;
  }

  /**
   * Whether the watcher may leave a directory alone: every rule that covers it ignores it, and no
   * exception in an ignore file could take back something below it. `include` never prunes (it
   * names files, and a directory rarely matches it). A directory that leads to a rule's path, or
   * to one of `keep` (the compose files), is never pruned.
   */
  prunes(directory: string, keep: readonly string[] = []): boolean {
    if ([...this.roots, ...keep].some((watched) => watched === directory || relativeInside(directory, watched) !== undefined)) return false;
    let covered = false;
    for (const trigger of this.triggers) {
      const relative = relativeInside(trigger.rule.path, directory);
      if (relative === undefined) continue;
      covered = true;
      if (!ignoresDirectory(trigger, directory, relative)) return false;
    }
    return covered;
  }

  /** Where a path under a rule goes in the container (rules that sync only). */
  static containerPath(trigger: TriggerRule, relative: string): string {
    const target = trigger.rule.target ?? '/';
    return relative === '' ? target : path.posix.join(target, relative);
  }

  /** Whether the rule acts on a path below its own path (for walking directories). */
  static covers(trigger: TriggerRule, hostPath: string): string | undefined {
    const relative = relativeInside(trigger.rule.path, hostPath);
    return relative === undefined || excludes(trigger, hostPath, relative) ? undefined : relative;
  }
}

/**
 * The rules of the services named (those without `develop.watch` are left out), with their ignore
 * files read. A rule that cannot work is an error before anything is watched: a sync without a
 * target, `sync+exec` without a command, `rebuild` without a build section.
 */
export async function loadTriggerRules(model: ComposeProject, services: readonly string[]): Promise<TriggerRules> {
  const triggers: TriggerRule[] = [];
  const contextIgnores = new Map<string, IgnoreMatcher>();
  for (const service of [...services].sort()) {
    const definition = model.services[service];
    const rules = definition?.develop?.watch ?? [];
    for (const [index, rule] of rules.entries()) {
      const where = `service "${service}": develop.watch[${index}]`;
      if (syncsFiles(rule.action) && (rule.target === undefined || rule.target === '')) {
        throw new BerthError('watch-rule', `${where}: action ${rule.action} needs a target`, { hint: 'set target: to the directory the files go to in the container' });
      }
      if (rule.target !== undefined && !rule.target.startsWith('/')) {
        throw new BerthError('watch-rule', `${where}: target ${rule.target} is not an absolute path`);
      }
      if (rule.action === 'sync+exec' && (rule.exec?.command.length ?? 0) === 0) {
        throw new BerthError('watch-rule', `${where}: action sync+exec needs exec.command`);
      }
      const build = definition?.build;
      if (rule.action === 'rebuild' && build === undefined) {
        throw new BerthError('watch-rule', `${where}: action rebuild needs a build section`, { hint: 'use restart, or give the service a build: section' });
      }
      let contextIgnore: TriggerRule['contextIgnore'];
      if (build !== undefined && (relativeInside(build.context, rule.path) !== undefined || build.context === rule.path)) {
        const key = `${build.context}\u0000${build.dockerfile_inline === undefined ? (build.dockerfile ?? 'Dockerfile') : ''}`;
        let matcher = contextIgnores.get(key);
        if (matcher === undefined) {
          const file = await readIgnoreFile(build.context, build.dockerfile_inline === undefined ? build.dockerfile : undefined);
          matcher = new IgnoreMatcher(file.patterns);
          contextIgnores.set(key, matcher);
        }
        if (!matcher.isEmpty) contextIgnore = { root: build.context, matcher };
      }
      triggers.push({
        service,
        index,
        rule,
        ignore: new IgnoreMatcher(parseDockerignore((rule.ignore ?? []).join('\n'), `${where}.ignore`)),
        include: rule.include === undefined || rule.include.length === 0 ? undefined : new IgnoreMatcher(parseDockerignore(rule.include.join('\n'), `${where}.include`)),
        contextIgnore,
      });
    }
  }
  return new TriggerRules(triggers);
}

/** `child` relative to `parent`, `/`-separated; '' when they are the same; undefined when it is not inside. */
function relativeInside(parent: string, child: string): string | undefined {
  if (child === parent) return '';
  const prefix = parent.endsWith(path.sep) ? parent : `${parent}${path.sep}`;
  if (!child.startsWith(prefix)) return undefined;
  return child.slice(prefix.length).split(path.sep).join('/');
}

function excludes(trigger: TriggerRule, hostPath: string, relative: string): boolean {
  if (relative === '') return false;
  if (isAlwaysIgnored(relative)) return true;
  if (trigger.ignore.matches(relative)) return true;
  if (trigger.contextIgnore !== undefined) {
    const inContext = relativeInside(trigger.contextIgnore.root, hostPath);
    if (inContext !== undefined && inContext !== '' && trigger.contextIgnore.matcher.matches(inContext)) return true;
  }
  return trigger.include !== undefined && !trigger.include.matches(relative);
}

function ignoresDirectory(trigger: TriggerRule, directory: string, relative: string): boolean {
  if (relative === '') return false;
  if (isAlwaysIgnored(relative)) return true;
  if (trigger.ignore.matches(relative) && !trigger.ignore.mayReincludeUnder(relative)) return true;
  const context = trigger.contextIgnore;
  if (context === undefined) return false;
  const inContext = relativeInside(context.root, directory);
  return inContext !== undefined && inContext !== '' && context.matcher.matches(inContext) && !context.matcher.mayReincludeUnder(inContext);
}
