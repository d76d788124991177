import { describe, expect, it } from 'vitest';
import { readDuration, withDuration } from './webm';

const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const MUXING_APP = 0x4d80;
const WRITING_APP = 0x5741;
const DURATION = 0x4489;
const CLUSTER = 0x1f43b675;

/** `value` as an EBML variable-length integer of `length` bytes (its marker bit set). */
function vint(value: number, length: number): number[] {
  const bytes = Array.from({ length }, (_, i) => Math.floor(value / 256 ** (length - 1 - i)) % 256);
  bytes[0] |= 0x80 >> (length - 1);
  return bytes;
}

/** An unknown size: an 8-byte vint of all ones, as MediaRecorder writes the Segment's. */
const UNKNOWN = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/** An element's ID bytes (IDs keep their marker bits). */
function idBytes(id: number): number[] {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return bytes;
}

/** An element: its ID, its size (the shortest vint, or `sizeLength` bytes) and its body. */
function el(id: number, body: number[], sizeLength = body.length < 127 ? 1 : body.length < 16383 ? 2 : 8): number[] {
  return [...idBytes(id), ...vint(body.length, sizeLength), ...body];
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const uint = (id: number, value: number) => el(id, idBytes(value));
const float64 = (value: number) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value);
  return [...bytes];
};
const duration = (value: number) => el(DURATION, float64(value));

/** A cluster at timecode 0 with one SimpleBlock (track 1, keyframe) of dummy frame bytes. */
const CLUSTER_BYTES = el(CLUSTER, [...el(0xe7, [0]), ...el(0xa3, [0x81, 0x00, 0x00, 0x80, 9, 8, 7, 6, 5, 4, 3, 2, 1])]);

interface Options {
  docType?: string;
  timecodeScale?: number;
  /** Elements appended to Info after TimecodeScale, MuxingApp and WritingApp. */
  infoTail?: number[];
  /** Info's body size (`infoTail` included), reached by padding WritingApp. */
  infoSize?: number;
  /** A Segment with a known size (an 8-byte vint, as muxers write it) rather than an unknown one. */
  knownSize?: boolean;
}

/** A small WebM file like MediaRecorder's: EBML header, Segment { Info, Cluster }. */
function webm({ docType = 'webm', timecodeScale = 1e6, infoTail = [], infoSize, knownSize = false }: Options = {}) {
  const header = el(EBML, [...uint(0x4286, 1), ...uint(0x42f7, 1), ...el(0x4282, ascii(docType)), ...uint(0x4287, 4), ...uint(0x4285, 2)]);
  const head = [...uint(TIMECODE_SCALE, timecodeScale), ...el(MUXING_APP, ascii('Chrome'))];
  const writingLength = infoSize === undefined ? 6 : infoSize - head.length - 3 - infoTail.length;
  const info = el(INFO, [...head, ...el(WRITING_APP, ascii('Chrome'.padEnd(writingLength, '.'))), ...infoTail]);
  const body = [...info, ...CLUSTER_BYTES];
  const segment = knownSize ? el(SEGMENT, body, 8) : [...idBytes(SEGMENT), ...UNKNOWN, ...body];
  return new Uint8Array([...header, ...segment]);
}

interface Parsed {
  id: number;
  start: number;
  sizeLength: number;
  /** Body size; null where unknown (the element runs to the end of its parent). */
  size: number | null;
  bodyAt: number;
  end: number;
}

/** The elements in `bytes` from `from` to `to`, read independently of the module under test. */
function parse(bytes: Uint8Array, from = 0, to = bytes.length): Parsed[] {
  const read = (at: number, keepMarker: boolean) => {
    const length = Math.clz32(bytes[at]) - 23;
    let value = keepMarker ? bytes[at] : bytes[at] & (0xff >> length);
    for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i];
    return { length, value, unknown: !keepMarker && value === 2 ** (7 * length) - 1 };
  };
  const out: Parsed[] = [];
  for (let at = from; at < to; ) {
    const id = read(at, true);
    const size = read(at + id.length, false);
    const bodyAt = at + id.length + size.length;
    const end = size.unknown ? to : bodyAt + size.value;
    out.push({ id: id.value, start: at, sizeLength: size.length, size: size.unknown ? null : size.value, bodyAt, end });
    at = end;
  }
  return out;
}

/** The Segment's children and Info's children of a file. */
function structure(file: Uint8Array) {
  const [header, segment] = parse(file);
  expect([header.id, segment.id]).toEqual([EBML, SEGMENT]);
  const top = parse(file, segment.bodyAt, segment.end);
  const info = top[0];
  return { segment, top, info, infoChildren: parse(file, info.bodyAt, info.end) };
}

