// The byte layout of a zip file (PKWARE APPNOTE 6.3): local headers, data descriptors, the central
// directory and its end records, with zip64 fields where a size, an offset or the entry count
// does not fit the classic ones. Pure functions: same input, same bytes.

export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;

/** 1980-01-01 00:00: the DOS epoch, written as date 0x0021 and time 0. */
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

/** Bit 3: crc and sizes follow the data. Bit 11: the name is UTF-8. */
const FLAG_DESCRIPTOR = 1 << 3;
const FLAG_UTF8 = 1 << 11;

/** Made by: UNIX (3), spec 4.5. Needed: 2.0, or 4.5 for zip64. */
const MADE_BY = (3 << 8) | 45;
const NEEDED = 20;
const NEEDED_ZIP64 = 45;

const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

/**
 * An entry whose size is at least this gets zip64 sizes in its local header. Decided from the file's
 * size before its data is written (deflate may add a little), so the same file always gets the same header.
 */
export const ZIP64_ENTRY_SIZE = 0xf000_0000;

export interface EntryRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
  mode: number;
  /** Sizes follow the data in a data descriptor (streamed entries). */
  descriptor: boolean;
  /** The local header has zip64 sizes. */
  zip64: boolean;
}

function flags(entry: Pick<EntryRecord, 'name' | 'descriptor'>): number {
  const ascii = entry.name.every((b) => b < 0x80);
  return (entry.descriptor ? FLAG_DESCRIPTOR : 0) | (ascii ? 0 : FLAG_UTF8);
}

export function localHeader(entry: Omit<EntryRecord, 'offset'>): Buffer {
  const extra = entry.zip64 ? zip64Extra([entry.descriptor ? 0 : entry.size, entry.descriptor ? 0 : entry.compressedSize]) : Buffer.alloc(0);
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(entry.zip64 ? NEEDED_ZIP64 : NEEDED, 4);
  b.writeUInt16LE(flags(entry), 6);
  b.writeUInt16LE(entry.method, 8);
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  const known = !entry.descriptor;
  b.writeUInt32LE(known ? entry.crc : 0, 14);
  b.writeUInt32LE(entry.zip64 ? U32_MAX : known ? entry.compressedSize : 0, 18);
  b.writeUInt32LE(entry.zip64 ? U32_MAX : known ? entry.size : 0, 22);
  b.writeUInt16LE(entry.name.length, 26);
  b.writeUInt16LE(extra.length, 28);
  return Buffer.concat([b, entry.name, extra]);
}

/** After a streamed entry's data: its crc and sizes (8-byte sizes when its header said zip64). */
export function dataDescriptor(entry: Pick<EntryRecord, 'crc' | 'compressedSize' | 'size' | 'zip64'>): Buffer {
  const b = Buffer.alloc(entry.zip64 ? 24 : 16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(entry.crc, 4);
  if (entry.zip64) {
    b.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
    b.writeBigUInt64LE(BigInt(entry.size), 16);
  } else {
    b.writeUInt32LE(entry.compressedSize, 8);
    b.writeUInt32LE(entry.size, 12);
  }
  return b;
}

export function centralHeader(entry: EntryRecord): Buffer {
  const bigSizes = entry.zip64 || entry.size >= U32_MAX || entry.compressedSize >= U32_MAX;
  const bigOffset = entry.offset >= U32_MAX;
  const wide = [...(bigSizes ? [entry.size, entry.compressedSize] : []), ...(bigOffset ? [entry.offset] : [])];
  const extra = wide.length ? zip64Extra(wide) : Buffer.alloc(0);
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY, 4);
  b.writeUInt16LE(extra.length ? NEEDED_ZIP64 : NEEDED, 6);
  b.writeUInt16LE(flags(entry), 8);
  b.writeUInt16LE(entry.method, 10);
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(entry.crc, 16);
  b.writeUInt32LE(bigSizes ? U32_MAX : entry.compressedSize, 20);
  b.writeUInt32LE(bigSizes ? U32_MAX : entry.size, 24);
  b.writeUInt16LE(entry.name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  b.writeUInt16LE(0, 32); // comment length
  b.writeUInt16LE(0, 34); // disk
  b.writeUInt16LE(0, 36); // internal attributes
  b.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38);
  b.writeUInt32LE(bigOffset ? U32_MAX : entry.offset, 42);
  return Buffer.concat([b, entry.name, extra]);
}

/** The end of the file: zip64 end record and locator when needed, then the classic end record. */
export function endRecords(count: number, directoryOffset: number, directorySize: number): Buffer {
  const zip64 = count >= U16_MAX || directoryOffset >= U32_MAX || directorySize >= U32_MAX;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4); // size of the rest of this record
    record.writeUInt16LE(MADE_BY, 12);
    record.writeUInt16LE(NEEDED_ZIP64, 14);
    record.writeUInt32LE(0, 16); // this disk
    record.writeUInt32LE(0, 20); // disk of the directory
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeUInt32LE(0, 4);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? U16_MAX : count, 8);
  end.writeUInt16LE(zip64 ? U16_MAX : count, 10);
  end.writeUInt32LE(zip64 ? U32_MAX : directorySize, 12);
  end.writeUInt32LE(zip64 ? U32_MAX : directoryOffset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}
