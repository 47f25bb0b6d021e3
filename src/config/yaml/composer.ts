import {
  EVENT_ID,
  getScalarValue,
  SCALAR_STYLE,
  type AliasEvent,
  type Event,
  type MappingEvent,
  type ScalarEvent,
  type SequenceEvent,
} from 'js-yaml';
import { ConfigError } from '../config-error.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import {
  carryPosition,
  cloneWithPositions,
  keyPositionOf,
  positionOf,
  setMergeTag,
  setOwnPosition,
  setPosition,
  type MergeTag,
} from '../source-map.js';
import { resolvePlainScalar } from './core-scalar.js';
import type { LineIndex } from './line-index.js';

const DOCUMENT = EVENT_ID.DOCUMENT;
const SEQUENCE = EVENT_ID.SEQUENCE;
const MAPPING = EVENT_ID.MAPPING;
const SCALAR = EVENT_ID.SCALAR;
const ALIAS = EVENT_ID.ALIAS;
const POP = EVENT_ID.POP;
const PLAIN = SCALAR_STYLE.PLAIN;
const SINGLE_QUOTED = SCALAR_STYLE.SINGLE_QUOTED;
const DOUBLE_QUOTED = SCALAR_STYLE.DOUBLE_QUOTED;

/** The node an anchor names, kept as composed so every alias can take its own copy. */
interface Anchored {
  value: Json;
  tag: MergeTag | undefined;
  /** False while the anchored collection is still being composed: an alias to it would be a cycle. */
  done: boolean;
}

/**
 * Builds plain JSON from a parser's event stream, one document at a time, attaching the source
 * position of every entry, item, key and container (see source-map.ts) on the way. It expands
 * aliases into independent copies, applies merge keys (`<<`), records `!reset`/`!override`, reads
 * plain scalars by the YAML 1.2 core schema, and rejects duplicate and null keys.
 *
 * One instance reads one text. It walks the events with a cursor instead of building a tree, and
 * hands a node's start offset and merge tag back to the caller through fields rather than a
 * returned object, so composing a node allocates only the value itself.
 */
export class Composer {
  private index = 0;
  private readonly anchors = new Map<string, Anchored>();
  /** Where the node composed last starts, or -1 when it has no text of its own (an empty value). */
  private nodeOffset = -1;
  /** The merge tag of the node composed last. */
  private nodeTag: MergeTag | undefined = undefined;
  /** Just past the last token read: where the search for a token with no recorded offset starts. */
  private cursor = 0;

  constructor(
    private readonly text: string,
    private readonly events: readonly Event[],
    private readonly lines: LineIndex,
  ) {}

  /** Every non-empty document, in order; each top level must be a mapping. */
  documents(): JsonObject[] {
    const result: JsonObject[] = [];
    while (this.index < this.events.length) {
      const event = this.at(this.index);
      if (event.type !== DOCUMENT) throw this.malformed();
      this.index++;
      // Anchors do not reach from one document into the next.
      this.anchors.clear();
      if (this.at(this.index).type === POP) {
        this.index++;
        continue;
      }
      const value = this.node();
      this.expectPop();
      if (value === null) continue;
      if (!isJsonObject(value)) {
        throw this.error(Math.max(this.nodeOffset, 0), 'the top level of a compose file must be a mapping');
      }
      result.push(value);
    }
    return result;
  }

  private at(index: number): Event {
    const event = this.events[index];
    if (event === undefined) throw this.malformed();
    return event;
  }

  private expectPop(): void {
    if (this.at(this.index).type !== POP) throw this.malformed();
    this.index++;
  }

  private node(): Json {
    const event = this.at(this.index);
    switch (event.type) {
      case SCALAR:
        return this.scalar(event);
      case MAPPING:
      case SEQUENCE:
        return this.collection(event);
      case ALIAS:
        return this.alias(event);
      default:
        throw this.malformed();
    }
  }

