import fs from 'node:fs';
import type { z } from 'zod';

/**
 * Small JSON files in the library folder (settings, the newsroom's
 * connection state): read leniently, written whole.
 */

/** The file's content as `schema` parses it; `schema`'s reading of {} when the file is missing or damaged (a damaged file must not keep the app from starting). */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return schema.parse({});
    throw error;
  }
  try {
    return schema.parse(JSON.parse(raw));
  } catch {
    return schema.parse({});
  }
}

/** Writes a temporary file and renames it over the old one: a crash leaves the old file or the new, never half of one. */
export function writeJsonFile(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export function removeJsonFile(file: string): void {
  fs.rmSync(file, { force: true });
}
