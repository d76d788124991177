/**
 * A finite length for WebM recordings. Chromium's MediaRecorder writes its Segment with an "unknown"
 * size and no Segment > Info > Duration, so players show the video's length as Infinity;
 * `withDuration` writes the element into the file once the recording has stopped.
 *
 * WebM is EBML (Matroska's binary XML): every element is an ID, a size and a body. IDs and sizes are
 * variable-length integers whose leading zero bits give their length in bytes (a 1 bit, the marker,
 * ends them); a size whose value bits are all ones means "unknown": the element runs to the end of
 * its parent.
 */

/** The EBML header's ID, the file's first four bytes. */
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
const DOC_TYPE = 0x4282;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
/** Nanoseconds per timecode unit when Info has no TimecodeScale. */
const DEFAULT_TIMECODE_SCALE = 1e6;

/** Where an element lies in the file: its first byte, its size's first byte, its body and its end. */
interface Element {
  id: number;
  start: number;
  sizeAt: number;
  bodyAt: number;
  end: number;
  unknownSize: boolean;
}

function truncated(at: number): Error {
  return new Error(`Truncated or corrupt WebM file: the element at byte ${at} runs past its end`);
}

/**
 * The variable-length integer at `at` (at most `maxLength` bytes, none past `end`): its length and
 * value, the marker bit kept for IDs and dropped for sizes; a size of all ones reads as null.
 */
function readVint(file: Uint8Array, at: number, end: number, maxLength: number, isId: boolean) {
  if (at >= end) throw truncated(at);
  const first = file[at];
  const length = Math.clz32(first) - 23; // 0b1xxxxxxx → 1, …, 0b00000001 → 8
  if (first === 0 || length > maxLength) throw new Error(`Not a valid WebM file: bad EBML number at byte ${at}`);
  if (at + length > end) throw truncated(at);
  let value = isId ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + file[at + i];
    allOnes &&= file[at + i] === 0xff;
  }
  return { length, value: !isId && allOnes ? null : value };
}

/** The element starting at `at` inside a parent that ends at `end`. */
function readElement(file: Uint8Array, at: number, end: number): Element {
  const id = readVint(file, at, end, 4, true);
  const sizeAt = at + id.length;
  const size = readVint(file, sizeAt, end, 8, false);
  const bodyAt = sizeAt + size.length;
  const elementEnd = size.value === null ? end : bodyAt + size.value;
  if (elementEnd > end) throw truncated(at);
  return { id: id.value!, start: at, sizeAt, bodyAt, end: elementEnd, unknownSize: size.value === null };
}

/** The elements from `from` up to `end`, one after another. */
function* children(file: Uint8Array, from: number, end: number): Generator<Element> {
  for (let at = from; at < end; ) {
    const child = readElement(file, at, end);
    yield child;
    at = child.end;
  }
}

function readUint(file: Uint8Array, el: Element): number {
  let value = 0;
  for (let i = el.bodyAt; i < el.end; i++) value = value * 256 + file[i];
  return value;
}

/** A float element's value: EBML floats have 0 (zero), 4 or 8 bytes, big-endian. */
function readFloat(file: Uint8Array, el: Element): number {
  const view = new DataView(file.buffer, file.byteOffset + el.bodyAt, el.end - el.bodyAt);
  if (view.byteLength === 0) return 0;
  if (view.byteLength === 4) return view.getFloat32(0);
  if (view.byteLength === 8) return view.getFloat64(0);
  throw new Error(`Not a valid WebM file: a ${view.byteLength}-byte float at byte ${el.bodyAt}`);
}

/**
 * `value` as an EBML size of at least `minLength` bytes: more where it does not fit (a length's
 * all-ones value is taken by "unknown").
 */
function encodeSize(value: number, minLength: number): Uint8Array {
  let length = minLength;
  while (value >= 2 ** (7 * length) - 1) length++;
  const bytes = new Uint8Array(length);
  for (let i = length - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) bytes[i] = v % 256;
  bytes[0] |= 0x80 >> (length - 1);
  return bytes;
}