  private scalar(event: ScalarEvent): Json {
    this.index++;
    const tag = event.tagStart === -1 ? undefined : this.text.slice(event.tagStart, event.tagEnd);
    let value: Json;
    let offset = event.valueStart;
    if (offset === -1) {
      value = event.style !== PLAIN || (tag !== undefined && isStringTag(tag)) ? '' : null;
      offset = propertiesOffset(event);
    } else {
      const text = getScalarValue(this.text, event);
      switch (event.style) {
        case PLAIN:
          // `!reset`/`!override` and unknown tags leave a plain scalar its core-schema type.
          value = tag !== undefined && isStringTag(tag) ? text : resolvePlainScalar(text);
          this.cursor = event.valueEnd;
          break;
        case SINGLE_QUOTED:
        case DOUBLE_QUOTED:
          value = text;
          offset--; // at the opening quote, as an editor would show it
          this.cursor = event.valueEnd + 1;
          break;
        default:
          value = text;
          offset = this.blockHeader(event);
          this.cursor = event.valueEnd;
      }
    }
    const mergeTag = tag === undefined ? undefined : MERGE_TAGS.get(tag);
    if (event.anchorStart !== -1) {
      this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), { value, tag: mergeTag, done: true });
    }
    this.nodeOffset = offset;
    this.nodeTag = mergeTag;
    return value;
  }

  private collection(event: MappingEvent | SequenceEvent): Json {
    let anchored: Anchored | undefined;
    if (event.anchorStart !== -1) {
      // Registered before the contents, so an alias inside them is seen as a cycle; a later anchor
      // of the same name (even one inside) replaces it in the map, and this one stays as it is.
      anchored = { value: null, tag: undefined, done: false };
      this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), anchored);
    }
    this.index++;
    this.cursor = event.start + 1;
    const value = event.type === MAPPING ? this.mapping(event.start) : this.sequence(event.start);
    const mergeTag = event.tagStart === -1 ? undefined : MERGE_TAGS.get(this.text.slice(event.tagStart, event.tagEnd));
    if (anchored) {
      anchored.value = value;
      anchored.tag = mergeTag;
      anchored.done = true;
    }
    this.nodeOffset = event.start;
    this.nodeTag = mergeTag;
    return value;
  }

  private mapping(start: number): JsonObject {
    const result: JsonObject = {};
    setOwnPosition(result, this.lines.position(start));
    let merged: JsonObject[] | undefined;
    for (let event = this.at(this.index); event.type !== POP; event = this.at(this.index)) {
      if (event.type !== SCALAR) {
        const offset = event.type === ALIAS ? event.anchorStart - 1 : event.type === DOCUMENT ? start : event.start;
        throw this.error(offset, 'a mapping key must be a scalar');
      }
      this.index++;
      if (isMergeKey(this.text, event)) {
        merged = this.mergeSources(merged ?? []);
        continue;
      }
      const key = this.key(event, start);
      const keyOffset = event.valueStart === -1 ? this.emptyOffset(event, start) : scalarOffset(event);
      const keyPosition = this.lines.position(keyOffset);
      if (Object.hasOwn(result, key)) {
        const first = keyPositionOf(result, key);
        throw this.error(
          keyOffset,
          `duplicate key "${key}" (first defined at line ${first?.line ?? '?'}, column ${first?.column ?? '?'})`,
        );
      }
      const value = this.node();
      assign(result, key, value);
      setPosition(
        result,
        key,
        this.nodeOffset === -1 ? keyPosition : this.lines.position(this.nodeOffset),
        keyPosition,
      );
      if (this.nodeTag) setMergeTag(result, key, this.nodeTag);
    }
    this.index++;
    if (merged) {
      // Merge keys fill in only what the mapping does not set itself; earlier sources win. Each
      // source is this mapping's own copy (an alias was expanded into one), so values move as they are.
      for (const source of merged) {
        for (const key of Object.keys(source)) {
          if (Object.hasOwn(result, key)) continue;
          assign(result, key, source[key] ?? null);
          carryPosition(source, key, result, key);
        }
      }
    }
    return result;
  }

  /** Reads the value of a `<<` entry: a mapping, an alias of one, or a sequence of those. */
  private mergeSources(into: JsonObject[]): JsonObject[] {
    const value = this.node();
    if (value === null) return into;
    if (isJsonObject(value)) {
      into.push(value);
      return into;
    }
    if (!Array.isArray(value)) throw this.error(Math.max(this.nodeOffset, 0), MERGE_SOURCE);
    for (let index = 0; index < value.length; index++) {
      const item = value[index] ?? null;
      if (!isJsonObject(item)) {
        const position = positionOf(value, index);
        throw new ConfigError(MERGE_SOURCE, { file: position?.file, line: position?.line, column: position?.column });
      }
      into.push(item);
    }
    return into;
  }

  private sequence(start: number): Json[] {
    const items: Json[] = [];
    setOwnPosition(items, this.lines.position(start));
    for (let index = 0; this.at(this.index).type !== POP; index++) {
      const value = this.node();
      let offset = this.nodeOffset;
      if (offset === -1) {
        // An empty item: point at its `-` (the first one is where the sequence starts).
        offset = index === 0 ? start : this.nextToken(this.cursor);
        this.cursor = offset + 1;
      }
      items.push(value);
      setPosition(items, index, this.lines.position(offset));
      if (this.nodeTag) setMergeTag(items, index, this.nodeTag);
    }
    this.index++;
    return items;
  }

  private alias(event: AliasEvent): Json {
    this.index++;
    const offset = event.anchorStart - 1;
    const name = this.text.slice(event.anchorStart, event.anchorEnd);
    const anchored = this.anchors.get(name);
    if (anchored === undefined) throw this.error(offset, `unknown alias *${name}`);
    if (!anchored.done) throw this.error(offset, `alias *${name} refers to itself`);
    this.cursor = event.anchorEnd;
    this.nodeOffset = offset;
    this.nodeTag = anchored.tag;
    return cloneWithPositions(anchored.value);
  }

  /** A mapping key as a string: a plain key keeps its text (`8080`, `true`), a null key is refused. */
  private key(event: ScalarEvent, mappingStart: number): string {
    const text = getScalarValue(this.text, event);
    // A plain key is read as a string as written, but one that reads as null is refused.
    const typed =
      event.style !== PLAIN || (event.tagStart !== -1 && isStringTag(this.text.slice(event.tagStart, event.tagEnd)))
        ? text
        : resolvePlainScalar(text);
    if (typed === null) {
      throw this.error(
        event.valueStart === -1 ? this.emptyOffset(event, mappingStart) : event.valueStart,
        'a mapping key must not be null',
      );
    }
    if (event.anchorStart !== -1) {
      this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), { value: typed, tag: undefined, done: true });
    }
    if (event.valueEnd !== -1) this.cursor = isQuoted(event) ? event.valueEnd + 1 : event.valueEnd;
    return text;
  }

  /** Where an empty scalar is: at its tag or anchor if it has one, else at `fallback`. */
  private emptyOffset(event: ScalarEvent, fallback: number): number {
    const offset = propertiesOffset(event);
    return offset === -1 ? fallback : offset;
  }

  /**
   * The `|` or `>` that opens a block scalar. Its content starts on the line after that indicator;
   * the search starts past the key and properties on that line, so a `|` inside a key is not taken.
   */
  private blockHeader(event: ScalarEvent): number {
    const text = this.text;
    const end = event.valueStart;
    let at = Math.max(this.lines.lineStart(Math.max(end - 1, 0)), this.cursor, event.tagEnd, event.anchorEnd);
    for (; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x7c || code === 0x3e) return at;
    }
    return end;
  }

  /** The first offset at or after `from` that is not blank, a line break, a comma or a comment. */
  private nextToken(from: number): number {
    const text = this.text;
    let at = from;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2c) at++;
      else if (code === 0x23) {
        const end = text.indexOf('\n', at);
        at = end === -1 ? text.length : end;
      } else break;
    }
    return at;
  }

  private error(offset: number, reason: string): ConfigError {
    const { file, line, column } = this.lines.position(offset);
    return new ConfigError(reason, { file, line, column });
  }

  private malformed(): ConfigError {
    const { file } = this.lines.position(0);
    return new ConfigError('invalid YAML: the parser returned an incomplete event stream', { file });
  }
}

