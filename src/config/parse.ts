import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import { ConfigError } from './config-error.js';
import type { Json, JsonObject } from './json.js';
import {
  ownPositionOf,
  positionOf,
  setMergeTag,
  setOwnPosition,
  setPosition,
  type SourcePosition,
} from './source-map.js';

/** One YAML document of a compose file: its data, with positions attached (see source-map.ts). */
export interface ParsedDocument {
  file: string;
  data: JsonObject;
}

const MERGE_TAGS: Record<string, 'reset' | 'override'> = { '!reset': 'reset', '!override': 'override' };

/**
 * Parses compose YAML. Several documents in one file come back in order (each acts as an override of
 * the one before). Anchors and aliases are expanded into independent copies, merge keys (`<<`)
 * applied, `!reset`/`!override` recorded, and duplicate keys rejected naming both lines.
 */
export function parseCompose(text: string, file: string): ParsedDocument[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text.replace(/^\uFEFF/, ''), {
    lineCounter: lines,
    merge: false,
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
  });
  if (!Array.isArray(documents)) return [];
  const result: ParsedDocument[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const { line, col } = lines.linePos(error.pos[0]);
      throw new ConfigError(`invalid YAML: ${firstLine(error.message)}`, { file, line, column: col });
    }
    const converter = new Converter(document, file, lines);
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const data = converter.convert(contents, []);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      const position = converter.position(contents);
      throw new ConfigError('the top level of a compose file must be a mapping', {
        file,
        line: position.line,
        column: position.column,
      });
    }
    result.push({ file, data });
  }
  return result;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  constructor(
    private readonly document: Document,
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  position(node: YamlNode): SourcePosition {
    const offset = node.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  convert(node: YamlNode | null, aliasStack: YamlNode[]): Json {
    if (node === null) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) {
        throw this.error(node, `unknown alias *${node.source}`);
      }
      if (aliasStack.includes(target)) throw this.error(node, `alias *${node.source} refers to itself`);
      return this.convert(target, [...aliasStack, target]);
    }
    if (isScalar(node)) {
      // A plain scalar behind a tag the YAML library does not know (`!override null`) arrives as text;
      // resolve it as an untagged plain scalar would be, so `null`, `true` and numbers keep their type.
      if (node.tag !== undefined && node.tag in MERGE_TAGS && node.type === 'PLAIN' && typeof node.value === 'string') {
        return this.scalar(parse(node.value) as unknown, node);
      }
      return this.scalar(node.value, node);
    }
    if (isSeq(node)) {
      const items: Json[] = [];
      setOwnPosition(items, this.position(node));
      node.items.forEach((item, index) => {
        const itemNode = item as YamlNode | null;
        items.push(this.convert(itemNode, aliasStack));
        if (itemNode) {
          setPosition(items, index, this.position(itemNode));
          this.recordTag(items, index, itemNode);
        }
      });
      return items;
    }
    if (isMap(node)) return this.mapping(node.items as Pair<YamlNode | null, YamlNode | null>[], node, aliasStack);
    throw this.error(node, 'unsupported YAML node');
  }

  private mapping(
    pairs: Pair<YamlNode | null, YamlNode | null>[],
    node: YamlNode,
    aliasStack: YamlNode[],
  ): JsonObject {
    const result: JsonObject = {};
    setOwnPosition(result, this.position(node));
    const seen = new Map<string, SourcePosition>();
    const merged: JsonObject[] = [];
    for (const pair of pairs) {
      const keyNode = pair.key;
      if (keyNode && isScalar(keyNode) && keyNode.value === '<<' && keyNode.source === '<<') {
        merged.push(...this.mergeSources(pair.value, aliasStack));
        continue;
      }
      const key = this.key(keyNode);
      const keyPosition = keyNode ? this.position(keyNode) : this.position(node);
      const earlier = seen.get(key);
      if (earlier) {
        throw new ConfigError(
          `duplicate key "${key}" (first defined at line ${earlier.line}, column ${earlier.column})`,
          { file: this.file, line: keyPosition.line, column: keyPosition.column },
        );
      }
      seen.set(key, keyPosition);
      result[key] = this.convert(pair.value, aliasStack);
      setPosition(result, key, pair.value ? this.position(pair.value) : keyPosition, keyPosition);
      if (pair.value) this.recordTag(result, key, pair.value);
    }
    // Merge keys fill in only what the mapping does not set itself; earlier sources win.
    for (const source of merged) {
      for (const [key, value] of Object.entries(source)) {
        if (Object.prototype.hasOwnProperty.call(result, key)) continue;
        result[key] = value;
        const position = ownPositionOf(result);
        setPosition(result, key, positionOf(source, key) ?? position);
      }
    }
    return result;
  }

  private mergeSources(value: YamlNode | null, aliasStack: YamlNode[]): JsonObject[] {
    if (value === null) return [];
    const sources = isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
    return sources.map((source) => {
      const data = this.convert(source, aliasStack);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw this.error(source ?? value, 'a merge key (<<) takes a mapping or a list of mappings');
      }
      return data;
    });
  }

  private key(node: YamlNode | null): string {
    if (node === null) return '';
    if (isScalar(node)) {
      if (node.value === null) throw this.error(node, 'a mapping key must not be null');
      // docker compose reads keys as strings: `8080: x` is the key "8080".
      return typeof node.source === 'string' ? node.source : String(node.value);
    }
    throw this.error(node, 'a mapping key must be a plain scalar');
  }

  private scalar(value: unknown, node: YamlNode): Json {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    throw this.error(node, `unsupported YAML value ${String(value)}`);
  }

  private recordTag(container: JsonObject | Json[], key: string | number, node: YamlNode): void {
    const tag = node.tag === undefined ? undefined : MERGE_TAGS[node.tag];
    if (tag) setMergeTag(container, key, tag);
  }

  private error(node: YamlNode, reason: string): ConfigError {
    const position = this.position(node);
    return new ConfigError(reason, { file: this.file, line: position.line, column: position.column });
  }
}