/**
 * The file's Segment and Segment > Info, with Info's TimecodeScale and its Duration element if it
 * has one; throws where the bytes are not a WebM (or Matroska) file or have no Info.
 */
function locate(file: Uint8Array) {
  if (!EBML_MAGIC.every((b, i) => file[i] === b)) throw new Error('Not a WebM file: it does not start with an EBML header');
  const header = readElement(file, 0, file.length);
  let docType = 'matroska'; // EBML's default
  for (const el of children(file, header.bodyAt, header.end)) {
    if (el.id === DOC_TYPE) docType = new TextDecoder().decode(file.subarray(el.bodyAt, el.end)).replace(/\0+$/, '');
  }
  if (docType !== 'webm' && docType !== 'matroska') throw new Error(`Not a WebM file: its EBML DocType is "${docType}"`);
  const segment = readElement(file, header.end, file.length);
  if (segment.id !== SEGMENT) throw new Error('Not a WebM file: no Segment after the EBML header');

  let info: Element | undefined;
  for (const el of children(file, segment.bodyAt, segment.end)) {
    if (el.id === INFO) {
      info = el;
      break;
    }
  }
  if (!info || info.unknownSize) throw new Error('Not a usable WebM file: it has no Segment > Info of known size');

  let timecodeScale = DEFAULT_TIMECODE_SCALE;
  let duration: Element | undefined;
  for (const el of children(file, info.bodyAt, info.end)) {
    if (el.id === TIMECODE_SCALE) timecodeScale = readUint(file, el);
    else if (el.id === DURATION) duration = el;
  }
  return { segment, info, timecodeScale, duration };
}

/**
 * A copy of a WebM file whose Segment > Info > Duration is `durationMs` (written as a float64 in
 * the file's TimecodeScale units): an existing Duration is replaced, a missing one appended to
 * Info. Info's size, and the Segment's where it is known, grow by the bytes added; every other byte
 * stays as it was. (Offsets in a SeekHead or Cues past Info are not updated: MediaRecorder writes
 * neither, and an existing 8-byte Duration keeps every offset.) Throws where the bytes are not a
 * WebM file or have no Segment > Info.
 */
export function withDuration(file: Uint8Array, durationMs: number): Uint8Array {
  if (!(durationMs > 0 && Number.isFinite(durationMs))) {
    throw new RangeError(`A WebM duration must be a positive number of milliseconds, not ${durationMs}`);
  }
  const { segment, info, timecodeScale, duration } = locate(file);

  // ID 0x4489, size 8 (a 1-byte size), then the float64, big-endian.
  const element = new Uint8Array(11);
  element.set([0x44, 0x89, 0x88]);
  new DataView(element.buffer).setFloat64(3, (durationMs * 1e6) / timecodeScale);

  const [cutFrom, cutTo] = duration ? [duration.start, duration.end] : [info.end, info.end];
  const infoSize = encodeSize(info.end - info.bodyAt + element.length - (cutTo - cutFrom), info.bodyAt - info.sizeAt);
  const added = element.length - (cutTo - cutFrom) + infoSize.length - (info.bodyAt - info.sizeAt);

  const parts = segment.unknownSize
    ? [file.subarray(0, info.sizeAt)]
    : [
        file.subarray(0, segment.sizeAt),
        encodeSize(segment.end - segment.bodyAt + added, segment.bodyAt - segment.sizeAt),
        file.subarray(segment.bodyAt, info.sizeAt),
      ];
  parts.push(infoSize, file.subarray(info.bodyAt, cutFrom), element, file.subarray(cutTo));

  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A WebM file's Segment > Info > Duration in milliseconds, or null where it has none; throws like
 * `withDuration` on bytes that are not a WebM file.
 */
export function readDuration(file: Uint8Array): number | null {
  const { timecodeScale, duration } = locate(file);
  return duration ? (readFloat(file, duration) * timecodeScale) / 1e6 : null;
}
