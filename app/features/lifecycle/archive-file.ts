import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Deps } from '../../deps';
import { StoredFiles } from '../recordings/stored-files';
import { accountRows, accountTables, countAccountRows } from './account-tables';
import { accountRecordings, promptsDir } from './live-files';
import { createZip } from '../../zip';

export interface ArchiveFile {
  sizeBytes: number;
  sha256: string;
}

/**
 * Writes the zip of an account's data to `relativePath` under the storage directory: each table's
 * rows as data/<table>.json, the recordings fetched from Asterisk under recordings/, the prompts
 * under prompts/, and manifest.json (row counts, files missing on the node). Written to a .part
 * file and renamed when complete, so a crash never leaves a half archive under the final name;
 * a node that does not answer fails the whole archive (nothing may be removed without its file).
 */
export async function writeArchive(deps: Pick<Deps, 'db' | 'config' | 'clock'>, accountId: number, relativePath: string): Promise<ArchiveFile> {
  const full = path.join(deps.config.media.storageDir, relativePath);
  const part = `${full}.part`;
  await mkdir(path.dirname(full), { recursive: true });
  const zip = createZip();
  const written = pipeline(zip, createWriteStream(part));
  const date = deps.clock.now();
  const add = async (source: Readable | Buffer | string, name: string) => {
    zip.append(source, { name, date });
    await once(zip, 'entry');
  };
  try {
    const rowCounts: Record<string, number> = {};
    for (const table of await accountTables(deps.db)) {
      rowCounts[table.name] = await countAccountRows(deps.db, table, accountId);
      await add(Readable.from(jsonArray(accountRows(deps.db, table, accountId))), `data/${table.name}.json`);
    }
    const files = new StoredFiles(deps.config.pbx);
    const missing: string[] = [];
    let recordings = 0;
    for await (const r of accountRecordings(deps.db, accountId)) {
      const data = await files.read({ node: r.node, name: r.asteriskName });
      if (!data) {
        missing.push(r.asteriskName);
        continue;
      }
      await add(data, `recordings/${r.asteriskName}.${r.format}`);
      recordings++;
    }
    const prompts = await filesUnder(promptsDir(deps.config, accountId));
    for (const file of prompts) await add(createReadStream(file.full), `prompts/${file.relative}`);
    const manifest = { accountId, createdAt: date.toISOString(), rows: rowCounts, recordings, prompts: prompts.length, missingRecordings: missing };
    await add(JSON.stringify(manifest, null, 2), 'manifest.json');
    await zip.finalize();
    await written;
  } catch (err) {
    zip.abort();
    await written.catch(() => undefined);
    await rm(part, { force: true });
    throw err;
  }
  await rename(part, full);
  return describe(full);
}

/** Size and SHA-256 of a file, read back from the disk. */
export async function describe(file: string): Promise<ArchiveFile> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { sizeBytes: (await stat(file)).size, sha256: hash.digest('hex') };
}

/** A JSON array written row by row, in chunks of about 64 KB: a table of any size never sits in memory whole. */
async function* jsonArray(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<string> {
  let chunk = '[';
  let first = true;
  for await (const row of rows) {
    chunk += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
    first = false;
    if (chunk.length >= 65_536) (yield chunk), (chunk = '');
  }
  yield `${chunk}\n]\n`;
}

/** Every file under a directory (none when it does not exist), with its path relative to it. */
async function filesUnder(dir: string): Promise<{ full: string; relative: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      return { full, relative: path.relative(dir, full).split(path.sep).join('/') };
    })
    .sort((a, b) => a.relative.localeCompare(b.relative));
}
