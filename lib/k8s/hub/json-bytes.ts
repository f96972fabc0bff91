import type { HubObject } from "./informer.ts";

/**
 * Byte-level reading of what the API server streams, so that a re-list makes almost no heap
 * garbage: response chunks arrive as Buffers outside the JS heap, and decoding them whole to
 * strings (then slicing lines, then parsing pages) is what filled the young generation during a
 * re-list. Here lines and list items are found in the bytes; only the ones that must be parsed
 * are decoded. Newline and the JSON structural characters are single bytes that never occur
 * inside a multi-byte UTF-8 sequence, so splitting bytes is safe across any chunk boundary.
 */

const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const RV_FIELD = Buffer.from('"resourceVersion":"');
const UID_FIELD = Buffer.from('"uid":"');

/**
 * The bytes of a line or list item cut by chunk boundaries, gathered in one buffer that is reused
 * for the next one: joining makes no Buffer per chunk, and nothing keeps a view of a chunk (the
 * transport owns it).
 */
class Carry {
  private buf: Buffer = EMPTY;
  length = 0;

  /** Appends `chunk[start, end)`, growing the buffer (doubling) when it is too small. */
  append(chunk: Buffer, start: number, end: number): void {
    const need = this.length + end - start;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2, MIN_CARRY));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    chunk.copy(this.buf, this.length, start, end);
    this.length = need;
  }

  /**
   * The gathered bytes (`length` of them, from 0), now forgotten: valid until the next append.
   * An unusually large buffer is let go, so that one huge object does not keep it for the life
   * of the watch.
   */
  take(): Buffer {
    const b = this.buf;
    this.length = 0;
    if (b.length > MAX_KEPT_CARRY) this.buf = EMPTY;
    return b;
  }
}

const EMPTY = Buffer.alloc(0);
/** Most lines and items are one object of a few KB: one buffer of this size covers nearly all. */
const MIN_CARRY = 64 * 1024;
const MAX_KEPT_CARRY = 1024 * 1024;

/**
 * Splits a byte stream at newlines. Lines are given as a range of the chunk, not copied and not
 * wrapped in a Buffer of their own (a re-list streams tens of thousands of them); a line cut by a
 * chunk boundary is joined in the splitter's own reused buffer before it is given.
 */
export class LineSplitter {
  private readonly carry = new Carry();

  /**
   * Calls `onLine(bytes, start, end)` for each complete line this chunk ends (without the newline),
   * in order, blank lines left out; stops early when it answers true (and forgets the rest).
   * `bytes` is valid during the call only: it may be the splitter's reused buffer.
   */
  push(chunk: Buffer, onLine: (bytes: Buffer, start: number, end: number) => boolean | undefined): void {
    let from = 0;
    let nl = chunk.indexOf(NL);
    while (nl >= 0) {
      let stop: boolean | undefined;
      if (this.carry.length > 0) {
        this.carry.append(chunk, from, nl);
        const n = this.carry.length;
        const line = this.carry.take();
        if (!isBlank(line, 0, n)) stop = onLine(line, 0, n);
      } else if (!isBlank(chunk, from, nl)) stop = onLine(chunk, from, nl);
      if (stop) return;
      from = nl + 1;
      nl = chunk.indexOf(NL, from);
    }
    if (from < chunk.length) this.carry.append(chunk, from, chunk.length);
  }
}

function isBlank(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== NL) return false;
  }
  return true;
}

/**
 * A resourceVersion as a Map key: the number its digits spell when it is a plain decimal of at
 * most 15 digits without a leading zero (what the API server sends: etcd revisions), otherwise
 * the string itself. Each string has one key and no two strings share one, so keys are equal
 * exactly when the resourceVersions are; they are never ordered (resourceVersions are opaque).
 * Read from bytes, a numeric key costs no string: a re-list looks one up for every line.
 */
export type VersionKey = number | string;

/** The {@link VersionKey} of a resourceVersion. */
export function versionKey(rv: string): VersionKey {
  if (rv.length === 0 || rv.length > 15 || (rv.length > 1 && rv.charCodeAt(0) === DIGIT_0)) return rv;
  let n = 0;
  for (let i = 0; i < rv.length; i++) {
    const d = rv.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return rv;
    n = n * 10 + d;
  }
  return n;
}

/** The {@link VersionKey} of the resourceVersion in `bytes[from, to)` (a JSON string's contents). */
export function versionKeyIn(bytes: Buffer, from: number, to: number): VersionKey {
  const len = to - from;
  if (len === 0 || len > 15 || (len > 1 && bytes[from] === DIGIT_0)) return bytes.toString("utf8", from, to);
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = (bytes[i] as number) - DIGIT_0;
    if (d < 0 || d > 9) return bytes.toString("utf8", from, to);
    n = n * 10 + d;
  }
  return n;
}

const DIGIT_0 = 0x30;

/**
 * The cached object a line or list item repeats unchanged, found in its bytes without decoding
 * them: one whose resourceVersion is in the bytes together with its uid. Every write to etcd gets
 * a revision of its own, so an object of this kind with that resourceVersion is that write; bytes
 * that name it and its uid are that object (objects refer to others by uid without a
 * resourceVersion, or, as an Event's `involvedObject`, to an object of another kind). A JSON text
 * quoted inside a string (an annotation) has its quotes escaped, so it never matches.
 */