const MERGE_SOURCE = 'a merge key (<<) takes a mapping or a list of mappings';

const MERGE_TAGS: ReadonlyMap<string, MergeTag> = new Map([
  ['!reset', 'reset'],
  ['!override', 'override'],
]);

/** `!!str` (or its long form) makes a plain scalar a string; every other tag leaves its type alone. */
function isStringTag(tag: string): boolean {
  return tag === '!!str' || tag === '!<tag:yaml.org,2002:str>';
}

/** A merge key is a plain, untagged `<<`; a quoted `"<<"` is an ordinary key. */
function isMergeKey(text: string, event: ScalarEvent): boolean {
  return (
    event.style === PLAIN &&
    event.tagStart === -1 &&
    event.valueEnd - event.valueStart === 2 &&
    text.charCodeAt(event.valueStart) === 0x3c &&
    text.charCodeAt(event.valueStart + 1) === 0x3c
  );
}

/** Where a written scalar starts: at the opening quote of a quoted one. */
function scalarOffset(event: ScalarEvent): number {
  return isQuoted(event) ? event.valueStart - 1 : event.valueStart;
}

/** Quoted scalars' offsets exclude the quotes. */
function isQuoted(event: ScalarEvent): boolean {
  return event.style === SINGLE_QUOTED || event.style === DOUBLE_QUOTED;
}

/** Where an empty scalar's tag or anchor starts (whichever comes first), or -1 without either. */
function propertiesOffset(event: ScalarEvent): number {
  const anchor = event.anchorStart === -1 ? -1 : event.anchorStart - 1; // at the `&`
  if (event.tagStart === -1) return anchor;
  return anchor === -1 ? event.tagStart : Math.min(anchor, event.tagStart);
}

/** Sets `target[key]`; a `__proto__` key becomes an own entry instead of replacing the prototype. */
function assign(target: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
