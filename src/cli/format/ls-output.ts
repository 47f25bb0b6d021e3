import type { ProjectSummary } from '../../api/ls.js';
import { composeTable } from './compose-table.js';

/** `ls` as a table: NAME STATUS CONFIG FILES, as docker compose v2 prints it. */
export function renderLsTable(projects: readonly ProjectSummary[]): string {
  return composeTable([['NAME', 'STATUS', 'CONFIG FILES'], ...projects.map((project) => [project.name, statusOf(project), configFilesOf(project)])]);
}

/** `ls --format json`: one JSON array on one line with docker compose's keys, `Name`, `Status`, `ConfigFiles`. */
export function renderLsJson(projects: readonly ProjectSummary[]): string {
  return `${JSON.stringify(projects.map((project) => ({ Name: project.name, Status: statusOf(project), ConfigFiles: configFilesOf(project) })))}\n`;
}

/** `ls -q`: the names, one per line. */
export function renderLsNames(projects: readonly ProjectSummary[]): string {
  return projects.map((project) => `${project.name}\n`).join('');
}

/** `running(2), exited(1)`: each state with its count, states in name order. */
export function statusOf(project: ProjectSummary): string {
  return project.states.map(({ state, count }) => `${state}(${count})`).join(', ');
}

/** The files comma-joined, or `N/A` when a container of the project does not say (as docker compose shows it). */
function configFilesOf(project: ProjectSummary): string {
  return project.configFiles === undefined ? 'N/A' : project.configFiles.join(',');
}
