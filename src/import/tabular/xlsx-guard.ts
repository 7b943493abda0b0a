/**
 * An XLSX file is a zip archive, and a zip of a few megabytes can unpack to gigabytes (a zip
 * bomb). Before the workbook reader sees a file, its parts are unpacked here within a limit:
 * first the sizes the archive declares (its central directory) are summed, then every part the
 * reader would read (`.xml`, `.rels`) is inflated with an output limit, so a part that lies about
 * its size stops at the limit too. The reader then gets a new archive of exactly the parts that
 * were checked (stored, uncompressed), so nothing it reads was left unchecked.
 */
import { inflateRawSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { badInput } from '../../core/errors/index.ts';

/** The most a workbook's parts may unpack to, in bytes (all parts read together). */
export const XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

const mb = (n: number): string => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`.replace('.', ',');

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const broken = (file: string, what: string): Error => badInput(`filen kan inte läsas som .xlsx (arbetsboken är skadad: ${what})`, { file });

/** The central directory's entries. */
function entries(bytes: Buffer, file: string): Entry[] {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken(file, 'zip-arkivets innehållsförteckning saknas');
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw broken(file, 'zip-arkivets innehållsförteckning är trasig');
    const nameLength = bytes.readUInt16LE(p + 28);
    const entry: Entry = {
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
    };
    out.push(entry);
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return out;
}

const readByTheReader = (name: string): boolean => name.endsWith('.xml') || name.endsWith('.xml.rels') || name.endsWith('.rels');

function tooLarge(file: string, what: string): Error {
  return badInput(
    `arbetsboken packas upp till ${what}, mer än gränsen ${mb(XLSX_MAX_UNPACKED_BYTES)} för en .xlsx-fil: den är för stor eller en så kallad zip-bomb; dela upp den eller spara den som CSV`,
    { file },
  );
}

/**
 * The workbook's parts, unpacked within XLSX_MAX_UNPACKED_BYTES, as a new (stored) archive for
 * the reader. Refuses, naming the file and the limit, before inflating anything when the declared
 * sizes exceed the limit, and while inflating when a part exceeds what it declared.
 */
export function boundedXlsx(bytes: Buffer, file: string, limit = XLSX_MAX_UNPACKED_BYTES): Uint8Array {
  const parts = entries(bytes, file).filter((e) => readByTheReader(e.name));
  // 0xFFFFFFFF: a ZIP64 size, 4 GB or more.
  const declared = parts.reduce((s, e) => s + (e.size === 0xffffffff ? Infinity : e.size), 0);
  if (declared > limit) throw tooLarge(file, Number.isFinite(declared) ? mb(declared) : 'mer än 4 GB');
  const files: Zippable = {};
  let total = 0;
  for (const e of parts) {
    const p = e.localOffset;
    if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) throw broken(file, `delen ${e.name} saknas`);
    const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
    const data = bytes.subarray(start, start + e.compressedSize);
    let content: Buffer;
    if (e.method === 0) content = data;
    else if (e.method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, limit - total) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(file, `mer än ${mb(limit)} (delen ${e.name} är större än den uppger)`);
        throw broken(file, `delen ${e.name} kan inte packas upp`);
      }
    } else throw broken(file, `delen ${e.name} är komprimerad på ett sätt som inte stöds`);
    total += content.length;
    if (total > limit) throw tooLarge(file, `mer än ${mb(limit)}`);
    files[e.name] = [content, { level: 0 }];
  }
  return zipSync(files, { level: 0 });
}