describe('withDuration', () => {
  it('inserts a Duration that readDuration reads back', () => {
    const file = webm();
    const copy = file.slice();
    expect(readDuration(file)).toBeNull();
    const out = withDuration(file, 2345.5);
    expect(readDuration(out)).toBe(2345.5);
    const inLargerBuffer = new Uint8Array(out.length + 3);
    inLargerBuffer.set(out, 3);
    expect(readDuration(inLargerBuffer.subarray(3))).toBe(2345.5);
    expect(file).toEqual(copy); // the input is left alone
    expect(out.length).toBe(file.length + 11);
    // The element appended to Info: ID 44 89, size 8, 2345.5 as a big-endian float64.
    const { infoChildren } = structure(out);
    const last = infoChildren[infoChildren.length - 1];
    expect([...out.subarray(last.start, last.end)]).toEqual([0x44, 0x89, 0x88, 0x40, 0xa2, 0x53, 0, 0, 0, 0, 0]);
    expect(out).toEqual(webm({ infoTail: duration(2345.5) }));
  });

  it('writes the Duration in the TimecodeScale units', () => {
    const out = withDuration(webm({ timecodeScale: 1000 }), 2345.5);
    expect(out).toEqual(webm({ timecodeScale: 1000, infoTail: duration(2_345_500) }));
    expect(readDuration(out)).toBe(2345.5);
    expect(readDuration(withDuration(webm({ timecodeScale: 1000 }), 1 / 3))).toBeCloseTo(1 / 3, 12);
  });

  it('keeps the bytes after Info unchanged and in place', () => {
    const file = webm();
    const out = withDuration(file, 5000);
    const before = structure(file);
    const after = structure(out);
    expect(after.top.map((e) => e.id)).toEqual([INFO, CLUSTER]);
    expect(after.infoChildren.map((e) => e.id)).toEqual([TIMECODE_SCALE, MUXING_APP, WRITING_APP, DURATION]);
    expect(after.info.size).toBe(before.info.size! + 11);
    expect(after.top[1].start).toBe(before.top[1].start + 11);
    expect([...out.subarray(after.top[1].start)]).toEqual(CLUSTER_BYTES);
    expect(out.subarray(0, before.info.bodyAt - 1)).toEqual(file.subarray(0, before.info.bodyAt - 1));
  });

  it('overwrites an existing Duration without growing the file', () => {
    const file = webm({ infoTail: duration(1000) });
    expect(readDuration(file)).toBe(1000);
    const out = withDuration(file, 2345.5);
    expect(out.length).toBe(file.length);
    expect(out).toEqual(webm({ infoTail: duration(2345.5) }));
    expect(readDuration(out)).toBe(2345.5);
  });

  it('replaces a 4-byte float Duration with an 8-byte one', () => {
    const file = webm({ infoTail: el(DURATION, [0x44, 0x7a, 0x00, 0x00]) }); // 1000 as a float32
    expect(readDuration(file)).toBe(1000);
    const out = withDuration(file, 2345.5);
    expect(out).toEqual(webm({ infoTail: duration(2345.5) }));
    expect(out.length).toBe(file.length + 4);
  });

  it('grows a known-size Segment by exactly the bytes added', () => {
    const file = webm({ knownSize: true });
    const out = withDuration(file, 2345.5);
    const before = structure(file).segment;
    const after = structure(out).segment;
    expect(after.sizeLength).toBe(8);
    expect(after.size).toBe(before.size! + 11);
    expect(after.end).toBe(out.length);
    expect(out).toEqual(webm({ knownSize: true, infoTail: duration(2345.5) }));
    expect(readDuration(out)).toBe(2345.5);
  });

  it("re-encodes Info's size in more bytes where it no longer fits", () => {
    // 115 + 11 = 126, the largest 1-byte size: Info's size stays 1 byte.
    const fits = withDuration(webm({ infoSize: 115 }), 2345.5);
    expect(structure(fits).info).toMatchObject({ size: 126, sizeLength: 1 });
    expect([...fits.subarray(structure(fits).info.start, structure(fits).info.bodyAt)]).toEqual([0x15, 0x49, 0xa9, 0x66, 0xfe]);
    expect(fits).toEqual(webm({ infoSize: 126, infoTail: duration(2345.5) }));
    // 116 + 11 = 127 would read as "unknown" (0xff) in 1 byte, and 120 + 11 is past it: 2 bytes.
    for (const size of [116, 120]) {
      const file = webm({ infoSize: size, knownSize: true });
      expect(structure(file).info).toMatchObject({ size, sizeLength: 1 });
      const out = withDuration(file, 2345.5);
      const after = structure(out);
      expect([...out.subarray(after.info.start, after.info.bodyAt)]).toEqual([0x15, 0x49, 0xa9, 0x66, 0x40, size + 11]);
      expect(after.top.map((e) => e.id)).toEqual([INFO, CLUSTER]);
      expect(after.segment.size).toBe(structure(file).segment.size! + 12);
      expect([...out.subarray(after.top[1].start)]).toEqual(CLUSTER_BYTES);
      expect(out).toEqual(webm({ infoSize: size + 11, knownSize: true, infoTail: duration(2345.5) }));
      expect(readDuration(out)).toBe(2345.5);
    }
  });

  it('accepts Matroska files', () => {
    expect(readDuration(withDuration(webm({ docType: 'matroska' }), 10))).toBe(10);
  });

  it('rejects bytes that are not a WebM file', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    for (const bytes of [png, new Uint8Array(), new Uint8Array([0x1a, 0x45])]) {
      expect(() => withDuration(bytes, 1000)).toThrow('Not a WebM file: it does not start with an EBML header');
      expect(() => readDuration(bytes)).toThrow('Not a WebM file: it does not start with an EBML header');
    }
    expect(() => withDuration(webm({ docType: 'mp4x' }), 1000)).toThrow('Not a WebM file: its EBML DocType is "mp4x"');
  });

  it('rejects truncated files', () => {
    const file = webm();
    const { info } = structure(file);
    for (const end of [10, info.bodyAt + 5]) {
      expect(() => withDuration(file.subarray(0, end), 1000)).toThrow(
        /^Truncated or corrupt WebM file: the element at byte \d+ runs past its end$/,
      );
    }
  });

  it('rejects a file without Segment > Info', () => {
    const { segment, info } = structure(webm());
    const noInfo = webm().filter((_, i) => i < info.start || i >= info.end);
    expect(parse(noInfo, segment.bodyAt).map((e) => e.id)).toEqual([CLUSTER]);
    expect(() => withDuration(noInfo, 1000)).toThrow('Not a usable WebM file: it has no Segment > Info of known size');
  });

  it('rejects a duration that is not a positive number of milliseconds', () => {
    for (const ms of [0, -5, NaN, Infinity]) expect(() => withDuration(webm(), ms)).toThrow(RangeError);
  });
});