export function unchangedObject<T extends HubObject>(
  bytes: Buffer,
  byVersion: ReadonlyMap<VersionKey, T>,
  start = 0,
  end = bytes.length,
): T | undefined {
  let at = bytes.indexOf(RV_FIELD, start);
  while (at >= 0 && at < end) {
    const from = at + RV_FIELD.length;
    const close = bytes.indexOf(QUOTE, from);
    if (close < 0 || close >= end) return undefined;
    const prev = byVersion.get(versionKeyIn(bytes, from, close));
    if (prev && hasUid(bytes, prev.uid, start, end)) return prev;
    at = bytes.indexOf(RV_FIELD, close);
  }
  return undefined;
}

/** Whether `"uid":"<uid>"` is in `bytes[start, end)`, compared in place (uids are ASCII). */
function hasUid(bytes: Buffer, uid: string, start: number, end: number): boolean {
  let at = bytes.indexOf(UID_FIELD, start);
  while (at >= 0 && at < end) {
    const from = at + UID_FIELD.length;
    if (from + uid.length < end && bytes[from + uid.length] === QUOTE) {
      let i = 0;
      while (i < uid.length && bytes[from + i] === uid.charCodeAt(i)) i++;
      if (i === uid.length) return true;
    }
    at = bytes.indexOf(UID_FIELD, from);
  }
  return false;
}

/**
 * Splits a list response (`{"kind":…,"metadata":{…},"items":[{…},{…}]}`) as it streams: each
 * element of the top-level `items` is given as a range of bytes as soon as it is complete (of the
 * chunk, or of the splitter's reused buffer when chunks cut it), and the top-level `metadata`
 * (resourceVersion, continue) is kept, so no page exists whole in memory.
 * Strings are followed with their escapes, so braces, brackets and quotes inside them count for
 * nothing.
 */
export class ListItemSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The last key read at depth 1 (only short keys are decoded). */
  private key = "";
  private expectKey = false;
  /** A depth-1 key being read: where it began in this chunk, and its bytes from earlier chunks. */
  private keyOpen = false;
  private keyStart = 0;
  private keyParts: Buffer[] = [];
  /** Which top-level value is being read: the items array, the metadata object, or neither. */
  private inItems = false;
  private inMetadata = false;
  /** An item (or the metadata) being read: where it began in this chunk, and earlier bytes. */
  private partOpen = false;
  private partStart = 0;
  private readonly carry = new Carry();
  private metadataBytes: Buffer | undefined;

  /** The list's own metadata, once read (it comes before the items in the API server's lists). */
  metadata(): { resourceVersion?: string; continue?: string } | undefined {
    if (!this.metadataBytes) return undefined;
    return JSON.parse(this.metadataBytes.toString("utf8")) as {
      resourceVersion?: string;
      continue?: string;
    };
  }

  /**
   * Calls `onItem(bytes, start, end)` for each item this chunk completes, in order. `bytes` is
   * valid during the call only: it may be the splitter's reused buffer.
   */
  push(chunk: Buffer, onItem: (bytes: Buffer, start: number, end: number) => void): void {
    // An item or a key that began in an earlier chunk goes on from this one's first byte.
    this.partStart = 0;
    this.keyStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyOpen) this.endKey(chunk, i);
        }
        continue;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.expectKey) {
            this.expectKey = false;
            this.keyOpen = true;
            this.keyStart = i + 1;
          }
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (this.depth === 1 && c === 0x5b && this.key === "items") this.inItems = true;
          else if (this.depth === 1 && c === 0x7b && this.key === "metadata") this.open(i, true);
          else if (this.depth === 2 && this.inItems) this.open(i, false);
          this.depth++;
          if (this.depth === 1) this.expectKey = true;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.depth--;
          if (this.depth === 2 && this.inItems && this.partOpen) this.take(chunk, i, onItem);
          else if (this.depth === 1) {
            if (this.inMetadata && this.partOpen)
              this.take(chunk, i, (b, start, end) => {
                this.metadataBytes = Buffer.from(b.subarray(start, end));
              });
            this.inItems = false;
            this.inMetadata = false;
          }
          break;
        case 0x2c: // ,
          if (this.depth === 1) {
            this.expectKey = true;
            this.key = "";
          }
          break;
      }
    }
    if (this.partOpen) this.carry.append(chunk, this.partStart, chunk.length);
    // Copied: a view would keep the whole chunk alive, and the transport owns it. (Keys are short
    // and seldom cut.)
    if (this.keyOpen) this.keyParts.push(Buffer.from(chunk.subarray(this.keyStart)));
  }

  private open(at: number, metadata: boolean): void {
    this.partOpen = true;
    this.partStart = at;
    this.inMetadata = metadata;
  }

  private endKey(chunk: Buffer, end: number): void {
    this.keyOpen = false;
    const last = chunk.subarray(this.keyStart, end);
    const k = this.keyParts.length > 0 ? Buffer.concat([...this.keyParts, last]) : last;
    this.keyParts = [];
    this.key = k.length <= 16 ? k.toString("utf8") : "";
  }

  /** Gives the bytes from the open part's start (maybe in earlier chunks) to `end` inclusive. */
  private take(chunk: Buffer, end: number, give: (bytes: Buffer, start: number, end: number) => void): void {
    this.partOpen = false;
    if (this.carry.length === 0) {
      give(chunk, this.partStart, end + 1);
      return;
    }
    this.carry.append(chunk, this.partStart, end + 1);
    const n = this.carry.length;
    give(this.carry.take(), 0, n);
  }
}
