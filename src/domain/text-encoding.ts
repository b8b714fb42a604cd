/**
 * Reading an uploaded text file whose encoding nobody states: UTF-8 (with or without the BOM
 * Excel writes for "CSV UTF-8") or Windows-1252 (Excel's plain "CSV" on German Windows). Anything
 * else is refused rather than guessed, because a wrong guess stores "Katrin L�we" silently.
 */

export type TextEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncoding }
  | { ok: false; message: string; line?: number; problem: EncodingProblem; byte?: string };

/** Why a file is not read as text, for a page to word in its language. */
export type EncodingProblem = "utf16" | "nul_byte" | "mixed" | "unknown_bytes";

// The five bytes Windows-1252 leaves undefined (a TextDecoder would map them to C1 controls).
const undefined1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Windows-1252 is Latin-1 except for 0x80–0x9F. Not TextDecoder("windows-1252"): Node 20 decodes
// that label as Latin-1, which turns "€" into the control character U+0080.
const cp1252High =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    const chars = Array.from(bytes.subarray(i, i + 8192), (b) =>
      b >= 0x80 && b <= 0x9f ? cp1252High[b - 0x80]! : String.fromCharCode(b),
    );
    text += chars.join("");
  }
  return text;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;

/** The 1-based line of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when it is not one. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const length =
    b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      problem: "utf16",
      message:
        "the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8",
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    let nuls = 0;
    for (const b of bytes) if (b === 0) nuls++;
    // UTF-16 without a BOM: every other byte of Latin text is zero.
    if (nuls * 4 >= bytes.length) {
      return {
        ok: false,
        problem: "utf16",
        message: "the file looks like UTF-16 text (many NUL bytes); save it as UTF-8",
      };
    }
    const line = lineAt(bytes, nul);
    return {
      ok: false,
      line,
      problem: "nul_byte",
      message: `the file contains a NUL byte on line ${line}; it is not text`,
    };
  }

  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = utf8.decode(bom ? bytes.subarray(3) : bytes);
    return { ok: true, text, encoding: bom ? "utf-8-bom" : "utf-8" };
  } catch {
    // Not UTF-8: Windows-1252, unless it is UTF-8 with broken parts (a mix is never one encoding).
  }

  let firstInvalidUtf8 = -1;
  let multiByte = bom;
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceAt(bytes, i);
    if (n === 0) {
      if (firstInvalidUtf8 === -1) firstInvalidUtf8 = i;
      i++;
    } else {
      if (n > 1) multiByte = true;
      i += n;
    }
  }
  if (multiByte) {
    const line = lineAt(bytes, firstInvalidUtf8);
    return {
      ok: false,
      line,
      problem: "mixed",
      byte: hex(bytes[firstInvalidUtf8]!),
      message: `the file mixes encodings: it is mostly UTF-8, but byte ${hex(bytes[firstInvalidUtf8]!)} on line ${line} is not; save it as UTF-8`,
    };
  }
  const bad = bytes.findIndex((b) => undefined1252.has(b));
  if (bad !== -1) {
    const line = lineAt(bytes, bad);
    return {
      ok: false,
      line,
      problem: "unknown_bytes",
      byte: hex(bytes[bad]!),
      message: `the file is neither UTF-8 nor Windows-1252 text: byte ${hex(bytes[bad]!)} on line ${line} means nothing in either; save it as UTF-8`,
    };
  }
  return { ok: true, text: decodeWindows1252(bytes), encoding: "windows-1252" };
}
