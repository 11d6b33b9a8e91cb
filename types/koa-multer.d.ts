// @koa/multer 4 (multer 2) ships no types; this declares the part the runtime uses (attachments/).
declare module '@koa/multer' {
  import type { Middleware } from 'koa';

  /** A file multer stored on disk (`dest`). */
  export interface StoredFile {
    fieldname: string;
    /** The name on the client: untrusted. */
    originalname: string;
    mimetype: string;
    size: number;
    destination: string;
    filename: string;
    path: string;
  }

  export interface MulterLimits {
    fieldNameSize?: number;
    fieldSize?: number;
    fields?: number;
    fileSize?: number;
    files?: number;
    parts?: number;
    headerPairs?: number;
  }

  export interface MulterOptions {
    dest?: string;
    limits?: MulterLimits;
    /** Charset of a part's filename when the client names none (multer's default: latin1). */
    defParamCharset?: string;
  }

  export interface Multer {
    single(field: string): Middleware;
  }

  export default function multer(options?: MulterOptions): Multer;
}
