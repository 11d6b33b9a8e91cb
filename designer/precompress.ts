// Precompresses the designer's build for the static server (koa-send serves `x.br` / `x.gz` in
// place of `x` to a browser that accepts them): brotli at its best quality and gzip, done once at
// build time instead of on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing; images and fonts in woff/woff2 are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|eot|ttf|txt)$/;
/** Below this, the headers outweigh the saving. */
const MIN_BYTES = 1024;

/**
 * `best`: the smallest files (brotli 11, gzip 9), for what is deployed — tens of seconds on a
 * loaded machine. `fast`: ~10 % larger in a second or two, for the builds tests make.
 */
export type Compression = 'best' | 'fast';

export async function precompress(dir: string, compression: Compression): Promise<void> {
  await Promise.all(
    filesUnder(dir)
      .filter((f) => COMPRESSIBLE.test(f))
      .map((f) => compressFile(f, compression)),
  );
}

async function compressFile(path: string, compression: Compression): Promise<void> {
  const raw = readFileSync(path);
  if (raw.length < MIN_BYTES) return;
  const best = compression === 'best';
  const [br, gz] = await Promise.all([
    brotli(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: best ? constants.BROTLI_MAX_QUALITY : 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gzipAsync(raw, { level: best ? constants.Z_BEST_COMPRESSION : constants.Z_DEFAULT_COMPRESSION }),
  ]);
  if (br.length < raw.length) writeFileSync(`${path}.br`, br);
  if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
