import { describe, expect, it } from 'vitest';
import { DependencyCycleError, DependencyGraph } from '../../../src/graph/dependency-graph.js';

describe('DependencyGraph', () => {
  // web → api → db, web → cache, worker → db; admin alone.
  const graph = DependencyGraph.fromDependencies({
    web: ['api', 'cache'],
    api: ['db'],
    worker: ['db'],
    db: [],
    cache: [],
    admin: [],
  });

  it('lists nodes, dependencies and dependents sorted', () => {
    expect(graph.nodes).toEqual(['admin', 'api', 'cache', 'db', 'web', 'worker']);
    expect(graph.dependenciesOf('web')).toEqual(['api', 'cache']);
    expect(graph.dependentsOf('db')).toEqual(['api', 'worker']);
    expect(graph.dependenciesOf('missing')).toEqual([]);
    expect(graph.has('db')).toBe(true);
  });

  it('orders dependencies first, smallest name first among peers', () => {
    expect(graph.dependencyOrder()).toEqual(['admin', 'cache', 'db', 'api', 'web', 'worker']);
  });

  it('orders dependents first for stopping', () => {
    expect(graph.reverseOrder()).toEqual(['admin', 'web', 'api', 'cache', 'worker', 'db']);
  });

  it('follows dependencies and dependents transitively', () => {
    expect(graph.withDependencies(['web'])).toEqual(['api', 'cache', 'db', 'web']);
    expect(graph.withDependents(['db'])).toEqual(['api', 'db', 'web', 'worker']);
    expect(graph.withDependencies(['nope'])).toEqual([]);
  });

  it('finds no cycle in an acyclic graph', () => {
    expect(graph.findCycle()).toBeUndefined();
  });

  it('names a whole cycle, starting from its smallest name, whatever the input order', () => {
    const one = DependencyGraph.fromDependencies({ c: ['b'], b: ['a'], a: ['c'], d: ['a'] });
    const two = DependencyGraph.fromDependencies({ a: ['c'], d: ['a'], b: ['a'], c: ['b'] });
    expect(one.findCycle()).toEqual(['a', 'c', 'b', 'a']);
    expect(two.findCycle()).toEqual(['a', 'c', 'b', 'a']);
  });

  it('leaves out of the cycle the path that led to it', () => {
    const g = DependencyGraph.fromDependencies({ a: ['b'], b: ['c'], c: ['d'], d: ['c'] });
    expect(g.findCycle()).toEqual(['c', 'd', 'c']);
  });

  it('finds a self-dependency', () => {
    expect(DependencyGraph.fromDependencies({ a: ['a'] }).findCycle()).toEqual(['a', 'a']);
  });

  it('refuses to order a cyclic graph', () => {
    const g = DependencyGraph.fromDependencies({ a: ['b'], b: ['a'] });
    expect(() => g.dependencyOrder()).toThrow(DependencyCycleError);
    try {
      g.reverseOrder();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DependencyCycleError);
      expect((error as DependencyCycleError).cycle).toEqual(['a', 'b', 'a']);
      expect((error as DependencyCycleError).message).toBe('dependency cycle detected: a -> b -> a');
    }
  });

  it('rejects an edge to a node it does not know', () => {
    expect(() => new DependencyGraph(['a'], [{ from: 'a', to: 'b' }])).toThrow(/not in the graph/);
  });
});
