import path from 'node:path';
import type { EnvFileOnlyWarning, Explanation, ServiceActivation, ValueOrigin, ValueProvenance, VariableExplanation, VariableSource } from '../../api/explain.js';
import type { SourcePosition } from '../../config/source-map.js';

/**
 * `berth explain` as text: the profiles in force, which services are active and why, each value
 * with the file, line and column that set it and the variables in it, then the variables and the
 * env_file warnings. Paths are shown relative to the project directory.
 */
export function renderExplanation(explanation: Explanation): string {
  const where = (at: SourcePosition): string => `${relative(explanation.workingDir, at.file)}:${at.line}:${at.column}`;
  const lines: string[] = [];
  lines.push(`project ${explanation.project}: ${explanation.configFiles.map((file) => relative(explanation.workingDir, file)).join(', ')}`);
  const profiles =
    explanation.profiles.length === 0
      ? 'none'
      : explanation.profiles.map((profile) => `${profile.name} (${profile.source.kind === 'flag' ? '--profile' : variableOrigin('COMPOSE_PROFILES', profile.source.origin, where)})`).join(', ');
  lines.push(`profiles in force: ${profiles}`);

  lines.push('', 'services:');
  const width = Math.max(0, ...explanation.services.map((service) => service.service.length));
  for (const service of explanation.services) lines.push(`  ${service.service.padEnd(width)}  ${activation(service)}`);

  for (const { service, values: all } of explanation.values) {
    // The nulls normalization writes (`command: null`) say nothing; the implicit network does.
    const values = all.filter((value) => value.value !== null || value.origin.kind !== 'default' || value.path.startsWith('networks.'));
    lines.push('', `${service}:`);
    if (values.length === 0) lines.push('  (nothing set under that key)');
    const valueWidth = Math.min(48, Math.max(0, ...values.map((value) => assignment(value).length)));
    for (const value of values) {
      lines.push(`  ${assignment(value).padEnd(valueWidth)}  ${origin(value.origin, where)}`);
      // A short-syntax string's variables are shown once, with the parts that name a position of their own.
      if (value.origin.kind === 'expanded') continue;
      for (const reference of value.variables) {
        lines.push(`      \${${reference.name}} ${resolution(reference.outcome, reference.source, reference.value, where)}`);
      }
    }
  }

  if (explanation.variables.length > 0) {
    lines.push('', 'variables:');
    const nameWidth = Math.max(...explanation.variables.map((variable) => variable.name.length));
    for (const variable of explanation.variables) lines.push(`  ${variable.name.padEnd(nameWidth)}  ${variableLine(variable, where)}`);
  }

  if (explanation.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const warning of explanation.warnings) lines.push(`  ${warningLine(warning, where)}`);
  }
  return `${lines.join('\n')}\n`;
}

function activation(service: ServiceActivation): string {
  if (service.profiles.length === 0) return 'active (no profiles)';
  const declared = service.profiles.map((profile) => `"${profile}"`).join(', ');
  if (service.active) return `active: profile ${service.enabledBy.map((profile) => `"${profile}"`).join(', ')} in force`;
  return `inactive: needs profile ${declared}, none in force (--profile or COMPOSE_PROFILES)`;
}

function assignment(value: ValueProvenance): string {
  return `${value.path} = ${shown(value.value)}`;
}

function origin(value: ValueOrigin, where: (at: SourcePosition) => string): string {
  switch (value.kind) {
    case 'written':
      return where(value.at);
    case 'expanded':
      return `${where(value.at)} (from ${value.from})`;
    case 'default':
      return '(default)';
  }
}

function resolution(
  outcome: string,
  source: VariableSource,
  value: string | undefined,
  where: (at: SourcePosition) => string,
): string {
  switch (source.kind) {
    case 'default':
      return value === undefined ? `unset: default "${source.expression}" used` : `empty: default "${source.expression}" used`;
    case 'unset':
      return outcome === 'empty' ? 'unset: nothing substituted' : 'unset: became an empty string';
    default:
      return `= ${shown(value ?? '')} from ${sourceText(source, where)}${outcome === 'alternate' ? ' (set, so its alternate value was used)' : ''}`;
  }
}

function variableLine(variable: VariableExplanation, where: (at: SourcePosition) => string): string {
  const value = variable.value === undefined ? 'unset' : `= ${shown(variable.value)} from ${sourceText(variable.source, where)}`;
  const uses = variable.uses.filter((use) => use.at !== undefined).map((use) => (use.at ? where(use.at) : ''));
  return uses.length === 0 ? value : `${value}; used at ${[...new Set(uses)].join(', ')}`;
}

function warningLine(warning: EnvFileOnlyWarning, where: (at: SourcePosition) => string): string {
  const defined = warning.definedAt.map((entry) => where(entry.at)).join(', ');
  return `${warning.message} (set at ${defined})`;
}

function sourceText(source: VariableSource, where: (at: SourcePosition) => string): string {
  switch (source.kind) {
    case 'os':
      return 'the OS environment';
    case 'env-file':
      return source.file === undefined ? 'an env file' : where({ file: source.file, line: source.line ?? 1, column: 1 }).replace(/:1$/, '');
    case 'project-name':
      return 'the project name';
    case 'default':
      return `the default "${source.expression}"`;
    case 'unset':
      return 'nowhere';
  }
}

function variableOrigin(name: string, origin: { kind: string; file?: string; line?: number } | undefined, where: (at: SourcePosition) => string): string {
  if (origin?.kind === 'env-file' && origin.file !== undefined) return `${name} in ${where({ file: origin.file, line: origin.line ?? 1, column: 1 }).replace(/:1$/, '')}`;
  return name;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function relative(base: string, file: string): string {
  if (file === '-') return file;
  const rel = path.relative(base, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
